// TallyRow: rows of per-individual slots added in place, bit-identical to Tally::add.
#include "pimhsim/core/tally_row.h"

#include <doctest/doctest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include "pimhsim/core/tally.h"

using pimhsim::core::MeasureSpec;
using pimhsim::core::Tally;
using pimhsim::core::TallyLayout;
using pimhsim::core::TallyRow;

namespace {

MeasureSpec measure(const char* name, std::size_t periods, bool paired, bool all_pairs = false) {
  MeasureSpec m;
  m.name = name;
  m.periods = periods;
  m.paired = paired;
  m.all_pairs = all_pairs;
  return m;
}

// Four options (so that increments between non-comparator options exist): a paired measure, an
// unpaired one and one kept between every two options, each over 3 periods.
TallyLayout layout() {
  return TallyLayout({"a", "b", "c", "d"}, {measure("cost", 3, true), measure("share", 3, false),
                                            measure("net", 3, true, true)});
}

// Values as a model makes them: mostly a usual value that every option shares (0, one), with
// signed zeros, fractions that round when subtracted, and options that now and then differ.
struct Rows {
  std::mt19937_64 gen{20261205};
  std::array<double, 7> pool = {0.0, 0.0, 1.0, -0.0, 0.1, 2.7182818, 1e-300};
  std::uint64_t differ = 5;  // an option differs from the shared value once in `differ`
  std::vector<double> next(std::size_t columns, std::size_t options) {
    std::vector<double> v(columns * options);
    for (std::size_t c = 0; c < columns; ++c) {
      const double shared = pool[gen() % pool.size()];
      for (std::size_t o = 0; o < options; ++o)
        v[c * options + o] = gen() % differ == 0 ? pool[gen() % pool.size()] : shared;
    }
    return v;
  }
};

void add_by_hand(Tally& t, const std::vector<TallyRow::Column>& columns,
                 const std::vector<double>& v, std::size_t options) {
  for (std::size_t c = 0; c < columns.size(); ++c)
    t.add(columns[c].measure, columns[c].period,
          std::span<const double>(v).subspan(c * options, options));
}

// For each of 8 seeds: two empty tallies of layout() that body fills with the same individuals,
// by hand and through a TallyRow, from the seed's rows (signed zeros, fractions that round when
// subtracted); their bytes must then be equal.
template <typename Body>
void for_each_seed(Body body) {
  const TallyLayout l = layout();
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u}) {
    INFO("seed = " << seed);
    Tally by_hand(l), by_row(l);
    Rows rows;
    rows.gen.seed(seed);
    rows.pool = {0.0, -0.0, 1.0, 0.1, 3.0, -0.5, 2.7182818};
    body(seed, by_hand, by_row, rows);
    CHECK(by_row.to_bytes() == by_hand.to_bytes());
  }
}

}  // namespace

TEST_CASE("TallyRow: rows give the bytes of Tally::add, from an empty or a used tally") {
  const TallyLayout l = layout();
  const std::size_t k = 4;
  for (const bool used : {false, true}) {
    INFO("used = " << used);
    Tally by_hand(l), by_row(l);
    Rows rows;
    if (used) {  // slots that already hold observations, some of them with a non-zero shift
      for (int i = 0; i < 3; ++i) {
        const std::vector<TallyRow::Column> c = {{0, 1}, {2, 1}};
        const auto v = rows.next(c.size(), k);
        add_by_hand(by_hand, c, v, k);
        add_by_hand(by_row, c, v, k);
      }
    }
    TallyRow row;
    for (std::size_t period = 0; period < 3; ++period) {
      const std::vector<TallyRow::Column> columns = {{0, period}, {1, period}, {2, period}};
      row.bind(by_row, columns);
      for (int i = 0; i < 500; ++i) {
        const auto v = rows.next(columns.size(), k);
        add_by_hand(by_hand, columns, v, k);
        row.add(v);
        if (i == 250) row.flush();  // a flush in the middle changes nothing
      }
    }
    row.flush();
    CHECK(by_row.to_bytes() == by_hand.to_bytes());
  }
}

TEST_CASE("TallyRow: a total measure is refused") {
  MeasureSpec total = measure("spend", 1, false);
  total.total = true;
  const TallyLayout l({"a", "b"}, {total});
  Tally t(l);
  TallyRow row;
  const std::vector<TallyRow::Column> columns = {{0, 0}};
  CHECK_THROWS_AS(row.bind(t, columns), std::logic_error);
}

