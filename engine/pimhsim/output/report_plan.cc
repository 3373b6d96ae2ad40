// The pages of `plan` and `compare` directories (report_kinds.h): a plan's answer with its
// dose-response curves and the reconciliation of its answers; a comparison's headline table and
// efficiency frontier.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/report_kinds.h"

namespace pimhsim::output {
namespace {

// Dose-response panels shown at most (dose_response.csv has every measure).
constexpr std::size_t kMaxPanels = 6;

// An option of a comparison's table by the name the frontier gives it: its `label` where the table
// has one, else `scenario: option` where the option's name does not already say its scenario.
std::string option_label(const scenario::CsvTable& t, std::size_t i) {
  if (t.column("label") && !cell_text(t, i, "label").empty()) return cell_text(t, i, "label");
  const std::string& option = cell_text(t, i, "option");
  const std::string& scenario = cell_text(t, i, "scenario");
  if (scenario.empty() || option.rfind(scenario, 0) == 0) return option;
  const std::string& variant = cell_text(t, i, "variant");
  return scenario + (variant.empty() ? "" : ", " + variant) + ": " + option;
}

// The options' labels without what they all start with (the scenario's name, when they share one).
std::map<std::string, std::string> short_labels(const std::vector<std::string>& labels) {
  std::string prefix;
  const auto shorter = without_common_prefix(labels, prefix);
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < labels.size(); ++i) out[labels[i]] = shorter[i];
  return out;
}

std::vector<std::string> table_labels(const scenario::CsvTable& t) {
  std::vector<std::string> labels;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    if (const auto l = option_label(t, i);
        std::find(labels.begin(), labels.end(), l) == labels.end())
      labels.push_back(l);
  return labels;
}

std::string header_html(const ResultHeader& r, const std::string& what, const std::string& meta,
                        const std::string& question) {
  return fmt::format(
      "<section class=\"board\" id=\"summary\">\n<h1>{}</h1>\n<p class=\"meta\">PIMHsim {} {} · "
      "{}</p>\n<h2>The question</h2>\n<p id=\"question\">{}</p>\n",
      html_escaped(r.scenario_name), html_escaped(r.version), what, html_escaped(meta),
      html_escaped(question));
}

// A measure's axis: its scale and label, from dose_response.csv's unit.
std::pair<double, std::string> measure_axis(const std::string& unit, double largest,
                                            const std::string& currency) {
  if (unit == "share") return {0.01, "%"};
  if (unit == "pounds") {
    const auto u = money_unit(largest, currency);
    return {u.divisor, u.label};
  }
  return {1, unit};
}

std::optional<ReportChart> dose_response_chart(const PlanResults& r) {
  const auto& t = *r.dose_response;
  std::vector<std::string> measures;
  std::map<std::string, std::string> units;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& m = cell_text(t, i, "measure");
    if (!units.count(m)) measures.push_back(m);
    units[m] = cell_text(t, i, "unit");
  }
  // The plan's measure first, then the value for money, then the rest as the file has them.
  std::vector<std::string> shown;
  const auto take = [&](const std::string& m) {
    if (shown.size() < kMaxPanels && units.count(m) && units[m] != "calendar year" &&
        std::find(shown.begin(), shown.end(), m) == shown.end())
      shown.push_back(m);
  };
  take(r.measure);
  for (const auto& m : measures)
    if (m.rfind("nmb@", 0) == 0 || m == "roi" || m == "net_savings") take(m);
  for (const auto& m : measures) take(m);
  if (shown.empty()) return std::nullopt;
  const std::string x_unit = cell_text(t, 0, "x_unit");
  ReportChart c;
  c.name = "dose_response";
  c.title = "Dose-response: what each level of specialist staffing achieves";
  c.caption = fmt::format(
      "Each measure at each staffing level swept ({}), with its 95% Monte Carlo interval "
      "(shaded, ± 1.96 SE); every level simulates the same random numbers, so the curves' shapes "
      "are the staffing's effect.",
      x_unit);
  std::vector<std::string> shown_words;
  for (const auto& m : shown) shown_words.push_back(plain_label(m));
  c.alt = fmt::format("{} small line charts of {} against staffing ({}), each with a shaded band.",
                      shown.size(), core::listed(shown_words, "and"), x_unit);
  std::string data, panels;
  std::vector<std::vector<std::string>> rows;
  for (std::size_t p = 0; p < shown.size(); ++p) {
    std::vector<std::array<double, 3>> points;
    double largest = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      if (cell_text(t, i, "measure") == shown[p]) {
        const auto x = cell_number(t, i, "x"), v = cell_number(t, i, "estimate");
        if (!x || !v) continue;
        points.push_back({*x, *v, cell_number(t, i, "se").value_or(0)});
        largest = std::max(largest, std::fabs(*v));
      }
    const auto [scale, label] = measure_axis(units[shown[p]], largest, r.currency);
    data += fmt::format("$D{} << EOD\n", p);
    for (const auto& [x, v, se] : points) {
      data +=
          fmt::format("{} {} {} {}\n", plot_number(x), plot_number(v / scale),
                      plot_number((v - 1.96 * se) / scale), plot_number((v + 1.96 * se) / scale));
      rows.push_back(
          {plain_label(shown[p]), core::human_number(x),
           fmt::format("{} ± {}", core::human_number(v / scale), core::human_number(se / scale)),
           label});
    }
    data += "EOD\n";
    panels += fmt::format(
        "set title {}\nset ylabel {}\nplot $D{} using 1:3:4 with filledcurves fs transparent "
        "solid 0.25 lt 1 notitle, '' using 1:2 with linespoints lt 1 pt 7 ps 0.6 notitle\n",
        gnuplot_quoted(plain_label(shown[p])), gnuplot_quoted(label), p);
  }
  const std::size_t lines = (shown.size() + 2) / 3;
  c.width = 960;
  c.height = static_cast<int>(60 + 280 * lines);
  c.script = std::string(chart_style()) + data +
             fmt::format("set multiplot layout {},{} title {}\n", lines,
                         std::min<std::size_t>(3, shown.size()), gnuplot_quoted(c.title)) +
             fmt::format("set xlabel {}\nset autoscale xfix\nset xzeroaxis lc rgb '#888888'\n",
                         gnuplot_quoted(fmt::format("Staffing ({})", x_unit))) +
             panels + "unset multiplot\n";
  c.table_html = html_table("Dose-response (estimate ± Monte Carlo SE)",
                            {"measure", "staffing", "estimate", "unit"}, rows, 1);
  return c;
}

