#include "pimhsim/output/report_psa.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/economics/icer.h"
#include "pimhsim/output/gnuplot.h"

namespace pimhsim::output {
namespace {

// The ICER of the mean increments with its quadrant: a ratio alone reads a dominated option's
// negative ratio as a cost-effective one, and a cheaper, less effective option's as a cost per
// QALY gained.
std::string icer_text(double delta_cost, double delta_effect) {
  const auto icer = economics::icer(delta_cost, delta_effect);
  switch (icer.kind) {
    case economics::Icer::Kind::kRatio:
      return core::money_text(icer.value) + " per QALY gained";
    case economics::Icer::Kind::kLessCostlyLessEffective:
      return core::money_text(icer.value) + " saved per QALY lost";
    default:
      return icer.label();  // dominant, dominated, no difference
  }
}

// The linetypes' colours of chart_style(), for points drawn see-through.
constexpr const char* kColours[] = {"0072B2", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00"};

const char* colour(std::size_t i) {
  return kColours[i % (sizeof kColours / sizeof kColours[0])];
}

std::vector<std::size_t> rows_of(const scenario::CsvTable& t, const std::string& column,
                                 const std::string& value) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    if (cell_text(t, i, column) == value) rows.push_back(i);
  return rows;
}

}  // namespace

std::string psa_threshold_words(const PsaResults& r, double w) {
  return fmt::format("{} {} per QALY", core::human_number(w), r.currency);
}

ReportChart psa_ce_plane_chart(const PsaResults& r) {
  const auto clouds = plane_clouds(r);
  double largest = 0;
  for (const auto& c : clouds)
    for (const double x : c.cost) largest = std::max(largest, std::fabs(x));
  const auto unit = money_unit(largest, r.currency);
  ReportChart c;
  c.name = "ce_plane";
  c.title = fmt::format("Cost-effectiveness plane against {}", r.comparator);
  const double w = r.thresholds.empty() ? 0 : r.thresholds.front();
  c.caption = fmt::format(
      "Each point is one of the {} parameter draws: an option's extra QALYs (across) and extra "
      "cost (up) against {}; the large marker is the option's mean and the closed line the ellipse "
      "that would hold 95% of the draws were they bivariate normal with their covariance (a "
      "region of the draws, not a confidence region for the mean){}.",
      count_text(r.iterations), r.comparator,
      w > 0 ? fmt::format("; below the dashed line of {} an option is cost-effective",
                          psa_threshold_words(r, w))
            : "");
  c.alt = fmt::format(
      "Scatter plot of incremental cost in {} against incremental QALYs, {} draws for each of {} "
      "options, each with its mean and 95% ellipse.",
      unit.label, count_text(r.iterations), clouds.size());
  std::string data, plot;
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < clouds.size(); ++k) {
    const auto& cl = clouds[k];
    data += fmt::format("$C{} << EOD\n", k);
    for (std::size_t i = 0; i < cl.cost.size(); ++i)
      data += plot_number(cl.effect[i]) + " " + plot_number(cl.cost[i] / unit.divisor) + "\n";
    data += fmt::format("EOD\n$E{} << EOD\n", k);
    for (const auto& [e, cost] : confidence_ellipse(cl))
      data += plot_number(e) + " " + plot_number(cost / unit.divisor) + "\n";
    data += fmt::format("EOD\n$M{} << EOD\n{} {}\nEOD\n", k, plot_number(cl.mean_effect),
                        plot_number(cl.mean_cost / unit.divisor));
    plot += fmt::format(
        "{}$C{} using 1:2 with points pt 7 ps 0.6 lc rgb '#60{}' notitle, $E{} using 1:2 with "
        "lines lw 2 lc rgb '#{}' notitle, $M{} using 1:2 with points pt 9 ps 2.2 lc rgb '#{}' "
        "title {}",
        plot.empty() ? "" : ", ", k, colour(k), k, colour(k), k, colour(k),
        gnuplot_quoted(cl.option));
    const double count = static_cast<double>(cl.cost.size());
    const double sd_e = std::sqrt(cl.var_effect), sd_c = std::sqrt(cl.var_cost);
    rows.push_back(
        {cl.option,
         fmt::format("{} ± {}", core::human_number(cl.mean_effect),
                     core::human_number(sd_e / std::sqrt(count))),
         money_with_se(cl.mean_cost, sd_c / std::sqrt(count)), core::human_number(sd_e),
         core::money_text(sd_c),
         sd_e > 0 && sd_c > 0 ? fmt::format("{:.2f}", cl.covariance / (sd_e * sd_c)) : "–",
         icer_text(cl.mean_cost, cl.mean_effect)});
  }
  if (w > 0)
    plot +=
        fmt::format(", {}*x/{} with lines dt 2 lw 1.5 lc rgb '#555555' title {}", plot_number(w),
                    plot_number(unit.divisor), gnuplot_quoted(psa_threshold_words(r, w)));
  c.height = 520;
  c.script = chart_header(c.title, "Incremental QALYs (discounted)",
                          fmt::format("Incremental cost ({}, discounted)", unit.label)) +
             "set xzeroaxis lc rgb '#444444'\nset yzeroaxis lc rgb '#444444'\n"
             "set grid xtics ytics lc rgb '#dddddd'\nset key below horizontal height 1.5\n"
             "set samples 200\n" +
             data + "plot " + plot + "\n";
  c.table_html = html_table(
      fmt::format("Increments against {} over {} draws (mean ± Monte Carlo SE; {}, discounted)",
                  r.comparator, count_text(r.iterations), r.currency),
      {"option", "QALYs gained", "extra cost", "SD of QALYs", "SD of cost", "correlation",
       "ICER of the means"},
      rows);
  return c;
}

