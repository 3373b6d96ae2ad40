// `pimhsim areas [SCENARIO] [--find TEXT]`: the areas a scenario simulates (England's by
// default), with their codes, names and the values of the model's area columns; and
// `pimhsim new-area NAME|CODE`: a ready, commented scenario for one local authority.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/area_listing.h"
#include "pimhsim/scenario/area_lookup.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;

// A shipped scenario: beside the installed executable (PREFIX/share/pimhsim/scenarios), or in the
// source tree it was built from.
std::optional<fs::path> shipped(const std::string& name) {
  std::error_code ec;
  std::vector<fs::path> dirs;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path().parent_path() / "share" / "pimhsim" / "scenarios");
  dirs.emplace_back(PIMHSIM_SOURCE_SCENARIOS);
  for (const auto& d : dirs)
    if (fs::exists(d / name, ec)) return fs::weakly_canonical(d / name, ec);
  return std::nullopt;
}

// The scenario whose areas are listed or copied: the one given, else England's.
std::optional<scenario::Scenario> areas_scenario(const Invocation& inv, const std::string& key) {
  std::string path;
  if (inv.options.count(key)) {
    path = inv.options[key].as<std::string>();
  } else if (const auto england = shipped("england.yaml")) {
    path = england->string();
  } else {
    std::cerr << "pimhsim: cannot find the shipped scenarios/england.yaml; name a scenario\n";
    return std::nullopt;
  }
  auto s = load_scenario_at(path, inv);
  if (s && !s->areas) {
    std::cerr << fmt::format("{}: `model: {}` has no areas\n", s->file, s->model);
    return std::nullopt;
  }
  return s;
}

int areas(const Invocation& inv) {
  const auto s = areas_scenario(inv, "scenario");
  if (!s) return kBadInput;
  const std::string find = inv.options.count("find") ? inv.options["find"].as<std::string>() : "";
  const auto found = scenario::matching_areas(*s->areas, find);
  if (found.empty()) {
    std::cerr << fmt::format("pimhsim areas: no area of {} matches `{}`{}\n", s->file, find,
                             scenario::nearest_area_hint(*s->areas, find));
    return kBadInput;
  }
  std::cout << output::areas_text(*s, found, find)
            << "make a scenario for one: pimhsim new-area CODE (or NAME)\n";
  return kSuccess;
}

void areas_options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::string>(),
                  "the scenario whose areas to list (default: the shipped england.yaml)")(
      "find", po::value<std::string>(), "only areas whose code, name or region contains TEXT")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value: key.path=value (repeatable)");
}

int new_area(const Invocation& inv) {
  const auto base = areas_scenario(inv, "from");
  if (!base) return kBadInput;
  std::string why;
  const auto* area =
      scenario::find_area(*base->areas, inv.options["scenario"].as<std::string>(), why);
  if (!area) {
    std::cerr << "pimhsim new-area: " << why << " (pimhsim areas --find TEXT lists them)\n";
    return kBadInput;
  }
  const auto& o = inv.options;
  const auto files = output::write_area_scenario(
      *base, *area, o.count("births") ? std::optional(o["births"].as<double>()) : std::nullopt,
      o.count("out") ? std::optional<fs::path>(o["out"].as<std::string>()) : std::nullopt,
      o["force"].as<bool>());
  if (!files.ok())
    return report_status("new-area", files.status(),
                         {{"out", core::SettingSpec::Kind::kText, ""},
                          {"force", core::SettingSpec::Kind::kSwitch, ""},
                          {"births", core::SettingSpec::Kind::kNumber, ""}});
  std::cout << fmt::format("wrote {}{} for {} ({}), {}\nrun it: pimhsim run {}\n",
                           files->scenario.string(),
                           files->table ? " and " + files->table->string() : "", area->name,
                           area->code, files->births_note, files->scenario.string());
  return kSuccess;
}

void new_area_options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::string>(), "NAME or CODE of the area")(
      "births", po::value<double>(),
      "births a year in the area, if you have a more recent or local figure (written to a table "
      "beside the scenario)")("out", po::value<std::string>(),
                              "the scenario file to write (default: NAME.yaml here)")(
      "from", po::value<std::string>(),
      "the scenario to extend (default: the shipped england.yaml)")(
      "force", po::bool_switch(), "replace the files if they exist");
}

}  // namespace

extern const Command kAreasCommand{
    "areas",
    "list the local authorities a scenario simulates (England's by default), with codes, names "
    "and births",
    "pimhsim areas [SCENARIO] [--find TEXT]",
    {"pimhsim areas --find leeds", "pimhsim areas scenarios/england.yaml --find 'North East'"},
    &areas_options,
    &areas,
    1,
    "",
    true,
};

}  // namespace pimhsim::cli

namespace pimhsim::cli {

extern const Command kNewAreaCommand{
    "new-area",
    "write a ready, commented scenario for one local authority, by name or ONS code",
    "pimhsim new-area NAME|CODE [--births N] [--out FILE]",
    {"pimhsim new-area Leeds --out /tmp/leeds.yaml",
     "pimhsim new-area E06000047 --births 4300 --out /tmp/durham.yaml"},
    &new_area_options,
    &new_area,
};

}  // namespace pimhsim::cli
