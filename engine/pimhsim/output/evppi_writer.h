// What `pimhsim evppi` reads and writes: a finished PSA; evppi.csv (group x threshold, long form,
// ranked) and the terminal's ranked table.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/analysis/psa_evppi.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"

namespace pimhsim::output {

// A finished PSA read back from its directory: the scenario it ran (scenario.resolved.yaml), the
// PSA of it, and its iterations (psa.csv, psa_parameters.csv), checked against each other.
struct FinishedPsa {
  scenario::Scenario scenario;
  analysis::Psa psa;
  std::vector<analysis::PsaIteration> iterations;
};
// Bad input, naming what is wrong, if `dir` is not a finished PSA's directory or its files do not
// agree.
core::Expected<FinishedPsa> read_finished_psa(const std::filesystem::path& dir);

// Writes evppi.csv of `grid`, from the PSA of `s`, to `file` whole or not at all (a temporary file
// beside it, then a rename); failed if it cannot.
core::Status write_evppi(const std::filesystem::path& file, const analysis::EvppiGrid& grid,
                         const scenario::Scenario& s);

// group, parameters, wtp, evppi, se, se_regression, se_sampling, evpi, share_of_evpi, rank,
// method, r_squared: one row per group and threshold, per person.
std::string evppi_csv(const analysis::EvppiGrid& grid);

// The groups ranked at each of `at` (thresholds of the grid; the nearest point is used).
std::string evppi_text(const analysis::EvppiGrid& grid, const std::vector<double>& at);

// The settings of `pimhsim evppi`: `group` (repeatable), `wtp`, `out`.
std::vector<core::SettingSpec> evppi_setting_specs();

// Where `pimhsim evppi` writes: `out` if given, else evppi.csv in the PSA's directory.
std::filesystem::path evppi_path(const std::filesystem::path& psa_dir,
                                 const std::optional<std::string>& out);

// What the terminal says once evppi.csv is written to `file`: the groups ranked at the scenario's
// thresholds (`scenario_thresholds`), or at every threshold of the grid (`grid_thresholds`) if it
// has none; then where every threshold and group is.
std::string evppi_job_text(const analysis::EvppiGrid& grid,
                           const std::vector<double>& scenario_thresholds,
                           const std::vector<double>& grid_thresholds,
                           const std::filesystem::path& file);

}  // namespace pimhsim::output
