// A results directory's report: one self-contained HTML page (report_html.h) made from the
// directory's files alone (report_data.h), with its charts drawn by gnuplot (gnuplot.h) and also
// written beside the page as SVG and PNG files, for board papers and journals, and its summary
// tables as an .xlsx workbook (report_workbook.h), for analysts. Without gnuplot the
// page is still written, with every chart's figures as a table and a note saying how to get the
// charts.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"

namespace pimhsim::output {

struct ReportFiles {
  std::filesystem::path html;        // the page
  std::filesystem::path charts_dir;  // NAME_charts beside it, for page NAME.html
  std::size_t charts = 0, drawn = 0;
  std::string note;                               // why charts are missing, if any are
  std::optional<std::filesystem::path> pdf;       // the page as PDF, with the `pdf` setting
  std::string pdf_note;                           // why there is no PDF, if one was asked for
  std::optional<std::filesystem::path> workbook;  // NAME.xlsx beside NAME.html: the summary tables
  std::string workbook_note;                      // why there is no workbook, if there is none
};

// Where the page goes: `out` if given, else DIR/report.html; bad input if `out` is not a path
// to a new or earlier .html file in an existing directory, its charts folder holds anything but
// charts, or the place of its workbook (NAME.xlsx) is taken by something but a file.
core::Expected<std::filesystem::path> report_path(const std::filesystem::path& dir,
                                                  const std::optional<std::string>& out);

// Reads `dir` (the results of `pimhsim run`), draws the charts and writes the page and the
// charts' files, each whole or not at all. Bad input, with nothing written, if the directory or
// `out` cannot be used.
core::Expected<ReportFiles> write_report(const std::filesystem::path& dir,
                                         const std::optional<std::string>& out = std::nullopt);
// The same with the settings of report_setting_specs(): `out`, and `pdf` to print the page to
// NAME.pdf beside it with headless Chromium.
core::Expected<ReportFiles> write_report(const std::filesystem::path& dir,
                                         const core::SettingValues& settings);

// The same into the pending directory of a run about to be committed (`pending`), as
// report.html, report_charts/ and report.xlsx, naming the directory by `target`, where it will
// appear; returns what the terminal says: where the report is, or why it could not be made.
std::string write_report_into(const std::filesystem::path& pending,
                              const std::filesystem::path& target);

// The settings of `pimhsim report`: `out`, `pdf`.
std::vector<core::SettingSpec> report_setting_specs();

// What the terminal says of a written report.
std::string report_text(const ReportFiles& files, double seconds);

}  // namespace pimhsim::output
