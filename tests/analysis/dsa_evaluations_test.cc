// A DSA's evaluations made ahead of its analyses, several at once (analysis/dsa.h, "Evaluations
// ahead of the analyses"): the same results, memo and journal lines as one evaluation at a time,
// on the Sick-Sicker model (one partition of individuals, so whole evaluations share threads).
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/output/dsa_summary_json.h"
#include "support/local_ranks.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

scenario::Scenario small() {
  return test::load_shipped("scenarios/validation/sick_sicker_psa.yaml", {"run.population=1000"});
}

const DsaOutcome kNmb{DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"};

DsaPlan full_plan() {
  DsaPlan plan;
  plan.two_way = std::make_pair(std::string("c_trt"), std::string("u_trt"));
  plan.points = 3;
  plan.threshold = "c_trt";
  plan.intervals = 4;
  return plan;
}

std::string summary_json(const Dsa& dsa, const DsaParts& parts) {
  return output::dsa_summary_json(dsa_summary(dsa, parts.one_way ? &*parts.one_way : nullptr,
                                              parts.two_way ? &*parts.two_way : nullptr,
                                              parts.threshold ? &*parts.threshold : nullptr))
      .dump();
}

}  // namespace

TEST_CASE("dsa: evaluations ahead on two threads give the results of one at a time") {
  const auto s = small();
  const auto plan = full_plan();
  Dsa one(s, kNmb, 1);
  std::vector<std::string> keys_one;
  one.set_on_evaluation(
      [&](const std::string& key, const std::vector<double>&) { keys_one.push_back(key); });
  const auto parts_one = run_dsa_plan(one, plan);
  REQUIRE(parts_one.status.ok());

  Dsa two(s, kNmb, 2);
  REQUIRE(two.units_per_evaluation() < 2);
  std::vector<std::string> keys_two;
  two.set_on_evaluation(
      [&](const std::string& key, const std::vector<double>&) { keys_two.push_back(key); });
  const auto sets = dsa_planned_sets(two, plan);
  // Every listed set is one the analyses evaluate, each once; the refinements of the threshold's
  // root are not listed (they depend on the outcomes).
  REQUIRE(!sets.empty());
  CHECK(sets.size() < keys_one.size());
  for (std::size_t k = 0; k < sets.size(); ++k) {
    CHECK(std::count(keys_one.begin(), keys_one.end(), two.key(sets[k])) == 1);
    for (std::size_t j = 0; j < k; ++j) CHECK(two.key(sets[j]) != two.key(sets[k]));
  }
  CHECK(two.evaluations() == 0);  // listing simulates nothing
  REQUIRE(dsa_evaluate_ahead(two, sets, nullptr, nullptr));
  // Recorded in list order, then the analyses find them and make only the refinements.
  REQUIRE(keys_two.size() == sets.size());
  for (std::size_t k = 0; k < sets.size(); ++k) CHECK(keys_two[k] == two.key(sets[k]));
  const auto parts_two = run_dsa_plan(two, plan);
  REQUIRE(parts_two.status.ok());
  CHECK(two.evaluations() == one.evaluations());
  CHECK(two.distinct_evaluations() == one.distinct_evaluations());
  auto sorted_one = keys_one, sorted_two = keys_two;
  std::sort(sorted_one.begin(), sorted_one.end());
  std::sort(sorted_two.begin(), sorted_two.end());
  CHECK(sorted_one == sorted_two);
  CHECK(summary_json(two, parts_two) == summary_json(one, parts_one));
  CHECK(tornado_csv(two, *parts_two.one_way) == tornado_csv(one, *parts_one.one_way));
  CHECK(two_way_csv(two, *parts_two.two_way) == two_way_csv(one, *parts_one.two_way));
  CHECK(threshold_csv(two, *parts_two.threshold) == threshold_csv(one, *parts_one.threshold));
}

