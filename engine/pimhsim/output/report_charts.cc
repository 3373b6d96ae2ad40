#include "pimhsim/output/report_charts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/report_html.h"

namespace pimhsim::output {
namespace {

// Colours that readers with any common colour-vision deficiency can tell apart (Okabe and Ito
// 2008, "Color Universal Design"), then the chart's common settings.
// Every chart's style. A key below the plot is set with `height 1.5` (that many lines of space
// around it): without it gnuplot 5.4 draws the key over the x axis's label.
constexpr const char* kStyle =
    "set linetype 1 lc rgb '#0072B2' lw 2 pt 7\n"
    "set linetype 2 lc rgb '#E69F00' lw 2 pt 5\n"
    "set linetype 3 lc rgb '#009E73' lw 2 pt 9\n"
    "set linetype 4 lc rgb '#CC79A7' lw 2 pt 11\n"
    "set linetype 5 lc rgb '#56B4E9' lw 2 pt 13\n"
    "set linetype 6 lc rgb '#D55E00' lw 2 pt 3\n"
    "set linetype 7 lc rgb '#000000' lw 2 pt 1\n"
    "set border 3 lc rgb '#444444'\n"
    "set tics nomirror\n"
    "set grid ytics lc rgb '#dddddd'\n"
    "set key noautotitle\n";

std::string number(double x) {
  return plot_number(x);
}

std::string header(const std::string& title, const std::string& xlabel, const std::string& ylabel) {
  return chart_header(title, xlabel, ylabel);
}

// The rows of `table` whose `column` is `value`.
std::vector<std::size_t> rows_where(const scenario::CsvTable& table, const std::string& column,
                                    const std::string& value) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < table.rows.size(); ++i)
    if (cell_text(table, i, column) == value) rows.push_back(i);
  return rows;
}

std::string payback_words(const RunResults& r, const std::string& option) {
  std::vector<std::string> parts;
  for (const auto& inc : r.increments)
    if (inc.option == option)
      for (const auto& p : inc.by_perspective)
        parts.push_back(fmt::format(
            "{} {}", perspective_label(p.perspective),
            p.payback_year ? std::to_string(*p.payback_year) : "not within the cash flows"));
  return core::listed(parts, "and");
}

// A dotted line where the simulated years end (posts are funded within them; savings go on).
std::string horizon_mark(const RunResults& r) {
  if (!r.start_year) return "";
  const int end = *r.start_year + r.horizon;
  return fmt::format(
      "set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 3 lc rgb '#666666'\n"
      "set label 'end of the horizon' at {0}, graph 0.04 offset 0.5, 0 tc rgb '#444444'\n",
      end);
}

std::optional<ReportChart> payback_chart(const RunResults& r, const std::string& option,
                                         std::size_t index) {
  const auto& t = *r.payback;
  std::map<int, std::map<std::string, std::pair<double, double>>> by_year;
  std::vector<std::string> perspectives;
  double largest = 0;
  for (const auto i : rows_where(t, "option", option)) {
    const auto year = cell_number(t, i, "year");
    const auto invested = cell_number(t, i, "cumulative_investment");
    const auto saved = cell_number(t, i, "cumulative_savings");
    if (!year || !invested || !saved) continue;
    const std::string& p = cell_text(t, i, "perspective");
    if (std::find(perspectives.begin(), perspectives.end(), p) == perspectives.end())
      perspectives.push_back(p);
    by_year[static_cast<int>(*year)][p] = {*invested, *saved};
    largest = std::max({largest, std::fabs(*invested), std::fabs(*saved)});
  }
  if (by_year.empty()) return std::nullopt;
  const auto unit = money_unit(largest, r.currency);
  const std::string comparator = cell_text(t, rows_where(t, "option", option)[0], "comparator");
  ReportChart c;
  c.name = fmt::format("payback_{}", index);
  c.title = fmt::format("Payback: {} against {}", option, comparator);
  c.caption = fmt::format(
      "Cumulative extra investment in {} against the cumulative savings it brings, by "
      "perspective, each year's amount discounted; it pays back in the year a savings line "
      "reaches the investment line (payback: {}).",
      option, payback_words(r, option));
  c.alt = fmt::format(
      "Line chart of cumulative {} by year from {} to {}: one line for the investment in {} over "
      "{} and one line of cumulative savings for each of {} perspectives. Payback years: {}.",
      unit.label, by_year.begin()->first, by_year.rbegin()->first, option, comparator,
      perspectives.size(), payback_words(r, option));
  std::string data = "$P << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [year, at] : by_year) {
    const double invested = at.begin()->second.first;
    data += fmt::format("{} {}", year, number(invested / unit.divisor));
    std::vector<std::string> row = {std::to_string(year), core::money_text(invested)};
    for (const auto& p : perspectives) {
      const auto found = at.find(p);
      data += found == at.end() ? " NaN"
                                : std::string(" ") + number(found->second.second / unit.divisor);
      row.push_back(found == at.end() ? "" : core::money_text(found->second.second));
    }
    data += "\n";
    rows.push_back(std::move(row));
  }
  data += "EOD\n";
  c.script =
      header(c.title, "Year", fmt::format("Cumulative amount ({}, discounted)", unit.label)) +
      "set key top left\nset xzeroaxis lc rgb '#888888'\nset autoscale xfix\n" + horizon_mark(r) +
      data + "plot $P using 1:2 with lines lt 7 lw 3 title 'Investment'";
  std::vector<std::string> head = {"year", "investment"};
  for (std::size_t p = 0; p < perspectives.size(); ++p) {
    c.script +=
        fmt::format(", '' using 1:{} with lines lt {} title {}", p + 3, p + 1,
                    gnuplot_quoted(std::string("Savings, ") + perspective_label(perspectives[p])));
    head.push_back(std::string("savings, ") + perspective_label(perspectives[p]));
  }
  c.script += "\n";
  c.table_html = html_table(
      fmt::format("Cumulative investment and savings ({}, discounted)", r.currency), head, rows);
  return c;
}

