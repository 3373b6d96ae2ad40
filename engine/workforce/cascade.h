// The training cascade: specialists train generic health visitors, and health-visitor turnover
// takes trained staff away. The trained share s of an area's health visitors moves each month by
//   s(m+1) = s(m) + (r / 12) (1 - s(m)) - (tau / 12) s(m),
// where r is the share of health visitors a year the specialists can train and tau the annual
// turnover, so its steady state is r / (r + tau), the continuous limit's closed form.
#pragma once

#include <vector>

namespace pimhsim::workforce {

struct CascadeParameters {
  double health_visitors = 0;              // generic health-visitor WTE in the area
  double trained_per_specialist_year = 0;  // health visitors one competent specialist WTE trains a year
  double turnover_per_year = 0;            // share of health visitors leaving a year
  double initial_share = 0;                // trained share at month 0 (existing PIMH champions)
};

// Trained share by month, from the specialists' effective WTE devoted to training each month.
std::vector<double> trained_share(const std::vector<double>& training_wte, const CascadeParameters& p);

// The steady state for a constant training WTE.
double steady_trained_share(double training_wte, const CascadeParameters& p);

}  // namespace pimhsim::workforce
