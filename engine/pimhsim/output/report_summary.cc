// The report's first page, for a board: what was asked, what is recommended and how sure the
// simulation is of it, what each option costs and saves, and what the figures assume.
#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/report_html.h"
#include "pimhsim/output/report_kinds.h"

namespace pimhsim::output {
namespace {

// Leads under this many standard errors leave the ranking unresolved (the terminal summary's
// rule): a normal lead is then below zero with probability above 2.3%.
constexpr double kResolvedAt = 2;

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : "; ") + i;
  return out;
}

std::string threshold_text(const RunResults& r, double w) {
  return fmt::format("{} {} per QALY", core::human_number(w), r.currency);
}

std::string interval(double value, double se) {
  return fmt::format("{} to {}", core::money_text(value - 1.96 * se),
                     core::money_text(value + 1.96 * se));
}

// Attributes that tie a cell to the figure of summary.json it shows (a JSON pointer) and its
// exact value, so that a test, or a reader's script, can check the page against the file.
std::string sourced(const std::string& pointer, double value) {
  return fmt::format(" data-json=\"{}\" data-value=\"{}\"", html_escaped(pointer), value);
}

std::string verdict_html(const RunResults& r) {
  if (r.choices.empty()) return "";
  const auto& c = r.choices.front();
  const bool resolved = !c.lead || c.lead->se == 0 || c.lead->value >= kResolvedAt * c.lead->se;
  std::string html = fmt::format(
      "<div class=\"verdict{}\" id=\"recommendation\">\n<p class=\"answer\">At {}: "
      "<span id=\"recommended-option\" data-json=\"/frontier/optimal_at_threshold/{}\">{}</span>"
      "</p>\n",
      resolved ? "" : " unresolved", html_escaped(threshold_text(r, c.threshold)), c.threshold,
      html_escaped(c.option));
  if (c.lead) {
    const double z = c.lead->se > 0 ? c.lead->value / c.lead->se : INFINITY;
    html += fmt::format(
        "<p>It has the highest expected net monetary benefit, <span{}>{}</span> {} ahead of the "
        "next best, {} (95% interval {}). Net monetary benefit values the QALYs gained at {} and "
        "subtracts the extra costs{}.</p>\n<p>{}</p>\n",
        sourced(fmt::format("/frontier/optimal_margin/{}/estimate", c.threshold), c.lead->value),
        html_escaped(money_with_se(c.lead->value, c.lead->se)), html_escaped(r.currency),
        html_escaped(c.runner_up), html_escaped(interval(c.lead->value, c.lead->se)),
        html_escaped(threshold_text(r, c.threshold)),
        r.cost_effectiveness_view.empty() ? "" : html_escaped(": " + r.cost_effectiveness_view),
        resolved ? fmt::format("The lead is {:.1f} standard errors of the simulation: the ranking "
                               "is clear from this run.",
                               z)
                 : fmt::format("The lead is only {:.1f} standard errors of the simulation: which "
                               "option is best is not resolved by this run. Run more replicates "
                               "or a larger population scale before deciding.",
                               z));
  }
  for (std::size_t i = 1; i < r.choices.size(); ++i) {
    const auto& o = r.choices[i];
    const bool clear = !o.lead || o.lead->se == 0 || o.lead->value >= kResolvedAt * o.lead->se;
    html += fmt::format(
        "<p>At {}: {}{}.</p>\n", html_escaped(threshold_text(r, o.threshold)),
        html_escaped(o.option),
        o.lead ? html_escaped(fmt::format(", ahead of {} by {} {}{}", o.runner_up,
                                          money_with_se(o.lead->value, o.lead->se), r.currency,
                                          clear ? ""
                                                : " (under two standard errors: not resolved "
                                                  "by this run)"))
               : "");
  }
  return html + "</div>\n";
}

std::string options_html(const RunResults& r) {
  std::string html = "<ol id=\"options\">\n";
  for (std::size_t o = 0; o < r.options.size(); ++o) {
    // What the option is, in the scenario's words where it gives them, else its settings.
    std::string what = r.options[o].description;
    if (what.empty())
      for (const auto& text : r.options[o].overrides) what += (what.empty() ? "" : "; ") + text;
    html += fmt::format(
        "<li><strong>{}</strong>{}{}</li>\n", html_escaped(r.options[o].name),
        o == 0 ? " (the comparator)" : "",
        what.empty() ? ""
                     : std::string(" <span class=\"small\">") + html_escaped(what) + "</span>");
  }
  return html + "</ol>\n";
}

