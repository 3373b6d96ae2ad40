// The models PIMHsim knows, by the name a scenario gives in `model:`.
//
// A model is a folder under models/ (its spec, its core::Model, its figures and summaries) plus
// one line in registry.cc's list of built-in models. A program that links the engine (a test, a
// library user) may also add its own model at start-up with models::add, before any scenario is
// loaded; every command, analysis and writer then works with it as with a built-in one.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/models/area_scenario.h"
#include "pimhsim/models/staffable.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::models {

// A model as the registry knows it: its declaration and how to build it for a scenario.
struct Entry {
  const core::ModelSpec& (*spec)();
  std::unique_ptr<core::Model> (*make)(const scenario::Scenario& s);
  // Its specialist staffing, for staffing plans (none: plans cannot run on it).
  const Staffable& (*staffable)() = nullptr;
  // A ready scenario for one of its areas (`pimhsim new-area`), for a model with areas.
  AreaScenario (*area_scenario)(const AreaScenarioRequest&) = nullptr;
};

// make for a model class constructed from a validated scenario.
template <class M>
std::unique_ptr<core::Model> construct(const scenario::Scenario& s) {
  return std::make_unique<M>(s);
}

// The specs of every model, built-in models first, then those added in the order added.
std::span<const core::ModelSpec* const> specs();

// Adds a model. Not safe to call while another thread loads scenarios or builds models; call it
// at start-up. Throws std::invalid_argument if a model of that name is already known.
void add(const Entry& entry);

// The spec of the model named `name`, or nullptr.
const core::ModelSpec* spec_of(const std::string& name);

// The staffing capability of the model named `name`, or nullptr if it has none.
const Staffable* staffable_of(const std::string& name);
// The names of the models that have one, in the order of specs().
std::vector<std::string> staffable_models();

// The area-scenario writer of the model named `name`, or nullptr if it has none.
AreaScenario (*area_scenario_of(const std::string& name))(const AreaScenarioRequest&);

// Builds the model a validated scenario names.
std::unique_ptr<core::Model> make(const scenario::Scenario& s);

}  // namespace pimhsim::models
