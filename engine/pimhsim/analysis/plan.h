// Staffing plans: the smallest specialist staffing that meets a target, per area or as a rule.
//
// A target names a measure the scenario's model declares (models/staffable.h) and what it must
// reach: `MEASURE >= VALUE`, `MEASURE <= VALUE`, or `max MEASURE@THRESHOLD` for a measure that
// takes a willingness to pay per QALY. The pathway's measures include detection (the share of ill
// mothers identified), timely_specialist (the share of specialist referrals starting care within
// specialist.timely_weeks), trained_share, roi by perspective and nmb@THRESHOLD.
// The staffing is searched either per area (each area its own WTE), or as one number for every
// area: a rule `births` (WTE per 1,000 births a year) or `uniform` (the same WTE everywhere), each
// with a minimum WTE per area.
//
// Every candidate is simulated on common random numbers (the scenario's seed and replicates), so
// measures differ between candidates only through staffing. Measures the model says rise with
// staffing (coverage and access) are searched by bisection on a grid of WTE steps; others (returns,
// net benefit) need not be monotone and are searched by a bounded grid scan, then refined around
// the best point. Per-area searches run every area at once: each evaluation is one simulation of
// the whole scenario in which every area has its own candidate, and each area's measure comes from
// its own tally. The Monte Carlo standard error of the measure at the solution is reported, with
// whether the target is met by more than two standard errors, and the standard error of the
// solution itself: the measure's SE over its slope in staffing (over 15% of the solution either
// side, at least a grid step), i.e. how far first-order noise can move the answer; more replicates
// or a larger scale shrink both.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/executor.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/models/staffable.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::core {
class Crew;      // core/ranks.h
class Messages;  // core/messages.h
}  // namespace pimhsim::core

