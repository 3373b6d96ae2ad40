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
  // takes them for each column in turn.
  void add(std::span<const double> values) {
    ++rows_;
    const std::size_t levels = values_;
    for (std::size_t i = 0; i < levels; ++i)
      if (values[i] != shift_[i]) observe(i, values[i]);
    for (std::size_t i = levels; i < shift_.size(); ++i) {
      const std::size_t k = i - levels;
      const double x = values[minuend_[k]] - values[subtrahend_[k]];
      if (x != shift_[i]) observe(i, x);
    }
  }

  // Adds the counted observations to the tally; the row stays bound. Call it before the tally
  // is read, merged or written, and before the row's slots are added to by other means.
  void flush();

 private:
  void observe(std::size_t lane, double x) {
    target_[lane]->add(x);
    ++added_[lane];
    shift_[lane] = target_[lane]->state().shift;
  }

  // Lanes: one per accumulator the row adds to. The first values_ are levels, lane i reading
  // values[i]; the others are differences values[minuend] - values[subtrahend] (increments).
  std::size_t values_ = 0;
  std::vector<Moments*> target_;
  std::vector<std::uint32_t> minuend_, subtrahend_;
  std::vector<double> shift_;         // the accumulator's shift; NaN while it has no observation
  std::vector<std::uint64_t> added_;  // observations added one by one since the last flush
  std::uint64_t rows_ = 0;            // individuals since the last flush
};

}  // namespace pimhsim::core
