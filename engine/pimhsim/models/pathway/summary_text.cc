// The pathway's summary for a terminal: totals for the whole population over the horizon per
// option, increments over the comparator with their Monte Carlo standard errors, the economics by
// perspective and the option with the highest net monetary benefit at each threshold.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/number_text.h"
#include "pimhsim/models/pathway/pathway.h"

namespace pimhsim::models::pathway {
namespace {

using core::human_number;

// Increments over the comparator by perspective: the finance director's and appraiser's view.
std::string economics_text(const nlohmann::json& e) {
  const auto& incs = e["increments"];
  const std::size_t width = 24;
  std::string out =
      fmt::format("\neconomic evaluation against {} ({}, discounted; ± Monte Carlo SE)\n",
                  incs[0]["comparator"].get<std::string>(), e["currency"].get<std::string>());
  out += fmt::format("{:<34}", "");
  for (std::size_t i = 0; i < incs.size(); ++i)
    out += fmt::format("{:>{}}", fmt::format("[{}]", i + 2), width);
  out += "\n";
  auto row = [&](const std::string& label, auto cell) {
    out += fmt::format("{:<34}", label);
    for (const auto& inc : incs) out += fmt::format("{:>{}}", cell(inc), width);
    out += "\n";
  };
  auto pm = [](const nlohmann::json& v) {
    return core::money_text(v["total"].get<double>()) + " ± " +
           core::money_text(v["se"].get<double>());
  };
  auto number = [](const nlohmann::json& v) {
    return v.is_null() ? std::string("–") : fmt::format("{:.2f}", v.get<double>());
  };
  row("investment (posts and training)",
      [&](const nlohmann::json& i) { return core::money_text(i["investment"].get<double>()); });
  for (const auto& [key, label] :
       std::vector<std::pair<std::string, std::string>>{{"nhs_pss", "NHS and PSS"},
                                                        {"public_sector", "public sector"},
                                                        {"societal", "societal"}}) {
    out += label + "\n";
    row("  savings",
        [&](const nlohmann::json& i) { return pm(i["by_perspective"][key]["savings"]); });
    row("  NPV of net savings",
        [&](const nlohmann::json& i) { return pm(i["by_perspective"][key]["npv_net_savings"]); });
    row("  ROI (net savings per 1 invested)",
        [&](const nlohmann::json& i) { return number(i["by_perspective"][key]["roi"]["value"]); });
    row("  benefit-cost ratio", [&](const nlohmann::json& i) {
      return number(i["by_perspective"][key]["benefit_cost_ratio"]["value"]);
    });
    row("  payback year", [&](const nlohmann::json& i) {
      const auto& p = i["by_perspective"][key]["payback_year"];
      return p.is_null() ? std::string("none") : std::to_string(p.get<int>());
    });
  }
  row("QALYs gained (mother and child)", [&](const nlohmann::json& i) {
    return human_number(i["incremental_qalys"]["total"].get<double>()) + " ± " +
           human_number(i["incremental_qalys"]["se"].get<double>());
  });
  row("ICER (NHS and PSS cost per QALY)", [&](const nlohmann::json& i) {
    const auto& r = i["icer"];
    return r.contains("value") ? human_number(r["value"].get<double>())
                               : r["kind"].get<std::string>();
  });
  for (const auto& wtp : e["thresholds"]) {
    const std::string key = fmt::format("{:g}", wtp.get<double>());
    row("net monetary benefit at " + human_number(wtp.get<double>()),
        [&](const nlohmann::json& i) { return pm(i["net_monetary_benefit"][key]); });
  }
  out += "budget impact, all payers (undiscounted)\n";
  for (std::size_t y = 0; y < incs[0]["budget_impact"]["all_payers"].size(); ++y)
    row(fmt::format("  {}", incs[0]["budget_impact"]["all_payers"][y]["year"].get<int>()),
        [&](const nlohmann::json& i) {
          return core::money_text(i["budget_impact"]["all_payers"][y]["amount"].get<double>());
        });
  return out;
}

// The option with the highest NMB at each threshold among all options (not only against the
// comparator), with its lead over the next best and the lead's paired Monte Carlo error.
std::string margin_text(const nlohmann::json& margins) {
  std::string out =
      "\nhighest net monetary benefit among all options (lead over the next, ± paired Monte Carlo "
      "SE)\n";
  bool unresolved = false;
  std::vector<std::pair<double, std::string>>
      keys;  // thresholds in numeric order (JSON sorts them as text)
  for (const auto& item : margins.items()) keys.emplace_back(std::stod(item.key()), item.key());
  std::sort(keys.begin(), keys.end());
  for (const auto& [wtp, key] : keys) {
    const auto& m = margins[key];
    const double d = m["nmb_difference"].get<double>();
    out += fmt::format("  at {}: {}, ahead of {} by {}", human_number(wtp),
                       m["option"].get<std::string>(), m["runner_up"].get<std::string>(),
                       core::money_text(d));
    if (!m["se"].is_null()) {
      const double se = m["se"].get<double>();
      out += " ± " + core::money_text(se);
      if (d < 2 * se) {
        out += " (!)";
        unresolved = true;
      }
    }
    out += "\n";
  }
  if (unresolved)
    out +=
        "  (!) a lead under 2 standard errors: which option is best there is not resolved by this "
        "run;\n"
        "      raise run.replicates or run.scale\n";
  return out;
}

}  // namespace

// The pathway's summary: totals for the whole population over the horizon, per option, then
// increments over the first option with their Monte Carlo standard errors.
std::string Model::summary_text(const nlohmann::json& s) const {
  const auto& options = s["options"];
  std::string out = fmt::format("{}\n", s["scenario"]["name"].get<std::string>());
  const auto& run = s["run"];
  out += fmt::format(
      "model pathway, seed {}, {} replicate(s), {} years from {}, population scale {}\n",
      run["seed"].get<std::uint64_t>(), run["replicates"].get<unsigned>(),
      run["horizon"].get<unsigned>(), s["start_year"].get<int>(),
      human_number(s["population"]["scale"].get<double>()));
  out +=
      "totals for dyads whose 1001 days end in the horizon, scaled to the whole population; "
      "costs in " +
      s["currency"].get<std::string>() + ", discounted\n";
  if (s.contains("recovery_calibration") && s["recovery_calibration"].value("saturated", false))
    out +=
        "(!) the remission targets cannot all be reproduced on the model's population: the nearest "
        "reachable\n"
        "    hazards are used (summary.json recovery_calibration; docs/model.md, section 4)\n";
  out += "\n";
  const std::size_t width = 20;
  for (std::size_t i = 0; i < options.size(); ++i)
    out += fmt::format("  [{}] {}\n", i + 1, options[i]["name"].get<std::string>());
  out += "\n";
  auto header = [&](const std::string& first) {
    std::string h = fmt::format("{:<34}", first);
    for (std::size_t i = 0; i < options.size(); ++i)
      h += fmt::format("{:>{}}", fmt::format("[{}]", i + 1), width);
    return h + "\n";
  };
  auto value = [](const nlohmann::json& v) {
    if (v.is_null()) return std::string("–");
    if (v.is_object()) {
      if (v.contains("total")) return human_number(v["total"].get<double>());
      if (v["mean"].is_null()) return std::string("–");
      return human_number(v["mean"].get<double>());
    }
    return human_number(v.get<double>());
  };
  struct Row {
    std::string label;
    std::vector<std::string> keys;
    std::string share_of;  // key of the denominator for a percentage, if any
  };
  const std::vector<Row> rows = {
      {"dyads", {"dyads"}, ""},
      {"mothers ill (% of dyads)", {"mothers_ill"}, "dyads"},
      {"  identified (% of ill)", {"detected"}, "mothers_ill"},
      {"  started any care (% of ill)", {"treated_any"}, "mothers_ill"},
      {"  specialist parent-infant work", {"treated_by_service", "specialist_hv"}, ""},
      {"  recovered by age 2 (% of ill)", {"recovered_by_exit"}, "mothers_ill"},
      {"weeks onset to identification", {"mean_weeks_onset_to_detection"}, ""},
      {"weeks referral to specialist", {"mean_weeks_referral_to_care"}, ""},
      {"specialist WTE funded (mean)", {"staffing", "mean_funded_wte"}, ""},
      {"  in post (mean)", {"staffing", "mean_in_post_wte"}, ""},
      {"  WISN requirement (mean)", {"staffing", "wisn", "specialist_required_wte"}, ""},
      {"HVs PIMH-trained, final year", {"staffing", "trained_share_final_year"}, ""},
      {"staff cost", {"staff_cost"}, ""},
      {"service cost", {"service_cost"}, ""},
      {"long-term cost*, mother", {"long_term_cost_mother"}, ""},
      {"long-term cost*, child", {"long_term_cost_child"}, ""},
      {"QALYs, mother (vs no illness)", {"qalys_mother"}, ""},
      {"QALYs, child (vs no illness)", {"qalys_child"}, ""},
  };
  auto lookup = [](const nlohmann::json& p,
                   const std::vector<std::string>& keys) -> const nlohmann::json* {
    const nlohmann::json* v = &p;
    for (const auto& k : keys) {
      if (!v->contains(k)) return nullptr;
      v = &(*v)[k];
    }
    return v;
  };
  out += header("");
  auto total_of = [](const nlohmann::json& v) {
    return v.is_object() ? v["total"].get<double>() : v.get<double>();
  };
  for (const auto& row : rows) {
    out += fmt::format("{:<34}", row.label);
    for (const auto& o : options) {
      const auto* v = lookup(o, row.keys);
      std::string cell = v ? value(*v) : "–";
      if (v && !row.share_of.empty() && o.contains(row.share_of) && total_of(o[row.share_of]) > 0)
        cell += fmt::format(" ({:.1f}%)", 100.0 * total_of(*v) / total_of(o[row.share_of]));
      out += fmt::format("{:>{}}", cell, width);
    }
    out += "\n";
  }
  out +=
      "* every sector's long-term cost, with lost productivity and monetised quality of life: a "
      "societal\n"
      "  figure, not to be added to QALYs (NHS and PSS costs are under economic evaluation)\n";
  const auto& incs = s["increments"];
  if (!incs.empty()) {
    out += fmt::format("\nincrements over {} (paired on common random numbers, ± Monte Carlo SE)\n",
                       options[0]["name"].get<std::string>());
    const std::vector<std::pair<std::string, std::string>> inc_rows = {
        {"staff cost", "staff_cost"},
        {"service cost", "service_cost"},
        {"long-term cost*, mother", "long_term_cost_mother"},
        {"long-term cost*, child", "long_term_cost_child"},
        {"QALYs, mother", "qalys_mother"},
        {"QALYs, child", "qalys_child"}};
    for (const auto& inc : incs) {
      out += fmt::format("  {}\n", inc["option"].get<std::string>());
      for (const auto& [label, key] : inc_rows) {
        const auto& v = inc[key];
        out += fmt::format("    {:<26}{:>16} ± {}\n", label, human_number(v["total"].get<double>()),
                           human_number(v["se"].get<double>()));
      }
    }
  }
  if (s.contains("economics") && !s["economics"]["increments"].empty())
    out += economics_text(s["economics"]);
  if (s.contains("frontier") && s["frontier"].contains("optimal_margin"))
    out += margin_text(s["frontier"]["optimal_margin"]);
  return out;
}

}  // namespace pimhsim::models::pathway
