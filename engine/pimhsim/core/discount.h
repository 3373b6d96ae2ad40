// Discount factors from a schedule of annual rates that may step down with time (the HM
// Treasury Green Book's declining schedule) or stay constant.
//
// Time t is in years from the start of the analysis (t = 0 undiscounted). Within a year the
// factor compounds at that year's rate, so df(t) is continuous and df(n) for a whole n is the
// product of (1 + r_k)^-1 over years k = 0..n-1.
#pragma once

#include <cmath>
#include <vector>

namespace pimhsim::core {

class DiscountSchedule {
 public:
  struct Band {
    double from_year;  // the rate applies from this year on (the first band starts at 0)
    double rate;
  };

  static DiscountSchedule constant(double rate) { return DiscountSchedule({{0.0, rate}}); }
  explicit DiscountSchedule(std::vector<Band> bands);

  // The factor for an amount at time t >= 0 (years).
  double factor(double t) const;

 private:
  std::vector<Band> bands_;
  std::vector<double> log_at_band_start_;  // log df at the start of each band
};

}  // namespace pimhsim::core
