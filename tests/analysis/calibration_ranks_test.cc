// A calibration over ranks (calibration.h's crew; calibration_tasks.cc), the ranks being threads
// of this process (support/local_ranks.h): IMIS and the optimiser give the same result, bit for
// bit, as on one machine, on any number of ranks, and resume on ranks from a journal of a run on
// one machine.
#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pimhsim/analysis/calibration.h"
#include "support/local_ranks.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

CalibrationProblem sick_sicker_problem() {
  const auto s = test::load_shipped("scenarios/validation/sick_sicker_psa.yaml",
                                    {"run.population=500", "run.horizon=8", "run.seed=4"});
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

// The calibration on `size` in-process ranks of 2 threads each (rank 0: `threads`).
core::Expected<CalibrationResult> on_ranks(const CalibrationProblem& p,
                                           const CalibrationSettings& st, int size,
                                           unsigned threads, EvaluationLog* log = nullptr) {
  test::Post post(size);
  std::vector<std::unique_ptr<test::Local>> ends;
  for (int r = 0; r < size; ++r) ends.push_back(std::make_unique<test::Local>(post, r));
  const std::string identity = calibration_identity(p, st);
  std::vector<std::thread> workers;
  for (int r = 1; r < size; ++r)
    workers.emplace_back([&, r] {
      core::serve_rank(*ends[static_cast<std::size_t>(r)], identity,
                       calibration_rank_work(p, st, 2, nullptr));
    });
  std::optional<core::Expected<CalibrationResult>> out;
  {
    core::Crew crew(*ends[0]);
    REQUIRE(crew.gather(identity, nullptr).ok());
    out.emplace(calibrate(p, st, threads, {}, log, &crew));
  }
  for (auto& t : workers) t.join();
  return *out;
}

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

void check_same(const CalibrationResult& a, const CalibrationResult& b) {
  CHECK(a.evaluations == b.evaluations);
  CHECK(a.failed_evaluations == b.failed_evaluations);
  CHECK(a.log_likelihood == b.log_likelihood);
  CHECK(a.log_posterior == b.log_posterior);
  CHECK(same(a.objective_mc_se, b.objective_mc_se));
  REQUIRE(a.parameters.size() == b.parameters.size());
  for (std::size_t j = 0; j < a.parameters.size(); ++j) {
    CHECK(a.parameters[j].estimate == b.parameters[j].estimate);
    CHECK(same(a.parameters[j].sd, b.parameters[j].sd));
  }
  CHECK(a.weights == b.weights);
  CHECK(a.sample == b.sample);
  REQUIRE(a.trace.size() == b.trace.size());
  for (std::size_t k = 0; k < a.trace.size(); ++k) {
    CHECK(a.trace[k].x == b.trace[k].x);
    CHECK(a.trace[k].evaluations == b.trace[k].evaluations);
  }
  REQUIRE(a.targets.size() == b.targets.size());
  for (std::size_t t = 0; t < a.targets.size(); ++t)
    CHECK(a.targets[t].fitted == b.targets[t].fitted);
}

}  // namespace

TEST_CASE("calibration: imis on 1, 2 and 3 ranks gives the result of one machine, bit for bit") {
  const auto p = sick_sicker_problem();
  CalibrationSettings st;
  st.method = CalibrationMethod::kImis;
  st.imis.initial = 60;
  st.imis.per_round = 10;
  st.imis.rounds = 3;
  st.imis.resample = 60;
  st.mc_replicates = 3;
  const auto plain = calibrate(p, st, 1);
  REQUIRE(plain.ok());
  for (int size : {1, 2, 3}) {
    INFO(size << " ranks");
    const auto r = on_ranks(p, st, size, size == 2 ? 1 : 2);
    REQUIRE(r.ok());
    check_same(plain.value(), r.value());
  }
}

TEST_CASE("calibration: the optimiser's starts on 3 ranks give the fit of one machine") {
  const auto p = sick_sicker_problem();
  CalibrationSettings st;
  st.restarts = 4;
  st.max_evaluations = 30;
  st.mc_replicates = 2;
  const auto plain = calibrate(p, st, 2);
  REQUIRE(plain.ok());
  const auto r = on_ranks(p, st, 3, 1);
  REQUIRE(r.ok());
  check_same(plain.value(), r.value());
}

TEST_CASE("calibration: a journal of one machine resumes on ranks to the same result") {
  // The optimiser stopped part way through its starts on one machine; its journal sent with the
  // starts to the ranks, which run only the rest.
  const auto p = sick_sicker_problem();
  CalibrationSettings st;
  st.restarts = 3;
  st.max_evaluations = 30;
  st.mc_replicates = 2;
  const auto plain = calibrate(p, st, 2);
  REQUIRE(plain.ok());
  std::vector<std::string> lines;
  std::atomic<bool> stop{false};
  EvaluationLog part1;
  part1.stop = &stop;
  std::mutex lines_mutex;  // record is called from the evaluating threads
  part1.record = [&](const std::string& key, const Evaluation& e) {
    const std::lock_guard<std::mutex> hold(lines_mutex);
    lines.push_back(evaluation_line(key, e));
    if (lines.size() >= 40) stop = true;
  };
  REQUIRE_FALSE(calibrate(p, st, 2, {}, &part1).ok());
  EvaluationLog part2;
  for (const auto& line : lines) {
    auto e = parse_evaluation_line(line, p.dimensions(), p.targets().targets.size());
    REQUIRE(e);
    part2.done.insert_or_assign(e->first, std::move(e->second));
  }
  std::size_t again = 0;
  part2.record = [&](const std::string&, const Evaluation&) {
    const std::lock_guard<std::mutex> hold(lines_mutex);
    ++again;
  };
  const auto r = on_ranks(p, st, 3, 1, &part2);
  REQUIRE(r.ok());
  check_same(plain.value(), r.value());
  INFO("first part " << lines.size() << ", second " << again);
  CHECK(lines.size() + again == plain->evaluations + 1 + st.mc_replicates);
}

TEST_CASE("calibration: a set of shares fitted on 2 ranks gives the result of one machine") {
  // The optimiser's starts travel as their scores (3), its model runs as their values (5: a
  // number and routing.mild's four shares).
  const auto s = test::load_shipped("scenarios/example_area.yaml",
                                    {"run.scale=0.02", "run.horizon=2", "run.seed=4"});
  scenario::Diagnostics d;
  auto t = parse_targets(
      "targets:\n  - name: listening_visits\n    measure: treated_listening_visits\n"
      "    per: detected\n    observed: {mean: 0.45, se: 0.03}\n    source: synthetic\n",
      "targets.yaml", d);
  REQUIRE(t);
  auto p = CalibrationProblem::make(s, *t, {"routing.mild", "detection.hidden_share"});
  REQUIRE(p.ok());
  REQUIRE(p->score_dimensions() == 3);
  CalibrationSettings optimise;
  optimise.restarts = 2;
  optimise.max_evaluations = 12;
  optimise.mc_replicates = 2;
  CalibrationSettings imis;
  imis.method = CalibrationMethod::kImis;
  imis.imis.initial = 30;
  imis.imis.per_round = 10;
  imis.imis.rounds = 2;
  imis.mc_replicates = 2;
  for (const auto& st : {optimise, imis}) {
    INFO(method_name(st.method));
    const auto plain = calibrate(p.value(), st, 1);
    REQUIRE(plain.ok());
    const auto r = on_ranks(p.value(), st, 2, 1);
    REQUIRE(r.ok());
    check_same(plain.value(), r.value());
  }
}

}  // namespace pimhsim::analysis
