// Reads the `parameters:` section: named numbers and shares, with units, sources, bounds and
// distributions, nested in groups; then checks them against the model's declarations.
#pragma once

#include <map>
#include <string>

#include "pimhsim/core/model.h"
#include "pimhsim/core/parameter.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/reader.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

// Where each parameter was defined, for messages that come after reading.
using ParameterLocations = std::map<std::string, Location>;

// Reads every parameter below `node` (a mapping of names to parameters or to groups).
// With `spec`, each value is first checked against its declared domain, so that an out-of-range
// value is reported as such rather than through its bounds or distribution.
void read_parameters(const Node& node, const std::string& path, core::ParameterSet& out,
                     ParameterLocations& where, Diagnostics& d,
                     const core::ModelSpec* spec = nullptr);

// Reads one parameter definition (a mapping with `value:`).
std::optional<core::Parameter> read_parameter(const Node& node, const std::string& name,
                                              const std::string& path, Diagnostics& d,
                                              const core::ParameterSpec* declared = nullptr);

// A parameter's definition (its mapping below `parameters:`), found by its dotted name through
// the groups; null when there is none.
const Node* parameter_definition(const Node* parameters, const std::string& name);

// Checks that the parameters are exactly those the model declares, each in its domain.
// `parameters`, if given, is the `parameters:` node the set was read from; problems with a
// value, bound or distribution are then reported at that value rather than at the name.
void check_against_model(const core::ModelSpec& spec, const core::ParameterSet& params,
                         const ParameterLocations& where, const Location& section, Diagnostics& d,
                         const Node* parameters = nullptr);

// Warns (Diagnostics::warning) of every parameter whose PSA distribution is not centred on its
// value (core::off_centre): its mean, or its median with `centre: median`, more than 1% from the
// value (1e-6 when the value is 0); for shares, a Dirichlet mean share off its share. Each
// warning is at the parameter's distribution in `parameters` (the `parameters:` node).
void check_centred(const core::ParameterSet& params, const ParameterLocations& where,
                   const Node* parameters, Diagnostics& d);

// Checks one value against a declared domain. `at` is the parameter's name; `definition`, if
// given, is its mapping, whose `value`, `low`, `high` and `distribution` locate problems.
bool check_domain(const core::ParameterSpec& spec, const core::Parameter& p, const Location& at,
                  const std::string& path, Diagnostics& d, const Node* definition = nullptr);

}  // namespace pimhsim::scenario
