// The charts of a run's report, as gnuplot scripts (output/gnuplot.h) with their words: a title,
// axis labels with units, a one-sentence caption, alt text for a reader who cannot see it, and
// the figures drawn as an HTML table (which a report without gnuplot still shows).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pimhsim/output/report_data.h"

namespace pimhsim::output {

struct ReportChart {
  std::string name;  // the file's stem: payback_1, budget_impact, ...
  std::string title, caption, alt;
  std::string script;  // gnuplot, without its terminal
  int width = 800, height = 440;
  std::string table_html;  // the chart's figures
  std::string section;     // where the page shows it: "" among the charts, "areas" by area
};

// The option a board's charts follow: the one with the highest expected net monetary benefit at
// the first threshold, unless that is the comparator; then the first option compared with it.
// Empty if no option is compared.
std::string focus_option(const RunResults& r);

// Payback (one per compared option), budget impact by year and payer, staffing against the WISN
// requirement, the share of health visitors trained, the cohort funnel and the areas ranked: each
// where the directory holds its table.
std::vector<ReportChart> run_charts(const RunResults& r);

// (report_areas.cc) The share of health visitors trained by year, one line per option
// (staffing.csv); the areas ranked by specialists in post as a share of the WISN requirement with
// the focus option in the last year, lowest first, at most 30 (staffing_by_area.csv; none with
// fewer than two areas); and the by-area table: every area with its births and, per option, its
// specialists in post, the share of need they meet and the share of health visitors trained, as a
// table whose columns sort (class "sortable"; empty without staffing_by_area.csv).
std::optional<ReportChart> trained_share_chart(const RunResults& r);
std::optional<ReportChart> areas_chart(const RunResults& r);
std::string areas_html(const RunResults& r);

// What every chart shares: colours that readers with any common colour-vision deficiency can tell
// apart, and the common settings; then a chart's title and axis labels.
const char* chart_style();
std::string chart_header(const std::string& title, const std::string& xlabel,
                         const std::string& ylabel);
// A text in a chart's inline data (a label column): in double quotes, a double quote in it as a
// single one.
std::string data_text(std::string text);
// A count for people: 1,000.
std::string count_text(long long n);
// A number for a chart's data: shortest text with ten significant digits.
std::string plot_number(double x);
// The unit that keeps a chart's amounts readable: GBP million, thousand or as they are.
struct MoneyUnit {
  double divisor = 1;
  std::string label;
};
MoneyUnit money_unit(double largest, const std::string& currency);

// A perspective's name for people: `nhs_pss` as "NHS and PSS".
std::string perspective_label(const std::string& name);

}  // namespace pimhsim::output
