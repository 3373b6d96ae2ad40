#include "pimhsim/core/tally.h"

#include <stdexcept>

namespace pimhsim::core {

TallyLayout::TallyLayout(std::vector<std::string> options, std::vector<MeasureSpec> measures)
    : options_(std::move(options)), measures_(std::move(measures)) {
  for (const auto& m : measures_) {
    if (m.periods == 0) throw std::invalid_argument("measure " + m.name + " has no period");
    offsets_.push_back(slots_per_option_);
    slots_per_option_ += m.periods;
  }
}

std::size_t TallyLayout::measure_index(const std::string& name) const {
  for (std::size_t i = 0; i < measures_.size(); ++i)
    if (measures_[i].name == name) return i;
  throw std::out_of_range("no measure named " + name);
}

Tally::Tally(const TallyLayout& layout)
    : layout_(&layout),
      levels_(layout.options().size() * layout.slots_per_option()),
      increments_(layout.options().size() * layout.slots_per_option()),
      pair_increments_(layout.options().size() < 3
                           ? 0
                           : (layout.options().size() - 1) * (layout.options().size() - 2) / 2 *
                                 layout.slots_per_option()),
      totals_(layout.options().size() * layout.slots_per_option(), 0.0) {}

void Tally::merge(const Tally& other) {
  if (other.layout_ == nullptr) return;
  if (layout_ == nullptr) {
    *this = other;
    return;
  }
  for (std::size_t i = 0; i < levels_.size(); ++i) levels_[i].merge(other.levels_[i]);
  for (std::size_t i = 0; i < increments_.size(); ++i) increments_[i].merge(other.increments_[i]);
  for (std::size_t i = 0; i < pair_increments_.size(); ++i)
    pair_increments_[i].merge(other.pair_increments_[i]);
  for (std::size_t i = 0; i < totals_.size(); ++i) totals_[i] += other.totals_[i];
}

const Moments& Tally::level(std::size_t option, std::size_t measure, std::size_t period) const {
  return levels_.at(option * layout_->slots_per_option() + layout_->offset(measure) + period);
}

const Moments& Tally::increment(std::size_t option, std::size_t measure, std::size_t period) const {
  if (option == 0 || !layout_->measures()[measure].paired)
    throw std::logic_error("no increment for option 0 or an unpaired measure");
  return increments_.at(option * layout_->slots_per_option() + layout_->offset(measure) + period);
}

const Moments& Tally::increment_between(std::size_t from, std::size_t to, std::size_t measure,
                                        std::size_t period) const {
  if (from == 0) return increment(to, measure, period);
  const std::size_t k = layout_->options().size();
  if (!(from < to && to < k) || !layout_->measures()[measure].all_pairs)
    throw std::logic_error("no increment between these options for this measure");
  // Pairs (i, j), 1 <= i < j < k, are numbered row by row: those with i' < from come first.
  std::size_t pair = 0;
  for (std::size_t i = 1; i < from; ++i) pair += k - 1 - i;
  pair += to - from - 1;
  return pair_increments_.at(pair * layout_->slots_per_option() + layout_->offset(measure) +
                             period);
}

}  // namespace pimhsim::core
