// A plan's simulations shared between ranks (analysis/plan_evaluator.h, core/ranks.h), the ranks
// being threads of this process over mailboxes (support/local_ranks.h): plan.json is the bytes of
// a plain plan's, for a scan with its sweep and for a bisection in every area, and a malformed
// result is an error naming the rank and the unit.
#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/output/plan_writer.h"
#include "support/local_ranks.h"
#include "support/scenarios.h"

namespace pimhsim::plan_ranks_test {

analysis::PlanSettings settings_for(const scenario::Scenario& s, const std::string& target,
                                    analysis::PlanRule rule, unsigned threads) {
  analysis::PlanSettings st;
  std::string why;
  st.target = *analysis::parse_target(target, &why);
  st.rule = rule;
  st.maximum = 4;
  st.step = 0.5;
  st.executor = threads;
  REQUIRE_FALSE(analysis::plan_scenario_problem(s, st));
  return st;
}

// plan.json of `settings` planned by 3 in-process ranks (rank 2 with `threads` threads).
std::string planned_on_ranks(const scenario::Scenario& s, analysis::PlanSettings settings,
                             unsigned threads) {
  test::Post post(3);
  std::vector<std::unique_ptr<test::Local>> ends;
  for (int r = 0; r < 3; ++r) ends.push_back(std::make_unique<test::Local>(post, r));
  std::vector<std::thread> ranks;
  for (int r = 1; r < 3; ++r)
    ranks.emplace_back([&, r, settings]() mutable {
      settings.executor = r == 2 ? threads : 1u;
      analysis::serve_plan(s, settings, *ends[r]);
    });
  std::string json;
  {
    core::Crew crew(*ends[0]);
    REQUIRE(crew.gather(analysis::plan_identity(s, settings), nullptr).ok());
    settings.crew = &crew;
    const auto planned = analysis::plan(s, settings);
    REQUIRE(planned.ok());
    json = output::plan_json(planned.value()).dump();
  }
  for (auto& t : ranks) t.join();
  return json;
}

TEST_CASE("plan: a scan and its sweep shared by 3 in-process ranks give a plain plan's bytes") {
  const auto s = test::load_shipped("scenarios/example_area.yaml",
                                    {"run.replicates=2", "run.scale=0.02", "run.horizon=2"});
  auto settings = settings_for(s, "max nmb@20000", analysis::PlanRule::kUniform, 1);
  settings.sweep = analysis::PlanSettings::Sweep{0, 2, 1};
  const auto plain = analysis::plan(s, settings);
  REQUIRE(plain.ok());
  const auto expected = output::plan_json(plain.value()).dump();
  // One area: with 2 threads, rank 2 runs two replicates at once.
  CHECK(planned_on_ranks(s, settings, 2) == expected);
  // And so does one process of 2 threads.
  settings.executor = 2u;
  CHECK(output::plan_json(analysis::plan(s, settings).value()).dump() == expected);
}

TEST_CASE(
    "plan: a bisection in every area shared by 3 in-process ranks gives a plain plan's bytes") {
  const auto s = test::load_shipped("scenarios/england.yaml",
                                    {"run.replicates=2", "run.scale=0.02", "run.horizon=2",
                                     "areas.include=[E06000047,E06000005,E08000025]"});
  const auto settings =
      settings_for(s, "timely_specialist >= 0.5", analysis::PlanRule::kPerArea, 1);
  const auto plain = analysis::plan(s, settings);
  REQUIRE(plain.ok());
  CHECK(planned_on_ranks(s, settings, 2) == output::plan_json(plain.value()).dump());
}

TEST_CASE("plan: a malformed result from a rank is an error naming the rank and the unit") {
  const auto s = test::load_shipped("scenarios/example_area.yaml",
                                    {"run.replicates=2", "run.scale=0.02", "run.horizon=2"});
  auto settings = settings_for(s, "max nmb@20000", analysis::PlanRule::kUniform, 1);
  settings.target = {};
  settings.sweep = analysis::PlanSettings::Sweep{1, 1, 1};
  test::Post post(2);
  test::Local zero(post, 0), one(post, 1);
  std::thread rank([&] {
    core::RankWork work;
    work.work_on = [](std::uint64_t, std::string_view) { return std::string("not a tally"); };
    core::serve_rank(one, "plan", work);
  });
  std::string what;
  {
    core::Crew crew(zero);
    REQUIRE(crew.gather("plan", nullptr).ok());
    settings.crew = &crew;
    try {
      // Rank 0's own thread takes unit 0 (replicate 0) first; rank 1 is given replicate 1.
      (void)analysis::plan(s, settings);
    } catch (const std::runtime_error& e) {
      what = e.what();
    }
  }
  rank.join();
  CHECK(what.find("rank 1, evaluation 1 (replicate 1)") != std::string::npos);
  CHECK(what.find("truncated") != std::string::npos);
}

}  // namespace pimhsim::plan_ranks_test
