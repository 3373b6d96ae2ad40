// What `pimhsim plan` writes: plan.json (the search, the solution, each area, the dose-response
// sweep and the reconciliation of answers), plan.csv (one row per area, when there is a
// solution), dose_response.csv (when swept), the resolved scenario and the manifest; and the
// terminal's summary.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

// plan.json: the search, the solution, what it achieves, each area and each simulation.
nlohmann::json plan_json(const analysis::PlanResult& plan);
// plan.csv: one row per area.
std::string plan_csv(const analysis::PlanResult& plan);
// dose_response.csv: one row per sweep point and measure (long form), with its unit and SE.
std::string dose_response_csv(const analysis::PlanResult& plan);

// Writes the plan's files into `dir` (not committed), with the report if the plan asks for one;
// returns what the terminal says of the report (where it is, or why it was not made), or "".
std::string write_plan(AtomicDirectory& dir, const scenario::Scenario& s,
                       const analysis::PlanResult& plan, const nlohmann::json& manifest);

// Why the planned scenario cannot be written to `file` (the plan's `write_scenario`), or nothing:
// a name not ending in .yaml or .yml, a directory that does not exist, or a file that exists and
// is not a scenario an earlier plan wrote.
std::optional<std::string> scenario_file_problem(const std::string& file);

// Writes the planned scenario to plan.scenario_file, if the plan names one: the results
// directory's planned_scenario.yaml with its areas table named relative to the file (a per-area
// plan of several areas writes its table, with each area's WTE, beside it as STEM_areas.csv).
// Returns what the terminal says (where it is, or why there is none); a failure if it cannot be
// written.
core::Expected<std::string> write_planned_scenario_file(const scenario::Scenario& s,
                                                        const analysis::PlanResult& plan);

// The plan's summary for a terminal: the target and rule, the solution, the specialists and
// their cost, whether the target is met, and what the staffing achieves.
std::string plan_text(const std::string& scenario_name, const analysis::PlanResult& plan);

}  // namespace pimhsim::output
