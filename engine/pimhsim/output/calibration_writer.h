// A calibration's results directory: calibration.json (the settings, the fit, the diagnostics),
// and tidy tables, each row led by `scenario,variant`: calibration_targets.csv (observed versus
// fitted), calibration_parameters.csv (prior versus fit or posterior), posterior.csv (imis: the
// weighted posterior sample, which `psa --parameter-sets` reads) and calibration_trace.csv (the
// optimiser's starts or IMIS's rounds) and calibration_densities.csv (each parameter's prior and,
// for imis, posterior density on a grid, for the report); with the scenario as run, the manifest
// and the codebook.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/analysis/calibration.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {

nlohmann::json calibration_json(const analysis::CalibrationProblem& p,
                                const analysis::CalibrationSettings& st,
                                const analysis::CalibrationResult& r);
std::string calibration_targets_csv(const analysis::CalibrationProblem& p,
                                    const analysis::CalibrationResult& r);
std::string calibration_parameters_csv(const analysis::CalibrationResult& r);
std::string posterior_csv(const analysis::CalibrationProblem& p,
                          const analysis::CalibrationResult& r);
std::string calibration_trace_csv(const analysis::CalibrationProblem& p,
                                  const analysis::CalibrationResult& r);
// (calibration_densities.cc) Each parameter's prior density and (imis) posterior density, a
// weighted kernel estimate, on a grid of 121 values.
std::string calibration_densities_csv(const analysis::CalibrationProblem& p,
                                      const analysis::CalibrationResult& r);

// Writes every file of the directory and commits it; the manifest says whether the calibration
// was resumed and, when it was distributed, over how many ranks.
void write_calibration(const std::string& target, const analysis::CalibrationProblem& p,
                       const analysis::CalibrationSettings& st,
                       const analysis::CalibrationResult& r, const RunInfo& info,
                       bool resumed = false, int ranks = 1);

// `pimhsim calibrate`: reads the settings (calibration_setting_specs) and the targets, fits
// (evaluations on info.threads threads; progress on stderr unless quiet, Ctrl-C stopping it
// after the model runs under way), journals every model
// run in run.journal (--resume DIR continues an interrupted calibration without running them
// again, to the same results), writes the directory at run.target and, unless quiet, prints
// calibration_text and where the results are on stdout. Bad input (a targets file's errors with
// their file:line:column, a parameter that cannot be fitted, a journal of another calibration)
// writes nothing.
core::Status run_calibration_job(const scenario::Scenario& s, const core::SettingValues& settings,
                                 const ResumableRun& run, RunInfo info, bool quiet);

// What the terminal shows: the fit table, the parameters and the warnings.
std::string calibration_text(const analysis::CalibrationProblem& p,
                             const analysis::CalibrationResult& r);

}  // namespace pimhsim::output
