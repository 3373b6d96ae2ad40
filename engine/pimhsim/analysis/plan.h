// Staffing plans: the smallest specialist staffing that meets a target, per area or as a rule.
//
// A target names a measure of the pathway and what it must reach:
//   detection >= 0.7                   share of ill mothers identified
//   timely_specialist >= 0.8           share of specialist referrals starting care within
//                                      specialist.timely_weeks of referral
//   specialist_care >= 0.05            share of ill mothers who had the specialist's care
//   trained_share >= 0.6               trained share of health visitors in the final year
//   roi >= 1 | roi_public_sector >= 0 | roi_societal >= 1
//                                      return on investment against the comparator
//   nmb@20000 >= 0 | max nmb@20000     incremental net monetary benefit (NHS and PSS costs,
//                                      QALYs) at a threshold, against the comparator
// The staffing is searched either per area (each area its own WTE), or as one number for every
// area: a rule `births` (WTE per 1,000 births a year) or `uniform` (the same WTE everywhere), each
// with a minimum WTE per area.
//
// Every candidate is simulated on common random numbers (the scenario's seed and replicates), so
// measures differ between candidates only through staffing. Measures of coverage and access
// (detection, timely_specialist, specialist_care, trained_share) rise with staffing and are
// searched by bisection on a grid of WTE steps; economic measures need not be monotone and are
// searched by a bounded grid scan (then refined around the best point). Per-area searches run
// every area at once: each evaluation is one simulation of the whole scenario in which every area
// has its own candidate, and each area's measure comes from its own tally. The Monte Carlo
// standard error of the measure at the solution is reported, with whether the target is met by
// more than two standard errors, and the standard error of the solution itself: the measure's
// SE over its slope in staffing (over 15% of the solution either side, at least a grid step), i.e.
// how far first-order noise can move the answer; more replicates or a larger scale shrink both.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/executor.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

struct PlanTarget {
  enum class Kind { kAtLeast, kAtMost, kMaximise };
  Kind kind = Kind::kAtLeast;
  std::string measure;    // e.g. "detection", "nmb"
  double threshold = 0;   // for nmb: the willingness to pay per QALY
  double value = 0;       // the level to reach (not used by kMaximise)
  std::string text;       // as given
  bool monotone() const;  // searched by bisection
};

// Parses a target; on failure returns nothing and says why (with the accepted forms).
std::optional<PlanTarget> parse_target(const std::string& text, std::string* why);

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
  core::ExecutorRef executor{1u};  // how the plan's simulations run
};

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
// Whether staffing plans can run on the scenario's model (one whose staffing they search).
bool plan_supports(const scenario::Scenario& s);
// Why the plan cannot run on scenario `s` of a model it supports (an unknown base option, naming
// `base_option`), if it cannot.
std::optional<std::string> plan_scenario_problem(const scenario::Scenario& s,
                                                 const PlanSettings& settings);

// The plan with what it achieves, as JSON (written as plan.json) and its per-area table (plan.csv).
struct PlanResult {
  nlohmann::json json;
  std::string csv;
};

// Throws std::invalid_argument for settings the scenario cannot support (not the pathway model,
// unknown base option).
PlanResult plan(const scenario::Scenario& s, const PlanSettings& settings);

}  // namespace pimhsim::analysis
