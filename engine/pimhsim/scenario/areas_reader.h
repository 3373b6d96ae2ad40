// Reads the `areas:` section: a CSV table of areas (one row per local authority) with optional
// `include:` and `merge:` rules.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

struct Area {
  std::string code;  // ONS code, e.g. E06000047
  std::string name;
  std::string region;
  // The model's columns (core::AreaColumn) by name: a required column's value always, an
  // optional one's where its cell is not empty. A few, so a list (smaller than a map).
  std::vector<std::pair<std::string, double>> values;
  std::vector<std::string> merged_codes;  // codes merged into this area
  std::optional<double> value(const std::string& column) const {
    for (const auto& [key, v] : values)
      if (key == column) return v;
    return std::nullopt;
  }
  // The value of `column`, added as 0 if it has none.
  double& value_of(const std::string& column) {
    for (auto& [key, v] : values)
      if (key == column) return v;
    return values.emplace_back(column, 0.0).second;
  }
};

struct AreaSettings {
  std::string table;          // resolved path
  std::string table_content;  // the table's bytes
  std::vector<Area> areas;
};

// `scenario_dir` resolves a relative table path; `columns` are the model's.
std::optional<AreaSettings> read_areas(const Node& node, const std::string& scenario_dir,
                                       std::span<const core::AreaColumn> columns, Diagnostics& d);

}  // namespace pimhsim::scenario
