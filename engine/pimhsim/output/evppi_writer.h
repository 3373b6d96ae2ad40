// What `pimhsim evppi` writes: evppi.csv (group x threshold, long form, ranked) and the
// terminal's ranked table.
#pragma once

#include <string>
#include <vector>

#include "pimhsim/analysis/psa_evppi.h"

namespace pimhsim::output {

// group, parameters, wtp, evppi, se, se_regression, se_sampling, evpi, share_of_evpi, rank,
// method, r_squared: one row per group and threshold, per person.
std::string evppi_csv(const analysis::EvppiGrid& grid);

// The groups ranked at each of `at` (thresholds of the grid; the nearest point is used).
std::string evppi_text(const analysis::EvppiGrid& grid, const std::vector<double>& at);

}  // namespace pimhsim::output
