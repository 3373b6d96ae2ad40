#include "pimhsim/core/tally_row.h"

#include <limits>
#include <stdexcept>

namespace pimhsim::core {

void TallyRow::bind(Tally& tally, std::span<const Column> columns) {
  flush();
  const TallyLayout& layout = tally.layout();
  const std::size_t k = layout.options().size(), stride = layout.slots_per_option();
  values_ = columns.size() * k;
  target_.clear();
  minuend_.clear();
  subtrahend_.clear();
  const auto lane = [&](Moments& m) { target_.push_back(&m); };
  for (const Column& c : columns) {
    if (layout.measures()[c.measure].total)
      throw std::logic_error("TallyRow: a total measure is not per individual");
    for (std::size_t o = 0; o < k; ++o)
      lane(tally.levels_[o * stride + layout.offset(c.measure) + c.period]);
  }
  for (std::size_t ci = 0; ci < columns.size(); ++ci) {
    const Column& c = columns[ci];
    const std::size_t slot = layout.offset(c.measure) + c.period;
    const auto first = static_cast<std::uint32_t>(ci * k);
    if (layout.measures()[c.measure].paired)
      for (std::size_t o = 1; o < k; ++o) {
        lane(tally.increments_[o * stride + slot]);
        minuend_.push_back(first + static_cast<std::uint32_t>(o));
        subtrahend_.push_back(first);
      }
    if (layout.measures()[c.measure].all_pairs)
      for (std::size_t i = 1, pair = 0; i < k; ++i)
        for (std::size_t j = i + 1; j < k; ++j, ++pair) {
          lane(tally.pair_increments_[pair * stride + slot]);
          minuend_.push_back(first + static_cast<std::uint32_t>(j));
          subtrahend_.push_back(first + static_cast<std::uint32_t>(i));
        }
  }
  shift_.resize(target_.size());
  for (std::size_t i = 0; i < target_.size(); ++i)
    shift_[i] = target_[i]->count() > 0 ? target_[i]->state().shift
                                        : std::numeric_limits<double>::quiet_NaN();
  added_.assign(target_.size(), 0);
  rows_ = 0;
}

void TallyRow::flush() {
  for (std::size_t i = 0; i < target_.size(); ++i) {
    // Every row not added one by one was equal to the shift (never NaN then): the slot had an
    // observation, so add_repeated keeps its shift and adds +0 to its sums.
    if (rows_ > added_[i]) target_[i]->add_repeated(shift_[i], rows_ - added_[i]);
    added_[i] = 0;
  }
  rows_ = 0;
}

}  // namespace pimhsim::core
