#include "pimhsim/output/plan_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/models/estimate_json.h"
#include "pimhsim/models/staffable.h"
#include "pimhsim/output/codebook.h"
#include "pimhsim/output/report.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {
namespace {

using Unit = models::StaffingMeasure::Unit;

nlohmann::json measured_json(const models::Measured& m) {
  return models::estimate_json(m.value, m.se);
}

const char* unit_name(Unit u) {
  switch (u) {
    case Unit::kShare:
      return "share";
    case Unit::kPounds:
      return "pounds";
    case Unit::kRatio:
      return "ratio";
    case Unit::kQalys:
      return "QALYs";
    case Unit::kWte:
      return "WTE";
    case Unit::kYear:
      return "calendar year";
  }
  return "?";
}

// A value with its SE for a sentence, in the measure's unit.
std::string value_text(const models::Measured& m, Unit unit) {
  if (!m.defined()) return unit == Unit::kYear ? "not within the years valued" : "undefined";
  const bool se = std::isfinite(m.se) && m.se > 0;
  switch (unit) {
    case Unit::kShare:
      return fmt::format("{:.1f}%", 100 * m.value) +
             (se ? fmt::format(" ± {:.1f} pp", 100 * m.se) : "");
    case Unit::kPounds:
      return core::money_text(m.value) + (se ? " ± " + core::money_text(m.se) : "");
    case Unit::kRatio:
    case Unit::kQalys:
      return fmt::format("{:.3g}", m.value) + (se ? fmt::format(" ± {:.2g}", m.se) : "");
    case Unit::kWte:
      return fmt::format("{:.1f} WTE", m.value) + (se ? fmt::format(" ± {:.1f}", m.se) : "");
    case Unit::kYear:
      return fmt::format("{:.0f}", m.value);
  }
  return "?";
}

Unit target_unit(const analysis::PlanResult& r) {
  for (const auto& a : r.achieves)
    if (a.measure->name == r.target.measure) return a.measure->unit;
  return Unit::kRatio;
}

}  // namespace

nlohmann::json plan_json(const analysis::PlanResult& r) {
  nlohmann::json j{
      {"target", r.target.given() ? nlohmann::json(r.target.text) : nlohmann::json(nullptr)},
      {"measure", r.target.given() ? nlohmann::json(r.target.measure) : nlohmann::json(nullptr)},
      {"rule", analysis::rule_name(r.rule)},
      {"grid", {{"step", r.step}, {"maximum", r.maximum}, {"unit", r.grid_unit()}}},
      {"minimum_wte", r.minimum_wte},
      {"annual_post_cost_per_wte", r.post_cost_per_wte},
      {"budget_per_year", models::number_json(r.budget)},
      {"candidate_parameters_from", r.candidate_parameters_from},
      {"evaluations", r.evaluations},
      {"seed", r.seed},
      {"replicates", r.replicates},
      {"se_method", r.se_method()},
      {"scale", r.scale},
      {"horizon_years", r.horizon_years},
      {"note",
       "measures compare the plan with the comparator on common random numbers; se is the Monte "
       "Carlo standard error at the solution; met_beyond_2se says the target holds by more than "
       "two of them; wte_se (solution_x_se) is how far that noise can move the solution: se / the "
       "measure's slope over 15% of the solution either side. An area that cannot reach the "
       "target within the search keeps the comparator's staffing and is left out of the totals "
       "(its best_reachable_wte is the staffing of its best value); a rule that cannot reach it "
       "has no solution_x, and best_x is the staffing of its best value, whose results these are"}};
  nlohmann::json reconciliation = nlohmann::json::array();
  for (const auto& a : r.reconciliation)
    reconciliation.push_back({{"question", a.question},
                              {"total_wte", a.total_wte},
                              {"annual_post_cost", a.annual_post_cost},
                              {"x", models::number_json(a.x)}});
  j["reconciliation"] = reconciliation;
  // The plan as a runnable scenario, or why there is none.
  j["planned_scenario"] =
      r.planned_scenario.empty()
          ? nlohmann::json{{"file", nullptr}, {"why_not", r.planned_scenario_why}}
          : nlohmann::json{{"file", "planned_scenario.yaml"}, {"why_not", nullptr}};
  if (r.solved) {
    j["method"] = r.method;
    j["reachable"] = r.reachable;
    j["national"] = {{"total_wte", r.total_wte},
                     {"births", r.births},
                     {"annual_post_cost", r.annual_post_cost},
                     {"measure", measured_json(r.measure)},
                     {"target_met", r.target_met}};
    nlohmann::json achieves = nlohmann::json::object();
    for (const auto& a : r.achieves) achieves[a.name()] = measured_json(a.value);
    j["achieves"] = achieves;
    nlohmann::json areas = nlohmann::json::array();
    for (const auto& a : r.areas)
      areas.push_back({{"area", a.area},
                       {"births", a.births},
                       {"wte", a.wte},
                       {"annual_post_cost", a.annual_post_cost},
                       {"measure", measured_json(a.measure)},
                       {"wte_se", models::number_json(a.wte_se)},
                       {"target_met", a.target_met},
                       {"met_beyond_2se", a.met_beyond_2se},
                       {"reachable", a.reachable},
                       {"best_reachable_wte", models::number_json(a.best_wte)}});
    j["areas"] = areas;
    if (r.solution_x) {
      j["solution_x"] = *r.solution_x;
      j["solution_x_se"] = models::number_json(r.solution_x_se);
    }
    if (r.best_x) j["best_x"] = *r.best_x;
  }
  nlohmann::json trace = nlohmann::json::array();
  for (const auto& t : r.trace) {
    nlohmann::json row{{"evaluation", t.evaluation},
                       {"total_wte", t.total_wte},
                       {"measure", measured_json(t.measure)}};
    if (t.x) row["x"] = *t.x;
    trace.push_back(row);
  }
  j["trace"] = trace;
  if (!r.sweep.empty()) {
    nlohmann::json sweep = nlohmann::json::array();
    for (const auto& p : r.sweep) {
      nlohmann::json values = nlohmann::json::object();
      for (std::size_t i = 0; i < r.achieves.size(); ++i)
        values[r.achieves[i].name()] = measured_json(p.values[i]);
      sweep.push_back({{"x", p.x},
                       {"total_wte", p.total_wte},
                       {"annual_post_cost", p.annual_post_cost},
                       {"measures", values}});
    }
    j["sweep"] = sweep;
  }
  return j;
}

