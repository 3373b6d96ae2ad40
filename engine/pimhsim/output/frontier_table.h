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

// One option of the incremental analysis, with its Monte Carlo errors.
struct FrontierTableRow {
  economics::FrontierRow row;
  double cost_se = 0, effect_se = 0;
  // The step from the previous frontier option: its paired errors and the ICER's (delta method).
  std::optional<double> step_cost_se, step_effect_se, icer_se;
};

// At one threshold: the best option's lead in NMB over the next best, with its paired error.
struct FrontierMargin {
  std::string option, runner_up;
  double nmb_difference = 0;
  std::optional<double> se;
};

struct FrontierTable {
  std::vector<FrontierTableRow> rows;  // sorted as economics::incremental_analysis sorts them
  std::vector<double> thresholds;
  std::vector<std::string> optimal;     // per threshold: the highest NMB
  std::vector<FrontierMargin> margins;  // per threshold, with two or more options
  // The row of an option, or nullptr.
  const FrontierTableRow* find(const std::string& option) const;
};

// Incremental analysis over the rows, with net monetary benefit at each threshold. With
// `step_errors`, each frontier step carries its paired errors (cost, effect, and the ICER's by
// the delta method), and the margins give at each threshold the best option's lead in NMB over
// the next best with its paired error, so that a reader can see whether the choice is decided by
// the evidence or by Monte Carlo noise.
FrontierTable frontier_table(const std::vector<CostEffectRow>& rows,
                             const std::vector<double>& thresholds,
                             const StepErrors& step_errors = {});
nlohmann::json frontier_json(const FrontierTable& table);
inline nlohmann::json frontier_json(const std::vector<CostEffectRow>& rows,
                                    const std::vector<double>& thresholds,
                                    const StepErrors& step_errors = {}) {
  return frontier_json(frontier_table(rows, thresholds, step_errors));
}
std::string frontier_csv(const FrontierTable& table);

}  // namespace pimhsim::output
