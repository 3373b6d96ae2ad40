// Tally: levels per option, paired increments over option 0, and merging of partitions.
#include "pimhsim/core/tally.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "pimhsim/core/statistics.h"
#include "support/moments.h"

using pimhsim::core::MeasureSpec;
using pimhsim::core::Moments;
using pimhsim::core::Tally;
using pimhsim::core::TallyLayout;

namespace {

// Three options; a paired whole-horizon cost, a paired per-cycle QALY over 3 cycles and an
// unpaired share.
MeasureSpec measure(const char* name, std::size_t periods = 1, bool paired = true) {
  MeasureSpec m;
  m.name = name;
  m.periods = periods;
  m.paired = paired;
  return m;
}

TallyLayout make_layout() {
  return TallyLayout({"usual care", "therapy", "therapy plus"},
                     {measure("cost"), measure("qaly", 3), measure("alive", 1, false)});
}

// Individual i's cost under option o: different spreads so that the increments are not constant.
double cost(int i, std::size_t o) {
  return 100.0 * static_cast<double>(o) + (i % 7) * (1.0 + static_cast<double>(o)) + 0.5 * (i % 3);
}
double qaly(int i, std::size_t o, std::size_t cycle) {
  return 0.7 + 0.01 * static_cast<double>(o) - 0.05 * static_cast<double>(cycle) + 0.001 * (i % 11);
}

void add_individual(Tally& t, int i) {
  std::array<double, 3> values{};
  for (std::size_t o = 0; o < 3; ++o) values[o] = cost(i, o);
  t.add(0, 0, values);
  for (std::size_t c = 0; c < 3; ++c) {
    for (std::size_t o = 0; o < 3; ++o) values[o] = qaly(i, o, c);
    t.add(1, c, values);
  }
  for (std::size_t o = 0; o < 3; ++o) values[o] = (i + static_cast<int>(o)) % 2;
  t.add(2, 0, values);
}

}  // namespace

TEST_CASE("TallyLayout: offsets follow the measures' periods and names are found") {
  const TallyLayout layout = make_layout();
  CHECK(layout.slots_per_option() == 5);
  CHECK(layout.offset(0) == 0);
  CHECK(layout.offset(1) == 1);
  CHECK(layout.offset(2) == 4);
  CHECK(layout.measure_index("qaly") == 1);
  CHECK_THROWS_AS(layout.measure_index("costs"), std::out_of_range);
  CHECK_THROWS_AS(TallyLayout({"a"}, {measure("x", 0)}), std::invalid_argument);
}

TEST_CASE("Tally: levels per option and period are the means of what was added") {
  const TallyLayout layout = make_layout();
  Tally t(layout);
  constexpr int n = 1000;
  std::array<Moments, 3> expected_cost;
  for (int i = 0; i < n; ++i) {
    add_individual(t, i);
    for (std::size_t o = 0; o < 3; ++o) expected_cost[o].add(cost(i, o));
  }
  for (std::size_t o = 0; o < 3; ++o) {
    CAPTURE(o);
    CHECK(t.level(o, 0).count() == n);
    CHECK(t.level(o, 0).mean() == doctest::Approx(expected_cost[o].mean()).epsilon(1e-12));
    CHECK(t.level(o, 0).variance() == doctest::Approx(expected_cost[o].variance()).epsilon(1e-9));
    for (std::size_t c = 0; c < 3; ++c) {
      double sum = 0;
      for (int i = 0; i < n; ++i) sum += qaly(i, o, c);
      CHECK(t.level(o, 1, c).mean() == doctest::Approx(sum / n).epsilon(1e-12));
    }
    // (i + o) % 2 over i = 0..999 is 1 for exactly half of the individuals.
    CHECK(t.level(o, 2).mean() == doctest::Approx(0.5).epsilon(1e-12));
  }
  CHECK_THROWS_AS(t.level(3, 0), std::out_of_range);
}