std::string plan_csv(const analysis::PlanResult& r) {
  core::CsvTable table({"area_code", "area_name", "births", "wte", "wte_se", "annual_post_cost",
                        "measure", "measure_se", "target_met", "met_beyond_2se", "reachable",
                        "best_reachable_wte"});
  for (const auto& a : r.areas)
    table.row()
        .text(a.area)
        .text(a.name)
        .number(a.births)
        .number(a.wte)
        .number(a.wte_se)
        .number(a.annual_post_cost)
        .number(a.measure.value)
        .number(a.measure.se)
        .flag(a.target_met)
        .flag(a.met_beyond_2se)
        .flag(a.reachable)
        .number(a.best_wte)
        .end();
  return table.text();
}

std::string dose_response_csv(const analysis::PlanResult& r) {
  core::CsvTable table(
      {"x", "x_unit", "total_wte", "annual_post_cost", "measure", "unit", "estimate", "se"});
  for (const auto& p : r.sweep)
    for (std::size_t i = 0; i < r.achieves.size(); ++i)
      table.row()
          .number(p.x)
          .text(r.grid_unit())
          .number(p.total_wte)
          .number(p.annual_post_cost)
          .text(r.achieves[i].name())
          .text(unit_name(r.achieves[i].measure->unit))
          .number(p.values[i].value)
          .number(p.values[i].se)
          .end();
  return table.text();
}

std::string write_plan(AtomicDirectory& dir, const scenario::Scenario& s,
                       const analysis::PlanResult& plan, const nlohmann::json& manifest) {
  dir.lead_tables_with(scenario_lead(s));
  dir.write("plan.json", plan_json(plan).dump(2) + "\n");
  if (plan.solved) dir.write("plan.csv", plan_csv(plan));
  if (!plan.sweep.empty()) dir.write("dose_response.csv", dose_response_csv(plan));
  write_scenario(dir, s);
  if (!plan.planned_scenario.empty()) dir.write("planned_scenario.yaml", plan.planned_scenario);
  if (!plan.planned_areas_table.empty())
    dir.write(analysis::PlanResult::kPlannedAreasTable, plan.planned_areas_table);
  dir.write("manifest.json", manifest.dump(2) + "\n");
  auto columns = scenario_columns(s);
  if (!plan.planned_areas_table.empty() && !s.tables.empty())
    for (auto c : scenario_columns(s))  // the planned table's columns are the areas table's
      if (c.file == s.tables.front().copy) {
        c.file = analysis::PlanResult::kPlannedAreasTable;
        columns.push_back(std::move(c));
      }
  write_codebook(dir, columns);
  // Last: the report reads the plan's files as written (they are all in the pending directory).
  return plan.report ? write_report_into(dir.pending(""), dir.target()) : "";
}

