// A PSA's page: a board's summary (the recommended option at each threshold and how likely it is to
// be the most cost-effective, in words and numbers; what more research could be worth), then the
// charts of report_psa.h.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/report_calibration.h"
#include "pimhsim/output/report_psa.h"

namespace pimhsim::output {
namespace {

// The row of ceac.csv at `wtp` for `option`, if there is one.
std::optional<std::size_t> ceac_row(const PsaResults& r, double wtp, const std::string& option) {
  for (std::size_t i = 0; i < r.ceac.rows.size(); ++i)
    if (cell_number(r.ceac, i, "wtp") == wtp && cell_text(r.ceac, i, "option") == option) return i;
  return std::nullopt;
}

// A cell of ceac.csv shown on the page, with where it comes from, so that a test (or a reader's
// script) can check the page against the file.
std::string ceac_cell(const PsaResults& r, std::size_t row, const std::string& column,
                      const std::string& shown, const std::string& id = "") {
  return fmt::format(
      "<span{} data-csv=\"ceac.csv\" data-wtp=\"{}\" data-option=\"{}\" data-column=\"{}\" "
      "data-value=\"{}\">{}</span>",
      id.empty() ? "" : " id=\"" + id + "\"", cell_text(r.ceac, row, "wtp"),
      html_escaped(cell_text(r.ceac, row, "option")), column,
      html_escaped(cell_text(r.ceac, row, column)), html_escaped(shown));
}

// How sure, in words: "It is likely the most cost-effective option".
std::string likelihood_words(double p) {
  if (p >= 0.95) return "It is almost certainly the most cost-effective option";
  if (p >= 0.8) return "It is very likely the most cost-effective option";
  if (p >= 0.6) return "It is likely the most cost-effective option";
  if (p >= 0.5) return "It is more likely than not the most cost-effective option";
  return "It is the best bet on average, but far from certain: it is the most cost-effective "
         "option in only";
}

std::string binomial_se(double p, long long n) {
  return fmt::format("{:.1f}",
                     100 * std::sqrt(p * (1 - p) / static_cast<double>(std::max(1LL, n))));
}

std::string verdict_html(const PsaResults& r) {
  std::string html;
  bool first = true;
  for (const double w : r.thresholds) {
    std::optional<std::size_t> best;
    for (const auto& o : r.options)
      if (const auto i = ceac_row(r, w, o); i && cell_text(r.ceac, *i, "on_frontier") == "true")
        best = i;
    if (!best) continue;
    const std::string& option = cell_text(r.ceac, *best, "option");
    const double p = cell_number(r.ceac, *best, "probability_most_cost_effective").value_or(0);
    const auto versus = cell_number(r.ceac, *best, "probability_cost_effective");
    const std::string per = "expected_nmb_per_" + r.per;
    html += fmt::format(
        "<p class=\"answer\">At {}: <span{}>{}</span></p>\n<p>{} has the highest expected net "
        "monetary benefit ({} {} per {}). {} {} of the {} parameter draws (± {} percentage "
        "points, Monte Carlo SE){}.</p>\n",
        html_escaped(psa_threshold_words(r, w)), first ? " id=\"recommended-option\"" : "",
        html_escaped(option), html_escaped(option),
        money_with_se(cell_number(r.ceac, *best, per).value_or(0),
                      cell_number(r.ceac, *best, per + "_se").value_or(0)),
        html_escaped(r.currency), html_escaped(r.per),
        likelihood_words(p) + (p >= 0.5 ? ": it is so in" : ""),
        ceac_cell(r, *best, "probability_most_cost_effective", fmt::format("{:.0f}%", 100 * p)),
        count_text(r.iterations), binomial_se(p, r.iterations),
        versus ? fmt::format("; it beats {} in {}", html_escaped(r.comparator),
                             ceac_cell(r, *best, "probability_cost_effective",
                                       fmt::format("{:.0f}%", 100 * *versus)))
               : fmt::format(" ({} is the comparator: no option's expected net benefit beats it)",
                             html_escaped(option)));
    first = false;
  }
  if (html.empty()) return "";
  return "<div class=\"verdict\" id=\"recommendation\">\n" + html + "</div>\n";
}

std::string probabilities_html(const PsaResults& r) {
  std::vector<std::string> head = {"option"};
  for (const double w : r.thresholds) {
    head.push_back(fmt::format("best at {}", core::human_number(w)));
    head.push_back(fmt::format("beats the comparator at {}", core::human_number(w)));
  }
  std::vector<std::vector<std::string>> rows, attributes;
  for (const auto& o : r.options) {
    std::vector<std::string> row = {o}, from = {""};
    for (const double w : r.thresholds) {
      const auto i = ceac_row(r, w, o);
      for (const char* column : {"probability_most_cost_effective", "probability_cost_effective"}) {
        const auto p = i ? cell_number(r.ceac, *i, column) : std::nullopt;
        row.push_back(p ? fmt::format("{:.1f}%", 100 * *p) : "–");
        from.push_back(p ? fmt::format(" data-csv=\"ceac.csv\" data-wtp=\"{}\" data-option=\"{}\" "
                                       "data-column=\"{}\" data-value=\"{}\"",
                                       cell_text(r.ceac, *i, "wtp"), html_escaped(o), column,
                                       cell_text(r.ceac, *i, column))
                         : "");
      }
    }
    rows.push_back(std::move(row));
    attributes.push_back(std::move(from));
  }
  return "<h2>How likely is each option to be the best value?</h2>\n" +
         html_table(
             fmt::format("Share of {} parameter draws in which each option is the most "
                         "cost-effective (best) and beats {}, at each threshold ({} per QALY)",
                         count_text(r.iterations), r.comparator, r.currency),
             head, rows, 1, attributes);
}

std::string research_html(const PsaResults& r) {
  std::vector<std::string> parts;
  bool population = false;  // a population EVPI is shown
  for (const double w : r.thresholds) {
    const auto i = ceac_row(r, w, r.options.front());
    const auto v = i ? cell_number(r.ceac, *i, "evpi_per_" + r.per) : std::nullopt;
    if (!v) continue;
    const auto pop = cell_number(r.ceac, *i, "evpi_population");
    population = population || pop.has_value();
    parts.push_back(
        fmt::format("{} {} per {}{} at {}", core::human_number(*v), r.currency, r.per,
                    pop ? fmt::format(" ({} for the population)", core::money_text(*pop)) : "",
                    psa_threshold_words(r, w)));
  }
  if (parts.empty()) return "";
  std::string html =
      "<h2>What would more research be worth?</h2>\n<p id=\"evpi\">Resolving all the uncertainty "
      "in the parameters would be worth at most " +
      html_escaped(core::listed(parts, "and")) +
      " (the expected value of perfect information, EVPI). " +
      (population ? std::string("If the population's EVPI is less than a study would cost, further "
                                "research is not worth doing before deciding.")
                  : std::string("Times the people the decision affects (give the population to the "
                                "PSA), it is the most a study could be worth."));
  if (!r.evppi.empty()) {
    const double w = evppi_threshold(r);
    std::vector<PsaResults::Evppi> ranked;
    for (const auto& e : r.evppi)
      if (e.wtp == w && e.value > 0) ranked.push_back(e);
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.value > b.value; });
    std::vector<std::string> top;
    for (std::size_t i = 0; i < std::min<std::size_t>(3, ranked.size()); ++i)
      top.push_back(fmt::format("{} ({} {} per {})", lower_first(evppi_group_words(r, ranked[i])),
                                core::human_number(ranked[i].value), r.currency, r.per));
    if (!top.empty())
      html += " The parameters whose uncertainty matters most at " +
              html_escaped(psa_threshold_words(r, w)) + " are " +
              html_escaped(core::listed(top, "and")) + " (EVPPI; Figure 4 ranks them all).";
  }
  return html + "</p>\n";
}

