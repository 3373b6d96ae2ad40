// What calibrate()'s two methods (calibration_fit.cc) share with the running of their model runs
// on threads or ranks (calibration_tasks.cc): the evaluator through the journal, an optimiser's
// start, and the tasks a calibration hands out.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/analysis/calibration.h"

namespace pimhsim::core {
class Crew;
}

namespace pimhsim::analysis::calibration_detail {

// Thrown when the log's stop is set, to end the calibration as interrupted.
struct Stopped {};

// The problem's evaluations through the log (calibration.h's EvaluationLog), if there is one: an
// evaluation already made at the same point is taken from it, a new one is recorded.
class Evaluator {
 public:
  Evaluator(const CalibrationProblem& p, EvaluationLog* log) : p_(p), log_(log) {}
  const CalibrationProblem& problem() const { return p_; }
  EvaluationLog* log() const { return log_; }
  Evaluation operator()(const std::string& key, std::span<const double> x,
                        std::uint32_t block = 0) const {
    if (log_ != nullptr) {
      if (const auto it = log_->done.find(key);
          it != log_->done.end() &&
          std::equal(x.begin(), x.end(), it->second.x.begin(), it->second.x.end()))
        return it->second;
      if (log_->stop != nullptr && log_->stop->load()) throw Stopped{};
    }
    Evaluation e = p_.evaluate(x, block);
    if (log_ != nullptr && log_->record) log_->record(key, e);
    return e;
  }

 private:
  const CalibrationProblem& p_;
  EvaluationLog* log_;
};

// An optimiser's run from one starting point.
struct StartResult {
  std::vector<double> z;
  double objective = -std::numeric_limits<double>::infinity();
  std::uint32_t evaluations = 0, failed = 0;
};
// Throws Stopped once the log's stop is set.
StartResult optimise_from(const Evaluator& ev, const CalibrationSettings& st,
                          std::vector<double> z0, std::size_t start);

// A unit of a calibration's work: one model run at x (natural scale) on block `index` of random
// numbers, journaled under `key`; or (start) an optimiser's run from z = x, the start `index`,
// whose model runs are journaled under "s{index}.{n}".
struct Task {
  bool start = false;
  std::string key;
  std::uint32_t index = 0;
  std::vector<double> x;
};
struct TaskResult {
  Evaluation evaluation;  // a model run's
  StartResult start;      // a start's
};

// Runs the tasks on the executor's threads, one task per thread, or, with a crew of more than one
// rank, on the slots of every rank (core/ranks.h); consume(k, result) on this thread in increasing
// k. The results, and the journal's records, are the same either way. Throws Stopped once the
// log's stop is set or a rank was interrupted (every task finished before consumed).
void run_tasks(const Evaluator& ev, const CalibrationSettings& st, const std::vector<Task>& tasks,
               core::ExecutorRef executor, core::Crew* crew,
               const std::function<void(std::size_t, TaskResult)>& consume);

}  // namespace pimhsim::analysis::calibration_detail
