// The simulations of a staffing plan: the comparator against one candidate staffing, on the
// scenario's common random numbers, and the measures of the model at any of them (internal to
// plan.cc and its tests).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/staffable.h"

namespace pimhsim::analysis::plan_detail {

// One candidate simulated replicate by replicate (the same random numbers as one run with all
// replicates), and pooled.
struct Evaluation {
  RunOutcome pooled;
  std::vector<RunOutcome> replicates;
};

class Evaluator {
 public:
  // `settings` resolved against the scenario (plan_scenario_problem).
  Evaluator(const scenario::Scenario& s, const PlanSettings& settings);

  // The comparator against `candidate` (funded WTE by area).
  Evaluation run(const std::vector<double>& candidate);

  // The measures `want` in an area (or all of them together, area < 0) from the pooled
  // replicates; with two or more replicates an SE is their spread, sd / sqrt(R), which captures
  // the correlation between dyads that share an area's caseload (a within-run SE cannot).
  std::vector<models::Measured> measured(const Evaluation& e,
                                         std::span<const models::MeasureRequest> want,
                                         int area) const;
  models::Measured measured(const Evaluation& e, const models::MeasureRequest& want,
                            int area) const {
    return measured(e, {&want, 1}, area).front();
  }

  const models::Staffable& model() const { return model_; }
  const std::vector<double>& births() const { return frame_.population; }
  const std::vector<std::string>& codes() const { return frame_.partitions; }
  const std::vector<std::string>& names() const { return frame_.titles; }
  const std::vector<double>& comparator_wte() const { return frame_.comparator_wte; }
  double post_cost() const { return frame_.post_cost_per_wte; }
  int evaluations() const { return evaluations_; }
  const scenario::Scenario& scenario() const { return scenario_; }

 private:
  const PlanSettings& settings_;
  const models::Staffable& model_;
  scenario::Scenario scenario_, single_;
  models::StaffingFrame frame_;
  int evaluations_ = 0;
};

// The answers of `result` to "how many specialists?" side by side, each with its question: the
// workload's requirement (the model's requirement measure: WHO WISN for the pathway), the
// target's answer, what the budget buys, and the best value for money among the staffings swept.
void reconcile(PlanResult& result, double post_cost_per_wte);

}  // namespace pimhsim::analysis::plan_detail