std::string caveats_html(const PsaResults& r) {
  std::string html =
      "<h2>How sure is this?</h2>\n<p>Each draw takes every uncertain parameter from its "
      "distribution in the scenario, so the spread of results reflects what the evidence leaves "
      "uncertain; ";
  html += fmt::format(
      "with {} draws ({}), a probability is known to within about ± {:.0f} percentage points "
      "(two Monte Carlo SEs at most).</p>\n",
      count_text(r.iterations), html_escaped(r.method),
      100 / std::sqrt(static_cast<double>(r.iterations)));
  if (!r.warnings.empty()) {
    html += "<ul id=\"warnings\">\n";
    for (const auto& w : r.warnings) html += "<li>" + html_escaped(w) + "</li>\n";
    html += "</ul>\n";
  }
  return html;
}

}  // namespace

ReportPage psa_page(const PsaResults& r) {
  ReportPage page;
  page.title = r.scenario_name;
  page.kind = "PSA report";
  page.version = r.version;
  std::string html = "<section class=\"board\" id=\"summary\">\n";
  html += fmt::format("<h1>{}</h1>\n", html_escaped(r.scenario_name));
  html += fmt::format(
      "<p class=\"meta\">PIMHsim {} probabilistic sensitivity analysis · {} model · {} parameter "
      "draws ({}) · {} options</p>\n",
      html_escaped(r.version), html_escaped(r.model), count_text(r.iterations),
      html_escaped(r.method), r.options.size());
  html += psa_calibration_html(r);
  std::vector<std::string> ws;
  for (const double w : r.thresholds) ws.push_back(core::human_number(w));
  html += "<h2>The question</h2>\n<p id=\"question\">" +
          html_escaped(fmt::format(
              "Given what is uncertain in the evidence, how likely is each of these {} options to "
              "give the most health for the money{}?",
              r.options.size(),
              ws.empty() ? ""
                         : fmt::format(", valuing a quality-adjusted life year (QALY) at {} {}",
                                       core::listed(ws, "or"), r.currency))) +
          "</p>\n<ol id=\"options\">\n";
  for (std::size_t o = 0; o < r.options.size(); ++o)
    html += fmt::format("<li><strong>{}</strong>{}</li>\n", html_escaped(r.options[o]),
                        o == 0 ? " (the comparator)" : "");
  html += "</ol>\n" + verdict_html(r) + probabilities_html(r) + research_html(r) + caveats_html(r);
  page.summary_html = html + "</section>\n";
  page.charts = psa_charts(r);
  page.no_charts = "These results have no tables to chart.";
  page.footer_html = fmt::format(
      "Made by PIMHsim {} from the results directory <code>{}</code> (its ce_plane.csv, ceac.csv, "
      "convergence.csv{} and psa_summary.json; command: <code>{}</code>). Net monetary benefit is "
      "the value of the QALYs gained at the threshold less the extra cost.",
      html_escaped(r.version), html_escaped(r.directory.string()),
      r.evppi_file == "evppi.csv" ? ", evppi.csv" : "", html_escaped(r.command_line));
  return page;
}

}  // namespace pimhsim::output
