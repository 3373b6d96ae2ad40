// A DSA's threshold refinement shared between ranks (analysis/dsa.h, Dsa::set_crew; core/ranks.h),
// the ranks being threads of this process over mailboxes (support/local_ranks.h): each refining
// evaluation's units (replicate x area, and those of its status-quo pass) run on every rank, and
// the files are the bytes of one process; a malformed result names the rank and the unit.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/output/dsa_summary_json.h"
#include "support/local_ranks.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

// Three English areas: an evaluation is 3 areas x 2 replicates, 6 units, each pass.
scenario::Scenario three_areas() {
  return test::load_shipped("scenarios/england.yaml",
                            {"run.replicates=2", "run.scale=0.02", "run.horizon=2",
                             "areas.include=[E06000047,E06000005,E08000025]"});
}

// At so high a threshold the third option's NMB changes sign within the recruitment delay's range.
const DsaOutcome kAreasOutcome{DsaMeasure::kNetMonetaryBenefit, 900000, "nhs_pss"};

// A threshold alone (no tornado): its scan is listed and made ahead, its root refined.
DsaPlan refined_plan(const std::string& parameter, std::size_t intervals) {
  DsaPlan plan;
  plan.tornado = false;
  plan.threshold = parameter;
  plan.intervals = intervals;
  return plan;
}

struct DsaFiles {
  std::string summary, threshold;
  std::vector<std::string> journal;  // sorted: the ranks journal the scan before the refinement
};

DsaFiles files_of(const Dsa& dsa, const DsaParts& parts, std::vector<std::string> journal) {
  REQUIRE(parts.status.ok());
  std::sort(journal.begin(), journal.end());
  return {output::dsa_summary_json(dsa_summary(dsa, nullptr, nullptr, &*parts.threshold)).dump(),
          threshold_csv(dsa, *parts.threshold), std::move(journal)};
}

// `plan` on 3 in-process ranks (rank 0 with one thread, rank 1 with one, rank 2 with two), each
// with its own Dsa and list as each process builds them; ranks 1 and 2 run `serve(rank, work)`'s
// work. The files of rank 0's run, or its status when it fails.
template <typename Serve>
DsaFiles dsa_on_ranks(int size, const scenario::Scenario& s, const DsaOutcome& outcome,
                      const DsaPlan& plan, Serve serve, core::Status* failed = nullptr) {
  test::Post post(size);
  std::vector<std::unique_ptr<test::Local>> ends;
  std::vector<std::unique_ptr<Dsa>> dsas;
  std::vector<std::vector<core::ParameterSet>> lists;
  for (int r = 0; r < size; ++r) {
    ends.push_back(std::make_unique<test::Local>(post, r));
    dsas.push_back(std::make_unique<Dsa>(s, outcome, r == 2 ? 2U : 1U));
    lists.push_back(dsa_planned_sets(*dsas.back(), plan));
  }
  std::vector<std::thread> ranks;
  for (int r = 1; r < size; ++r)
    ranks.emplace_back([&, r] {
      core::serve_rank(*ends[static_cast<std::size_t>(r)], "dsa",
                       serve(r, dsa_rank_work(*dsas[static_cast<std::size_t>(r)],
                                              lists[static_cast<std::size_t>(r)], nullptr)));
    });
  Dsa& zero = *dsas[0];
  std::vector<std::string> journal;
  zero.set_on_evaluation([&](const std::string& key, const std::vector<double>& outcomes) {
    journal.push_back(dsa_journal_line(key, outcomes));
  });
  DsaParts parts;
  {
    core::Crew crew(*ends[0]);
    REQUIRE(crew.gather("dsa", nullptr).ok());
    REQUIRE(dsa_evaluate_ahead(zero, lists[0], nullptr, &crew));
    zero.set_crew(&crew);
    parts = run_dsa_plan(zero, plan);
    zero.set_crew(nullptr);
  }  // the crew releases the ranks
  for (auto& t : ranks) t.join();
  if (failed != nullptr) {
    *failed = parts.status;
    return {};
  }
  return files_of(zero, parts, journal);
}

}  // namespace