std::optional<ReportChart> budget_chart(const RunResults& r, const std::string& option) {
  const auto& t = *r.budget_impact;
  std::map<int, std::map<std::string, std::pair<double, double>>> by_year;
  std::map<std::string, bool> moves;  // payers whose budget the option changes
  double largest = 0;
  for (const auto i : rows_where(t, "option", option)) {
    const std::string& payer = cell_text(t, i, "payer");
    if (cell_text(t, i, "comparator").empty() || payer == "all_payers") continue;
    const auto year = cell_number(t, i, "year"), amount = cell_number(t, i, "estimate");
    if (!year || !amount) continue;
    const double se = cell_number(t, i, "se").value_or(0);
    by_year[static_cast<int>(*year)][payer] = {*amount, se};
    moves[payer] = moves[payer] || *amount != 0;
    largest = std::max(largest, std::fabs(*amount) + se);
  }
  std::vector<std::string> payers;
  for (const auto& [payer, moved] : moves)
    if (moved) payers.push_back(payer);
  if (by_year.empty() || payers.empty()) return std::nullopt;
  const auto unit = money_unit(largest, r.currency);
  ReportChart c;
  c.name = "budget_impact";
  c.title = fmt::format("Budget impact of {}, by payer", option);
  const auto label = [](std::string p) {
    std::replace(p.begin(), p.end(), '_', ' ');
    return p == "nhs" ? std::string("NHS") : p;
  };
  std::vector<std::string> shown;
  for (const auto& p : payers) shown.push_back(label(p));
  c.caption = fmt::format(
      "The change in each payer's spending each year if {} is chosen, undiscounted, with its "
      "Monte Carlo standard error (bars below zero are savings); payers whose budget does not "
      "change are left out.",
      option);
  c.alt = fmt::format(
      "Grouped bar chart of the budget impact in {} by year, {} to {}, for {}, with error bars of "
      "one standard error.",
      unit.label, by_year.begin()->first, by_year.rbegin()->first, core::listed(shown, "and"));
  std::string data = "$B << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [year, at] : by_year) {
    data += std::to_string(year);
    std::vector<std::string> row = {std::to_string(year)};
    for (const auto& p : payers) {
      const auto found = at.find(p);
      const auto [v, se] = found == at.end() ? std::pair(0.0, 0.0) : found->second;
      data += fmt::format(" {} {}", number(v / unit.divisor), number(se / unit.divisor));
      row.push_back(money_with_se(v, se));
    }
    data += "\n";
    rows.push_back(std::move(row));
  }
  data += "EOD\n";
  c.script =
      header(c.title, "Year", fmt::format("Change in spending ({}, undiscounted)", unit.label)) +
      "set style data histograms\nset style histogram errorbars gap 2 lw 1\n"
      "set style fill solid 0.85 border -1\nset boxwidth 0.9\nset key below horizontal height 1.5\n"
      "set xzeroaxis lc rgb '#444444'\n" +
      data + "plot ";
  for (std::size_t p = 0; p < payers.size(); ++p)
    c.script += fmt::format("{}$B using {}:{}{} lt {} title {}", p == 0 ? "" : ", ", 2 * p + 2,
                            2 * p + 3, p == 0 ? ":xtic(1)" : "", p + 1, gnuplot_quoted(shown[p]));
  c.script += "\n";
  std::vector<std::string> head = {"year"};
  head.insert(head.end(), shown.begin(), shown.end());
  c.table_html = html_table(
      fmt::format("Budget impact of {} ({}, undiscounted, ± Monte Carlo SE)", option, r.currency),
      head, rows);
  return c;
}

