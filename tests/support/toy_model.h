// A model specification for scenario tests: a model named `toy` that declares exactly the given
// parameters (shares parameters with components `a` and `b`) and no switch.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/model.h"

namespace pimhsim::test {

inline core::ModelSpec toy_model_spec(
    const std::vector<std::pair<std::string, core::Domain>>& params) {
  core::ModelSpec spec;
  spec.name = "toy";
  spec.title = "a model for unit tests";
  for (const auto& [name, domain] : params) {
    core::ParameterSpec p;
    p.name = name;
    p.domain = domain;
    p.description = "test parameter " + name;
    if (domain == core::Domain::kShares) p.components = {"a", "b"};
    spec.parameters.push_back(p);
  }
  return spec;
}

}  // namespace pimhsim::test