TEST_CASE("dsa: a threshold refinement shared by 3 in-process ranks gives a plain run's bytes") {
  const auto s = three_areas();
  const auto plan = refined_plan("supply.recruitment_months", 2);
  Dsa plain(s, kAreasOutcome, 1);
  std::vector<std::string> journal;
  plain.set_on_evaluation([&](const std::string& key, const std::vector<double>& outcomes) {
    journal.push_back(dsa_journal_line(key, outcomes));
  });
  const auto plain_parts = run_dsa_plan(plain, plan);
  const auto expected = files_of(plain, plain_parts, journal);
  const auto listed = dsa_planned_sets(plain, plan).size();
  REQUIRE(listed == 3);
  // The scan's 3 points, then a root refined: evaluations the list cannot hold.
  REQUIRE(plain.evaluations() > listed + 2);

  // Units with an input are the refinement's (the listed evaluations travel by index alone).
  std::array<std::atomic<int>, 3> refining{};
  const auto counted = [&](int rank, core::RankWork work) {
    work.work_on = [inner = work.work_on, &n = refining[static_cast<std::size_t>(rank)]](
                       std::uint64_t k, std::string_view input) {
      if (!input.empty()) ++n;
      return inner(k, input);
    };
    return work;
  };
  const auto shared = dsa_on_ranks(3, s, kAreasOutcome, plan, counted);
  CHECK(shared.summary == expected.summary);
  CHECK(shared.threshold == expected.threshold);
  CHECK(shared.journal == expected.journal);
  // Each pass of a refining evaluation (its status-quo pass, then the run) hands its first 4 of 6
  // units to rank 0's thread, rank 1's and rank 2's two, then the rest to whichever is free: the
  // other ranks run at least 1 and 2 units of each pass, and rank 0 at least 1.
  const auto refinements = static_cast<int>(plain.evaluations() - listed);
  CHECK(refining[1].load() >= 2 * refinements);
  CHECK(refining[2].load() >= 4 * refinements);
  CHECK(refining[1].load() + refining[2].load() <= 2 * 5 * refinements);
}

TEST_CASE("dsa: a malformed refinement result from a rank names the rank and the unit") {
  const auto s = test::load_shipped("scenarios/validation/sick_sicker_psa.yaml",
                                    {"run.population=200", "run.replicates=3"});
  const DsaOutcome nmb{DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"};
  const auto plan = refined_plan("c_trt", 2);
  // Rank 1 makes its listed evaluations, and answers a refinement's unit with what is no tally.
  const auto garbled = [](int, core::RankWork work) {
    work.work_on = [inner = work.work_on](std::uint64_t k, std::string_view input) {
      return input.empty() ? inner(k, input) : std::string("not a tally");
    };
    return work;
  };
  core::Status failed;
  dsa_on_ranks(2, s, nmb, plan, garbled, &failed);
  REQUIRE(failed.code() == core::StatusCode::kFailed);
  const std::string what = failed.message();
  INFO(what);
  // Rank 0's one thread takes unit 0 of the first refining evaluation (the 4th), rank 1 unit 1.
  CHECK(what.find("rank 1, evaluation 3 (c_trt=") != std::string::npos);
  CHECK(what.find("unit 1 (") != std::string::npos);
  CHECK(what.find("replicate 1)") != std::string::npos);
  CHECK(what.find("not a PIMHsim tally") != std::string::npos);
}

TEST_CASE("dsa: parameter sets travel between ranks as their own bits") {
  const auto s = three_areas();
  const Dsa dsa(s, kAreasOutcome, 1);
  auto set = s.parameters;
  set.find("long_term.specialist_child_effect")->value = std::nextafter(0.1, 1.0);
  const auto back = dsa_set_from_bytes(dsa, dsa_set_bytes(dsa, set));
  CHECK(dsa.key(back) == dsa.key(set));
  CHECK(dsa_set_from_bytes(dsa, dsa_set_bytes(dsa, s.parameters)).all().size() ==
        s.parameters.all().size());
  CHECK(dsa.key(dsa_set_from_bytes(dsa, dsa_set_bytes(dsa, s.parameters))).empty());
  const auto bytes = dsa_set_bytes(dsa, set);
  CHECK_THROWS_AS(dsa_set_from_bytes(dsa, bytes.substr(0, bytes.size() - 1)), std::runtime_error);
  CHECK_THROWS_AS(dsa_set_from_bytes(dsa, bytes + "x"), std::runtime_error);
}

}  // namespace pimhsim::analysis
