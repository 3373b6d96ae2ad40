// Shared helpers for the Sick-Sicker tests: the shipped validation scenarios and their options'
// inputs, and uniforms chosen to force a given move.
#pragma once

#include <doctest/doctest.h>

#include <cstddef>
#include <string>

#include "pimhsim/models/registry.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"
#include "pimhsim/scenario/scenario.h"

namespace sick_sicker_test {

namespace ss = pimhsim::models::sick_sicker;

inline constexpr std::size_t kNoTreatment = 0;  // option order in the shipped scenarios
inline constexpr std::size_t kTreatment = 1;

// scenarios/validation/<file>, loaded and validated as `pimhsim run` loads it.
inline pimhsim::scenario::Scenario load(const std::string& file) {
  pimhsim::scenario::Diagnostics d;
  auto s = pimhsim::scenario::load_scenario(
      std::string(PIMHSIM_SOURCE_DIR) + "/scenarios/validation/" + file, {},
      pimhsim::models::specs(), d);
  REQUIRE_MESSAGE(s.has_value(), "scenario " << file << " did not load");
  REQUIRE(s->options.size() == 2);
  REQUIRE(s->options[kNoTreatment].name == "No Treatment");
  REQUIRE(s->options[kTreatment].name == "Treatment");
  return *s;
}

inline ss::Inputs inputs(const pimhsim::scenario::Scenario& s, std::size_t option) {
  return ss::Inputs::from(s.options[option].parameters, s.options[option].switches);
}

inline ss::Inputs basic(std::size_t option) {
  return inputs(load("sick_sicker.yaml"), option);
}
inline ss::Inputs extended(std::size_t option) {
  return inputs(load("sick_sicker_extended.yaml"), option);
}

}  // namespace sick_sicker_test
