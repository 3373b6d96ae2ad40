// Checks of a scenario's population against its run: every area simulated at least once at the
// scale, and a growth of the population that stays within kMaxPersonsPerAreaYear (scenario.h).
#pragma once

#include <span>

#include "pimhsim/core/model.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/parameters_reader.h"
#include "pimhsim/scenario/scenario.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

// Each area with persons (births, say: the model's population column) must have at least one
// simulated over the horizon at the scale (persons x scale x horizon >= 1); otherwise the area's
// results are all zero and its persons are missing from the totals. When no area has any, nothing
// is simulated at all: allowed (a table of areas to come, say), with a warning.
void check_scale(const RunSettings& run, const AreaSettings& areas,
                 std::span<const core::AreaColumn> columns, const Node& root, Diagnostics& d);

// The growth parameter of the population column (the pathway's births.annual_trend) compounds
// over the horizon: at its largest in the baseline (reported at that value, bound or
// distribution) and in each option that sets it (reported at the option), it must leave every
// area at most kMaxPersonsPerAreaYear simulated persons a year.
void check_growth(const Scenario& s, std::span<const core::AreaColumn> columns,
                  const ParameterLocations& where, const Node* parameters, const Node* options,
                  Diagnostics& d);

// A column a switch choice reads (AreaColumn::required_by, `SWITCH=CHOICE`): every option with
// that choice needs a value of the column in every area, else an error at the option naming the
// areas without one.
void check_switch_columns(const Scenario& s, std::span<const core::AreaColumn> columns,
                          const Node* options, Diagnostics& d);

}  // namespace pimhsim::scenario
