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
#include "cli/scenario_options.h"
#include "pimhsim/core/csv_text.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/edit_distance.h"

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

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
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

// The areas whose code, name or region contains `text` (any case).
std::vector<const scenario::Area*> matching(const scenario::Scenario& s, const std::string& text) {
  std::vector<const scenario::Area*> found;
  const std::string t = lower(text);
  for (const auto& a : s.areas->areas)
    if (lower(a.code).find(t) != std::string::npos || lower(a.name).find(t) != std::string::npos ||
        lower(a.region).find(t) != std::string::npos)
      found.push_back(&a);
  return found;
}

std::string did_you_mean(const scenario::Scenario& s, const std::string& text) {
  std::vector<std::string> names;
  for (const auto& a : s.areas->areas) names.push_back(a.name);
  const auto near = scenario::nearest(text, names);
  return near ? fmt::format("; did you mean `{}`?", *near) : "";
}

int areas(const Invocation& inv) {
  const auto s = areas_scenario(inv, "scenario");
  if (!s) return kBadInput;
  const std::string find = inv.options.count("find") ? inv.options["find"].as<std::string>() : "";
  const auto found = matching(*s, find);
  if (found.empty()) {
    std::cerr << fmt::format("pimhsim areas: no area of {} matches `{}`{}\n", s->file, find,
                             did_you_mean(*s, find));
    return kBadInput;
  }
  const auto& columns = models::spec_of(s->model)->area_columns;
  std::cout << fmt::format("{} of the {} areas of {} ({}){}\n", found.size(),
                           s->areas->areas.size(), s->name, s->file,
                           find.empty() ? "" : fmt::format(" match `{}`", find));
  std::string head = fmt::format("  {:<10} {:<36} {:<26}", "code", "name", "region");
  for (const auto& c : columns) head += fmt::format(" {:>15}", c.name);
  std::cout << head << "\n";
  for (const auto* a : found) {
    std::string row = fmt::format("  {:<10} {:<36} {:<26}", a->code, a->name, a->region);
    for (const auto& c : columns) {
      const auto v = a->value(c.name);
      row +=
          fmt::format(" {:>15}", !v                                   ? std::string("-")
                                 : *v >= 1000 || *v == std::round(*v) ? core::human_number(*v)
                                                                      : fmt::format("{:.3g}", *v));
    }
    if (!a->merged_codes.empty()) row += " (with " + core::listed(a->merged_codes, "and") + ")";
    std::cout << row << "\n";
  }
  std::cout << "make a scenario for one: pimhsim new-area CODE (or NAME)\n";
  return kSuccess;
}

void areas_options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::string>(),
                  "the scenario whose areas to list (default: the shipped england.yaml)")(
      "find", po::value<std::string>(), "only areas whose code, name or region contains TEXT")(
      "set", po::value<std::vector<std::string>>()->composing(),
      "override a scenario value: key.path=value (repeatable)");
}

std::string slug(const std::string& name) {
  std::string out;
  for (char c : lower(name)) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += c;
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "area" : out;
}

// The area `text` names: its code, its name in any case, or the one area whose name contains it.
const scenario::Area* resolve_area(const scenario::Scenario& s, const std::string& text) {
  for (const auto& a : s.areas->areas)
    if (a.code == text || lower(a.name) == lower(text)) return &a;
  std::vector<const scenario::Area*> by_name;
  for (const auto& a : s.areas->areas)
    if (lower(a.name).find(lower(text)) != std::string::npos) by_name.push_back(&a);
  if (by_name.size() == 1) return by_name.front();
  if (by_name.empty()) {
    std::cerr << fmt::format(
        "pimhsim new-area: no area of {} is `{}`{} (pimhsim areas --find "
        "TEXT lists them)\n",
        s.file, text, did_you_mean(s, text));
  } else {
    std::vector<std::string> names;
    for (const auto* a : by_name) names.push_back(fmt::format("{} ({})", a->name, a->code));
    std::cerr << fmt::format("pimhsim new-area: `{}` matches {} areas: {}; give the code\n", text,
                             by_name.size(), core::listed(names, "and"));
  }
  return nullptr;
}

std::string option_text(const std::string& name, const std::string& description, double per_area,
                        double per_1000) {
  return fmt::format(
      "  - name: {}\n    description: {}\n    set:\n      parameters.staffing.wte_per_area: "
      "{}\n      parameters.staffing.wte_per_1000_births: {}\n",
      name, description, per_area, per_1000);
}

