// A row of a tally's slots to which every individual adds one value for every option (a model's
// per-individual measures of one period, say), added as Tally::add adds them, bit for bit, while
// touching only the slots whose value is not the slot's first observation.
//
// A slot's Moments take their shift from the slot's first observation, and a later observation
// equal to the shift changes only the count (it adds +0 to sums that are never -0). Counts commute
// with everything else, so such observations are counted per row and added in one step at flush()
// (Moments::add_repeated with the shift, which adds +0 again): the tally ends bit-identical to one
// that saw every individual through Tally::add in the same order, whatever state it started in.
// Most individuals of a microsimulation leave most measures at their usual value (no cost, not
// ill) and every option at the same value (increments of +0), so most slots are only compared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "pimhsim/core/statistics.h"
#include "pimhsim/core/tally.h"

namespace pimhsim::core {

class TallyRow {
 public:
  struct Column {
    std::size_t measure = 0, period = 0;
  };

  // Binds the row to `columns` of `tally` (flushing what a previous binding counted). Every
  // measure of the row must be per-individual (not a total).
  void bind(Tally& tally, std::span<const Column> columns);

  // One individual's values: values[c * options + o] for column c and option o, as Tally::add
  // takes them for each column in turn. A row bit-identical to the one before it (common: most
  // individuals are alike) repeats that row's observations without comparing every lane.
  void add(std::span<const double> values) {
    ++rows_;
    const std::size_t levels = values_;
    if (have_last_ && std::memcmp(values.data(), last_.data(), levels * sizeof(double)) == 0) {
      for (const Repeat& r : repeat_) {
        target_[r.lane]->add(r.x);
        ++added_[r.lane];
      }
      return;
    }
    std::memcpy(last_.data(), values.data(), levels * sizeof(double));
    have_last_ = true;
    repeat_.clear();
    for (std::size_t i = 0; i < levels; ++i)
      if (values[i] != shift_[i]) observe_and_note(i, values[i]);
    for (std::size_t i = levels; i < shift_.size(); ++i) {
      const std::size_t k = i - levels;
      const double x = values[minuend_[k]] - values[subtrahend_[k]];
      if (x != shift_[i]) observe_and_note(i, x);
    }
  }

  // The same for a row whose values are equal, bit for bit, under every option (values[c * options
  // + o] == values[c * options] for every o: an individual whose options agree). A column whose
  // levels share one finite shift, and whose increments' shifts are zero, costs one comparison
  // when its value is that shift.
  void add_alike(std::span<const double> values) {
    ++rows_;
    // v - v for each increment, as add() computes every increment of the row.
    for (std::size_t c = 0; c < uniform_.size(); ++c) alike_column(c, values[c * options_]);
  }

  // A row that add_fixed() adds, its values alike under every option as add_alike takes them (an
  // individual to whom nothing happened, say). It stays set when the row is bound again.
  void set_fixed(std::span<const double> values) {
    fixed_.assign(values.begin(), values.end());
    fixed_known_ = false;
  }

  // add_alike(the fixed row), bit for bit, in fewer steps. The first call since the row was bound
  // adds it as add_alike does, noting the lanes whose shift differs from its value; after it every
  // lane of the row has a shift, and a shift never changes, so later calls only count the row and
  // repeat those lanes' observations (usually none: a lane's shift is its first observation, most
  // often such a row's value).
  void add_fixed() {
    if (!fixed_known_) {
      first_fixed();
      return;
    }
    ++rows_;
    for (const Repeat& r : fixed_repeat_) {
      target_[r.lane]->add(r.x);
      ++added_[r.lane];
    }
  }

  // add_alike(the fixed row with `changes` made to it), bit for bit: the fixed row's repeated
  // observations but for the changed columns, and those columns as add_alike adds them. Until a
  // plain add_fixed() has been made since the row was bound, the row is built and added whole.
  // Each column at most once in `changes`.
  struct Change {
    std::size_t column = 0;
    double value = 0;
  };
  void add_fixed_except(std::span<const Change> changes);

  // Adds the counted observations to the tally; the row stays bound. Call it before the tally
  // is read, merged or written, and before the row's slots are added to by other means.
  void flush();

 private:
  // Adds x to a lane; a lane's first observation sets its shift. Returns whether it was the first.
  bool observe(std::size_t lane, double x) {
    const bool first = target_[lane]->count() == 0;
    target_[lane]->add(x);
    ++added_[lane];
    if (first) {
      shift_[lane] = target_[lane]->state().shift;
      refresh_uniform(column_[lane]);
    }
    return first;
  }
  // The same, noting the observation for a repeat of the row unless it was the lane's first (the
  // same value again is then equal to the shift: only counted).
  void observe_and_note(std::size_t lane, double x) {
    if (!observe(lane, x)) repeat_.push_back({lane, x});
  }
  void refresh_uniform(std::size_t column);
  void first_fixed();  // add_fixed's first call since the row was bound
  // Throws std::logic_error unless the fixed row fits the row's columns and is alike under every
  // option.
  void check_fixed() const;
  // add_alike of one column c of value v (every option's).
  void alike_column(std::size_t c, double v) {
    const std::size_t k = options_;
    if (uniform_[c] && v == shift_[c * k]) return;
    for (std::size_t i = c * k; i < (c + 1) * k; ++i)
      if (v != shift_[i]) observe(i, v);
    const double x = v - v;
    for (std::size_t i = increments_[c]; i < increments_[c + 1]; ++i)
      if (x != shift_[i]) observe(i, x);
  }

  // Lanes: one per accumulator the row adds to. The first values_ are levels, lane i reading
  // values[i]; the others are differences values[minuend] - values[subtrahend] (increments).
  std::size_t values_ = 0;
  std::vector<Moments*> target_;
  std::size_t options_ = 0;
  std::vector<std::size_t> column_;      // by lane: its column
  std::vector<std::size_t> increments_;  // by column: its first increment lane (and the end)
  std::vector<char> uniform_;            // by column: see add_alike
  std::vector<std::uint32_t> minuend_, subtrahend_;
  std::vector<double> shift_;         // the accumulator's shift; NaN while it has no observation
  std::vector<std::uint64_t> added_;  // observations added one by one since the last flush
  std::uint64_t rows_ = 0;            // individuals since the last flush
  // The last row's values (have_last_: there is one), and the observations it made other than
  // first ones.
  struct Repeat {
    std::size_t lane;
    double x;
  };
  std::vector<double> last_;
  bool have_last_ = false;
  std::vector<Repeat> repeat_;
  // The fixed row (set_fixed), whether its first call since binding has been made, and the
  // observations each later call repeats.
  std::vector<double> fixed_;
  bool fixed_known_ = false;
  std::vector<Repeat> fixed_repeat_;
  std::vector<char> changed_;         // by column: in the changes of add_fixed_except's call
  std::vector<double> with_changes_;  // the fixed row with changes, before add_fixed is known
};

}  // namespace pimhsim::core
