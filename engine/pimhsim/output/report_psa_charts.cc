// The PSA report's EVPPI ranking and convergence charts, and the list of its charts.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/report_psa.h"

namespace pimhsim::output {
namespace {

// The EVPPI ranking shows at most this many groups (the table below it has all).
constexpr std::size_t kMaxEvppiBars = 20;
// A convergence line is drawn through at most this many points.
constexpr std::size_t kMaxConvergencePoints = 300;
// A group's label beside its bar is broken into lines of at most this many characters.
constexpr std::size_t kLabelWidth = 38;

std::optional<double> evpi_at(const PsaResults& r, double wtp) {
  for (std::size_t i = 0; i < r.ceac.rows.size(); ++i)
    if (cell_number(r.ceac, i, "wtp") == wtp) return cell_number(r.ceac, i, "evpi_per_" + r.per);
  return std::nullopt;
}

std::optional<ReportChart> evppi_chart(const PsaResults& r) {
  if (r.evppi.empty()) return std::nullopt;
  const double w = evppi_threshold(r);
  std::vector<PsaResults::Evppi> ranked;
  for (const auto& e : r.evppi)
    if (e.wtp == w) ranked.push_back(e);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.value > b.value; });
  const auto evpi = evpi_at(r, w);
  double top = evpi.value_or(0);
  for (const auto& e : ranked) top = std::max(top, e.value + e.se);
  const std::size_t shown = std::min(ranked.size(), kMaxEvppiBars);
  ReportChart c;
  c.name = "evppi";
  c.title = fmt::format("Expected value of partial perfect information at {} {} per QALY",
                        core::human_number(w), r.currency);
  c.caption = fmt::format(
      "What perfect information on each parameter{} alone would be worth per {}, ranked, with "
      "one Monte Carlo SE{}: research on the parameters at the top would reduce the decision's "
      "uncertainty most (as BCEA's info.rank; {} of {} shown, all in the table).",
      ranked.size() > 1 ? " or group" : "", r.per,
      evpi ? fmt::format("; the dashed line is the EVPI, {} {}, which bounds every true EVPPI (an "
                         "estimate may exceed it by its error)",
                         core::human_number(*evpi), r.currency)
           : "",
      shown, ranked.size());
  c.alt = fmt::format(
      "Horizontal bar chart of EVPPI in {} per {} for the {} highest-ranked parameter groups, "
      "largest at the top: {}.",
      r.currency, r.per, shown,
      shown > 0 ? fmt::format("{} first with {}", evppi_group_words(r, ranked[0]),
                              core::human_number(ranked[0].value))
                : "none");
  std::string data = "$R << EOD\n", ytics;
  std::size_t lines = 1;
  for (std::size_t i = 0; i < shown; ++i) {
    data += fmt::format("{} {} {}\n", shown - i, plot_number(ranked[i].value),
                        plot_number(ranked[i].se));
    const auto label = wrapped(evppi_group_words(r, ranked[i]), kLabelWidth);
    lines = std::max(lines, label.size());
    ytics += fmt::format("{}{} {}", ytics.empty() ? "" : ", ", gnuplot_lines(label), shown - i);
  }
  data += "EOD\n";
  // A bar's row is as tall as its label's lines.
  c.height = static_cast<int>(std::max<std::size_t>(300, 110 + (12 + 15 * lines) * shown));
  c.script = chart_header(c.title, fmt::format("EVPPI per {} ({})", r.per, r.currency), "") +
             "unset grid\nset grid xtics lc rgb '#dddddd'\n" +
             (top > 0 ? std::string("set xrange [0:*]\n") : std::string("set xrange [0:1]\n")) +
             "set yrange [0.3:" + plot_number(static_cast<double>(shown) + 0.7) +
             "]\nset style fill solid 0.85 border -1\n" +
             (evpi ? fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 2 lw 2 "
                                 "lc rgb '#000000'\nset label 'EVPI' at {0}, graph 0 offset "
                                 "0.6, 0.8\n",
                                 plot_number(*evpi))
                   : "") +
             data + (shown > 0 ? fmt::format("set ytics ({})\n", ytics) : std::string()) +
             "plot $R using ($2/2):1:($2/2):(0.35) with boxxyerror lt 1 notitle, '' using "
             "2:1:(($2-$3)<0?0:$2-$3):($2+$3) with xerrorbars lt 7 pt 0 notitle\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < ranked.size(); ++i)
    rows.push_back({std::to_string(i + 1), evppi_group_words(r, ranked[i]), ranked[i].parameters,
                    fmt::format("{} ± {}", core::human_number(ranked[i].value),
                                core::human_number(ranked[i].se)),
                    evpi && *evpi > 0 ? fmt::format("{:.1f}%", 100 * ranked[i].value / *evpi) : "–",
                    ranked[i].population ? core::money_text(*ranked[i].population) : "–"});
  c.table_html =
      html_table(fmt::format("EVPPI at {} {} per QALY, per {} (± Monte Carlo SE), from {}",
                             core::human_number(w), r.currency, r.per, r.evppi_file),
                 {"rank", "group", "parameters", fmt::format("per {} ({})", r.per, r.currency),
                  "share of EVPI", "population"},
                 rows, 3);
  return c;
}