std::optional<ReportChart> frontier_chart(const CompareResults& r) {
  const auto& t = r.frontier;
  double largest = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    largest = std::max(largest, std::fabs(cell_number(t, i, "cost").value_or(0)));
  const auto unit = money_unit(largest, r.currency);
  const auto shorter = short_labels(table_labels(t));
  std::string on, off;
  std::vector<std::pair<double, double>> line;
  std::size_t dominated = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto cost = cell_number(t, i, "cost"), effect = cell_number(t, i, "effect");
    if (!cost || !effect) continue;
    const std::string row =
        fmt::format("{} {} {} {} {}\n", plot_number(*effect), plot_number(*cost / unit.divisor),
                    plot_number(1.96 * cell_number(t, i, "effect_se").value_or(0)),
                    plot_number(1.96 * cell_number(t, i, "cost_se").value_or(0) / unit.divisor),
                    data_text(shorter.at(option_label(t, i))));
    if (cell_text(t, i, "status") == "frontier") {
      on += row;
      line.push_back({*effect, *cost / unit.divisor});
    } else {
      off += row;
      ++dominated;
    }
  }
  if (on.empty() && off.empty()) return std::nullopt;
  std::sort(line.begin(), line.end());
  std::string frontier;
  for (const auto& [e, cost] : line) frontier += plot_number(e) + " " + plot_number(cost) + "\n";
  ReportChart c;
  c.name = "frontier";
  c.title = "Efficiency frontier";
  c.caption = fmt::format(
      "Each option's cost and QALYs (discounted, with 95% Monte Carlo intervals): the line joins "
      "the options on the efficiency frontier, each giving more health for its extra cost than "
      "the one before; {} dominated option{} (open markers) cost more for less, or less "
      "efficiently.",
      dominated, dominated == 1 ? " is" : "s are");
  c.alt = fmt::format(
      "Scatter plot of cost in {} against QALYs for {} options, with the frontier line through "
      "{} of them and {} dominated.",
      unit.label, t.rows.size(), line.size(), dominated);
  c.height = 520;
  c.script = chart_header(c.title, "QALYs (discounted)",
                          fmt::format("Cost ({}, discounted)", unit.label)) +
             "set key below horizontal height 1.5\nset offsets graph 0.1, graph 0.1, graph 0.1, "
             "graph 0.1\n" +
             "$F << EOD\n" + frontier + "EOD\n$ON << EOD\n" +
             (on.empty() ? "NaN NaN 0 0 \"\"\n" : on) + "EOD\n$OFF << EOD\n" +
             (off.empty() ? "NaN NaN 0 0 \"\"\n" : off) + "EOD\n" +
             "plot $F using 1:2 with lines lt 1 lw 2 title 'frontier', $ON using 1:2:3:4 with "
             "xyerrorbars lt 1 pt 7 ps 1.5 title 'on the frontier', $OFF using 1:2:3:4 with "
             "xyerrorbars lt 6 pt 6 ps 1.5 title 'dominated', $ON using 1:2:5 with labels "
             "offset 0, 1.2 font ',10' notitle, $OFF using 1:2:5 with labels offset 0, -1.2 "
             "font ',10' notitle\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto icer = cell_number(t, i, "icer");
    rows.push_back(
        {option_label(t, i),
         money_with_se(cell_number(t, i, "cost").value_or(0),
                       cell_number(t, i, "cost_se").value_or(0)),
         fmt::format("{} ± {}", core::human_number(cell_number(t, i, "effect").value_or(0)),
                     core::human_number(cell_number(t, i, "effect_se").value_or(0))),
         cell_text(t, i, "status"), cell_text(t, i, "compared_with"),
         icer ? core::money_text(*icer) : "–"});
  }
  c.table_html =
      html_table(fmt::format("Incremental analysis ({}, discounted, ± Monte Carlo SE)", r.currency),
                 {"option", "cost", "QALYs", "status", "compared with", "ICER"}, rows, 1);
  return c;
}