ReportChart psa_ceac_chart(const PsaResults& r) {
  const auto& t = r.ceac;
  std::map<double, std::vector<std::string>> by_wtp;  // wtp -> p per option, then the CEAF
  std::map<double, std::string> frontier;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const double w = cell_number(t, i, "wtp").value_or(0);
    auto& row = by_wtp[w];
    row.resize(r.options.size() + 1);
    const auto at = std::find(r.options.begin(), r.options.end(), cell_text(t, i, "option"));
    if (at == r.options.end()) continue;
    const auto p = cell_number(t, i, "probability_most_cost_effective").value_or(0);
    row[static_cast<std::size_t>(at - r.options.begin())] = plot_number(p);
    if (cell_text(t, i, "on_frontier") == "true") {
      row.back() = plot_number(p);
      frontier[w] = *at;
    }
  }
  ReportChart c;
  c.name = "ceac";
  c.title = "Cost-effectiveness acceptability curves and frontier";
  const double se = 0.5 / std::sqrt(static_cast<double>(std::max(1LL, r.iterations)));
  c.caption = fmt::format(
      "The probability that each option is the most cost-effective (has the highest net monetary "
      "benefit) at each value of a QALY, with the frontier (CEAF, black): the probability of the "
      "option a decision maker would choose, the one with the highest expected net benefit; "
      "each probability is a share of {} draws, with a Monte Carlo SE of at most {:.3f}.",
      count_text(r.iterations), se);
  c.alt = fmt::format(
      "Line chart of probability (0 to 1) against willingness to pay per QALY from {} to {} {}: "
      "one curve per option for {} options and a thick black frontier curve.",
      core::human_number(by_wtp.begin()->first), core::human_number(by_wtp.rbegin()->first),
      r.currency, r.options.size());
  std::string data = "$A << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [w, ps] : by_wtp) {
    data += plot_number(w);
    for (const auto& p : ps) data += " " + (p.empty() ? std::string("NaN") : p);
    data += "\n";
    std::vector<std::string> row = {core::human_number(w)};
    for (std::size_t k = 0; k + 1 < ps.size(); ++k)
      row.push_back(ps[k].empty() ? "" : fmt::format("{:.3f}", std::stod(ps[k])));
    row.push_back(frontier.count(w) ? frontier[w] : "");
    rows.push_back(std::move(row));
  }
  data += "EOD\n";
  std::string marks;
  for (const double w : r.thresholds)
    marks += fmt::format(
        "set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 3 lc rgb '#666666'\n"
        "set label {1} at {0}, graph 0.97 offset 0.5, 0 tc rgb '#444444'\n",
        plot_number(w), gnuplot_quoted(core::human_number(w)));
  c.script = chart_header(c.title, fmt::format("Value of a QALY ({} per QALY)", r.currency),
                          "Probability most cost-effective") +
             "set yrange [0:1.02]\nset key below horizontal height 1.5\nset autoscale xfix\n"
             "set format x '%.0f'\n" +
             marks + data + "plot ";
  for (std::size_t k = 0; k < r.options.size(); ++k)
    c.script += fmt::format("$A using 1:{} with lines lt {} title {}, ", k + 2, k % 6 + 1,
                            gnuplot_quoted(r.options[k]));
  c.script += fmt::format(
      "$A using 1:{} with linespoints lw 6 pt 7 ps 0.7 lc rgb '#A0000000' title 'frontier "
      "(CEAF)'\n",
      r.options.size() + 2);
  std::vector<std::string> head = {std::string("value of a QALY (") + r.currency + ")"};
  head.insert(head.end(), r.options.begin(), r.options.end());
  head.push_back("on the frontier");
  c.table_html = html_table("Probability that each option is the most cost-effective", head, rows);
  return c;
}

