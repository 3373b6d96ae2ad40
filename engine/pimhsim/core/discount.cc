#include "pimhsim/core/discount.h"

#include <stdexcept>

namespace pimhsim::core {

DiscountSchedule::DiscountSchedule(std::vector<Band> bands) : bands_(std::move(bands)) {
  if (bands_.empty() || bands_.front().from_year != 0.0)
    throw std::invalid_argument("a discount schedule starts at year 0");
  double log_df = 0.0;
  for (std::size_t i = 0; i < bands_.size(); ++i) {
    if (i > 0) {
      if (!(bands_[i].from_year > bands_[i - 1].from_year))
        throw std::invalid_argument("discount bands must start in increasing years");
      log_df -= (bands_[i].from_year - bands_[i - 1].from_year) * std::log1p(bands_[i - 1].rate);
    }
    log_at_band_start_.push_back(log_df);
  }
}

double DiscountSchedule::factor(double t) const {
  std::size_t k = 0;
  while (k + 1 < bands_.size() && bands_[k + 1].from_year <= t) ++k;
  return std::exp(log_at_band_start_[k] - (t - bands_[k].from_year) * std::log1p(bands_[k].rate));
}

}  // namespace pimhsim::core