int new_area(const Invocation& inv) {
  const auto england = areas_scenario(inv, "from");
  if (!england) return kBadInput;
  const auto* area = resolve_area(*england, inv.options["scenario"].as<std::string>());
  if (area == nullptr) return kBadInput;
  const auto* births_column = [&]() -> const core::AreaColumn* {
    for (const auto& c : models::spec_of(england->model)->area_columns)
      if (c.population) return &c;
    return nullptr;
  }();
  std::optional<double> own_births;
  if (inv.options.count("births")) {
    own_births = inv.options["births"].as<double>();
    if (!(*own_births > 0) || !std::isfinite(*own_births) || !births_column) {
      std::cerr << fmt::format("pimhsim new-area: --births {} is not a number of births > 0\n",
                               *own_births);
      return kBadInput;
    }
  }
  const fs::path out = inv.options.count("out") ? fs::path(inv.options["out"].as<std::string>())
                                                : fs::path(slug(area->name) + ".yaml");
  const fs::path table = out.parent_path() / (out.stem().string() + "_births.csv");
  std::error_code ec;
  for (const auto& f : {out, table})
    if ((f == out || own_births) && fs::exists(f, ec) && !inv.options["force"].as<bool>()) {
      std::cerr << fmt::format(
          "pimhsim new-area: {} exists; give another --out, or --force to replace it\n",
          f.string());
      return kBadInput;
    }
  const fs::path dir = fs::absolute(out.parent_path().empty() ? fs::path(".") : out.parent_path());
  const fs::path base =
      fs::relative(fs::weakly_canonical(england->file, ec), fs::weakly_canonical(dir, ec), ec);
  const double births =
      own_births.value_or(births_column ? area->value(births_column->name).value_or(0) : 0);
  const std::string births_text = core::human_number(std::round(births));
  const std::string where =
      own_births ? fmt::format("{} births a year, as given to `pimhsim new-area --births` (in {})",
                               births_text, table.filename().string())
                 : fmt::format("{} births a year, from {}{}", births_text,
                               fs::path(england->areas->table).filename().string(),
                               area->merged_codes.empty()
                                   ? ""
                                   : fmt::format(" (with {}, merged as {} merges them)",
                                                 core::listed(area->merged_codes, "and"),
                                                 fs::path(england->file).filename().string()));
  std::string y = fmt::format(
      "# PIMHsim for {name} ({code}): written by `pimhsim new-area`.\n"
      "#\n"
      "# It extends {base_name}: every parameter, source and setting there, changed only by what "
      "is\n"
      "# written below (mappings merge key by key; lists such as `options` are replaced whole).\n"
      "# `extends:` is relative to this file's directory: if you move the file, edit that line.\n"
      "#\n"
      "# Run:    pimhsim run {file}\n"
      "# Plan:   pimhsim plan {file} --target 'timely_specialist >= 0.8' --sweep 0:6:1\n"
      "# Budget: pimhsim plan {file} --budget 150000\n"
      "#\n"
      "# Births: {where}.\n"
      "# Staffing: each option funds wte_per_area + wte_per_1000_births x births / 1,000 "
      "specialist\n"
      "# WTE; the first option is the comparator the others are measured against.\n"
      "# Local evidence: override any parameter under `parameters:` with its value, unit and "
      "source\n"
      "# (docs/user-guide.md, \"Overrides\").\n"
      "extends: {base}\n"
      "name: {name}\n"
      "description: >\n"
      "  {name} ({code}; {births} births a year) with all of England's parameters, comparing no\n"
      "  specialist health visitor in perinatal and infant mental health with one, two, and one "
      "plus\n"
      "  one per 2,500 births.\n"
      "\n"
      "run:\n"
      "  scale: 1               # one area is small enough to simulate every birth\n"
      "\n"
      "areas:\n"
      "  include: [{code}]   # {name}\n",
      fmt::arg("name", area->name), fmt::arg("code", area->code),
      fmt::arg("base_name", fs::path(england->file).filename().string()),
      fmt::arg("file", out.string()), fmt::arg("where", where), fmt::arg("base", base.string()),
      fmt::arg("births", births_text));
  if (own_births)
    y += fmt::format(
        "  table: {}\n  merge: []              # the merges of {} do not apply to this table\n",
        table.filename().string(), fs::path(england->file).filename().string());
  y += "\noptions:\n";
  y += option_text("No specialist",
                   "No specialist health visitor in perinatal and infant mental health.", 0, 0);
  y += option_text("One WTE", "One specialist WTE for the area (HEE 2016 minimum).", 1, 0);
  y += option_text("Two WTE", "Two specialist WTE for the area.", 2, 0);
  y += option_text(
      "One WTE plus one per 2,500 births",
      fmt::format("One WTE plus 0.4 WTE per 1,000 births a year (about {:.1f} WTE for {}).",
                  1 + 0.4 * births / 1000, area->name),
      1, 0.4);
  if (!out.parent_path().empty()) fs::create_directories(out.parent_path(), ec);
  if (own_births) {
    std::string csv = "area_code,area_name,region";
    std::string row = fmt::format("{},{},{}", core::csv_text(area->code),
                                  core::csv_text(area->name), core::csv_text(area->region));
    for (const auto& c : models::spec_of(england->model)->area_columns) {
      const auto v = c.population ? own_births : area->value(c.name);
      if (!v) continue;
      csv += "," + c.name;
      row += fmt::format(",{}", *v);
    }
    std::ofstream(table) << csv << "\n" << row << "\n";
  }
  std::ofstream(out) << y;
  // The scenario must load as written; if it does not, that is a bug here, and nothing is left.
  if (!load_scenario_at(out.string(), inv)) {
    fs::remove(out, ec);
    if (own_births) fs::remove(table, ec);
    std::cerr << "pimhsim new-area: the scenario written does not load (a bug; please report it)\n";
    return kRuntimeFailure;
  }
  std::cout << fmt::format("wrote {}{} for {} ({}), {}\nrun it: pimhsim run {}\n", out.string(),
                           own_births ? " and " + table.string() : "", area->name, area->code,
                           where, out.string());
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
