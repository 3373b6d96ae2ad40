// Reads the model's `switches:` and the scenario's `options:`: each option a copy of the base
// case with its own settings (parameter values, switches, a policy preset), fixed like any
// option setting so that the options' paired draws stay paired.
#pragma once

#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/scenario.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

// Reads `switches:` (node may be null when the model declares none) into `out`; every declared
// switch is required.
void read_switches(const Node* node, const Location& top_where, const core::ModelSpec& spec,
                   core::SwitchSet& out, Diagnostics& d);

// Reads `options:`, a non-empty list whose first entry is the comparator, each starting from
// `base`'s parameters and switches.
void read_options(const Node* node, const Location& top_where, const core::ModelSpec& spec,
                  const Scenario& base, std::vector<Option>& out, Diagnostics& d);

}  // namespace pimhsim::scenario