namespace pimhsim::analysis {

struct PlanTarget {
  enum class Kind { kAtLeast, kAtMost, kMaximise };
  Kind kind = Kind::kAtLeast;
  std::string measure;                             // e.g. "detection", "nmb"
  std::optional<double> threshold;                 // `@THRESHOLD`: the willingness to pay per QALY
  double value = 0;                                // the level to reach (not used by kMaximise)
  std::string text;                                // as given
  bool given() const { return !measure.empty(); }  // a plan may have a budget or a sweep instead
  // Filled by resolve_target against the model's measures:
  std::size_t index = 0;  // in Staffable::measures()
  bool rises = false;     // the measure rises with staffing: searched by bisection
};

// Parses a target's form (`MEASURE >= VALUE`, `MEASURE <= VALUE`, `max MEASURE@THRESHOLD`); on
// failure returns nothing and says why (with the accepted forms). Which measures exist is the
// model's to say: resolve_target.
std::optional<PlanTarget> parse_target(const std::string& text, std::string* why);
// Checks `target` against the measures of `model` and fills its index and rises; "" if it is one
// of them with a threshold if and only if it needs one, a value in [0, 1] for a share, and `max`
// only of a measure that does not rise with staffing; else why not, with the measures offered.
std::string resolve_target(PlanTarget& target, const models::Staffable& model);

enum class PlanRule { kPerArea, kBirths, kUniform };
std::optional<PlanRule> parse_rule(const std::string& text);
const char* rule_name(PlanRule r);

struct PlanSettings {
  PlanTarget target;
  PlanRule rule = PlanRule::kPerArea;
  double minimum_wte = 0;  // every area gets at least this
  double maximum = 0;  // upper end of the search (WTE per area, or per 1,000 births); 0: 30, or 3
  double step = 0;     // grid step; 0: a default (0.1 WTE, or 0.05 WTE per 1,000 births)
  std::string base_option;  // whose parameters the candidate uses (default: the comparator's)
  // At most this annual cost of the plan's posts (pounds a year, at the candidate's cost per
  // WTE): the top of the search is the most staffing it pays for. Alone, the plan is the staffing
  // the budget buys; with a target, the answer within the budget.
  std::optional<double> budget;
  // A dose-response table over the rule's staffing (WTE per area, or per 1,000 births): every
  // measure of the model at each point, on the same common random numbers as the search.
  struct Sweep {
    double from = 0, to = 0, step = 0;
  };
  std::optional<Sweep> sweep;
  core::ExecutorRef executor{1u};  // how the plan's simulations run
  // The ranks of a distributed plan (`mpirun -n N`: core/ranks.h), gathered by the caller, that
  // share the simulations (plan_evaluator.h); none: this process alone. The other ranks run
  // serve_plan.
  core::Crew* crew = nullptr;
  bool report = false;  // also write report.html with the results (output/report.h)
  // Also write the planned scenario to this file (a .yaml file; output/plan_writer.h).
  std::optional<std::string> write_scenario;
};

// A sweep from its text `FROM:TO:STEP`; nothing (and `why`) if it is not one, runs backwards, or
// has more than 1,000 points.
std::optional<PlanSettings::Sweep> parse_sweep(const std::string& text, std::string& why);

// The search grid: its step and its top (WTE per area, or per 1,000 births), defaults filled in.
std::pair<double, double> search_grid(const PlanSettings& settings);

// Why the settings leave nothing sensible to search, naming the settings in backticks
// (`minimum_wte`, `maximum`, `step`), or "" if they do not: a minimum above the top of the search
// (per-area and uniform rules, where both are WTE per area), a step above the top, or more than
// 100,000 grid steps.
std::string settings_problem(const PlanSettings& settings);

// The plan's settings for a front end (target, rule, minimum_wte, maximum, step, base_option).
std::vector<core::SettingSpec> plan_setting_specs();
// Reads `values` (of plan_setting_specs) into `settings` (all but the executor), before the
// scenario is read; bad input names the setting in backticks.
core::Status plan_request(const core::SettingValues& values, PlanSettings& settings);
// Why staffing plans cannot run on scenario `s` with `settings`, if they cannot: a model without
// specialist staffing (naming `model`), a target the model does not offer (naming `target`), an
// unknown base option (naming `base_option`). Resolves settings.target on success.
std::optional<std::string> plan_scenario_problem(const scenario::Scenario& s,
                                                 PlanSettings& settings);

// One area of a plan: its staffing, what it reaches, and whether that meets the target.
struct PlanArea {
  std::string area;  // code
  std::string name;
  double births = 0;
  double wte = 0;               // funded specialist WTE
  double wte_se = kUndefined;   // how far Monte Carlo noise can move it (undefined: no slope)
  double annual_post_cost = 0;  // wte x the candidate's annual cost per WTE
  models::Measured measure;     // the target's measure in this area
  bool target_met = false;
  bool met_beyond_2se = false;  // met by more than two standard errors
  // Met somewhere in the search range. An area that cannot meet it is not part of the plan (it
  // keeps the comparator's staffing, and is left out of the totals): wte and annual_post_cost are
  // 0, and best_wte is the staffing of its best value in the search, which `measure` then is.
  bool reachable = true;
  double best_wte = kUndefined;
  static constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
};

// One simulation of the search.
struct PlanStep {
  int evaluation = 0;
  double total_wte = 0;
  std::optional<double> x;   // the rule's value (WTE per 1,000 births, or per area); rules only
  models::Measured measure;  // national
};

// A measure of the solution, against the comparator.
struct PlanAchieved {
  const models::StaffingMeasure* measure = nullptr;  // of the model's declarations
  std::optional<double> threshold;                   // for a measure per willingness to pay
  models::Measured value;
  std::string name() const;  // "detection", "nmb@20000"
};

// One point of a dose-response sweep: every measure (in the order of PlanResult::achieves).
struct PlanSweepPoint {
  double x = 0;  // the rule's staffing
  double total_wte = 0, annual_post_cost = 0;
  std::vector<models::Measured> values;
};

// One answer to "how many specialists?", with the question it answers.
struct PlanAnswer {
  std::string question;
  double total_wte = 0, annual_post_cost = 0;
  std::optional<double> x;  // the rule's staffing, where the answer is one
};

// The plan with what it achieves.
struct PlanResult {
  PlanTarget target;
  PlanRule rule = PlanRule::kPerArea;
  std::string method;  // of the search, in words
  double step = 0;     // the grid: WTE per area, or per 1,000 births a year
  double maximum = 0;  // the top of the search, in the same unit
  double minimum_wte = 0;
  std::string candidate_parameters_from;  // the option whose parameters the candidate uses
  int evaluations = 0;                    // simulations run
  std::uint64_t seed = 0;
  std::uint32_t replicates = 1;
  double scale = 1;
  std::uint32_t horizon_years = 1;
  double post_cost_per_wte = 0;  // the candidate's annual cost of one funded WTE
  // National: every area's staffing together.
  double total_wte = 0, births = 0, annual_post_cost = 0;
  models::Measured measure;
  bool target_met = false;
  // Whether there is a plan: the target is met within the search (rules), in every area
  // (per-area; unreachable areas are listed apart), or there is no target (a budget alone).
  // A rule whose target is out of reach reports the best it reaches instead, never the top of
  // the search as a plan: solution_x is empty, best_x the staffing of the best value, and the
  // totals and `achieves` are that staffing's.
  bool reachable = true;
  std::optional<double> best_x;
  std::optional<double> budget;        // as given
  bool report = false;                 // the settings' `report`
  bool solved = true;                  // false for a sweep alone: no solution, areas or achieves
  std::vector<PlanAchieved> achieves;  // every measure of the model at the solution
  std::vector<PlanSweepPoint> sweep;   // the dose-response table, if asked for
  std::vector<PlanAnswer> reconciliation;
  // The scenario with the plan as its second option (the comparator first), runnable as written
  // from the results directory (its tables are copied there): planned_scenario.yaml. Empty when
  // there is no plan to write, and then planned_scenario_why says why.
  std::string planned_scenario;
  std::string planned_scenario_why;
  // A plan that funds each area its own WTE (per area, several areas) runs from a copy of the
  // areas table with the model's staffing column filled in: its text, named in the planned
  // scenario as tables/planned_areas.csv. Empty for a plan whose staffing is a rule.
  std::string planned_areas_table;
  static constexpr const char* kPlannedAreasTable = "tables/planned_areas.csv";
  std::optional<std::string> scenario_file;  // the settings' `write_scenario`
  std::vector<PlanArea> areas;
  std::vector<PlanStep> trace;
  // Rules: the solution and how far Monte Carlo noise can move it.
  std::optional<double> solution_x;
  double solution_x_se = PlanArea::kUndefined;