std::string economics_html(const RunResults& r) {
  if (r.increments.empty()) return "";
  std::vector<std::string> head = {"against " + r.increments[0].comparator};
  for (const auto& inc : r.increments) head.push_back(inc.option);
  std::vector<std::vector<std::string>> rows, attributes;
  // A row: each compared option's cell, and where in summary.json its figure is.
  auto row = [&](const std::string& label, auto cell, auto source) {
    std::vector<std::string> cells = {label}, from = {""};
    for (std::size_t k = 0; k < r.increments.size(); ++k) {
      cells.push_back(cell(r.increments[k]));
      from.push_back(source(r.increments[k], fmt::format("/economics/increments/{}", k)));
    }
    rows.push_back(std::move(cells));
    attributes.push_back(std::move(from));
  };
  row(
      "extra investment (posts and training)",
      [](const auto& i) { return core::money_text(i.investment); },
      [](const auto& i, const std::string& at) {
        return sourced(at + "/investment", i.investment);
      });
  const auto& perspectives = r.increments[0].by_perspective;
  for (std::size_t p = 0; p < perspectives.size(); ++p) {
    const std::string name = perspective_label(perspectives[p].perspective);
    const std::string key = "/by_perspective/" + perspectives[p].perspective;
    row(
        "savings, " + name,
        [p](const auto& i) {
          return money_with_se(i.by_perspective[p].savings.value, i.by_perspective[p].savings.se);
        },
        [&](const auto& i, const std::string& at) {
          return sourced(at + key + "/savings/estimate", i.by_perspective[p].savings.value);
        });
    row(
        "net savings, " + name,
        [p](const auto& i) {
          return money_with_se(i.by_perspective[p].net_savings.value,
                               i.by_perspective[p].net_savings.se);
        },
        [&](const auto& i, const std::string& at) {
          return sourced(at + key + "/npv_net_savings/estimate",
                         i.by_perspective[p].net_savings.value);
        });
    row(
        "return per 1 invested, " + name,
        [p](const auto& i) {
          const auto& roi = i.by_perspective[p].roi;
          return roi ? fmt::format("{:.2f} ± {:.2f}", roi->value, roi->se) : std::string("–");
        },
        [&](const auto& i, const std::string& at) {
          const auto& roi = i.by_perspective[p].roi;
          return roi ? sourced(at + key + "/roi/estimate", roi->value) : std::string();
        });
    row(
        "payback year, " + name,
        [p](const auto& i) {
          const auto& y = i.by_perspective[p].payback_year;
          return y ? std::to_string(*y) : std::string("none");
        },
        [&](const auto& i, const std::string& at) {
          const auto& y = i.by_perspective[p].payback_year;
          return y ? sourced(at + key + "/payback_year", *y) : std::string();
        });
  }
  row(
      "QALYs gained (mother and child)",
      [](const auto& i) { return figure_text("qalys", i.qalys.value, i.qalys.se); },
      [](const auto& i, const std::string& at) {
        return sourced(at + "/incremental_qalys/estimate", i.qalys.value);
      });
  row(
      "cost per QALY gained (ICER)",
      [](const auto& i) {
        return i.icer ? core::money_text(*i.icer) : i.icer_text.empty() ? "–" : i.icer_text;
      },
      [](const auto& i, const std::string& at) {
        return i.icer ? sourced(at + "/icer/estimate", *i.icer) : std::string();
      });
  for (const double w : r.thresholds)
    row(
        fmt::format("net monetary benefit at {}", threshold_text(r, w)),
        [w](const auto& i) {
          const auto found = i.nmb.find(w);
          return found == i.nmb.end() ? std::string("–")
                                      : money_with_se(found->second.value, found->second.se);
        },
        [w](const auto& i, const std::string& at) {
          const auto found = i.nmb.find(w);
          return found == i.nmb.end()
                     ? std::string()
                     : sourced(fmt::format("{}/net_monetary_benefit/{}/estimate", at, w),
                               found->second.value);
        });
  std::string html = "<h2>What each option costs and saves</h2>\n";
  html += html_table(
      fmt::format("Against {}, {} (discounted), totals over the horizon, ± Monte Carlo SE",
                  r.increments[0].comparator, r.currency),
      head, rows, 1, attributes);
  std::vector<std::string> meanings;
  for (const auto& [name, meaning] : r.perspectives)
    meanings.push_back(perspective_label(name) + ": " + meaning);
  if (!meanings.empty())
    html += std::string("<p class=\"small\">Perspectives: ") + html_escaped(joined(meanings)) +
            ". Savings are the costs avoided before the investment; net savings subtract it; "
            "the payback year is the first in which cumulative savings reach cumulative "
            "investment.</p>\n";
  return html;
}

