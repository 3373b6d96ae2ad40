// Reads the `areas:` section: a CSV table of areas (one row per local authority) with optional
// `include:` and `merge:` rules.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
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
  // optional one's where its cell is not empty.
  std::map<std::string, double> values;
  std::vector<std::string> merged_codes;  // codes merged into this area
  std::optional<double> value(const std::string& column) const {
    const auto it = values.find(column);
    return it == values.end() ? std::nullopt : std::optional<double>(it->second);
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