TEST_CASE(
    "Tally: a paired increment is the mean of the differences, which is the difference of means") {
  const TallyLayout layout = make_layout();
  Tally t(layout);
  constexpr int n = 1000;
  for (int i = 0; i < n; ++i) add_individual(t, i);
  for (std::size_t o = 1; o < 3; ++o) {
    CAPTURE(o);
    Moments differences;
    for (int i = 0; i < n; ++i) differences.add(cost(i, o) - cost(i, 0));
    const Moments& inc = t.increment(o, 0);
    CHECK(inc.count() == n);
    CHECK(inc.mean() ==
          doctest::Approx(t.level(o, 0).mean() - t.level(0, 0).mean()).epsilon(1e-12));
    // The paired variance is that of the differences, not the sum of the two levels' variances.
    CHECK(inc.variance() == doctest::Approx(differences.variance()).epsilon(1e-9));
    CHECK(inc.variance() < t.level(o, 0).variance() + t.level(0, 0).variance());
    for (std::size_t c = 0; c < 3; ++c)
      CHECK(t.increment(o, 1, c).mean() ==
            doctest::Approx(t.level(o, 1, c).mean() - t.level(0, 1, c).mean()).epsilon(1e-12));
  }
}

// Five options, so that pairs of non-comparator options are numbered across rows: every pair's
// increment is the Moments of the per-individual differences, through add, add_many and merge.
TEST_CASE(
    "Tally: increments between every two options are the moments of their paired differences") {
  MeasureSpec c = measure("cost", 2);
  c.all_pairs = true;
  const TallyLayout layout({"a", "b", "c", "d", "e"}, {measure("other"), c});
  auto value = [](int i, std::size_t o) {
    return 10.0 * static_cast<double>(o * o) + (i % 5) * (1.0 + static_cast<double>(o)) +
           0.25 * (i % 3);
  };
  Tally first(layout), second(layout), once(layout);
  std::array<double, 5> v{};
  for (int i = 0; i < 300; ++i) {
    for (std::size_t o = 0; o < 5; ++o) v[o] = value(i, o);
    const std::size_t period = static_cast<std::size_t>(i % 2);
    (i < 170 ? first : second).add(1, period, v);
    once.add(1, period, v);
    if (i % 50 == 0) {  // a repeated individual, added at once and one by one
      (i < 170 ? first : second).add_many(1, period, v, 3);
      for (int r = 0; r < 3; ++r) once.add(1, period, v);
    }
  }
  first.merge(second);
  for (std::size_t from = 0; from < 5; ++from)
    for (std::size_t to = from + 1; to < 5; ++to)
      for (std::size_t period = 0; period < 2; ++period) {
        CAPTURE(from);
        CAPTURE(to);
        Moments direct;
        for (int i = 0; i < 300; ++i)
          if (static_cast<std::size_t>(i % 2) == period)
            for (int r = 0; r < (i % 50 == 0 ? 4 : 1); ++r)
              direct.add(value(i, to) - value(i, from));
        const Moments& m = first.increment_between(from, to, 1, period);
        CHECK(m.count() == direct.count());
        CHECK(m.mean() == doctest::Approx(direct.mean()).epsilon(1e-12));
        CHECK(m.variance() == doctest::Approx(direct.variance()).epsilon(1e-9));
        CHECK(once.increment_between(from, to, 1, period).mean() ==
              doctest::Approx(direct.mean()).epsilon(1e-12));
      }
  CHECK_THROWS_AS(first.increment_between(1, 2, 0), std::logic_error);  // not kept for this measure
  CHECK_THROWS_AS(first.increment_between(2, 1, 1), std::logic_error);  // from < to only
  CHECK_NOTHROW(first.increment_between(0, 3, 0));  // over the comparator: always
}

TEST_CASE("Tally: there is no increment for option 0 or for an unpaired measure") {
  const TallyLayout layout = make_layout();
  Tally t(layout);
  add_individual(t, 0);
  CHECK_THROWS_AS(t.increment(0, 0), std::logic_error);
  CHECK_THROWS_AS(t.increment(1, 2), std::logic_error);
  CHECK_NOTHROW(t.increment(1, 0));
}

