// The efficiency frontier of a run's options (or of a comparison's), as JSON and CSV.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "economics/frontier.h"

namespace pimhsim::output {

struct CostEffectRow {
  std::string name;
  double cost = 0, cost_se = 0, effect = 0, effect_se = 0;
};

// Incremental analysis over the rows, with net monetary benefit at each threshold.
nlohmann::json frontier_json(const std::vector<CostEffectRow>& rows, const std::vector<double>& thresholds);
std::string frontier_csv(const nlohmann::json& frontier);

}  // namespace pimhsim::output