std::optional<ReportChart> convergence_chart(const PsaResults& r) {
  const auto& t = r.convergence;
  std::vector<std::string> figures;
  // figure -> option -> (iterations, estimate, lower, upper)
  std::map<std::string, std::map<std::string, std::vector<std::array<double, 4>>>> series;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const std::string& f = cell_text(t, i, "figure");
    if (std::find(figures.begin(), figures.end(), f) == figures.end()) figures.push_back(f);
    const auto it = cell_number(t, i, "iterations"), est = cell_number(t, i, "estimate");
    if (!it || !est) continue;
    series[f][cell_text(t, i, "option")].push_back({*it, *est,
                                                    cell_number(t, i, "lower").value_or(NAN),
                                                    cell_number(t, i, "upper").value_or(NAN)});
  }
  if (figures.empty()) return std::nullopt;
  ReportChart c;
  c.name = "convergence";
  c.title = "Convergence of the headline increments";
  c.caption = fmt::format(
      "The running mean of each headline increment against {} as draws accumulate, with its 95% "
      "interval (± 1.96 running standard errors, shaded): the PSA has run long enough when each "
      "line has settled and its band is narrow beside the differences that matter.",
      r.comparator);
  c.alt = fmt::format(
      "{} small line charts, one per figure ({}), of the running mean against the number of "
      "draws, one line per option with a shaded 95% band.",
      figures.size(), core::listed(figures, "and"));
  std::string data, panels;
  std::vector<std::vector<std::string>> rows;
  std::size_t block = 0;
  for (const auto& f : figures) {
    double largest = 0;
    for (const auto& [option, points] : series[f])
      for (const auto& p : points) largest = std::max(largest, std::fabs(p[1]));
    const bool money = f.find("cost") != std::string::npos || f.find("nmb") != std::string::npos;
    const auto unit = money ? money_unit(largest, r.currency) : MoneyUnit{1, "QALYs"};
    std::string plot;
    for (const auto& o : r.options) {
      const auto found = series[f].find(o);
      if (found == series[f].end()) continue;
      const auto& points = found->second;
      const std::size_t step = std::max<std::size_t>(1, points.size() / kMaxConvergencePoints);
      data += fmt::format("$V{} << EOD\n", block);
      for (std::size_t i = 0; i < points.size(); ++i)
        if (i % step == 0 || i + 1 == points.size())
          data += fmt::format(
              "{} {} {} {}\n", plot_number(points[i][0]), plot_number(points[i][1] / unit.divisor),
              plot_number(points[i][2] / unit.divisor), plot_number(points[i][3] / unit.divisor));
      data += "EOD\n";
      const std::size_t lt = static_cast<std::size_t>(
          std::find(r.options.begin(), r.options.end(), o) - r.options.begin());
      plot += fmt::format(
          "{}$V{} using 1:3:4 with filledcurves fs transparent solid 0.2 lt {} notitle, '' using "
          "1:2 with lines lt {} title {}",
          plot.empty() ? "" : ", ", block, lt % 6 + 1, lt % 6 + 1, gnuplot_quoted(o));
      const auto& last = points.back();
      const double se = (last[3] - last[2]) / (2 * 1.96);
      rows.push_back(
          {figure_label(f), o, money ? core::money_text(last[1]) : core::human_number(last[1]),
           std::isnan(se) ? "–" : (money ? core::money_text(se) : core::human_number(se)),
           std::isnan(se) || last[1] == 0 ? "–"
                                          : fmt::format("{:.1f}%", 100 * se / std::fabs(last[1]))});
      ++block;
    }
    panels += fmt::format("set title {}\nset ylabel {}\nplot {}\n", gnuplot_quoted(figure_label(f)),
                          gnuplot_quoted(money ? unit.label + ", discounted" : "QALYs, discounted"),
                          plot);
  }
  const std::size_t lines = (figures.size() + 1) / 2;
  c.height = static_cast<int>(80 + 300 * lines);
  c.width = 900;
  c.script =
      std::string(chart_style()) + data +
      fmt::format("set multiplot layout {},{} title {}\n", lines, figures.size() > 1 ? 2 : 1,
                  gnuplot_quoted(c.title)) +
      "set xlabel 'Draws (iterations)'\nset key below horizontal height 1.5\nset autoscale xfix\n"
      "set xzeroaxis lc rgb '#888888'\n" +
      panels + "unset multiplot\n";
  c.table_html =
      html_table(fmt::format("Each headline increment after all {} draws, with its running SE",
                             count_text(r.iterations)),
                 {"figure", "option", "mean", "SE", "SE / |mean|"}, rows, 2);
  return c;
}

}  // namespace

std::string evppi_group_words(const PsaResults& r, const PsaResults::Evppi& e) {
  return e.group == e.parameters ? parameter_words(r.model, e.group) : e.group;
}

double evppi_threshold(const PsaResults& r) {
  const auto has = [&](double t, bool positive) {
    return std::any_of(r.evppi.begin(), r.evppi.end(),
                       [&](const auto& e) { return e.wtp == t && (!positive || e.value > 0); });
  };
  for (const bool positive : {true, false})
    for (const double t : r.thresholds)
      if (has(t, positive)) return t;
  return r.evppi.empty() ? 0 : r.evppi.front().wtp;
}

std::vector<ReportChart> psa_charts(const PsaResults& r) {
  std::vector<ReportChart> charts;
  charts.push_back(psa_ce_plane_chart(r));
  charts.push_back(psa_ceac_chart(r));
  if (auto c = psa_evpi_chart(r)) charts.push_back(std::move(*c));
  if (auto c = evppi_chart(r)) charts.push_back(std::move(*c));
  if (auto c = convergence_chart(r)) charts.push_back(std::move(*c));
  return charts;
}

}  // namespace pimhsim::output
