// The HTML of a report: one self-contained page (no font, image or script from elsewhere: a
// Content-Security-Policy forbids the browser any request and runs only the page's own inline
// script, which sorts a table's rows, by its hash), readable on screen and printed on A4.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pimhsim/output/report_charts.h"
#include "pimhsim/output/report_data.h"

namespace pimhsim::output {

// Text for HTML: &, <, >, " and ' as entities.
std::string html_escaped(const std::string& text);

// A table: a caption, a header row and rows of cells (text, escaped here); numeric cells, those
// in columns from `first_numeric` on, align right. `attributes`, if given, has for each cell the
// attributes of its element (escaped already), such as ` data-value="2"`.
std::string html_table(const std::string& caption, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       std::size_t first_numeric = 1,
                       const std::vector<std::vector<std::string>>& attributes = {});

// An amount of money for people (1.52m, 568k), with its Monte Carlo SE: "1.52m ± 101k".
std::string money_with_se(double value, double se);

// The board's one-page summary: the question, the options, the recommendation at the first
// threshold with its uncertainty in words and numbers, the economics of each compared option and
// the main assumptions.
std::string board_summary_html(const RunResults& r);

// A chart as drawn: its SVG (empty if it could not be drawn) and why not.
struct DrawnChart {
  ReportChart chart;
  std::string svg;
  std::string png_file, svg_file;  // beside the report, relative to it
};

// A report's page before its charts are drawn: what every kind of results directory gives.
struct ReportPage {
  std::string title;         // the scenario's name (the page's title and first heading)
  std::string kind;          // "PSA report", ... after the title in the browser's tab
  std::string version;       // PIMHsim's, from the manifest
  std::string summary_html;  // the board's summary (section id "summary", with its h1)
  std::vector<ReportChart> charts;
  std::string no_charts;    // what the charts section says when there are none
  std::string areas_html;   // the by-area section's table, after its charts (none if empty)
  std::string after_html;   // sections after the charts
  std::string footer_html;  // where the figures come from
};

// The page: the summary, the charts as figures (each SVG inline as an image, with its caption and
// its figures as a table), the sections after them and the footer. `charts_note`, if not empty,
// says why charts are missing.
std::string report_page_html(const ReportPage& page, const std::vector<DrawnChart>& charts,
                             const std::string& charts_note);

// A run's page (report_data.h): the board summary, run_charts(r) and the parameters.
ReportPage run_page(const RunResults& r);

// The page: the summary, then each chart as a figure (the SVG inline as an image, its caption and
// its figures as a table), then the assumptions and where the figures come from. `charts_note`,
// if not empty, says why charts are missing.
std::string run_report_html(const RunResults& r, const std::vector<DrawnChart>& charts,
                            const std::string& charts_note);

}  // namespace pimhsim::output
