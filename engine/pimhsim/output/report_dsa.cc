#include "pimhsim/output/report_dsa.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/gnuplot.h"

namespace pimhsim::output {
namespace {

// A tornado shows at most this many bars (tornado.csv has all).
constexpr std::size_t kMaxBars = 15;
// Tornado charts for at most this many options.
constexpr std::size_t kMaxTornados = 4;
// A parameter's label beside its bar is broken into lines of at most this many characters.
constexpr std::size_t kLabelWidth = 38;

// A parameter's value for a label: four significant digits, thousands separated.
std::string short_number(double x) {
  return std::fabs(x) >= 1000 ? core::human_number(x) : fmt::format("{:.4g}", x);
}

ReportChart tornado_chart(const DsaResults& r, const std::string& option, std::size_t index) {
  const auto bars = tornado_bars(r, option);
  const std::size_t shown = std::min(bars.size(), kMaxBars);
  const double base = bars.empty() ? 0 : bars.front().base;
  ReportChart c;
  c.name = index == 0 ? "tornado" : fmt::format("tornado_{}", index + 1);
  c.title = fmt::format("Tornado: {} against {}", option, r.comparator);
  c.caption = fmt::format(
      "How far {} moves when each parameter alone goes from the low to the high end of its range "
      "(in brackets), the others at their base values; the widest bars, at the top, matter most "
      "(above them any bar whose outcome is not defined at an end), and the vertical line is the "
      "base case ({}).",
      r.outcome_label, dsa_value_text(base));
  c.alt = fmt::format(
      "Tornado diagram of {} horizontal bars around the base-case value {}, one per parameter, "
      "widest first{}.",
      shown, dsa_value_text(base),
      shown == 0 ? ""
      : std::isnan(bars[0].swing)
          ? fmt::format(": {} leaves it not defined at an end",
                        parameter_words(r.model, bars[0].parameter))
          : fmt::format(": {} swings it by {}", parameter_words(r.model, bars[0].parameter),
                        dsa_value_text(bars[0].swing)));
  std::string data = "$T << EOD\n", ytics;
  std::vector<std::vector<std::string>> rows;
  std::size_t lines = 1;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const auto& b = bars[i];
    const std::string words = parameter_words(r.model, b.parameter);
    if (i < shown) {
      data += fmt::format("{} {} {} {}\n", shown - i, plot_number(b.at_low), plot_number(b.at_high),
                          plot_number(b.base));
      // The parameter's words, then its range on a line of its own.
      auto label = wrapped(words, kLabelWidth);
      label.push_back(fmt::format("({} to {})", short_number(b.low), short_number(b.high)));
      lines = std::max(lines, label.size());
      ytics += fmt::format("{}{} {}", ytics.empty() ? "" : ", ", gnuplot_lines(label), shown - i);
    }
    rows.push_back({words, b.parameter, short_number(b.low), short_number(b.high),
                    dsa_value_text(b.at_low), dsa_value_text(b.at_high), dsa_value_text(b.swing)});
  }
  data += "EOD\n";
  // A bar's row is as tall as its label's lines.
  c.height = static_cast<int>(std::max<std::size_t>(300, 130 + (10 + 15 * lines) * shown));
  c.width = 880;
  c.script =
      chart_header(c.title, fmt::format("{} ({})", r.outcome_label, outcome_unit(r)), "") + data +
      fmt::format(
          "set yrange [0.3:{}]\nunset grid\nset grid xtics lc rgb '#dddddd'\n"
          "set style fill solid 0.85 border -1\nset key below horizontal height 1.5\n"
          "set arrow from {}, graph 0 to {}, graph 1 nohead lw 2 lc rgb '#000000' front\n",
          plot_number(static_cast<double>(shown) + 0.7), plot_number(base), plot_number(base)) +
      (shown > 0 ? fmt::format("set ytics ({})\n", ytics) : std::string()) +
      "plot $T using (($2+$4)/2):1:($2<$4?$2:$4):($2<$4?$4:$2):($1-0.35):($1+0.35) with "
      "boxxyerror lt 1 title 'parameter at its low value', '' using (($3+$4)/2):1:($3<$4?$3:$4):"
      "($3<$4?$4:$3):($1-0.35):($1+0.35) with boxxyerror lt 2 title 'parameter at its high "
      "value'\n";
  c.table_html = html_table(
      fmt::format("{} of {} against {}, at each end of each parameter's range ({})",
                  r.outcome_label, option, r.comparator, outcome_unit(r)),
      {"parameter", "in the scenario", "low", "high", "outcome at low", "outcome at high", "swing"},
      rows);
  return c;
}

std::optional<ReportChart> two_way_chart(const DsaResults& r) {
  const auto& t = *r.two_way;
  if (t.rows.empty()) return std::nullopt;
  const std::string option = cell_text(t, 0, "option");
  const std::string xp = parameter_words(r.model, cell_text(t, 0, "x_parameter")),
                    yp = parameter_words(r.model, cell_text(t, 0, "y_parameter"));
  double largest = 0;
  std::string data = "$G << EOD\n";
  std::vector<std::vector<std::string>> rows;
  std::size_t cells = 0, positive = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (cell_text(t, i, "option") != option) continue;
    const auto x = cell_number(t, i, "x"), y = cell_number(t, i, "y");
    const auto v = cell_number(t, i, "outcome");
    if (!x || !y) continue;
    data += fmt::format("{} {} {} {}\n", plot_number(*x), plot_number(*y),
                        v ? plot_number(*v) : "NaN", data_text(v ? dsa_value_text(*v) : "–"));
    if (v) {
      largest = std::max(largest, std::fabs(*v));
      ++cells;
      positive += *v > 0;
    }
    rows.push_back({short_number(*x), short_number(*y), v ? dsa_value_text(*v) : "–"});
  }
  data += "EOD\n";
  ReportChart c;
  c.name = "two_way";
  // The parameters' words are the axes' labels; in the title they would overrun the chart.
  c.title = fmt::format("Two-way: {} over two parameters", r.outcome_label);
  c.caption = fmt::format(
      "{} of {} against {} over a grid of {} and {}, all other parameters at their base "
      "values: blue cells are above zero, orange below ({} of {} cells above zero), so the "
      "boundary between the colours is where the two parameters together change the sign.",
      r.outcome_label, option, r.comparator, xp, yp, positive, cells);
  c.alt = fmt::format(
      "Heat map of {} cells: {} across and {} up, each coloured by the outcome (blue above zero, "
      "orange below) and labelled with its value.",
      cells, xp, yp);
  const double m = largest > 0 ? largest : 1;
  c.height = 520;
  c.width = 760;
  c.script = chart_header(c.title, xp, yp) + data +
             fmt::format(
                 "unset grid\nset palette defined (-1 '#D55E00', 0 '#ffffff', 1 '#0072B2')\n"
                 "set cbrange [{}:{}]\nset cblabel {}\nset autoscale xfix\nset autoscale yfix\n"
                 "set border 15\nset tics out\n",
                 plot_number(-m), plot_number(m),
                 gnuplot_quoted(fmt::format("{} ({})", r.outcome_label, outcome_unit(r)))) +
             "plot $G using 1:2:3 with image notitle, '' using 1:2:4 with labels font ',12' "
             "notitle\n";
  c.table_html = html_table(fmt::format("{} of {} ({})", r.outcome_label, option, outcome_unit(r)),
                            {xp, yp, "outcome"}, rows);
  return c;
}

