// The simulations of a staffing plan: the comparator against one candidate staffing, on the
// scenario's common random numbers, and the measures of the model at any of them (internal to
// plan.cc and its tests).
//
// A candidate's unit of work is one replicate (a run of every partition, on the rank's threads).
// Candidates the search knows together (a scan, a sweep, a bracket) run together: on the crew's
// ranks when there are several (core/ranks.h), rank 0 sending with each unit the candidate's WTE
// and the replicate, the rank sending back every partition's tally (Tally::to_bytes: the doubles'
// own bits); or, when a replicate has no more partitions than there are threads, several units at
// once, one a thread. Rank 0 merges the units in order (candidate, then replicate, then
// partition), so every evaluation is bit-identical to that of one process on any thread count.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/ranks.h"
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
  // The comparator against each of `candidates`, handed to done(c, evaluation) in order as each
  // is complete (on this thread; evaluations() then counts it); on settings.crew's ranks when it
  // has several. A unit that fails on a rank: std::runtime_error "rank R, evaluation E
  // (replicate K): what".
  void run_each(const std::vector<std::vector<double>>& candidates,
                const std::function<void(std::size_t, Evaluation&&)>& done);

  // What a rank runs for run_each: a unit's input is a replicate and a candidate, its result
  // every partition's tally.
  core::RankWork rank_work() const;
  // What every rank of a distributed plan shares with rank 0: the scenario's content, seed and
  // replicates, the candidate's option and thresholds, the model's layout and partitions.
  std::string identity() const;

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
  // One replicate of one candidate, as run (every partition's tally).
  RunOutcome replicate(const std::vector<double>& candidate, std::uint32_t r,
                       core::ExecutorRef executor) const;
  // A replicate's outcome from the bytes of another rank's unit (its model made, not prepared:
  // only measured).
  RunOutcome replicate_from_bytes(const std::vector<double>& candidate,
                                  std::string_view bytes) const;
  // Whether a unit runs on one thread, several at once (a replicate has no more partitions than
  // there are threads).
  bool whole_units() const;

  const PlanSettings& settings_;
  const models::Staffable& model_;
  scenario::Scenario scenario_, single_;
  models::StaffingFrame frame_;
  std::uint64_t layout_fingerprint_ = 0;
  int evaluations_ = 0;
};

// The answers of `result` to "how many specialists?" side by side, each with its question: the
// workload's requirement (the model's requirement measure: WHO WISN for the pathway), the
// target's answer, what the budget buys, and the best value for money among the staffings swept.
void reconcile(PlanResult& result, double post_cost_per_wte);

}  // namespace pimhsim::analysis::plan_detail
