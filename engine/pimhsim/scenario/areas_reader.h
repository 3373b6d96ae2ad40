// Reads the `areas:` section: a CSV table of areas (one row per local authority) with optional
// `include:` and `merge:` rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

struct Area {
  std::string code;  // ONS code, e.g. E06000047
  std::string name;
  std::string region;
  double births = 0;                      // live births per year
  std::optional<double> trained_share;    // share of health visitors with specialist training
  std::optional<double> health_visitors;  // generic health visitor WTE
  std::vector<std::string> merged_codes;  // codes merged into this area
};

struct AreaSettings {
  std::string table;          // resolved path
  std::string table_content;  // the table's bytes
  std::vector<Area> areas;
};

// `scenario_dir` resolves a relative table path.
std::optional<AreaSettings> read_areas(const Node& node, const std::string& scenario_dir,
                                       Diagnostics& d);

}  // namespace pimhsim::scenario
