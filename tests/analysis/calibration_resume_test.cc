// Resuming a calibration (analysis/calibration.h's EvaluationLog, calibration_journal.cc): a
// calibration stopped part way, then given back its evaluations through their journal lines,
// runs only the rest and gives the same result, bit for bit, as one never stopped.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "pimhsim/analysis/calibration.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

CalibrationProblem sick_sicker_problem() {
  const auto s = test::load_shipped("scenarios/validation/sick_sicker_psa.yaml",
                                    {"run.population=500", "run.horizon=8", "run.seed=3"});
  scenario::Diagnostics d;
  auto t = parse_targets(
      "targets:\n  - name: sick_share\n    measure: occupancy_S1\n"
      "    observed: {mean: 0.2, se: 0.01}\n    source: synthetic\n"
      "  - name: sicker_share\n    measure: occupancy_S2\n"
      "    observed: {count: 30, denominator: 200}\n    source: synthetic\n",
      "targets.yaml", d);
  REQUIRE(t);
  auto p = CalibrationProblem::make(s, *t, {"p_HS1", "p_S1H"});
  REQUIRE(p.ok());
  return p.value();
}

// Runs the calibration in two parts: stopped after `first` new evaluations, then resumed from
// the journal lines of the first part. Returns the resumed result and counts the evaluations run
// in each part.
CalibrationResult stopped_then_resumed(const CalibrationProblem& p, const CalibrationSettings& st,
                                       std::size_t first, std::size_t& run_first,
                                       std::size_t& run_second) {
  std::vector<std::string> lines;
  std::atomic<bool> stop{false};
  EvaluationLog part1;
  part1.stop = &stop;
  std::mutex lines_mutex;  // record is called from the evaluating threads
  part1.record = [&](const std::string& key, const Evaluation& e) {
    const std::lock_guard<std::mutex> hold(lines_mutex);
    lines.push_back(evaluation_line(key, e));
    if (lines.size() >= first) stop = true;
  };
  const auto r1 = calibrate(p, st, 2, {}, &part1);
  REQUIRE_FALSE(r1.ok());
  CHECK(r1.status().code() == core::StatusCode::kInterrupted);
  run_first = lines.size();
  EvaluationLog part2;
  for (const auto& line : lines) {
    auto e = parse_evaluation_line(line, p.dimensions(), p.targets().targets.size());
    REQUIRE(e);
    part2.done.insert_or_assign(e->first, std::move(e->second));
  }
  run_second = 0;
  part2.record = [&](const std::string&, const Evaluation&) {
    const std::lock_guard<std::mutex> hold(lines_mutex);
    ++run_second;
  };
  auto r2 = calibrate(p, st, 2, {}, &part2);
  REQUIRE(r2.ok());
  return r2.value();
}

// Equal, or both undefined (a point fit has no interval).
bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

void check_same(const CalibrationResult& a, const CalibrationResult& b) {
  CHECK(a.evaluations == b.evaluations);
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(a.log_posterior == b.log_posterior);
  CHECK(same(a.objective_mc_se, b.objective_mc_se));
  REQUIRE(a.parameters.size() == b.parameters.size());
  for (std::size_t j = 0; j < a.parameters.size(); ++j) {
    CHECK(a.parameters[j].estimate == b.parameters[j].estimate);
    CHECK(same(a.parameters[j].lower, b.parameters[j].lower));
    CHECK(same(a.parameters[j].upper, b.parameters[j].upper));
  }
  CHECK(a.weights == b.weights);
  CHECK(a.sample == b.sample);
  REQUIRE(a.targets.size() == b.targets.size());
  for (std::size_t t = 0; t < a.targets.size(); ++t)
    CHECK(a.targets[t].fitted == b.targets[t].fitted);
}

}  // namespace

TEST_CASE("calibration: imis stopped part way and resumed from its journal gives the same result") {
  const auto p = sick_sicker_problem();
  CalibrationSettings st;
  st.method = CalibrationMethod::kImis;
  st.imis.initial = 60;
  st.imis.per_round = 10;
  st.imis.rounds = 3;
  st.imis.resample = 60;
  st.mc_replicates = 2;
  const auto whole = calibrate(p, st, 2);
  REQUIRE(whole.ok());
  std::size_t first = 0, second = 0;
  const auto resumed = stopped_then_resumed(p, st, 65, first, second);
  check_same(whole.value(), resumed);
  // Only what the first part had not finished is run again (plus the Monte Carlo replicates).
  INFO("first part " << first << ", second " << second << ", in all " << whole->evaluations);
  CHECK(first >= 65);
  CHECK(first + second == whole->evaluations + st.mc_replicates);
}

TEST_CASE("calibration: the optimiser stopped part way and resumed gives the same fit") {
  const auto p = sick_sicker_problem();
  CalibrationSettings st;
  st.restarts = 2;
  st.max_evaluations = 40;
  st.mc_replicates = 2;
  const auto whole = calibrate(p, st, 2);
  REQUIRE(whole.ok());
  std::size_t first = 0, second = 0;
  const auto resumed = stopped_then_resumed(p, st, 30, first, second);
  check_same(whole.value(), resumed);
  CHECK(first + second == whole->evaluations + 1 + st.mc_replicates);
}

TEST_CASE("calibration: a damaged journal line is refused and a failed run reads back") {
  Evaluation e;
  e.x = {0.25, 0.5};
  e.log_likelihood = -std::numeric_limits<double>::infinity();
  e.log_prior = 1.5;
  e.problem = "parameters.p_HS1: above 1, with a comma";
  const auto line = evaluation_line("i3", e);
  const auto back = parse_evaluation_line(line, 2, 1);
  REQUIRE(back);
  CHECK(back->first == "i3");
  CHECK(back->second.x == e.x);
  CHECK(back->second.log_likelihood == e.log_likelihood);
  CHECK(back->second.values.empty());
  CHECK(back->second.problem == e.problem);
  std::string damaged = line;
  damaged[3] = damaged[3] == '1' ? '2' : '1';
  CHECK_FALSE(parse_evaluation_line(damaged, 2, 1));
  CHECK_FALSE(parse_evaluation_line(line.substr(0, line.size() / 2), 2, 1));
  CHECK_FALSE(parse_evaluation_line(line, 3, 1));
}

}  // namespace pimhsim::analysis
