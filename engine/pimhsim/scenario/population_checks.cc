#include "pimhsim/scenario/population_checks.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <utility>

namespace pimhsim::scenario {
namespace {

// The population column (core::AreaColumn::population), if the model has one.
const core::AreaColumn* population_column(std::span<const core::AreaColumn> columns) {
  const auto c = std::find_if(columns.begin(), columns.end(),
                              [](const core::AreaColumn& a) { return a.population; });
  return c == columns.end() ? nullptr : &*c;
}

// The population's growth parameter at its largest in a parameter set: its value, its `high`
// (the DSA's bound) or the upper bound of its distribution (the PSA's draws), with which of them
// it is ("value", "high" or "distribution").
std::pair<double, const char*> largest_growth(const core::Parameter& p) {
  std::pair<double, const char*> out{p.value, "value"};
  if (p.high && *p.high > out.first) out = {*p.high, "high"};
  if (p.distribution.family() != core::Family::kFixed && p.distribution.upper() > out.first)
    out = {p.distribution.upper(), "distribution"};
  return out;
}

}  // namespace

// Each area with persons (births, say: the model's population column) must have at least one
// simulated over the horizon at the scale (persons x scale x horizon >= 1); otherwise the area's
// results are all zero and its persons are missing from the totals. When no area has any, nothing
// is simulated at all: allowed (a table of areas to come, say), with a warning.
void check_scale(const RunSettings& run, const AreaSettings& areas,
                 std::span<const core::AreaColumn> columns, const Node& root, Diagnostics& d) {
  const auto column = std::find_if(columns.begin(), columns.end(),
                                   [](const core::AreaColumn& c) { return c.population; });
  if (column == columns.end()) return;
  const std::string& person = column->person;
  const auto count = [&](const Area& a) { return a.value(column->name).value_or(0); };
  const Area* smallest = nullptr;
  std::size_t short_of_persons = 0;
  for (const auto& a : areas.areas) {
    if (count(a) <= 0) continue;
    if (smallest == nullptr || count(a) < count(*smallest)) smallest = &a;
    if (count(a) * run.scale * run.horizon < 1) ++short_of_persons;
  }
  if (smallest == nullptr) {
    // At the areas chosen (areas.include), else at the table.
    const Node* areas_node = root.get("areas");
    const Node* include =
        areas_node != nullptr && areas_node->is_map() ? areas_node->get("include") : nullptr;
    const Node* table =
        areas_node != nullptr && areas_node->is_map() ? areas_node->get("table") : nullptr;
    const Location at = include != nullptr      ? include->where
                        : table != nullptr      ? table->where
                        : areas_node != nullptr ? areas_node->where
                                                : root.where;
    d.warning(at, include != nullptr ? "areas.include" : "areas.table",
              fmt::format("every area has 0 {}s a year ({} area(s)): nothing is simulated, and "
                          "every result is 0",
                          person, areas.areas.size()),
              fmt::format("areas with {}s to simulate", person));
    return;
  }
  if (short_of_persons == 0) return;
  const Node* run_node = root.get("run");
  const Node* scale = run_node != nullptr && run_node->is_map() ? run_node->get("scale") : nullptr;
  const Location at = scale != nullptr      ? scale->where
                      : run_node != nullptr ? run_node->where
                                            : root.where;
  const double needed = 1 / (count(*smallest) * run.horizon);
  const double years = std::ceil(1 / count(*smallest));  // the horizon it needs at scale 1
  d.error(
      at, "run.scale",
      fmt::format("at scale {:g}, {} area(s) would have no simulated {} in the {}-year horizon, "
                  "the smallest {} ({}, {:g} {}s a year)",
                  run.scale, short_of_persons, person, run.horizon, smallest->code, smallest->name,
                  count(*smallest), person),
      // The smallest scale that gives the smallest area one person. Above 1 (or infinite, for a
      // count too small for its inverse to be a double), no scale can; a longer horizon may.
      needed <= 1
          ? fmt::format("a scale of at least {:.3g}, so that {}s x scale x horizon is at least 1 "
                        "in every area; or a longer horizon; or leave out or merge the small "
                        "areas with areas.include or areas.merge",
                        needed, person)
      : years <= static_cast<double>(kMaxHorizon)
          ? fmt::format("{}s x scale x horizon of at least 1 in every area, which no scale gives "
                        "{} in {} years: scale 1 and a horizon of at least {:g} years, or leave "
                        "out or merge the small areas with areas.include or areas.merge",
                        person, smallest->name, run.horizon, years)
          : fmt::format("{}s x scale x horizon of at least 1 in every area, which no scale or "
                        "horizon gives {}: leave it out, or merge it into another area, with "
                        "areas.include or areas.merge",
                        person, smallest->name));
}

// The growth parameter of the population column (the pathway's births.annual_trend) compounds
// over the horizon: at its largest in the baseline (reported at that value, bound or
// distribution) and in each option that sets it (reported at the option), it must leave every
// area at most kMaxPersonsPerAreaYear simulated persons a year.
void check_growth(const Scenario& s, std::span<const core::AreaColumn> columns,
                  const ParameterLocations& where, const Node* parameters, const Node* options,
                  Diagnostics& d) {
  const core::AreaColumn* column = population_column(columns);
  if (column == nullptr || column->growth.empty()) return;
  const std::string& name = column->growth;
  const core::Parameter* base = s.parameters.find(name);
  if (base == nullptr) return;
  const auto [base_growth, base_source] = largest_growth(*base);
  if (const auto why = growth_problem(s, columns, name, base_growth); !why.empty()) {
    const Node* definition = parameter_definition(parameters, name);
    const Node* source =
        definition != nullptr && definition->is_map() ? definition->get(base_source) : nullptr;
    const auto at = where.find(name);
    d.error(source != nullptr   ? source->where
            : at != where.end() ? at->second
                                : Location{},
            fmt::format("parameters.{}.{}", name, base_source), why,
            fmt::format("a growth that keeps every area at most {:g} simulated {}s a year: a "
                        "smaller one, a shorter horizon or a smaller scale",
                        kMaxPersonsPerAreaYear, column->person));
    return;
  }
  for (std::size_t i = 0; i < s.options.size(); ++i) {
    const core::Parameter* p = s.options[i].parameters.find(name);
    if (p == nullptr || largest_growth(*p).first <= base_growth) continue;
    if (const auto why = growth_problem(s, columns, name, largest_growth(*p).first); !why.empty())
      d.error(
          options != nullptr && i < options->items.size() ? options->items[i].where : Location{},
          fmt::format("options.{}", i),
          "with this option's settings, parameters." + name + ": " + why,
          fmt::format("a growth that keeps every area at most {:g} simulated {}s a year",
                      kMaxPersonsPerAreaYear, column->person));
  }
}

std::string growth_problem(const Scenario& s, std::span<const core::AreaColumn> columns,
                           const std::string& parameter, double value) {
  const core::AreaColumn* column = population_column(columns);
  if (column == nullptr || column->growth != parameter || !s.areas || value <= 0) return {};
  const Area* largest = nullptr;
  for (const auto& a : s.areas->areas)
    if (largest == nullptr ||
        a.value(column->name).value_or(0) > largest->value(column->name).value_or(0))
      largest = &a;
  if (largest == nullptr) return {};
  const double persons = largest->value(column->name).value_or(0) * s.run.scale *
                         std::pow(1 + value, static_cast<double>(s.run.horizon) - 1);
  if (persons <= kMaxPersonsPerAreaYear) return {};
  return fmt::format(
      "growing by {:g} a year, {} ({}, {:g} {}s a year at scale {:g}) would have {:.3g} "
      "simulated {}s in year {} of the horizon, more than {:g}",
      value, largest->code, largest->name, largest->value(column->name).value_or(0), column->person,
      s.run.scale, persons, column->person, s.run.horizon, kMaxPersonsPerAreaYear);
}

void check_switch_columns(const Scenario& s, std::span<const core::AreaColumn> columns,
                          const Node* options, Diagnostics& d) {
  if (!s.areas) return;
  for (const auto& column : columns) {
    const auto eq = column.required_by.find('=');
    if (eq == std::string::npos) continue;
    const std::string name = column.required_by.substr(0, eq);
    const std::string choice = column.required_by.substr(eq + 1);
    std::vector<std::string> missing;
    for (const auto& a : s.areas->areas)
      if (!a.value(column.name)) missing.push_back(a.code);
    if (missing.empty()) continue;
    for (std::size_t i = 0; i < s.options.size(); ++i) {
      const core::SwitchValue* v = s.options[i].switches.find(name);
      if (v == nullptr || core::to_string(*v) != choice) continue;
      const std::size_t shown = std::min<std::size_t>(missing.size(), 5);
      d.error(
          options != nullptr && i < options->items.size() ? options->items[i].where : Location{},
          fmt::format("options.{}", i),
          fmt::format("switches.{}: {} reads each area's `{}` from the areas table ({}), but {} "
                      "of its {} areas have none: {}{}",
                      name, choice, column.name, s.areas->table, missing.size(),
                      s.areas->areas.size(),
                      fmt::join(missing.begin(), missing.begin() + static_cast<long>(shown), ", "),
                      missing.size() > shown ? ", ..." : ""),
          fmt::format("a `{}` column with {} for every area", column.name, column.expected));
    }
  }
}

}  // namespace pimhsim::scenario
