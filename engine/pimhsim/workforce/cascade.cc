#include "pimhsim/workforce/cascade.h"

#include <algorithm>
#include <stdexcept>

namespace pimhsim::workforce {
namespace {

double training_rate(double training_wte, const CascadeParameters& p) {
  return p.health_visitors > 0 ? training_wte * p.trained_per_specialist_year / p.health_visitors
                               : 0.0;
}

}  // namespace

std::vector<double> trained_share(const std::vector<double>& training_wte,
                                  const CascadeParameters& p) {
  if (p.initial_share < 0 || p.initial_share > 1 || p.turnover_per_year < 0 ||
      p.turnover_per_year > 12 || p.trained_per_specialist_year < 0 || p.health_visitors < 0 ||
      p.baseline_per_year < 0)
    throw std::invalid_argument("trained_share: parameters out of range");
  std::vector<double> out(training_wte.size());
  double s = p.initial_share;
  for (std::size_t m = 0; m < training_wte.size(); ++m) {
    out[m] = s;
    const double r = std::min(12.0, training_rate(training_wte[m], p) + p.baseline_per_year);
    s = std::clamp(s + r / 12.0 * (1.0 - s) - p.turnover_per_year / 12.0 * s, 0.0, 1.0);
  }
  return out;
}

double steady_trained_share(double training_wte, const CascadeParameters& p) {
  const double r = training_rate(training_wte, p) + p.baseline_per_year;
  return r + p.turnover_per_year > 0 ? r / (r + p.turnover_per_year) : p.initial_share;
}

double maintaining_baseline(double share, double turnover_per_year) {
  if (share < 0 || share >= 1 || turnover_per_year < 0)
    throw std::invalid_argument("maintaining_baseline: share in [0, 1) and turnover >= 0");
  return turnover_per_year * share / (1.0 - share);
}

double trained_per_training_wte(double available_hours, double specialist_hours_per_hv) {
  if (available_hours < 0 || !(specialist_hours_per_hv > 0))
    throw std::invalid_argument("trained_per_training_wte: hours must be positive");
  return available_hours / specialist_hours_per_hv;
}

}  // namespace pimhsim::workforce
