// A plan as a scenario: the comparator and the planned staffing, runnable as written.
#include <fmt/format.h>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::analysis {
namespace {

scenario::Node scalar(std::string text, bool plain = true) {
  scenario::Node n;
  n.kind = scenario::Node::Kind::kScalar;
  n.scalar = std::move(text);
  n.plain = plain;
  return n;
}

// Sets `key` of map `m` to `value`: in place when it is there, else appended.
void put(scenario::Node& m, const std::string& key, scenario::Node value) {
  if (scenario::Node* at = m.get(key)) {
    *at = std::move(value);
    return;
  }
  m.entries.push_back({key, {}, std::move(value)});
}

}  // namespace

void write_planned_scenario(const scenario::Scenario& s, const PlanSettings& settings,
                            PlanResult& result) {
  result.planned_scenario.clear();
  result.planned_scenario_why.clear();
  double per_area = 0, per_1000 = 0;
  std::string rule_text;
  const bool one_area = result.rule == PlanRule::kPerArea && result.areas.size() == 1;
  if (!result.solved)
    result.planned_scenario_why = "a dose-response sweep alone plans no staffing";
  else if (!result.reachable)
    result.planned_scenario_why = "the target is out of reach: there is no plan to run";
  else if (result.rule == PlanRule::kPerArea && !one_area)
    result.planned_scenario_why =
        "a per-area plan funds each area its own WTE, which one staffing rule cannot write: plan "
        "with `rule` births or uniform (or for one area) for a runnable scenario";
  else if (result.rule != PlanRule::kPerArea && !result.solution_x)
    result.planned_scenario_why = "the plan has no staffing rule to write";
  if (!result.planned_scenario_why.empty()) return;
  if (result.rule == PlanRule::kBirths) {
    per_1000 = *result.solution_x;
    rule_text = fmt::format("{} WTE per 1,000 births a year", per_1000);
  } else if (result.rule == PlanRule::kUniform) {
    per_area = *result.solution_x;
    rule_text = fmt::format("{} WTE in every area", per_area);
  } else {
    per_area = result.areas.front().wte;
    rule_text = fmt::format("{} WTE in {}", per_area, result.areas.front().name);
  }
  if (result.minimum_wte > 0)
    rule_text += fmt::format(", at least {} WTE per area", result.minimum_wte);
  const auto* staffable = models::staffable_of(s.model);
  const auto overrides = staffable != nullptr
                             ? staffable->staffing_overrides(per_area, per_1000, result.minimum_wte)
                             : std::vector<std::pair<std::string, double>>{};
  if (overrides.empty()) {
    result.planned_scenario_why =
        fmt::format("model `{}` cannot write its staffing as parameters", s.model);
    return;
  }
  scenario::Diagnostics d;
  auto root = scenario::parse_yaml(s.resolved_yaml, "scenario.resolved.yaml", d);
  scenario::Node* options = root ? root->get("options") : nullptr;
  if (options == nullptr || !options->is_sequence() || options->items.empty()) {
    result.planned_scenario_why = "the resolved scenario has no options to plan from";
    return;
  }
  std::size_t base = 0;
  for (std::size_t o = 0; o < s.options.size() && o < options->items.size(); ++o)
    if (s.options[o].name == settings.base_option) base = o;
  scenario::Node planned = options->items[base];
  put(planned, "name", scalar("Planned staffing", false));
  put(planned, "description",
      scalar(fmt::format("The staffing `pimhsim plan` found: {} ({}, parameters of `{}`).",
                         rule_text, result.target.given() ? result.target.text : "a budget",
                         result.candidate_parameters_from),
             false));
  scenario::Node* set = planned.get("set");
  if (set == nullptr || !set->is_map()) {
    scenario::Node map;
    map.kind = scenario::Node::Kind::kMap;
    put(planned, "set", std::move(map));
    set = planned.get("set");
  }
  for (const auto& [key, value] : overrides) put(*set, key, scalar(fmt::format("{}", value)));
  scenario::Node comparator = std::move(options->items.front());
  options->items.clear();
  options->items.push_back(std::move(comparator));
  options->items.push_back(std::move(planned));
  put(*root, "name", scalar(s.name + ", planned", false));
  result.planned_scenario =
      fmt::format(
          "# Written by `pimhsim plan`: {}, with its comparator and the planned\n"
          "# staffing: {}.\n"
          "# Its tables are beside it (paths are relative to this file), so it runs as it is:\n"
          "#   pimhsim run RESULTS_DIR/planned_scenario.yaml\n",
          s.name, rule_text) +
      scenario::to_yaml(*root);
}

}  // namespace pimhsim::analysis