TEST_CASE("dsa: evaluations ahead skip the known sets and stop on request") {
  const auto s = small();
  const auto plan = full_plan();
  Dsa dsa(s, kNmb, 2);
  const auto sets = dsa_planned_sets(dsa, plan);
  REQUIRE(sets.size() > 2);
  // A journal's evaluations (preloaded) are not made again, and the list does not change.
  Dsa first(s, kNmb, 1);
  dsa.preload(dsa.key(sets[1]), first.evaluate(sets[1]));
  CHECK(dsa_planned_sets(dsa, plan).size() == sets.size());
  std::atomic<bool> stop{true};
  CHECK_FALSE(dsa_evaluate_ahead(dsa, sets, &stop, nullptr));
  CHECK(dsa.evaluations() == 0);
  stop = false;
  REQUIRE(dsa_evaluate_ahead(dsa, sets, &stop, nullptr));
  CHECK(dsa.evaluations() == sets.size() - 1);
  CHECK(dsa.distinct_evaluations() == sets.size());
  CHECK(dsa.evaluate(sets[1]) == first.evaluate(sets[1]));
}

TEST_CASE("dsa: evaluations shared by 3 ranks give the results of one process") {
  const auto s = small();
  const auto plan = full_plan();
  Dsa one(s, kNmb, 1);
  const auto parts_one = run_dsa_plan(one, plan);
  REQUIRE(parts_one.status.ok());
  // Ranks as threads (support/local_ranks.h), each with its own Dsa and list, as each process
  // builds them; rank 2 with 2 threads runs two evaluations at once.
  test::Post post(3);
  std::vector<std::unique_ptr<test::Local>> ends;
  std::vector<std::unique_ptr<Dsa>> dsas;
  std::vector<std::vector<core::ParameterSet>> lists;
  for (int r = 0; r < 3; ++r) {
    ends.push_back(std::make_unique<test::Local>(post, r));
    dsas.push_back(std::make_unique<Dsa>(s, kNmb, r == 2 ? 2U : 1U));
    lists.push_back(dsa_planned_sets(*dsas.back(), plan));
  }
  std::vector<std::thread> ranks;
  for (std::size_t r = 1; r < 3; ++r)
    ranks.emplace_back(
        [&, r] { core::serve_rank(*ends[r], "dsa", dsa_rank_work(*dsas[r], lists[r], nullptr)); });
  bool ahead = false;
  {
    core::Crew crew(*ends[0]);
    if (crew.gather("dsa", nullptr).ok())
      ahead = dsa_evaluate_ahead(*dsas[0], lists[0], nullptr, &crew);
  }  // the crew releases the ranks
  for (auto& t : ranks) t.join();
  REQUIRE(ahead);
  Dsa& zero = *dsas[0];
  CHECK(zero.evaluations() == lists[0].size());
  const auto parts = run_dsa_plan(zero, plan);
  REQUIRE(parts.status.ok());
  CHECK(zero.distinct_evaluations() == one.distinct_evaluations());
  CHECK(summary_json(zero, parts) == summary_json(one, parts_one));
  CHECK(tornado_csv(zero, *parts.one_way) == tornado_csv(one, *parts_one.one_way));
  CHECK(two_way_csv(zero, *parts.two_way) == two_way_csv(one, *parts_one.two_way));
  CHECK(threshold_csv(zero, *parts.threshold) == threshold_csv(one, *parts_one.threshold));
}

TEST_CASE("dsa: outcomes travel between ranks as their own bits") {
  const std::vector<double> v{1.5, -0.0, 1e-300};
  const auto bytes = dsa_outcomes_bytes(v);
  CHECK(bytes.size() == 3 * sizeof(double));
  CHECK(dsa_outcomes_from_bytes(bytes, 3) == v);
  CHECK_THROWS_AS(dsa_outcomes_from_bytes(bytes, 2), std::runtime_error);
}

}  // namespace pimhsim::analysis
