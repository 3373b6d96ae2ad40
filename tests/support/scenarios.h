// Test support: a shipped scenario loaded and validated as `pimhsim run` does, with --set style
// overrides; its errors are shown if it does not load.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::test {

// `relative` is a path below the source tree, e.g. "scenarios/england.yaml".
inline scenario::Scenario load_shipped(const std::string& relative,
                                       const std::vector<std::string>& sets = {}) {
  scenario::Diagnostics d;
  auto s = scenario::load_scenario(std::string(PIMHSIM_SOURCE_DIR) + "/" + relative, sets,
                                   models::specs(), d);
  if (!s) {
    for (const auto& e : d.sorted()) MESSAGE(e.format());
  }
  REQUIRE_MESSAGE(s.has_value(), relative << " did not load");
  return *s;
}

}  // namespace pimhsim::test
