// A plan as a scenario: the comparator and the planned staffing, runnable as written.
#include <fmt/format.h>

#include <map>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/core/csv_table.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/csv.h"
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

// The areas table `table` with column `column` holding each planned area's WTE (replaced if the
// table has it; empty in rows that are not areas of the plan, merged or left out); empty if the
// table cannot be read back.
std::string table_with_staffing(const scenario::InputTable& table, const std::string& column,
                                const std::vector<PlanArea>& areas) {
  scenario::Diagnostics d;
  const auto csv = scenario::parse_csv(table.content, table.source, d);
  if (!csv) return {};
  const auto code = csv->column("area_code");
  if (!code) return {};
  std::map<std::string, double> wte;
  for (const auto& a : areas) wte[a.area] = a.wte;
  std::vector<std::string> header = csv->header;
  const auto existing = csv->column(column);
  if (!existing) header.push_back(column);
  core::CsvTable out(header);
  for (const auto& cells : csv->rows) {
    auto row = out.row();
    const auto it = wte.find(cells[*code]);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (existing && c == *existing)
        it != wte.end() ? row.number(it->second) : row.empty();
      else
        row.text(cells[c]);
    }
    if (!existing) it != wte.end() ? row.number(it->second) : row.empty();
    row.end();
  }
  return out.text();
}

}  // namespace

void write_planned_scenario(const scenario::Scenario& s, const PlanSettings& settings,
                            PlanResult& result) {
  result.planned_scenario.clear();
  result.planned_scenario_why.clear();
  result.planned_areas_table.clear();
  result.scenario_file = settings.write_scenario;
  const auto* staffable = models::staffable_of(s.model);
  const auto by_table = staffable != nullptr ? staffable->table_staffing() : std::nullopt;
  double per_area = 0, per_1000 = 0;
  std::string rule_text;
  const bool one_area = result.rule == PlanRule::kPerArea && result.areas.size() == 1;
  if (!result.solved)
    result.planned_scenario_why = "a dose-response sweep alone plans no staffing";
  else if (!result.reachable)
    result.planned_scenario_why = "the target is out of reach: there is no plan to run";
  else if (result.rule == PlanRule::kPerArea && !one_area && !by_table)
    result.planned_scenario_why = fmt::format(
        "model `{}` cannot fund each area its own WTE from its areas table: plan with `rule` "
        "births or uniform (or for one area) for a runnable scenario",
        s.model);
  else if (result.rule != PlanRule::kPerArea && !result.solution_x)
    result.planned_scenario_why = "the plan has no staffing rule to write";
  if (!result.planned_scenario_why.empty()) return;
  if (result.rule == PlanRule::kBirths) {
    per_1000 = *result.solution_x;
    rule_text = fmt::format("{} WTE per 1,000 births a year", per_1000);
  } else if (result.rule == PlanRule::kUniform) {
    per_area = *result.solution_x;
    rule_text = fmt::format("{} WTE in every area", per_area);
  } else if (one_area) {
    per_area = result.areas.front().wte;
    rule_text = fmt::format("{} WTE in {}", per_area, result.areas.front().name);
  } else {
    rule_text = fmt::format("each of {} areas its own WTE, {} WTE in all", result.areas.size(),
                            result.total_wte);
  }
  if (result.minimum_wte > 0)
    rule_text += fmt::format(", at least {} WTE per area", result.minimum_wte);
  const bool table_rule = result.rule == PlanRule::kPerArea && !one_area;
  std::vector<std::pair<std::string, std::string>> overrides;
  if (table_rule) {
    overrides = by_table->overrides;
    const auto* table = s.tables.empty() ? nullptr : &s.tables.front();
    if (table != nullptr)
      result.planned_areas_table = table_with_staffing(*table, by_table->column, result.areas);
    if (result.planned_areas_table.empty()) {
      result.planned_scenario_why = "the areas table could not be written with the plan's WTE";
      return;
    }
  } else if (staffable != nullptr) {
    for (const auto& [key, value] :
         staffable->staffing_overrides(per_area, per_1000, result.minimum_wte))
      overrides.emplace_back(key, fmt::format("{}", value));
  }
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
  for (const auto& [key, value] : overrides) put(*set, key, scalar(value));
  if (table_rule)
    if (scenario::Node* areas = root->get("areas"))
      put(*areas, "table", scalar(PlanResult::kPlannedAreasTable));
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
