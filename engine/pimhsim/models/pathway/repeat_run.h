// Runs of dyads that leave with the same values, tallied in one step (see RepeatRun).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "pimhsim/core/tally.h"

namespace pimhsim::models::pathway {

// Dyads that leave with exactly the values of the first dyad tallied in the same slots (a well
// dyad with no cost and no QALY loss, usually, and most dyads are such) are counted and added in
// one step. A tally slot's Moments take their shift from its first observation, and a later
// observation equal to the shift changes only the count, so adding the run at once
// (Moments::add_repeated) is bit-identical to adding each dyad in turn, in whatever order the
// others come. That holds for a tally that starts empty, as each unit's does; for any other, the
// result is still exact in value.
class RepeatRun {
 public:
  // where(slot, period) -> (measure, period) in the tally.
  using Where = std::pair<std::size_t, int> (*)(std::size_t slot, int period);
  RepeatRun(std::size_t slots, int options, Where where)
      : options_(static_cast<std::size_t>(options)), where_(where), first_(slots * options_) {}

  // Whether a dyad's values, value(slot, option), repeat the run's first set: if so they are
  // counted; if the run has no first set yet, they become it (and are to be tallied as usual).
  template <typename Value>
  bool repeat(Value&& value) {
    const std::size_t slots = first_.size() / options_;
    if (has_first_) {
      for (std::size_t slot = 0; slot < slots; ++slot)
        for (std::size_t o = 0; o < options_; ++o)
          if (value(slot, static_cast<int>(o)) != first_[slot * options_ + o]) return false;
      ++count_;
      return true;
    }
    for (std::size_t slot = 0; slot < slots; ++slot)
      for (std::size_t o = 0; o < options_; ++o)
        first_[slot * options_ + o] = value(slot, static_cast<int>(o));
    has_first_ = true;
    return false;
  }

  // Adds the counted repeats to the tally (at `period` for the per-dyad measures) and starts again.
  void flush(core::Tally& tally) {
    if (count_ > 0)
      for (std::size_t slot = 0; slot < first_.size() / options_; ++slot) {
        const auto [measure, p] = where_(slot, period);
        tally.add_many(measure, static_cast<std::size_t>(p),
                       std::span<const double>(first_).subspan(slot * options_, options_), count_);
      }
    count_ = 0;
    has_first_ = false;
  }

  int period = 0;  // the exit year, for per-dyad measures

 private:
  std::size_t options_;
  Where where_;
  std::vector<double> first_;
  bool has_first_ = false;
  std::uint64_t count_ = 0;
};

}  // namespace pimhsim::models::pathway