std::string headline_html(const CompareResults& r) {
  const auto& t = r.headline;
  std::vector<std::string> options, figures;
  std::map<std::pair<std::string, std::string>, std::string> cells;
  const auto shorter = short_labels(table_labels(t));
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto o = shorter.at(option_label(t, i));
    const auto& f = cell_text(t, i, "figure");
    if (std::find(options.begin(), options.end(), o) == options.end()) options.push_back(o);
    if (std::find(figures.begin(), figures.end(), f) == figures.end()) figures.push_back(f);
    const auto v = cell_number(t, i, "estimate");
    cells[{f, o}] = !v ? "–" : figure_text(f, *v, cell_number(t, i, "se").value_or(0));
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : figures) {
    std::vector<std::string> row = {plain_label(f)};
    for (const auto& o : options) row.push_back(cells.count({f, o}) ? cells[{f, o}] : "");
    rows.push_back(std::move(row));
  }
  std::vector<std::string> head = {"figure"};
  head.insert(head.end(), options.begin(), options.end());
  return "<h2>Side by side</h2>\n<div id=\"headline\" class=\"wide\">\n" +
         html_table(fmt::format("Headline figures (money in {}, discounted; whole population over "
                                "the horizon; ± Monte Carlo SE)",
                                r.currency),
                    head, rows, 1) +
         "</div>\n";
}

}  // namespace