std::string plan_text(const std::string& scenario_name, const analysis::PlanResult& r) {
  std::string out;
  const std::string asked =
      r.target.given()
          ? r.target.text +
                (r.budget ? fmt::format(" within {} a year", core::money_text(*r.budget)) : "")
          : (r.budget ? fmt::format("what {} a year buys", core::money_text(*r.budget))
                      : "a dose-response sweep");
  out += fmt::format("staffing plan for {}: {} ({} rule)\n", scenario_name, asked,
                     analysis::rule_name(r.rule));
  if (r.solved) {
    out += fmt::format("  method       {}; {} simulation{} on common random numbers\n", r.method,
                       r.evaluations, r.evaluations == 1 ? "" : "s");
    const Unit unit = target_unit(r);
    if (!r.reachable && r.best_x) {
      out += fmt::format(
          "  NOT REACHABLE within the search (up to {:g} {}): the best is {} at {:g} {} ({:.1f} "
          "WTE, {} a year); not a plan. Raise the search's maximum{} or lower the target\n",
          r.maximum, r.grid_unit(), value_text(r.measure, unit), *r.best_x, r.grid_unit(),
          r.total_wte, core::money_text(r.annual_post_cost), r.budget ? " or the budget" : "");
    }
    if (r.solution_x)
      out += fmt::format("  solution     {:g} {} (minimum {:g} WTE per area)\n", *r.solution_x,
                         r.grid_unit(), r.minimum_wte);
    std::size_t met = 0, in_plan = 0;
    std::vector<std::string> unreachable;
    for (const auto& a : r.areas) {
      met += a.target_met ? 1 : 0;
      if (a.reachable || r.best_x) ++in_plan;
      if (!a.reachable && !r.best_x) unreachable.push_back(a.area);
    }
    out += fmt::format("  specialists  {:.1f} WTE in {} area{}, posts {} a year ({} per WTE)\n",
                       r.total_wte, in_plan, in_plan == 1 ? "" : "s",
                       core::money_text(r.annual_post_cost), core::money_text(r.post_cost_per_wte));
    if (r.target.given() && r.rule == analysis::PlanRule::kPerArea)
      out += fmt::format("  {:<12} {} overall; target met in {} of {} areas\n", r.target.measure,
                         value_text(r.measure, unit), met, r.areas.size());
    else if (r.target.given() && r.reachable)
      out += fmt::format("  {:<12} {} overall: target met; {} of {} areas meet it on their own\n",
                         r.target.measure, value_text(r.measure, unit), met, r.areas.size());
    if (!unreachable.empty()) {
      const std::size_t shown = std::min<std::size_t>(unreachable.size(), 8);
      std::vector<std::string> first(unreachable.begin(), unreachable.begin() + shown);
      if (shown < unreachable.size())
        first.push_back(fmt::format("{} more", unreachable.size() - shown));
      out += fmt::format(
          "  unreachable  {} areas cannot reach it within {:g} {} and are left out of the plan "
          "and its totals (best reachable in plan.csv): {}\n",
          unreachable.size(), r.maximum, r.grid_unit(), core::listed(first, "and"));
    }
    const char* lead = "  achieves     ";
    for (const auto& a : r.achieves)
      if (a.measure->headline) {
        out +=
            fmt::format("{}{} {}\n", lead, a.measure->label, value_text(a.value, a.measure->unit));
        lead = "               ";
      }
  }
  if (!r.sweep.empty()) {
    out += fmt::format("  dose-response ({}; dose_response.csv has every measure with its SE)\n",
                       r.grid_unit());
    std::vector<std::size_t> cols;
    for (std::size_t i = 0; i < r.achieves.size(); ++i)
      if (r.achieves[i].measure->headline || r.achieves[i].measure->value_for_money)
        cols.push_back(i);
    std::string head = fmt::format("  {:>8} {:>9} {:>10}", "x", "WTE", "a year");
    auto width = [&](std::size_t i) {
      return std::max<std::size_t>(7, r.achieves[i].name().size());
    };
    for (std::size_t i : cols) head += fmt::format(" {:>{}}", r.achieves[i].name(), width(i));
    out += head + "\n";
    for (const auto& p : r.sweep) {
      std::string row = fmt::format("  {:>8g} {:>9.1f} {:>10}", p.x, p.total_wte,
                                    core::money_text(p.annual_post_cost));
      for (std::size_t i : cols) {
        const auto& m = p.values[i];
        const Unit u = r.achieves[i].measure->unit;
        row += fmt::format(" {:>{}}",
                           !m.defined()         ? std::string("-")
                           : u == Unit::kShare  ? fmt::format("{:.1f}%", 100 * m.value)
                           : u == Unit::kPounds ? core::money_text(m.value)
                           : u == Unit::kYear   ? fmt::format("{:.0f}", m.value)
                                                : fmt::format("{:.3g}", m.value),
                           width(i));
      }
      out += row + "\n";
    }
  }
  if (!r.reconciliation.empty()) {
    out += "  how many specialists? each answer and the question it answers\n";
    for (const auto& a : r.reconciliation)
      out += fmt::format("    {:>7.1f} WTE {:>8} a year  {}\n", a.total_wte,
                         core::money_text(a.annual_post_cost), a.question);
  }
  out += r.planned_scenario.empty()
             ? fmt::format("  no planned_scenario.yaml: {}\n", r.planned_scenario_why)
             : "  planned_scenario.yaml in the results runs the plan beside the comparator\n";
  // Whole caseload places of a small sample serve fewer referrals than a full-scale run would
  // (docs/model.md, section 1.7): the queue's figures, and a staffing chosen on them, run short.
  if (r.scale < models::kQueueFullScaleBelow)
    out += fmt::format(
        "  (!) at population scale {:g} the specialist's queue (its starts, waits, timely care) "
        "runs short\n      of a full-scale run's, and so does a staffing found on it; plan at "
        "run.scale=1\n      (docs/model.md, \"Population scale and totals\")\n",
        r.scale);
  return out;
}

}  // namespace pimhsim::output