TEST_CASE("Tally: merging partitions in order equals one pass over every individual") {
  const TallyLayout layout = make_layout();
  Tally whole(layout);
  std::vector<Tally> parts(4, Tally(layout));
  constexpr int n = 1003;
  for (int i = 0; i < n; ++i) {
    add_individual(whole, i);
    add_individual(parts[static_cast<std::size_t>(i * 4 / n)], i);
  }
  Tally merged;  // an empty tally adopts the first partition's layout
  for (const auto& p : parts) merged.merge(p);
  REQUIRE(merged.layout().fingerprint() == layout.fingerprint());
  for (std::size_t o = 0; o < 3; ++o) {
    CAPTURE(o);
    for (std::size_t m = 0; m < 3; ++m)
      for (std::size_t c = 0; c < layout.measures()[m].periods; ++c) {
        CAPTURE(m);
        CAPTURE(c);
        CHECK(merged.level(o, m, c).count() == whole.level(o, m, c).count());
        CHECK(merged.level(o, m, c).mean() ==
              doctest::Approx(whole.level(o, m, c).mean()).epsilon(1e-12));
        CHECK(merged.level(o, m, c).variance() ==
              doctest::Approx(whole.level(o, m, c).variance()).epsilon(1e-9));
        if (o > 0 && layout.measures()[m].paired) {
          CHECK(merged.increment(o, m, c).count() == whole.increment(o, m, c).count());
          CHECK(merged.increment(o, m, c).mean() ==
                doctest::Approx(whole.increment(o, m, c).mean()).epsilon(1e-12));
          CHECK(merged.increment(o, m, c).variance() ==
                doctest::Approx(whole.increment(o, m, c).variance()).epsilon(1e-9));
        }
      }
  }
  // Merging an empty (default) tally changes nothing.
  const auto before = merged.level(1, 0).mean();
  merged.merge(Tally());
  CHECK(merged.level(1, 0).mean() == before);
}

using pimhsim::test::same_bits;

TEST_CASE(
    "add_many: individuals equal to a slot's first observation, added at once, give the bits of "
    "adding each") {
  // The pathway counts dyads that leave with the values of the first dyad of their year (well,
  // no cost) and adds them in one step at the year's end, after everyone else.
  const auto layout = make_layout();
  Tally one_by_one(layout), batched(layout);
  const std::array<double, 3> first{0.0, -0.0, 0.0};  // -0.0: a QALY loss of nothing, negated
  const std::array<double, 3> indicator{1.0, 0.0, 1.0};
  one_by_one.add(0, 0, first);
  batched.add(0, 0, first);
  one_by_one.add(2, 0, indicator);
  batched.add(2, 0, indicator);
  std::uint64_t repeats = 0;
  for (int i = 1; i < 2000; ++i) {
    std::array<double, 3> cost_values{};
    for (std::size_t o = 0; o < 3; ++o) cost_values[o] = cost(i, o);
    const bool repeat = i % 3 != 0;  // two thirds of individuals repeat the first
    one_by_one.add(0, 0,
                   repeat ? std::span<const double>(first) : std::span<const double>(cost_values));
    if (repeat)
      ++repeats;
    else
      batched.add(0, 0, cost_values);
    // 0/1 indicators are exact in any order.
    std::array<double, 3> flags{};
    for (std::size_t o = 0; o < 3; ++o) flags[o] = (i + static_cast<int>(o)) % 2;
    one_by_one.add(2, 0, flags);
  }
  batched.add_many(0, 0, first, repeats);
  std::uint64_t ones[3] = {0, 0, 0};
  for (int i = 1; i < 2000; ++i)
    for (std::size_t o = 0; o < 3; ++o)
      ones[o] += static_cast<std::uint64_t>((i + static_cast<int>(o)) % 2);
  for (std::size_t o = 0; o < 3; ++o) {
    batched.add_repeated(o, 2, 0, 1.0, ones[o]);
    batched.add_repeated(o, 2, 0, 0.0, 1999 - ones[o]);
  }
  for (std::size_t o = 0; o < 3; ++o) {
    CHECK(same_bits(one_by_one.level(o, 0), batched.level(o, 0)));
    CHECK(same_bits(one_by_one.level(o, 2), batched.level(o, 2)));
    if (o > 0) CHECK(same_bits(one_by_one.increment(o, 0), batched.increment(o, 0)));
  }
  // Not a pure check of bits only: the batched result is the right mean.
  CHECK(batched.level(1, 0).count() == 2000);
}