ReportPage plan_page(const PlanResults& r) {
  ReportPage page;
  page.title = r.scenario_name;
  page.kind = "plan report";
  page.version = r.version;
  std::string html = header_html(
      r, "staffing plan", fmt::format("{} model · {} rule", r.model, r.rule),
      r.target.empty()
          ? (r.budget ? fmt::format("What does {} a year buy in specialist staffing?",
                                    core::money_text(*r.budget))
                      : std::string("What does each level of specialist staffing achieve?"))
          : fmt::format("What is the smallest specialist staffing with {}?",
                        target_words(r.target)));
  html += "<div class=\"verdict\" id=\"recommendation\">\n";
  if (r.total_wte)
    html += fmt::format(
        "<p class=\"answer\"><span id=\"recommended-option\">{:.1f} WTE</span> of specialists, "
        "posts costing {} {} a year</p>\n<p>{}</p>\n",
        *r.total_wte, html_escaped(r.currency),
        html_escaped(core::money_text(r.annual_post_cost.value_or(0))),
        html_escaped(
            r.target.empty() ? std::string()
            : r.reachable
                ? fmt::format("This staffing meets the target (`{}`).", r.target)
                : fmt::format("The target (`{}`) is out of reach within the search: this is "
                              "the best reachable.",
                              r.target)));
  html += "</div>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& q : r.reconciliation)
    rows.push_back(
        {q.question, fmt::format("{:.1f}", q.total_wte), core::money_text(q.annual_post_cost)});
  if (!rows.empty())
    html +=
        "<h2>How many specialists? Each answer and the question it answers</h2>\n<div "
        "id=\"reconciliation\">\n" +
        html_table(
            fmt::format("Reconciliation of the answers (posts' cost in {} a year)", r.currency),
            {"question", "WTE", "a year"}, rows) +
        "</div>\n";
  page.summary_html = html + "</section>\n";
  if (r.dose_response)
    if (auto c = dose_response_chart(r)) page.charts.push_back(std::move(*c));
  page.no_charts = "This plan has no dose-response table to chart (plan --sweep writes one).";
  page.footer_html = fmt::format(
      "Made by PIMHsim {} from the results directory <code>{}</code> (its plan.json, plan.csv and "
      "dose_response.csv; command: <code>{}</code>).",
      html_escaped(r.version), html_escaped(r.directory.string()), html_escaped(r.command_line));
  return page;
}

ReportPage compare_page(const CompareResults& r) {
  ReportPage page;
  page.title = r.scenario_name;
  page.kind = "comparison report";
  page.version = r.version;
  std::string html = header_html(
      r, "comparison", fmt::format("{}; {}", core::listed(r.scenarios, "and"), r.random_numbers),
      fmt::format("Which of these {} options gives the most health for the money?",
                  r.frontier.rows.size()));
  // The options by what tells them apart (the page's header names their scenarios).
  std::vector<std::string> labels = table_labels(r.frontier);
  for (const auto& c : r.choices)
    for (const auto* l : {&c.option, &c.runner_up})
      if (!l->empty() && std::find(labels.begin(), labels.end(), *l) == labels.end())
        labels.push_back(*l);
  const auto shorter = short_labels(labels);
  const auto unresolved = [](const CompareResults::Choice& c) {
    return c.lead && c.lead_se && *c.lead < 2 * *c.lead_se;
  };
  html += fmt::format("<div class=\"verdict{}\" id=\"recommendation\">\n",
                      !r.choices.empty() && unresolved(r.choices.front()) ? " unresolved" : "");
  for (std::size_t i = 0; i < r.choices.size(); ++i) {
    const auto& c = r.choices[i];
    const std::string name = shorter.count(c.option) ? shorter.at(c.option) : c.option;
    const std::string lead =
        c.lead ? fmt::format("ahead of {} by {} {} in net monetary benefit{}",
                             shorter.count(c.runner_up) ? shorter.at(c.runner_up) : c.runner_up,
                             r.currency, money_with_se(*c.lead, c.lead_se.value_or(0)),
                             unresolved(c)
                                 ? " (under two standard errors: not resolved by this comparison)"
                                 : "")
               : "";
    // The first threshold's answer stands alone, in large type; its lead follows.
    if (i == 0)
      html += fmt::format(
          "<p class=\"answer\">At {} {} per QALY: <span id=\"recommended-option\">{}</span></p>\n"
          "{}",
          core::human_number(c.threshold), html_escaped(r.currency), html_escaped(name),
          lead.empty() ? "" : "<p>" + html_escaped("It is " + lead) + ".</p>\n");
    else
      html += fmt::format("<p>At {} {} per QALY: <strong>{}</strong>{}.</p>\n",
                          core::human_number(c.threshold), html_escaped(r.currency),
                          html_escaped(name), html_escaped(lead.empty() ? "" : ", " + lead));
  }
  html += "</div>\n" + headline_html(r);
  page.summary_html = html + "</section>\n";
  if (auto c = frontier_chart(r)) page.charts.push_back(std::move(*c));
  page.no_charts = "These results have no frontier to chart.";
  page.footer_html = fmt::format(
      "Made by PIMHsim {} from the results directory <code>{}</code> (its frontier.csv, "
      "headline.csv and comparison.json; command: <code>{}</code>).",
      html_escaped(r.version), html_escaped(r.directory.string()), html_escaped(r.command_line));
  return page;
}

}  // namespace pimhsim::output