std::optional<ReportChart> psa_evpi_chart(const PsaResults& r) {
  const auto& t = r.ceac;
  const std::string per = "_per_" + r.per;
  std::map<double, std::array<double, 3>> at;  // wtp -> evpi, se, population
  double factor = 0, top = 0;
  for (const auto i : rows_of(t, "option", r.options.front())) {
    const auto w = cell_number(t, i, "wtp"), v = cell_number(t, i, "evpi" + per);
    if (!w || !v) continue;
    const double se = cell_number(t, i, "evpi" + per + "_se").value_or(0);
    const auto pop = cell_number(t, i, "evpi_population");
    at[*w] = {*v, se, pop.value_or(NAN)};
    if (pop && *v > 0) factor = *pop / *v;
    top = std::max(top, *v + 1.96 * se);
  }
  if (at.empty()) return std::nullopt;
  ReportChart c;
  c.name = "evpi";
  c.title = "Expected value of perfect information";
  c.caption = fmt::format(
      "What removing all uncertainty in the parameters would be worth per {} (left) and{} at "
      "each value of a QALY, with its 95% Monte Carlo interval (shaded): an upper bound on what "
      "further research could be worth.",
      r.per,
      factor > 0 ? fmt::format(" for the {} people affected each year over the decision's years "
                               "(right)",
                               core::human_number(r.annual_population.value_or(0)))
                 : " (no population given, so per person only)");
  c.alt = fmt::format(
      "Line chart of EVPI in {} per {} against the value of a QALY, from {} to {} {} per QALY, "
      "with a shaded 95% interval.",
      r.currency, r.per, core::human_number(at.begin()->first),
      core::human_number(at.rbegin()->first), r.currency);
  std::string data = "$V << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [w, v] : at) {
    data += fmt::format("{} {} {} {}\n", plot_number(w), plot_number(v[0]),
                        plot_number(std::max(0.0, v[0] - 1.96 * v[1])),
                        plot_number(v[0] + 1.96 * v[1]));
    rows.push_back({core::human_number(w), money_with_se(v[0], v[1]),
                    std::isnan(v[2]) ? "–" : core::money_text(v[2])});
  }
  data += "EOD\n";
  std::string y2;
  if (factor > 0) {
    const auto unit = money_unit(top * factor, r.currency);
    y2 = fmt::format(
        "set y2tics\nset link y2 via y*{0} inverse y/{0}\nset y2label {1}\nset border 11 lc rgb "
        "'#444444'\n",
        plot_number(factor / unit.divisor),
        gnuplot_quoted(fmt::format("Population EVPI ({})", unit.label)));
  }
  std::string marks;
  for (const double w : r.thresholds)
    marks +=
        fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead dt 3 lc rgb '#666666'\n",
                    plot_number(w));
  c.script = chart_header(c.title, fmt::format("Value of a QALY ({} per QALY)", r.currency),
                          fmt::format("EVPI per {} ({})", r.per, r.currency)) +
             "set yrange [0:*]\nset autoscale xfix\nset format x '%.0f'\nset key top left\n" + y2 +
             marks + data +
             "plot $V using 1:3:4 with filledcurves fs transparent solid 0.25 lc rgb '#0072B2' "
             "title '95% interval', '' using 1:2 with lines lt 1 lw 2.5 title 'EVPI'\n";
  c.table_html = html_table(
      fmt::format("EVPI per {} (± Monte Carlo SE) and for the population ({})", r.per, r.currency),
      {"value of a QALY", fmt::format("per {}", r.per), "population"}, rows);
  return c;
}

