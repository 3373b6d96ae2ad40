// A DSA's page: a board's summary (the outcome at base case, the parameters that move it most and
// where the decision changes), then the charts of report_dsa.h.
#include <fmt/format.h>

#include <cmath>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/report_dsa.h"

namespace pimhsim::output {
namespace {

// A value of tornado.csv shown on the page, with where it comes from.
std::string tornado_cell(const std::string& option, const std::string& parameter,
                         const std::string& column, double value) {
  return fmt::format(
      "<span data-csv=\"tornado.csv\" data-option=\"{}\" data-parameter=\"{}\" "
      "data-column=\"{}\" data-value=\"{}\">{}</span>",
      html_escaped(option), html_escaped(parameter), column, fmt::format("{}", value),
      html_escaped(dsa_value_text(value)));
}

// Whether the conclusion at one end of a bar differs from that at the other: for the ICER, a cost
// per QALY gained within the threshold or not (where no QALY is gained the ratio is not defined,
// and cannot say whether the option is cost-effective: counted as a change, to be read with the
// net monetary benefit); for any other outcome, its sign.
bool conclusion_changes(const DsaResults& r, const TornadoBar& b) {
  if (r.outcome_name == "icer" && r.wtp) {
    const auto within = [&r](double v) { return !std::isnan(v) && v <= *r.wtp; };
    return within(b.at_low) != within(b.at_high);
  }
  return (b.at_low > 0) != (b.at_high > 0);
}

// The sentence that says whether any one parameter changes the conclusion.
std::string conclusion_text(const DsaResults& r, const std::vector<std::string>& flips) {
  const bool icer = r.outcome_name == "icer" && r.wtp;
  if (flips.empty())
    return icer ? fmt::format(
                      "No single parameter takes the ICER across {} per QALY gained (or "
                      "to no QALY gained) within its range: the conclusion holds for "
                      "each of them alone.",
                      dsa_value_text(*r.wtp))
                : "No single parameter changes the sign of the outcome within its range: the "
                  "conclusion holds for each of them alone.";
  const std::string which =
      flips.size() == 1 ? "one parameter" : fmt::format("{} parameters", flips.size());
  const std::string what =
      icer ? fmt::format("The ICER crosses {} per QALY gained (or the QALY gain ends)",
                         dsa_value_text(*r.wtp))
           : std::string("The sign of the outcome changes");
  return fmt::format("{} within the range of {} ({}): the conclusion depends on {}.", what, which,
                     core::listed(flips, "and"), flips.size() == 1 ? "it" : "them");
}

std::string findings_html(const DsaResults& r) {
  std::string html = "<div class=\"verdict\" id=\"recommendation\">\n";
  bool first = true;
  for (const auto& option : tornado_options(r)) {
    const auto bars = tornado_bars(r, option);
    if (bars.empty()) continue;
    const auto& top = bars.front();
    const std::string words = parameter_words(r.model, top.parameter);
    std::vector<std::string> flips;
    for (const auto& b : bars)
      if (conclusion_changes(r, b))
        flips.push_back(lower_first(parameter_words(r.model, b.parameter)));
    html += fmt::format(
        "<p class=\"answer\">{}: <span{}>{}</span> matters most</p>\n<p>At base-case values the "
        "{} of {} against {} is {}. It moves most with {}: {} at its low value ({}) and {} at "
        "its high value ({}). {}</p>\n",
        html_escaped(option), first ? " id=\"recommended-option\"" : "", html_escaped(words),
        html_escaped(r.outcome_label), html_escaped(option), html_escaped(r.comparator),
        tornado_cell(option, top.parameter, "outcome_at_base", top.base),
        html_escaped(lower_first(words)),
        tornado_cell(option, top.parameter, "outcome_at_low", top.at_low),
        html_escaped(dsa_value_text(top.low)),
        tornado_cell(option, top.parameter, "outcome_at_high", top.at_high),
        html_escaped(dsa_value_text(top.high)), html_escaped(conclusion_text(r, flips)));
    first = false;
  }
  if (r.threshold)
    for (std::size_t i = 0; i < r.threshold->rows.size(); ++i) {
      const auto& t = *r.threshold;
      const auto root = cell_number(t, i, "threshold");
      html += "<p id=\"threshold\">" +
              html_escaped(fmt::format(
                  "Threshold: for {}, {} {} between {} and {}.", cell_text(t, i, "option"),
                  lower_first(parameter_words(r.model, cell_text(t, i, "parameter"))),
                  r.outcome_name == "delta_qalys"
                      ? (root ? fmt::format("changes the sign of the QALY gain at {}",
                                            dsa_value_text(*root))
                              : std::string("does not change the sign of the QALY gain"))
                      : (root ? fmt::format("changes the decision at {}", dsa_value_text(*root))
                              : std::string("does not change the decision")),
                  dsa_value_text(cell_number(t, i, "low").value_or(0)),
                  dsa_value_text(cell_number(t, i, "high").value_or(0)))) +
              "</p>\n";
    }
  return html + "</div>\n";
}

}  // namespace

ReportPage dsa_page(const DsaResults& r) {
  ReportPage page;
  page.title = r.scenario_name;
  page.kind = "DSA report";
  page.version = r.version;
  std::string html = "<section class=\"board\" id=\"summary\">\n";
  html += fmt::format("<h1>{}</h1>\n", html_escaped(r.scenario_name));
  html += fmt::format(
      "<p class=\"meta\">PIMHsim {} deterministic sensitivity analysis · {} model · outcome: "
      "{}</p>\n",
      html_escaped(r.version), html_escaped(r.model), html_escaped(r.outcome_label));
  html += "<h2>The question</h2>\n<p id=\"question\">" +
          html_escaped(fmt::format(
              "Which parameters move the {} against {} most, one at a time across their ranges, "
              "and at which values would the decision change?",
              r.outcome_label, r.comparator)) +
          "</p>\n" + findings_html(r);
  html +=
      "<h2>How to read this</h2>\n<p>A deterministic sensitivity analysis changes one parameter "
      "(or two) at a time and keeps the rest at their base values, so it shows which parameters "
      "matter, not how likely each result is: a probabilistic sensitivity analysis "
      "(<code>pimhsim psa</code>) varies them all together. Every evaluation simulates the same "
      "random numbers, so the differences between bars are the parameters' effects, not "
      "noise.</p>\n";
  page.summary_html = html + "</section>\n";
  page.charts = dsa_charts(r);
  page.no_charts = "These results have no tables to chart.";
  page.footer_html = fmt::format(
      "Made by PIMHsim {} from the results directory <code>{}</code> (its tornado.csv, "
      "two_way.csv and threshold.csv where the analysis wrote them, and dsa_summary.json; "
      "command: <code>{}</code>).",
      html_escaped(r.version), html_escaped(r.directory.string()), html_escaped(r.command_line));
  return page;
}

}  // namespace pimhsim::output
