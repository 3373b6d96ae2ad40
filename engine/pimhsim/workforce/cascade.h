// The training cascade: specialists train generic health visitors, and health-visitor turnover
// takes trained staff away. The trained share s of an area's health visitors moves each month by
//   s(m+1) = s(m) + ((r + b) / 12) (1 - s(m)) - (tau / 12) s(m),
// where r is the share of health visitors a year the specialists can train, b the share trained
// a year by other routes (PIMH champions, e-learning) and tau the annual turnover, so its steady
// state is (r + b) / (r + b + tau), the continuous limit's closed form. Trainees are drawn from
// the whole workforce, so only the untrained share (1 - s) of the training adds to s.
#pragma once

#include <vector>

namespace pimhsim::workforce {

struct CascadeParameters {
  double health_visitors = 0;  // generic health-visitor WTE in the area
  double trained_per_specialist_year =
      0;                         // health visitors one competent specialist WTE trains a year
  double turnover_per_year = 0;  // share of health visitors leaving a year
  double initial_share = 0;      // trained share at month 0 (existing PIMH champions)
  double baseline_per_year = 0;  // share of health visitors trained a year by other routes
};

// The rate of other training that holds the trained share at `share` without specialists:
// b = tau s / (1 - s).
double maintaining_baseline(double share, double turnover_per_year);

// Health visitors one training WTE of specialist time trains a year.
double trained_per_training_wte(double available_hours, double specialist_hours_per_hv);

// Trained share by month, from the specialists' effective WTE devoted to training each month.
std::vector<double> trained_share(const std::vector<double>& training_wte,
                                  const CascadeParameters& p);

// The steady state for a constant training WTE.
double steady_trained_share(double training_wte, const CascadeParameters& p);

}  // namespace pimhsim::workforce