std::optional<ReportChart> threshold_chart(const DsaResults& r) {
  const auto& t = *r.threshold;
  if (t.rows.empty()) return std::nullopt;
  std::string data, plot;
  std::vector<std::vector<std::string>> rows;
  std::string parameter, code;
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::string& option = cell_text(t, i, "option");
    code = cell_text(t, i, "parameter");
    parameter = parameter_words(r.model, code);
    lo = cell_number(t, i, "low").value_or(0);
    hi = cell_number(t, i, "high").value_or(0);
    const auto root = cell_number(t, i, "threshold");
    // The points known: the root (outcome 0) and, if the tornado has the same range, its ends.
    std::map<double, double> points;
    if (root) points[*root] = 0;
    for (const auto& b : r.tornado ? tornado_bars(r, option) : std::vector<TornadoBar>{})
      if (b.parameter == code && b.low == lo && b.high == hi) {
        points[lo] = b.at_low;
        points[hi] = b.at_high;
      }
    data += fmt::format("$H{} << EOD\n", i);
    for (const auto& [x, y] : points)
      data += fmt::format("{} {}\n", plot_number(x), plot_number(y));
    data += "EOD\n";
    plot += fmt::format("{}$H{} using 1:2 with linespoints lt {} pt 7 ps 1.2 title {}",
                        plot.empty() ? "" : ", ", i, i % 6 + 1, gnuplot_quoted(option));
    rows.push_back({option, parameter, short_number(lo), short_number(hi),
                    root ? short_number(*root) : "none",
                    cell_text(t, i, "in_range") == "true" ? "yes" : "no"});
  }
  ReportChart c;
  c.name = "threshold";
  c.title = parameter.size() <= 40
                ? fmt::format("Threshold: where {} changes the decision", lower_first(parameter))
                : std::string("Threshold: where one parameter changes the decision");
  c.caption = fmt::format(
      "{} of each option against {} as {} goes across its range, through the ends of the range "
      "and the threshold value where it crosses zero (the line between them is a guide only): "
      "{}.",
      r.outcome_label, r.comparator, parameter,
      r.outcome_name == "delta_qalys"
          ? "on one side of the threshold the option gains QALYs, on the other it loses them"
          : "on either side of the threshold a different option is preferred");
  c.alt = fmt::format(
      "Line chart of the outcome against {} from {} to {}, crossing the horizontal zero line at "
      "the threshold: {}.",
      parameter, short_number(lo), short_number(hi), rows.empty() ? "none" : rows[0][4]);
  c.script =
      chart_header(c.title, parameter, fmt::format("{} ({})", r.outcome_label, outcome_unit(r))) +
      "set xzeroaxis lw 2 lc rgb '#000000'\nset key below horizontal height 1.5\n" +
      fmt::format("set xrange [{}:{}]\n", plot_number(lo), plot_number(hi)) + data + "plot " +
      plot + "\n";
  c.table_html = html_table(
      "Threshold values",
      {"option", "parameter", "range from", "to", "threshold", "within the range"}, rows, 2);
  return c;
}

}  // namespace