std::vector<PlaneCloud> plane_clouds(const PsaResults& r) {
  std::vector<PlaneCloud> clouds;
  for (std::size_t k = 1; k < r.options.size(); ++k) {
    PlaneCloud c;
    c.option = r.options[k];
    for (const auto i : rows_of(r.ce_plane, "option", c.option)) {
      const auto cost = cell_number(r.ce_plane, i, "delta_cost");
      const auto effect = cell_number(r.ce_plane, i, "delta_effect");
      if (!cost || !effect) continue;
      c.cost.push_back(*cost);
      c.effect.push_back(*effect);
    }
    const double count = static_cast<double>(c.cost.size());
    if (count == 0) continue;
    for (std::size_t i = 0; i < c.cost.size(); ++i) {
      c.mean_cost += c.cost[i] / count;
      c.mean_effect += c.effect[i] / count;
    }
    if (count > 1) {
      for (std::size_t i = 0; i < c.cost.size(); ++i) {
        const double dc = c.cost[i] - c.mean_cost, de = c.effect[i] - c.mean_effect;
        c.var_cost += dc * dc / (count - 1);
        c.var_effect += de * de / (count - 1);
        c.covariance += dc * de / (count - 1);
      }
    }
    clouds.push_back(std::move(c));
  }
  return clouds;
}

std::vector<std::pair<double, double>> confidence_ellipse(const PlaneCloud& c, double level,
                                                          int points) {
  const double q = -2 * std::log(1 - level);
  if (!(c.var_effect > 0)) return {};
  const double l11 = std::sqrt(c.var_effect), l21 = c.covariance / l11;
  const double rest = c.var_cost - l21 * l21;
  if (!(rest > 1e-12 * c.var_cost)) return {};
  const double l22 = std::sqrt(rest);
  std::vector<std::pair<double, double>> out;
  for (int i = 0; i <= points; ++i) {
    const double t = 2 * M_PI * i / points;
    const double u = std::sqrt(q) * std::cos(t), v = std::sqrt(q) * std::sin(t);
    out.push_back({c.mean_effect + l11 * u, c.mean_cost + l21 * u + l22 * v});
  }
  return out;
}

std::vector<double> ceac_from_plane(const PsaResults& r, double wtp) {
  // NMB of each option in each iteration, less the comparator's: w dE - dC (0 for the comparator).
  std::map<long long, std::vector<double>> nmb;
  for (std::size_t i = 0; i < r.ce_plane.rows.size(); ++i) {
    const auto it = cell_number(r.ce_plane, i, "iteration");
    const auto at =
        std::find(r.options.begin(), r.options.end(), cell_text(r.ce_plane, i, "option"));
    if (!it || at == r.options.end()) continue;
    auto& row = nmb[static_cast<long long>(*it)];
    row.resize(r.options.size(), 0.0);
    row[static_cast<std::size_t>(at - r.options.begin())] =
        wtp * cell_number(r.ce_plane, i, "delta_effect").value_or(0) -
        cell_number(r.ce_plane, i, "delta_cost").value_or(0);
  }
  std::vector<double> share(r.options.size(), 0.0);
  for (const auto& [iteration, values] : nmb)
    share[static_cast<std::size_t>(std::max_element(values.begin(), values.end()) -
                                   values.begin())] += 1.0 / static_cast<double>(nmb.size());
  return share;
}

std::string figure_label(const std::string& f) {
  const auto rest = [&](const std::string& prefix) { return f.substr(prefix.size()); };
  if (f == "delta_qalys") return "Incremental QALYs";
  if (f == "delta_cost") return "Incremental cost";
  if (f.rfind("delta_cost_", 0) == 0)
    return "Incremental cost, " + perspective_label(rest("delta_cost_"));
  if (f.rfind("delta_nmb_", 0) == 0) {
    // strtod's `end` points into the text, which must outlive the test of *end.
    const std::string wtp = rest("delta_nmb_");
    char* end = nullptr;
    const double w = std::strtod(wtp.c_str(), &end);
    return "Incremental net monetary benefit at " + (*end == '\0' ? core::human_number(w) : wtp);
  }
  return f;
}

}  // namespace pimhsim::output
