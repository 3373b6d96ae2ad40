#include "pimhsim/models/registry.h"

#include <stdexcept>
#include <vector>

#include "pimhsim/models/pathway/area_scenario.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/models/pathway/staffable.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace pimhsim::models {
namespace {

// The built-in models: one line each.
const Entry kBuiltIn[] = {
    {&pathway::spec, &construct<pathway::Model>, &pathway::staffable, &pathway::area_scenario},
    {&sick_sicker::spec, &construct<sick_sicker::Model>},
};

struct Registry {
  std::vector<Entry> entries;
  std::vector<const core::ModelSpec*> specs;
  Registry() {
    for (const auto& e : kBuiltIn) {
      entries.push_back(e);
      specs.push_back(&e.spec());
    }
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

std::span<const core::ModelSpec* const> specs() {
  return registry().specs;
}

void add(const Entry& entry) {
  auto& r = registry();
  const auto& spec = entry.spec();
  for (const auto* known : r.specs)
    if (known->name == spec.name)
      throw std::invalid_argument("a model named `" + spec.name + "` is already registered");
  r.entries.push_back(entry);
  r.specs.push_back(&spec);
}

const core::ModelSpec* spec_of(const std::string& name) {
  for (const auto* spec : specs())
    if (spec->name == name) return spec;
  return nullptr;
}

const Staffable* staffable_of(const std::string& name) {
  for (const auto& e : registry().entries)
    if (e.spec().name == name) return e.staffable ? &e.staffable() : nullptr;
  return nullptr;
}

AreaScenario (*area_scenario_of(const std::string& name))(const AreaScenarioRequest&) {
  for (const auto& e : registry().entries)
    if (e.spec().name == name) return e.area_scenario;
  return nullptr;
}

std::vector<std::string> staffable_models() {
  std::vector<std::string> names;
  for (const auto& e : registry().entries)
    if (e.staffable) names.push_back(e.spec().name);
  return names;
}

std::unique_ptr<core::Model> make(const scenario::Scenario& s) {
  for (const auto& e : registry().entries)
    if (e.spec().name == s.model) return e.make(s);
  throw std::invalid_argument("no model named " + s.model);
}

}  // namespace pimhsim::models