std::string dsa_value_text(double x) {
  if (std::isnan(x)) return "not defined";  // an ICER where no QALY is gained
  if (std::fabs(x) < 1e-9) return "0";      // rounding's remainder of two equal outcomes
  return std::fabs(x) >= 1000 ? core::money_text(x) : fmt::format("{:.4g}", x);
}

std::vector<std::string> tornado_options(const DsaResults& r) {
  std::vector<std::string> options;
  if (!r.tornado) return options;
  for (std::size_t i = 0; i < r.tornado->rows.size(); ++i) {
    const auto& o = cell_text(*r.tornado, i, "option");
    if (std::find(options.begin(), options.end(), o) == options.end()) options.push_back(o);
  }
  return options;
}

std::vector<TornadoBar> tornado_bars(const DsaResults& r, const std::string& option) {
  std::vector<TornadoBar> bars;
  if (!r.tornado) return bars;
  const auto& t = *r.tornado;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (cell_text(t, i, "option") != option) continue;
    TornadoBar b;
    b.parameter = cell_text(t, i, "parameter");
    b.low = cell_number(t, i, "low").value_or(NAN);
    b.high = cell_number(t, i, "high").value_or(NAN);
    b.at_low = cell_number(t, i, "outcome_at_low").value_or(NAN);
    b.at_high = cell_number(t, i, "outcome_at_high").value_or(NAN);
    b.base = cell_number(t, i, "outcome_at_base").value_or(NAN);
    b.swing = cell_number(t, i, "swing").value_or(std::fabs(b.at_high - b.at_low));
    b.rank = cell_number(t, i, "rank").value_or(static_cast<double>(i + 1));
    bars.push_back(std::move(b));
  }
  // By tornado.csv's rank: by swing, after the rows whose swing is not a number (an ICER's).
  std::stable_sort(bars.begin(), bars.end(),
                   [](const auto& a, const auto& b) { return a.rank < b.rank; });
  return bars;
}

std::string outcome_unit(const DsaResults& r) {
  if (r.outcome_name == "roi") return "ratio";
  if (r.outcome_name == "delta_qalys") return "QALYs";
  if (r.outcome_name == "icer") return r.currency + " per QALY";
  return r.currency;
}

std::vector<ReportChart> dsa_charts(const DsaResults& r) {
  std::vector<ReportChart> charts;
  const auto options = tornado_options(r);
  for (std::size_t i = 0; i < std::min(options.size(), kMaxTornados); ++i)
    charts.push_back(tornado_chart(r, options[i], i));
  if (r.two_way)
    if (auto c = two_way_chart(r)) charts.push_back(std::move(*c));
  if (r.threshold)
    if (auto c = threshold_chart(r)) charts.push_back(std::move(*c));
  return charts;
}

}  // namespace pimhsim::output