TEST_CASE("Tally: bytes rebuild a tally bit for bit, and merging from bytes equals merging") {
  TallyLayout layout({"usual care", "therapy", "therapy plus"},
                     {measure("cost"), measure("qaly", 3), measure("alive", 1, false)});
  auto layout_all_pairs = layout.measures();
  layout_all_pairs[0].all_pairs = true;
  const TallyLayout with_pairs(layout.options(), layout_all_pairs);
  for (const TallyLayout* l : std::array<const TallyLayout*, 2>{&layout, &with_pairs}) {
    std::vector<Tally> parts(3, Tally(*l));
    for (int i = 0; i < 901; ++i) add_individual(parts[static_cast<std::size_t>(i % 3)], i);
    parts[1].add_total(2, 2, 0, 12.5);
    Tally in_memory, from_bytes;
    for (const auto& p : parts) {
      in_memory.merge(p);
      from_bytes.merge(Tally::from_bytes(*l, p.to_bytes()));
    }
    CHECK(from_bytes.to_bytes() == in_memory.to_bytes());
    // Allocated once, with room for the unit index a rank appends when it sends them.
    const std::string bytes = in_memory.to_bytes();
    CHECK(bytes.capacity() >= bytes.size() + 8);
    CHECK(bytes.capacity() <= bytes.size() + 64);
    for (std::size_t o = 0; o < 3; ++o)
      for (std::size_t m = 0; m < 3; ++m)
        for (std::size_t c = 0; c < l->measures()[m].periods; ++c) {
          CHECK(same_bits(from_bytes.level(o, m, c), in_memory.level(o, m, c)));
          if (o > 0 && l->measures()[m].paired)
            CHECK(same_bits(from_bytes.increment(o, m, c), in_memory.increment(o, m, c)));
        }
    CHECK(from_bytes.total(2, 2) == 12.5);
    if (l == &with_pairs)
      CHECK(same_bits(from_bytes.increment_between(1, 2, 0), in_memory.increment_between(1, 2, 0)));
  }
}

TEST_CASE("Tally: bytes of another layout, truncated or damaged are refused") {
  const TallyLayout layout = make_layout();
  Tally t(layout);
  for (int i = 0; i < 50; ++i) add_individual(t, i);
  const std::string bytes = t.to_bytes();
  const TallyLayout other({"usual care", "therapy", "therapy plus"},
                          {measure("cost"), measure("qaly", 4), measure("alive", 1, false)});
  CHECK_THROWS_AS(Tally::from_bytes(other, bytes), std::invalid_argument);
  CHECK_THROWS_AS(Tally::from_bytes(layout, bytes.substr(0, bytes.size() - 1)),
                  std::invalid_argument);
  CHECK_THROWS_AS(Tally::from_bytes(layout, bytes + "x"), std::invalid_argument);
  CHECK_THROWS_AS(Tally::from_bytes(layout, "not a tally"), std::invalid_argument);
  CHECK_NOTHROW(Tally::from_bytes(layout, bytes));
}

