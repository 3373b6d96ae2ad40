// Batch comparison of scenario files (an analyst's use): every option of every file, side by
// side, with the efficiency frontier across them all.
//
// When the files describe the same population (model, run settings, economics and areas), their
// options are simulated together in one run, so that every option sees the same random numbers
// and increments are paired dyad by dyad. Otherwise each file runs on its own and comparisons
// across files are unpaired (their standard errors add).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

// One compared option: its file's label, the scenario and variant it belongs to, its label
// (`FILE LABEL: OPTION`, unique among the compared options) and its own name in its scenario,
// and its cost and effect if the model reports them.
struct ComparedOption {
  std::string file;
  std::string scenario;  // scenario_label() of its scenario
  std::string variant;   // its scenario's `variant`; empty for none
  std::string name;      // the label, as the frontier names the option
  std::string option;    // the option's name in its scenario
  std::optional<core::Model::CostEffect> cost_effect;
};

struct Comparison {
  bool paired = false;
  // The files describe one population (model, horizon, scale, areas, economics): their options
  // share one frontier. Otherwise (compare_problem's `unpaired_populations`) each file has its own.
  bool same_population = true;
  std::string why_unpaired;                   // empty when paired
  std::vector<scenario::Scenario> scenarios;  // one combined scenario when paired
  std::vector<RunOutcome> runs;
  std::vector<std::string> labels;      // file label of each compared option
  std::vector<ComparedOption> options;  // every option of every run, in order
  std::vector<double> thresholds;       // the first scenario's, for the frontier

  // The paired error of option `to` minus option `from` (indices into `options`), when both are
  // options of one run on common random numbers; nothing otherwise.
  std::optional<core::Model::CostEffectStep> step(std::size_t from, std::size_t to) const;
  // This rank only served another's runs (a distributed compare): nothing was compared.
  bool served() const { return !runs.empty() && !runs[0].model; }
};

// A scenario's name, else its file name without extension.
std::string scenario_label(const scenario::Scenario& s);
// The label of each scenario: scenario_label(), then `, VARIANT` for a variant, made unique.
std::vector<std::string> file_labels(const std::vector<scenario::Scenario>& scenarios);

// How two scenarios' populations differ (model, horizon, population, scale, start year,
// economics, areas, the comparator's population parameters), or empty if they are one.
std::string population_difference(const scenario::Scenario& a, const scenario::Scenario& b);
// How two scenarios of one population draw other random numbers (seed, replicates), or empty.
std::string random_numbers_difference(const scenario::Scenario& a, const scenario::Scenario& b);

// Why the scenarios cannot be compared, as a diagnostic at the first file that does not fit
// (`FILE:1:1: error: ...`), or "" if they can: fewer than two, scenarios of different models, or
// (unless `unpaired_populations`) of different populations.
std::string compare_problem(const std::vector<scenario::Scenario>& scenarios,
                            bool unpaired_populations = false);

// How compare() makes each of its runs: analysis::run by default; a distributed compare shares
// each run's units between ranks (output::run_on_ranks). On a rank that only serves, the outcome
// has no model, and compare() returns once its runs are made, without comparing.
using RunScenario = std::function<RunOutcome(const scenario::Scenario&)>;

Comparison compare(const std::vector<scenario::Scenario>& scenarios, core::ExecutorRef executor,
                   const RunScenario& run_one = {});

// Variants of one scenario from their text, `NAME:KEY=VALUE` (a NAME repeated adds overrides to
// it): each variant's overrides, in the order first named, ending with `variant="NAME"`; bad
// input naming `variant` for a text of another form.
struct Variant {
  std::string name;
  std::vector<std::string> sets;
};
core::Expected<std::vector<Variant>> parse_variants(const std::vector<std::string>& texts);

// A sweep as variants: each grid `KEY=FROM:TO:STEP` (one or two, the second varying fastest)
// gives its values FROM, FROM + STEP, ... up to TO (within a millionth of a step), and each point
// of their product is a variant named `KEY=VALUE` (`KEY=VALUE, KEY2=VALUE2`) that sets them; at
// most kMaxGridVariants points. Bad input naming `grid` for another form.
inline constexpr std::size_t kMaxGridVariants = 400;
core::Expected<std::vector<Variant>> grid_variants(const std::vector<std::string>& grids);

// The settings of a comparison: `variant` and `grid` (repeatable texts, as above),
// `unpaired_populations` (compare_problem) and `report` (a report page in the results).
std::vector<core::SettingSpec> compare_setting_specs();
// The variants `settings` ask of `files` scenario files: none without `variant` or `grid`; bad
// input if both are given, or either with other than one file.
core::Expected<std::vector<Variant>> requested_variants(const core::SettingValues& settings,
                                                        std::size_t files);

}  // namespace pimhsim::analysis