std::optional<ReportChart> staffing_chart(const RunResults& r) {
  const auto& t = *r.staffing;
  static const std::vector<std::pair<std::string, std::string>> kLines = {
      {"funded_wte", "funded"},
      {"in_post_wte", "in post"},
      {"effective_wte", "effective"},
      {"specialist_wisn_required_wte", "WISN requirement"}};
  std::vector<std::string> panels;
  std::vector<std::vector<std::string>> rows;
  std::string data;
  int first_year = 0, last_year = 0;
  for (std::size_t o = 0; o < r.options.size(); ++o) {
    const auto& option = r.options[o].name;
    const auto at = rows_where(t, "option", option);
    if (at.empty()) continue;
    data += fmt::format("$S{} << EOD\n", o);
    for (const auto i : at) {
      const int year = static_cast<int>(cell_number(t, i, "year").value_or(0));
      first_year = first_year == 0 ? year : std::min(first_year, year);
      last_year = std::max(last_year, year);
      data += std::to_string(year);
      std::vector<std::string> row = {option, std::to_string(year)};
      for (const auto& [column, label] : kLines) {
        const auto v = cell_number(t, i, column);
        data += v ? " " : " NaN";  // (not " " + number: GCC 12's -Wrestrict misfires on it)
        if (v) data += number(*v);
        row.push_back(v ? fmt::format("{:.2f}", *v) : "");
      }
      data += "\n";
      rows.push_back(std::move(row));
    }
    data += "EOD\n";
    panels.push_back(fmt::format(
        "set title {}\nplot $S{} using 1:2 with lines lt 1 title 'funded', '' using 1:3 with "
        "lines lt 2 title 'in post', '' using 1:4 with lines lt 3 title 'effective', '' using "
        "1:5 with lines lt 7 dt 2 title 'WISN requirement'\n",
        gnuplot_quoted(option), o));
  }
  if (panels.empty()) return std::nullopt;
  ReportChart c;
  c.name = "staffing";
  c.title = "Specialist staffing against the WISN requirement";
  c.caption =
      "Specialist health-visitor WTE funded, in post and effective (competent-equivalent) each "
      "year for each option, against the WTE the year's workload requires by the WHO Workload "
      "Indicators of Staffing Need (WISN) method (dashed).";
  c.alt = fmt::format(
      "{} small line charts, one per option, of specialist whole-time equivalents by year from {} "
      "to {}: funded, in post and effective WTE, and the WISN requirement as a dashed line.",
      panels.size(), first_year, last_year);
  const std::size_t columns = panels.size() > 1 ? 2 : 1;
  const std::size_t lines = (panels.size() + columns - 1) / columns;
  c.height = static_cast<int>(60 + 260 * lines);
  c.script = std::string(kStyle) + data +
             fmt::format("set multiplot layout {},{} title {}\n", lines, columns,
                         gnuplot_quoted(c.title)) +
             "set xlabel 'Year'\nset ylabel 'Whole-time equivalents (WTE)'\n"
             "set yrange [0:*]\nset key below horizontal height 1.5\n";
  for (std::size_t p = 0; p < panels.size(); ++p) c.script += panels[p];
  c.script += "unset multiplot\n";
  std::vector<std::string> head = {"option", "year"};
  for (const auto& [column, label] : kLines) head.push_back(label + " (WTE)");
  c.table_html =
      html_table("Specialist staffing (WTE, mean over the year's months)", head, rows, 1);
  return c;
}