// The bytes are compact: an accumulator never observed takes two bits, one observed only at its
// shift 16 bytes, any other 32; a total of +0 one bit. Every double keeps its own bits (-0.0 and
// NaN included), and bytes in a form the state would not take are refused.
TEST_CASE("Tally: bytes are compact, keep every bit, and refuse forms that do not fit") {
  const TallyLayout layout({"usual care", "therapy", "therapy plus"}, {measure("cost", 5)});
  Tally t(layout);
  // Period 0: two individuals whose values differ (full forms); periods 1 and 2: one value
  // (counted forms; -0.0 as a shift in period 1); periods 3 and 4: nothing (empty).
  t.add(0, 0, std::array{1.0, 2.0, 3.0});
  t.add(0, 0, std::array{2.0, 4.0, 6.0});
  t.add(0, 1, std::array{-0.0, -0.0, -0.0});
  t.add(0, 2, std::array{5.0, 5.0, 5.0});
  t.add_total(0, 0, 0, 2.5);
  t.add_total(1, 0, 2, std::numeric_limits<double>::quiet_NaN());
  const std::string bytes = t.to_bytes();
  // Levels (15): 3 full, 6 counted, 6 empty; increments (15, option 0's unused): 2 full, 4
  // counted (the increments of equal values: +0 observed), 9 empty; pair increments (5): empty;
  // totals (15): 2 present. Each part has its 8-byte count and its table.
  const std::size_t levels = 8 + 4 + 3 * 32 + 6 * 16, increments = 8 + 4 + 2 * 32 + 4 * 16,
                    pairs = 8 + 2, totals = 8 + 2 + 2 * 8;
  CHECK(bytes.size() == 16 + levels + increments + pairs + totals);
  const Tally back = Tally::from_bytes(layout, bytes);
  CHECK(back.to_bytes() == bytes);
  for (std::size_t o = 0; o < 3; ++o)
    for (std::size_t c = 0; c < 5; ++c) {
      CHECK(same_bits(back.level(o, 0, c), t.level(o, 0, c)));
      if (o > 0) CHECK(same_bits(back.increment(o, 0, c), t.increment(o, 0, c)));
      CHECK(std::bit_cast<std::uint64_t>(back.total(o, 0, c)) ==
            std::bit_cast<std::uint64_t>(t.total(o, 0, c)));
    }
  CHECK(std::signbit(back.level(2, 0, 1).state().shift));
  CHECK(std::isnan(back.total(1, 0, 2)));

  const auto refusal = [&](std::size_t at, unsigned char set, bool zero_16 = false) -> std::string {
    std::string damaged = bytes;
    if (zero_16)
      std::fill_n(damaged.begin() + static_cast<std::ptrdiff_t>(at), 16, '\0');
    else
      damaged[at] = static_cast<char>(static_cast<unsigned char>(damaged[at]) | set);
    try {
      (void)Tally::from_bytes(layout, damaged);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "accepted";
  };
  // The levels' table starts after the magic, the fingerprint and the count (byte 24); its fourth
  // byte holds three forms and two unused bits.
  CHECK(refusal(24 + 3, 0xC0) == "tally bytes: damaged (a form table's unused bits are set)");
  CHECK(refusal(24, 0x03) == "tally bytes: damaged (an unknown form)");
  // The second level (option 0, period 1) is counted, after the first's 32 bytes: made all zero,
  // it is an empty accumulator written as a counted one.
  CHECK(refusal(24 + 4 + 32, 0, true) == "tally bytes: damaged (an accumulator in the wrong form)");
  // The last two totals written are 2.5 and NaN: the first of them made +0.
  std::string zero_total = bytes;
  std::fill_n(zero_total.end() - 16, 8, '\0');
  CHECK_THROWS_WITH_AS(Tally::from_bytes(layout, zero_total),
                       "tally bytes: damaged (a total marked present is +0)",
                       std::invalid_argument);
}

TEST_CASE("Tally: a tally keeps its layout alive after the layout it was made with is gone") {
  Tally t;
  {
    const TallyLayout layout = make_layout();
    t = Tally(layout);
    add_individual(t, 7);
  }
  CHECK(t.layout().valid());
  CHECK(t.layout().measures().size() == 3);
  CHECK(t.level(0, 0).count() == 1);
  CHECK(Tally::from_bytes(t.layout(), t.to_bytes()).level(0, 0).count() == 1);
}
