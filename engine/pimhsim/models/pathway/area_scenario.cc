#include "pimhsim/models/pathway/area_scenario.h"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {
namespace {

std::string option_text(const std::string& name, const std::string& description, double per_area,
                        double per_1000) {
  return fmt::format(
      "  - name: {}\n    description: {}\n    set:\n      parameters.staffing.wte_per_area: "
      "{}\n      parameters.staffing.wte_per_1000_births: {}\n",
      name, description, per_area, per_1000);
}

}  // namespace

AreaScenario area_scenario(const AreaScenarioRequest& r) {
  namespace fs = std::filesystem;
  AreaScenario out;
  const std::string base_name = fs::path(r.base->file).filename().string();
  const double births = r.births.value_or(r.area->value("births").value_or(0));
  const std::string births_text = core::human_number(std::round(births));
  out.births_note =
      r.births
          ? fmt::format("{} births a year, as given to `pimhsim new-area --births` (in {})",
                        births_text, r.table_file)
          : fmt::format("{} births a year, from {}{}", births_text,
                        fs::path(r.base->areas->table).filename().string(),
                        r.area->merged_codes.empty()
                            ? ""
                            : fmt::format(" (with {}, merged as {} merges them)",
                                          core::listed(r.area->merged_codes, "and"), base_name));
  const std::string& where = out.births_note;
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
      "# They change each year of the horizon by parameters.births.annual_trend (England's: 0, "
      "an\n"
      "# assumption). A local projection, as a yearly change (here 1% fewer births a year):\n"
      "#   parameters:\n"
      "#     births:\n"
      "#       annual_trend: {{value: -0.01, source: \"your projection\",\n"
      "#         distribution: {{type: triangular, min: -0.03, mode: -0.01, max: 0.01}}}}\n"
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
      fmt::arg("name", r.area->name), fmt::arg("code", r.area->code),
      fmt::arg("base_name", base_name), fmt::arg("file", r.file), fmt::arg("where", where),
      fmt::arg("base", r.extends), fmt::arg("births", births_text));
  if (r.births)
    y += fmt::format(
        "  table: {}\n  merge: []              # the merges of {} do not apply to this table\n",
        r.table_file, base_name);
  y += "\noptions:\n";
  y += option_text("No specialist",
                   "No specialist health visitor in perinatal and infant mental health.", 0, 0);
  y += option_text("One WTE", "One specialist WTE for the area (HEE 2016 minimum).", 1, 0);
  y += option_text("Two WTE", "Two specialist WTE for the area.", 2, 0);
  y += option_text(
      "One WTE plus one per 2,500 births",
      fmt::format("One WTE plus 0.4 WTE per 1,000 births a year (about {:.1f} WTE for {}).",
                  1 + 0.4 * births / 1000, r.area->name),
      1, 0.4);
  out.yaml = std::move(y);
  if (r.births) {
    std::vector<std::string> columns{"area_code", "area_name", "region"};
    std::vector<double> values;
    for (const auto& c : spec().area_columns) {
      const auto v = c.population ? r.births : r.area->value(c.name);
      if (!v) continue;
      columns.push_back(c.name);
      values.push_back(*v);
    }
    core::CsvTable table(std::move(columns));
    auto row = table.row();
    row.text(r.area->code).text(r.area->name).text(r.area->region);
    for (double v : values) row.number(v);
    row.end();
    out.table_csv = table.text();
  }
  return out;
}

}  // namespace pimhsim::models::pathway