std::optional<ReportChart> funnel_chart(const RunResults& r) {
  const auto& t = *r.funnel;
  static const std::vector<std::pair<std::string, std::string>> kStages = {
      {"ill", "mother ill"},
      {"detected", "identified"},
      {"treated", "started care"},
      {"recovered", "recovered by age 2"}};
  std::map<std::string, std::map<std::string, std::pair<double, double>>> at;  // stage, option
  std::map<std::string, double> born;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto v = cell_number(t, i, "dyads");
    if (!v) continue;
    const double se = cell_number(t, i, "dyads_se").value_or(0);
    at[cell_text(t, i, "stage")][cell_text(t, i, "option")] = {*v, se};
    if (cell_text(t, i, "stage") == "born") born[cell_text(t, i, "option")] = *v;
  }
  std::vector<std::string> options;
  for (const auto& o : r.options)
    if (at["ill"].count(o.name)) options.push_back(o.name);
  if (options.empty()) return std::nullopt;
  ReportChart c;
  c.name = "funnel";
  c.title = "The cohort funnel, by option";
  c.caption = fmt::format(
      "Of the {} mother-and-baby pairs whose first 1001 days ended in the horizon, how many "
      "mothers were ill, identified, started care and recovered by the child's second birthday, "
      "for each option, with Monte Carlo standard errors.",
      core::human_number(born.count(options[0]) ? born[options[0]] : 0));
  c.alt = fmt::format(
      "Grouped bar chart of numbers of mothers at four stages (ill, identified, started care, "
      "recovered by age 2), one bar per option for {} options, with error bars.",
      options.size());
  double largest = 0;
  for (const auto& [stage, by_option] : at)
    for (const auto& [option, v] : by_option)
      if (stage != "born") largest = std::max(largest, v.first);
  const bool thousands = largest >= 10000;
  const double scale = thousands ? 1000 : 1;
  std::string data = "$F << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [stage, label] : kStages) {
    data += "\"" + label + "\"";
    std::vector<std::string> row = {label};
    for (const auto& o : options) {
      const auto [v, se] = at[stage].count(o) ? at[stage][o] : std::pair(0.0, 0.0);
      data += fmt::format(" {} {}", number(v / scale), number(se / scale));
      row.push_back(fmt::format("{} ± {}", core::human_number(std::round(v)),
                                core::human_number(std::round(se))));
    }
    data += "\n";
    rows.push_back(std::move(row));
  }
  data += "EOD\n";
  c.script =
      header(c.title, "Stage",
             thousands ? "Mothers (thousands, population total over the horizon)"
                       : "Mothers (population total over the horizon)") +
      "set style data histograms\nset style histogram errorbars gap 2 lw 1\n"
      "set style fill solid 0.85 border -1\nset yrange [0:*]\nset key below horizontal height 1.5\n"
      "set format y '%.0f'\n" +
      data + "plot ";
  for (std::size_t o = 0; o < options.size(); ++o)
    c.script +=
        fmt::format("{}$F using {}:{}{} lt {} title {}", o == 0 ? "" : ", ", 2 * o + 2, 2 * o + 3,
                    o == 0 ? ":xtic(1)" : "", o % 7 + 1, gnuplot_quoted(options[o]));
  c.script += "\n";
  std::vector<std::string> head = {"stage"};
  head.insert(head.end(), options.begin(), options.end());
  c.table_html = html_table("The cohort funnel (mothers, ± Monte Carlo SE)", head, rows);
  return c;
}

}  // namespace

const char* chart_style() {
  return kStyle;
}

std::string chart_header(const std::string& title, const std::string& xlabel,
                         const std::string& ylabel) {
  return fmt::format("{}set title {}\nset xlabel {}\nset ylabel {}\n", kStyle,
                     gnuplot_quoted(title), gnuplot_quoted(xlabel), gnuplot_quoted(ylabel));
}

std::string data_text(std::string text) {
  std::replace(text.begin(), text.end(), '"', '\'');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return "\"" + text + "\"";
}

std::string count_text(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (n < 0 ? "-" : "") + out;
}

std::string plot_number(double x) {
  return fmt::format("{:.10g}", x);
}

MoneyUnit money_unit(double largest, const std::string& currency) {
  if (largest >= 2e9) return {1e9, currency + " billion"};
  if (largest >= 2e6) return {1e6, currency + " million"};
  if (largest >= 2e3) return {1e3, currency + " thousand"};
  return {1, currency};
}

std::string perspective_label(const std::string& name) {
  if (name == "nhs_pss") return "NHS and PSS";
  std::string s = name;
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

std::string focus_option(const RunResults& r) {
  if (r.options.size() < 2) return "";
  if (!r.choices.empty() && r.choices.front().option != r.options.front().name)
    return r.choices.front().option;
  return r.options[1].name;
}

std::vector<ReportChart> run_charts(const RunResults& r) {
  std::vector<ReportChart> charts;
  if (r.payback)
    for (std::size_t o = 1; o < r.options.size(); ++o)
      if (auto c = payback_chart(r, r.options[o].name, o)) charts.push_back(std::move(*c));
  if (r.budget_impact && !focus_option(r).empty())
    if (auto c = budget_chart(r, focus_option(r))) charts.push_back(std::move(*c));
  if (r.staffing)
    if (auto c = staffing_chart(r)) charts.push_back(std::move(*c));
  if (auto c = trained_share_chart(r)) charts.push_back(std::move(*c));
  if (r.funnel)
    if (auto c = funnel_chart(r)) charts.push_back(std::move(*c));
  if (auto c = areas_chart(r)) {
    c->section = "areas";
    charts.push_back(std::move(*c));
  }
  return charts;
}

}  // namespace pimhsim::output
