#include "pimhsim/output/area_listing.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <fstream>

#include "pimhsim/core/number_text.h"
#include "pimhsim/models/registry.h"

namespace pimhsim::output {

std::string areas_text(const scenario::Scenario& s, const std::vector<const scenario::Area*>& found,
                       const std::string& find) {
  const auto& columns = models::spec_of(s.model)->area_columns;
  std::string out =
      fmt::format("{} of the {} areas of {} ({}){}\n", found.size(), s.areas->areas.size(), s.name,
                  s.file, find.empty() ? "" : fmt::format(" match `{}`", find));
  out += fmt::format("  {:<10} {:<36} {:<26}", "code", "name", "region");
  for (const auto& c : columns) out += fmt::format(" {:>15}", c.name);
  out += "\n";
  for (const auto* a : found) {
    out += fmt::format("  {:<10} {:<36} {:<26}", a->code, a->name, a->region);
    for (const auto& c : columns) {
      const auto v = a->value(c.name);
      out +=
          fmt::format(" {:>15}", !v                                   ? std::string("-")
                                 : *v >= 1000 || *v == std::round(*v) ? core::human_number(*v)
                                                                      : fmt::format("{:.3g}", *v));
    }
    if (!a->merged_codes.empty()) out += " (with " + core::listed(a->merged_codes, "and") + ")";
    out += "\n";
  }
  return out + "make a scenario for one: pimhsim new-area CODE (or NAME)\n";
}

std::string area_scenario_text(const AreaScenarioFiles& files, const scenario::Area& area) {
  return fmt::format("wrote {}{} for {} ({}), {}\nrun it: pimhsim run {}\n",
                     files.scenario.string(), files.table ? " and " + files.table->string() : "",
                     area.name, area.code, files.births_note, files.scenario.string());
}

namespace {

// An area's name as a file name: lower case, runs of other characters as one `_`.
std::string file_stem(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != '_')
      out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.empty() ? "area" : out;
}

}  // namespace

core::Expected<AreaScenarioFiles> write_area_scenario(const scenario::Scenario& base,
                                                      const scenario::Area& area,
                                                      std::optional<double> births,
                                                      std::optional<std::filesystem::path> file,
                                                      bool force) {
  namespace fs = std::filesystem;
  const auto write = models::area_scenario_of(base.model);
  if (!write)
    return core::Status::bad_input(fmt::format("`model: {}` writes no area scenario", base.model));
  if (births && !(*births > 0 && std::isfinite(*births)))
    return core::Status::bad_input(
        fmt::format("`births` {} is not a number of births > 0", *births));
  AreaScenarioFiles files;
  files.scenario = file.value_or(fs::path(file_stem(area.name) + ".yaml"));
  const fs::path table =
      files.scenario.parent_path() / (files.scenario.stem().string() + "_births.csv");
  if (births) files.table = table;
  std::error_code ec;
  for (const auto& f : {files.scenario, table})
    if ((f == files.scenario || births) && fs::exists(f, ec) && !force)
      return core::Status::bad_input(
          fmt::format("{} exists; give another `out`, or `force` to replace it", f.string()));
  const fs::path dir = fs::absolute(
      files.scenario.parent_path().empty() ? fs::path(".") : files.scenario.parent_path());
  const auto written =
      write({&base, &area, births, files.scenario.string(), table.filename().string(),
             fs::relative(fs::weakly_canonical(base.file, ec), fs::weakly_canonical(dir, ec), ec)
                 .string()});
  files.births_note = written.births_note;
  if (!files.scenario.parent_path().empty())
    fs::create_directories(files.scenario.parent_path(), ec);
  if (written.table_csv) std::ofstream(table) << *written.table_csv;
  std::ofstream(files.scenario) << written.yaml;
  // The scenario must load as written; if it does not, that is a bug here, and nothing is left.
  scenario::Diagnostics d;
  if (!scenario::load_scenario(files.scenario.string(), {}, models::specs(), d)) {
    fs::remove(files.scenario, ec);
    if (written.table_csv) fs::remove(table, ec);
    return core::Status::failed("the scenario written does not load (a bug; please report it)\n");
  }
  return files;
}

std::vector<core::SettingSpec> areas_setting_specs() {
  return {{"find", core::SettingSpec::Kind::kText,
           "only areas whose code, name or region contains TEXT"}};
}

std::vector<core::SettingSpec> new_area_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {{"births", K::kNumber,
           "births a year in the area, if you have a more recent or local figure (written to a "
           "table beside the scenario)"},
          {"out", K::kText, "the scenario file to write (default: NAME.yaml here)"},
          {"from", K::kText, "the scenario to extend (default: the shipped england.yaml)"},
          {"force", K::kSwitch, "replace the files if they exist"}};
}

}  // namespace pimhsim::output
