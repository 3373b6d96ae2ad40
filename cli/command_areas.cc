// `pimhsim areas [SCENARIO] [--find TEXT]`: the areas a scenario simulates (England's by
// default), with their codes, names and the values of the model's area columns; and
// `pimhsim new-area NAME|CODE`: a ready, commented scenario for one local authority.
#include <fmt/format.h>

#include <iostream>

#include "cli/options.h"
#include "pimhsim/output/area_listing.h"
#include "pimhsim/scenario/area_lookup.h"

namespace pimhsim::cli {
namespace {

// The scenario whose areas are listed or copied: the one given (option `key`), else England's.
std::optional<scenario::Scenario> areas_scenario(const Invocation& inv, const std::string& key) {
  const auto england = scenario::shipped_scenario("england.yaml", PIMHSIM_SOURCE_SCENARIOS);
  if (!inv.options.count(key) && !england) {
    std::cerr << "pimhsim: cannot find the shipped scenarios/england.yaml; name a scenario\n";
    return std::nullopt;
  }
  auto s = load_scenario_at(given<std::string>(inv, key).value_or(england->string()), inv);
  if (s && !s->areas) {
    std::cerr << fmt::format("{}: `model: {}` has no areas\n", s->file, s->model);
    return std::nullopt;
  }
  return s;
}

int areas(const Invocation& inv) {
  const auto s = areas_scenario(inv, "scenario");
  if (!s) return kBadInput;
  const auto find = given<std::string>(inv, "find").value_or("");
  const auto found = scenario::matching_areas(*s->areas, find);
  if (found.empty())
    return bad_input(inv, fmt::format("no area of {} matches `{}`{}", s->file, find,
                                      scenario::nearest_area_hint(*s->areas, find)));
  std::cout << output::areas_text(*s, found, find);
  return kSuccess;
}

int new_area(const Invocation& inv) {
  const auto base = areas_scenario(inv, "from");
  if (!base) return kBadInput;
  const auto& o = inv.options;
  std::string why;
  const auto* area = scenario::find_area(*base->areas, o["scenario"].as<std::string>(), why);
  if (!area) return bad_input(inv, why + " (pimhsim areas --find TEXT lists them)");
  const auto files =
      output::write_area_scenario(*base, *area, given<double>(inv, "births"),
                                  given<std::string>(inv, "out"), o["force"].as<bool>());
  if (!files.ok()) return report(inv, files.status());
  std::cout << output::area_scenario_text(files.value(), *area);
  return kSuccess;
}

}  // namespace

extern const Command kAreasCommand{
    .name = "areas",
    .summary =
        "list the local authorities a scenario simulates (England's by default), with "
        "codes, names and births",
    .usage = "pimhsim areas [SCENARIO] [--find TEXT]",
    .examples = {"pimhsim areas --find leeds",
                 "pimhsim areas scenarios/england.yaml --find 'North East'"},
    .action = &areas,
    .shared = kOverrides,
    .scenario_help = "the scenario whose areas to list (default: the shipped england.yaml)",
    .settings = &output::areas_setting_specs,
    .scenario_optional = true,
};

extern const Command kNewAreaCommand{
    .name = "new-area",
    .summary = "write a ready, commented scenario for one local authority, by name or ONS code",
    .usage = "pimhsim new-area NAME|CODE [--births N] [--out FILE]",
    .examples = {"pimhsim new-area Leeds --out /tmp/leeds.yaml",
                 "pimhsim new-area E06000047 --births 4300 --out /tmp/durham.yaml"},
    .action = &new_area,
    .shared = 0,
    .scenario_help = "NAME or CODE of the area",
    .settings = &output::new_area_setting_specs,
};

}  // namespace pimhsim::cli
