// Specialist supply per area, month by month: funded posts become filled posts after a
// recruitment delay, new specialists work at reduced capacity until competent, and specialists
// leave at an annual attrition rate. A national limit on specialists trained a year is shared
// between areas in proportion to what they would hire, the same way every run.
//
// The model is a deterministic stock-flow (expected values, as in system-dynamics supply models):
// every month  in_post(m+1) = in_post(m) + hires(m) - leavers(m)  exactly.
#pragma once

#include <vector>

namespace pimhsim::workforce {

struct SupplyParameters {
  double recruitment_months = 6;    // mean time to fill a vacancy (exponential filling)
  double competence_months = 12;    // months from starting to full competence
  double starting_capacity = 0.5;   // capacity of a new starter, rising linearly to 1
  double attrition_per_year = 0.1;  // share of specialists leaving in a year
};

struct SupplyMonth {
  double funded = 0;     // funded WTE
  double in_post = 0;    // WTE in post at the start of the month
  double effective = 0;  // WTE of competent capacity in the month
  double hires = 0;      // WTE starting in the month
  double leavers = 0;    // WTE leaving in the month
};

// Supply for several areas at once (the national limit couples them). funded[a][m] is area a's
// funded WTE in month m; initial[a] the WTE in post (and competent) at month 0;
// national_hires_per_year <= 0 means no limit.
std::vector<std::vector<SupplyMonth>> specialist_supply(
    const std::vector<std::vector<double>>& funded, const std::vector<double>& initial,
    const SupplyParameters& p, double national_hires_per_year = 0);

}  // namespace pimhsim::workforce
