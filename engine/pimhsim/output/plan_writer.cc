#include "pimhsim/output/plan_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/core/csv_text.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {
namespace {

using Unit = models::StaffingMeasure::Unit;

nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json measured_json(const models::Measured& m) {
  return {{"value", number_or_null(m.value)}, {"se", number_or_null(m.se)}};
}

std::string field(double x) {
  return std::isfinite(x) ? fmt::format("{}", x) : "";
}

// A value with its SE for a sentence, in the measure's unit.
std::string value_text(const models::Measured& m, Unit unit) {
  if (!m.defined()) return "undefined";
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
  }
  return "?";
}

}  // namespace

nlohmann::json plan_json(const analysis::PlanResult& r) {
  nlohmann::json achieves = nlohmann::json::object();
  for (const auto& a : r.achieves) achieves[a.name()] = measured_json(a.value);
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& a : r.areas)
    areas.push_back({{"area", a.area},
                     {"births", a.births},
                     {"wte", a.wte},
                     {"annual_post_cost", a.annual_post_cost},
                     {"measure", measured_json(a.measure)},
                     {"wte_se", number_or_null(a.wte_se)},
                     {"target_met", a.target_met},
                     {"met_beyond_2se", a.met_beyond_2se},
                     {"reachable", a.reachable}});
  nlohmann::json trace = nlohmann::json::array();
  for (const auto& t : r.trace) {
    nlohmann::json row{{"evaluation", t.evaluation},
                       {"total_wte", t.total_wte},
                       {"measure", measured_json(t.measure)}};
    if (t.x) row["x"] = *t.x;
    trace.push_back(row);
  }
  nlohmann::json j{
      {"target", r.target.text},
      {"measure", r.target.measure},
      {"rule", analysis::rule_name(r.rule)},
      {"method", r.method},
      {"grid", {{"step", r.step}, {"maximum", r.maximum}, {"unit", r.grid_unit()}}},
      {"minimum_wte", r.minimum_wte},
      {"candidate_parameters_from", r.candidate_parameters_from},
      {"evaluations", r.evaluations},
      {"seed", r.seed},
      {"replicates", r.replicates},
      {"se_method", r.se_method()},
      {"scale", r.scale},
      {"horizon_years", r.horizon_years},
      {"national",
       {{"total_wte", r.total_wte},
        {"births", r.births},
        {"annual_post_cost", r.annual_post_cost},
        {"measure", measured_json(r.measure)},
        {"target_met", r.target_met}}},
      {"achieves", achieves},
      {"areas", areas},
      {"trace", trace},
      {"note",
       "measures compare the plan with the comparator on common random numbers; se is the Monte "
       "Carlo standard error at the solution; met_beyond_2se says the target holds by more than "
       "two of them; wte_se (solution_x_se) is how far that noise can move the solution: se / the "
       "measure's slope over 15% of the solution either side"}};
  if (r.solution_x) {
    j["solution_x"] = *r.solution_x;
    j["solution_x_se"] = number_or_null(r.solution_x_se);
  }
  return j;
}

std::string plan_csv(const analysis::PlanResult& r) {
  std::string csv =
      "area,births,wte,wte_se,annual_post_cost,measure,measure_se,target_met,met_beyond_2se,"
      "reachable\n";
  for (const auto& a : r.areas)
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", core::csv_text(a.area), a.births, a.wte,
                       field(a.wte_se), a.annual_post_cost, field(a.measure.value),
                       field(a.measure.se), a.target_met, a.met_beyond_2se, a.reachable);
  return csv;
}

void write_plan(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::PlanResult& plan,
                const nlohmann::json& manifest) {
  dir.write("plan.json", plan_json(plan).dump(2) + "\n");
  dir.write("plan.csv", plan_csv(plan));
  write_scenario(dir, s);
  dir.write("manifest.json", manifest.dump(2) + "\n");
}

std::string plan_text(const std::string& scenario_name, const analysis::PlanResult& r) {
  std::string out;
  out += fmt::format("staffing plan for {}: {} ({} rule)\n", scenario_name, r.target.text,
                     analysis::rule_name(r.rule));
  out += fmt::format("  method       {}; {} simulations on common random numbers\n", r.method,
                     r.evaluations);
  if (r.solution_x)
    out += fmt::format("  solution     {:g} {} (minimum {:g} WTE per area)\n", *r.solution_x,
                       r.grid_unit(), r.minimum_wte);
  int met = 0, unreachable = 0;
  for (const auto& a : r.areas) {
    met += a.target_met ? 1 : 0;
    unreachable += a.reachable ? 0 : 1;
  }
  out += fmt::format("  specialists  {:.1f} WTE in {} areas, posts {} a year ({} per WTE)\n",
                     r.total_wte, r.areas.size(), core::money_text(r.annual_post_cost),
                     core::money_text(r.annual_post_cost / std::max(1e-12, r.total_wte)));
  Unit unit = Unit::kRatio;
  for (const auto& a : r.achieves)
    if (a.measure->name == r.target.measure) unit = a.measure->unit;
  if (r.rule == analysis::PlanRule::kPerArea)
    out += fmt::format(
        "  {:<12} {} nationally; target met in {} of {} areas{}\n", r.target.measure,
        value_text(r.measure, unit), met, r.areas.size(),
        unreachable ? fmt::format(" ({} cannot reach it within the search range)", unreachable)
                    : "");
  else
    out += fmt::format(
        "  {:<12} {} nationally: {}; {} of {} areas meet it on their own\n", r.target.measure,
        value_text(r.measure, unit),
        r.target_met ? "target met" : "NOT reachable within the search range (raise its maximum)",
        met, r.areas.size());
  const char* lead = "  achieves     ";
  for (const auto& a : r.achieves)
    if (a.measure->headline) {
      out += fmt::format("{}{} {}\n", lead, a.measure->label, value_text(a.value, a.measure->unit));
      lead = "               ";
    }
  return out;
}

}  // namespace pimhsim::output