// Rows as a population of mostly alike individuals makes them: a row repeated, a row alike under
// every option (added by add_alike), or a fresh row; values include signed zeros, so that a slot's
// first observation can be either.
TEST_CASE(
    "TallyRow: repeated rows and rows alike under every option give the bytes of Tally::add") {
  for_each_seed([](std::uint64_t seed, Tally& by_hand, Tally& by_row, Rows& rows) {
    const std::size_t k = 4;
    // Half the seeds start from used slots whose shifts came from different rows: one value for
    // every option's level (by Tally::add_one), then a row whose options differ, so that the
    // levels' shifts agree while the increments' need not be zero.
    if (seed % 2 == 0)
      for (std::size_t period = 0; period < 3; ++period)
        for (std::size_t c : {0u, 2u}) {
          const std::vector<TallyRow::Column> one = {{c, period}};
          const double x = rows.pool[rows.gen() % rows.pool.size()];
          for (std::size_t o = 0; o < k; ++o) {
            by_hand.add_one(o, c, period, x);
            by_row.add_one(o, c, period, x);
          }
          rows.differ = 2;
          const auto v = rows.next(1, k);
          add_by_hand(by_hand, one, v, k);
          add_by_hand(by_row, one, v, k);
        }
    rows.differ = 20;  // most individuals alike, as in a population
    TallyRow row;
    std::vector<double> last;
    std::size_t repeats = 0, alike = 0;
    for (std::size_t period = 0; period < 3; ++period) {
      const std::vector<TallyRow::Column> columns = {{0, period}, {1, period}, {2, period}};
      row.bind(by_row, columns);
      for (int i = 0; i < 400; ++i) {
        const auto kind = rows.gen() % 3;
        std::vector<double> v;
        if (kind == 0 && !last.empty() && last.size() == columns.size() * k) {
          v = last;
          ++repeats;
        } else {
          v = rows.next(columns.size(), k);
        }
        if (kind == 1) {  // alike: every option holds the comparator's value
          for (std::size_t c = 0; c < columns.size(); ++c)
            for (std::size_t o = 1; o < k; ++o) v[c * k + o] = v[c * k];
          ++alike;
          row.add_alike(v);
        } else {
          row.add(v);
        }
        add_by_hand(by_hand, columns, v, k);
        last = v;
      }
    }
    row.flush();
    CHECK(repeats > 50);
    CHECK(alike > 50);
  });
}

// An infinite value alike under every option has increments inf - inf = NaN: a row of them is
// added even where every level's shift is that infinity and every increment's shift is 0.
TEST_CASE("TallyRow: an infinite value alike under every option adds NaN increments") {
  const TallyLayout l = layout();
  const std::size_t k = 4;
  const double inf = std::numeric_limits<double>::infinity();
  Tally by_hand(l), by_row(l);
  const std::vector<TallyRow::Column> columns = {{0, 0}};
  for (Tally* t : {&by_hand, &by_row}) {
    for (std::size_t o = 0; o < k; ++o) t->add_one(o, 0, 0, inf);  // levels' shifts: inf
    add_by_hand(*t, columns, {1.0, 1.0, 1.0, 1.0}, k);             // increments' shifts: 0
  }
  const std::vector<double> v = {inf, inf, inf, inf};
  TallyRow row;
  row.bind(by_row, columns);
  row.add_alike(v);
  row.flush();
  add_by_hand(by_hand, columns, v, k);
  CHECK(by_row.to_bytes() == by_hand.to_bytes());
}