  const char* grid_unit() const;
  // How the standard errors were estimated, in words.
  std::string se_method() const;
};

// Bad input (exit status 2) for settings the scenario cannot support: plan_scenario_problem.
core::Expected<PlanResult> plan(const scenario::Scenario& s, PlanSettings settings);

// What every rank of a distributed plan of `s` must share with rank 0 to join its crew (the
// scenario's content, seed and replicates, the candidate's option, the model's layout), and a
// rank other than 0: runs the simulations rank 0 sends until released. `settings` resolved
// (plan_scenario_problem), its executor the rank's threads.
std::string plan_identity(const scenario::Scenario& s, const PlanSettings& settings);
void serve_plan(const scenario::Scenario& s, const PlanSettings& settings,
                core::Messages& messages);

// Fills result.planned_scenario (or planned_scenario_why) for scenario `s` planned with
// `settings`: the resolved scenario with its options replaced by the comparator and the option
// whose parameters the candidate used, renamed `Planned staffing` and with the model's
// staffing_overrides for the plan's rule (a per-area plan for one area, whose WTE is then a
// rule), or, for a per-area plan of several areas, the model's table_staffing with each area's
// WTE in planned_areas_table. Running it reproduces the plan's staffing exactly.
void write_planned_scenario(const scenario::Scenario& s, const PlanSettings& settings,
                            PlanResult& result);

}  // namespace pimhsim::analysis
