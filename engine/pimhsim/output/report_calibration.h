// The report of a `pimhsim calibrate` directory (report_kinds.h's other kinds, report.cc's
// dispatch): the fit's targets, observed against fitted with their intervals, and each parameter's
// prior against its posterior density; and what a PSA's report says when it ran on a
// calibration's posterior (`psa --parameter-sets`).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/status.h"
#include "pimhsim/output/report_kinds.h"
#include "pimhsim/output/report_workbook.h"

namespace pimhsim::output {

struct CalibrationResults : ResultHeader {
  std::string method, objective, targets_file;  // calibration.json
  long long evaluations = 0, failed_evaluations = 0;
  std::optional<double> log_likelihood, log_posterior, objective_mc_se;
  std::optional<double> ess, max_weight_share;  // imis
  std::optional<long long> sample_size;         // imis
  std::vector<std::string> warnings;
  scenario::CsvTable targets, parameters;       // calibration_targets.csv, _parameters.csv
  std::optional<scenario::CsvTable> densities;  // calibration_densities.csv, if written
};

// Reads a calibrate directory: manifest.json, scenario.resolved.yaml, calibration.json,
// calibration_targets.csv, calibration_parameters.csv and (if there) calibration_densities.csv;
// bad input naming the file if one cannot be read as calibrate writes it.
core::Expected<CalibrationResults> read_calibration_results(const std::filesystem::path& dir);

// The page: whether the model reaches the targets (each observed against fitted, with the
// verdict), the parameters' estimates and intervals, the warnings; charts of observed versus
// fitted and of prior versus posterior densities.
ReportPage calibration_page(const CalibrationResults& r);
std::vector<WorkbookSheet> calibration_sheets(const CalibrationResults& r,
                                              const Codebook& codebook);

// A PSA on a calibration's posterior: manifest.json's `calibrated` (the posterior file, its
// SHA-256, the parameters drawn from it, its points and effective size) into r.calibrated.
core::Status read_psa_calibration(const std::filesystem::path& dir, PsaResults& r);
// What the PSA's page says of it (empty for a PSA on the priors alone).
std::string psa_calibration_html(const PsaResults& r);

}  // namespace pimhsim::output
