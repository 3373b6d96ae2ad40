// What `pimhsim evppi` writes: evppi.csv (group x threshold, long form, ranked) and the
// terminal's ranked table.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pimhsim/analysis/psa_evppi.h"
#include "pimhsim/core/status.h"

namespace pimhsim::output {

// The files of a finished PSA that `pimhsim evppi` reads.
struct PsaDirectory {
  std::filesystem::path resolved_scenario;  // scenario.resolved.yaml
  std::string psa_csv, parameters_csv;
};
// Bad input if `dir` lacks one of them.
core::Expected<PsaDirectory> read_psa_directory(const std::filesystem::path& dir);

// Writes evppi.csv of `grid` to `file` whole or not at all (a temporary file beside it, then a
// rename); failed if it cannot.
core::Status write_evppi(const std::filesystem::path& file, const analysis::EvppiGrid& grid);

// group, parameters, wtp, evppi, se, se_regression, se_sampling, evpi, share_of_evpi, rank,
// method, r_squared: one row per group and threshold, per person.
std::string evppi_csv(const analysis::EvppiGrid& grid);

// The groups ranked at each of `at` (thresholds of the grid; the nearest point is used).
std::string evppi_text(const analysis::EvppiGrid& grid, const std::vector<double>& at);

}  // namespace pimhsim::output