// A fixed row (an individual to whom nothing happened) added by add_fixed, and with a column or
// two changed by add_fixed_except (before and after the binding's first add_fixed), among fresh
// rows and rows alike under every option, over several bindings: the bytes of Tally::add,
// whether the slots' shifts came from the fixed row or from others before it (used slots, or the
// first rows of a binding that were not the fixed one).
TEST_CASE("TallyRow: a fixed row, changed or not, among others gives the bytes of Tally::add") {
  for_each_seed([](std::uint64_t seed, Tally& by_hand, Tally& by_row, Rows& rows) {
    const std::size_t k = 4;
    if (seed % 2 == 0)  // used slots, with shifts from rows whose options differ
      for (std::size_t period = 0; period < 3; ++period) {
        const std::vector<TallyRow::Column> all = {{0, period}, {1, period}, {2, period}};
        rows.differ = 2;
        const auto v = rows.next(all.size(), k);
        add_by_hand(by_hand, all, v, k);
        add_by_hand(by_row, all, v, k);
      }
    rows.differ = 20;
    // The fixed row: one value a column, alike under every option (here 0, -0.0 or 1).
    std::vector<double> fixed(3 * k);
    const std::array<double, 3> usual = {0.0, -0.0, 1.0};
    for (std::size_t c = 0; c < 3; ++c)
      for (std::size_t o = 0; o < k; ++o) fixed[c * k + o] = usual[(seed + c) % usual.size()];
    TallyRow row;
    row.set_fixed(fixed);
    std::size_t fixed_rows = 0, changed_rows = 0;
    for (std::size_t period = 0; period < 3; ++period) {
      const std::vector<TallyRow::Column> columns = {{0, period}, {1, period}, {2, period}};
      row.bind(by_row, columns);
      // Seeds 1 and 5 begin each binding with other rows, so the fixed row meets shifts of theirs.
      const int others_first = seed % 4 == 1 ? 3 : 0;
      for (int i = 0; i < 400; ++i) {
        const auto kind = i < others_first ? 1 + rows.gen() % 2 : rows.gen() % 3;
        std::vector<double> v;
        if (kind == 0 && rows.gen() % 3 == 0) {  // the fixed row with one or two columns changed
          v = fixed;
          std::vector<TallyRow::Change> changes = {{rows.gen() % 3, rows.pool[rows.gen() % 7]}};
          if (rows.gen() % 2) changes.push_back({(changes[0].column + 1) % 3, 0.1});
          for (const auto& ch : changes)
            for (std::size_t o = 0; o < k; ++o) v[ch.column * k + o] = ch.value;
          ++changed_rows;
          row.add_fixed_except(changes);
        } else if (kind == 0) {
          v = fixed;
          ++fixed_rows;
          row.add_fixed();
        } else {
          v = rows.next(columns.size(), k);
          if (kind == 1) {
            for (std::size_t c = 0; c < columns.size(); ++c)
              for (std::size_t o = 1; o < k; ++o) v[c * k + o] = v[c * k];
            row.add_alike(v);
          } else {
            row.add(v);
          }
        }
        add_by_hand(by_hand, columns, v, k);
        if (i == 200) row.flush();
      }
    }
    row.flush();
    CHECK(fixed_rows > 200);
    CHECK(changed_rows > 100);
  });
}

TEST_CASE(
    "TallyRow: a fixed row that is not set, does not fit its columns or differs by option, and a "
    "change to a column it does not have, are refused") {
  const TallyLayout l = layout();
  Tally t(l);
  const std::vector<TallyRow::Column> columns = {{0, 0}, {1, 0}};
  TallyRow row;
  row.bind(t, columns);
  CHECK_THROWS_AS(row.add_fixed(), std::logic_error);  // none set
  const std::array<TallyRow::Change, 1> none_set = {{{0, 1.0}}};
  CHECK_THROWS_AS(row.add_fixed_except(none_set), std::logic_error);
  row.set_fixed(std::vector<double>(4, 0.0));  // one column's values, for two columns
  CHECK_THROWS_AS(row.add_fixed(), std::logic_error);
  std::vector<double> differing(8, 0.0);
  differing[5] = -0.0;  // the second column's second option: the same value, another bit
  row.set_fixed(differing);
  CHECK_THROWS_AS(row.add_fixed(), std::logic_error);
  row.set_fixed(std::vector<double>(8, 0.0));
  const std::array<TallyRow::Change, 1> third_column = {{{2, 1.0}}};
  CHECK_THROWS_AS(row.add_fixed_except(third_column), std::logic_error);  // before add_fixed
  CHECK_NOTHROW(row.add_fixed());
  CHECK_THROWS_AS(row.add_fixed_except(third_column), std::logic_error);  // and after
  // Nothing was added by the calls refused: one fixed row of zeros, its slots' first observation.
  row.flush();
  CHECK(t.level(0, 0, 0).count() == 1);
  CHECK(t.level(3, 1, 0).count() == 1);
}
