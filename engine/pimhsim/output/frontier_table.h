// The efficiency frontier of a run's options (or of a comparison's), as JSON and CSV.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/economics/frontier.h"

namespace pimhsim::output {

struct CostEffectRow {
  std::string name;
  double cost = 0, cost_se = 0, effect = 0, effect_se = 0;
};

// The paired Monte Carlo error of row `to` minus row `from` (from < to) in cost and effect:
// standard errors and covariance. Options of one run on common random numbers have it; options
// from different scenario files (pimhsim compare) do not.
struct StepError {
  double cost_se = 0, effect_se = 0, covariance = 0;
};
using StepErrors = std::function<std::optional<StepError>(std::size_t from, std::size_t to)>;

// Incremental analysis over the rows, with net monetary benefit at each threshold. With
// `step_errors`, each frontier step carries its paired errors (cost, effect, and the ICER's by
// the delta method), and `optimal_margin` gives at each threshold the best option's lead in NMB
// over the next best with its paired error, so that a reader can see whether the choice is
// decided by the evidence or by Monte Carlo noise.
nlohmann::json frontier_json(const std::vector<CostEffectRow>& rows,
                             const std::vector<double>& thresholds,
                             const StepErrors& step_errors = {});
std::string frontier_csv(const nlohmann::json& frontier);

}  // namespace pimhsim::output