std::string frontier_html(const RunResults& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& f : r.frontier)
    rows.push_back({f.option, money_with_se(f.cost.value, f.cost.se),
                    fmt::format("{} ± {}", core::human_number(f.effect.value),
                                core::human_number(f.effect.se)),
                    f.status, f.icer ? core::money_text(*f.icer) : "–"});
  return html_table(fmt::format("Incremental analysis ({}, discounted)", r.currency),
                    {"option", "cost", "QALYs", "status", "ICER"}, rows);
}

std::string uncertainty_html(const RunResults& r) {
  std::string html =
      "<h2>How sure is this?</h2>\n<p>Every ± is one Monte Carlo standard error: the noise of "
      "simulating a finite population";
  html += fmt::format(" ({} replicate{}{})", r.replicates, r.replicates == 1 ? "" : "s",
                      r.scale ? fmt::format(" at population scale {}", *r.scale) : "");
  html +=
      ". A 95% interval is about two standard errors either side. These figures do not include "
      "uncertainty in the model's parameters (the evidence behind prevalence, effects and "
      "long-term costs): a probabilistic sensitivity analysis (<code>pimhsim psa</code>) "
      "measures that.</p>\n";
  for (const auto& inc : r.increments) {
    if (inc.option != focus_option(r)) continue;
    std::vector<std::string> parts = {
        fmt::format("QALYs gained {} (95% interval {} to {})", core::human_number(inc.qalys.value),
                    core::human_number(inc.qalys.value - 1.96 * inc.qalys.se),
                    core::human_number(inc.qalys.value + 1.96 * inc.qalys.se))};
    for (const auto& p : inc.by_perspective)
      parts.push_back(fmt::format(
          "net savings, {}, {} (95% interval {})", perspective_label(p.perspective),
          core::money_text(p.net_savings.value), interval(p.net_savings.value, p.net_savings.se)));
    html += std::string("<p>For ") + html_escaped(inc.option) + std::string(": ") +
            html_escaped(core::listed(parts, "and")) + ".</p>\n";
  }
  return html;
}

std::string assumptions_html(const RunResults& r) {
  std::vector<std::string> items;
  items.push_back(fmt::format("a horizon of {} years{}", r.horizon,
                              r.start_year ? fmt::format(" from {}", *r.start_year) : ""));
  for (const auto& [label, value] : r.settings)
    if (label.rfind("discount", 0) == 0) {
      char* end = nullptr;
      const double rate = std::strtod(value.c_str(), &end);
      items.push_back(
          label + " " +
          (end != value.c_str() && *end == '\0' ? fmt::format("{:g}%", rate * 100) : value) +
          " a year");
    }
  if (!r.thresholds.empty()) {
    std::vector<std::string> ws;
    for (double w : r.thresholds) ws.push_back(core::human_number(w));
    items.push_back(fmt::format("thresholds {} {} per QALY", core::listed(ws, "and"), r.currency));
  }
  for (const auto& n : r.notes) items.push_back(n);
  std::size_t flagged = 0;
  for (const auto& p : r.parameters) flagged += p.assumption ? 1 : 0;
  items.push_back(fmt::format(
      "{} parameters, each with its source in the scenario; {} of them are marked as "
      "assumptions (where evidence is thin). All are listed with their sources at the end.",
      r.parameters.size(), flagged));
  std::string html = "<h2>Main assumptions</h2>\n<ul id=\"assumptions\">\n";
  for (const auto& i : items) html += std::string("<li>") + html_escaped(i) + "</li>\n";
  return html + "</ul>\n";
}

}  // namespace

std::string board_summary_html(const RunResults& r) {
  std::string html = "<section class=\"board\" id=\"summary\">\n";
  html += fmt::format("<h1>{}</h1>\n", html_escaped(r.scenario_name));
  html +=
      fmt::format("<p class=\"meta\">PIMHsim {} report · {} model · {} years{} · {} option{}</p>\n",
                  html_escaped(r.version), html_escaped(r.model), r.horizon,
                  r.start_year ? fmt::format(" from {}", *r.start_year) : "", r.options.size(),
                  r.options.size() == 1 ? "" : "s");
  html += "<h2>The question</h2>\n<p id=\"question\">";
  html += html_escaped(fmt::format(
      "Which of these {} options gives the most health for the money{}?", r.options.size(),
      r.thresholds.empty() && r.choices.empty()
          ? ""
          : fmt::format(", valuing a quality-adjusted life year (QALY) at {}",
                        threshold_text(r, r.choices.empty() ? r.thresholds.front()
                                                            : r.choices.front().threshold))));
  html += std::string("</p>\n") + options_html(r) + verdict_html(r);
  html += r.increments.empty() ? std::string("<h2>Costs and effects</h2>\n") + frontier_html(r)
                               : economics_html(r);
  html += uncertainty_html(r) + assumptions_html(r);
  return html + "</section>\n";
}

}  // namespace pimhsim::output
