// A run's units (replicate x partition) shared between ranks (analysis/run.h, core/ranks.h), the
// ranks being threads of this process over mailboxes (support/local_ranks.h): the merged tally
// and every partition's tally are the bytes of a plain run, and a malformed result is an error
// naming the rank that sent it.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/models/registry.h"
#include "support/local_ranks.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

// run_model of `s` on 3 in-process ranks: rank 0 with one thread, rank 1 with one, rank 2 with
// two; each rank's model from make_model().
template <typename MakeModel>
RunOutcome run_on_three_ranks(const scenario::Scenario& s, MakeModel make_model) {
  const auto replicates = static_cast<std::uint32_t>(s.run.replicates);
  test::Post post(3);
  std::vector<std::unique_ptr<test::Local>> ends;
  for (int r = 0; r < 3; ++r) ends.push_back(std::make_unique<test::Local>(post, r));
  std::vector<std::thread> ranks;
  for (int r = 1; r < 3; ++r)
    ranks.emplace_back([&, r] {
      serve_run_model(make_model(), s.run.seed, replicates, r == 2 ? 2u : 1u, 0, *ends[r], "run");
    });
  RunOutcome shared;
  {
    core::Crew crew(*ends[0]);
    REQUIRE(crew.gather("run", nullptr).ok());
    shared = run_model(make_model(), s.run.seed, replicates, 1u, 0, {}, &crew);
  }
  for (auto& t : ranks) t.join();
  return shared;
}

// What run_model of `s` over `replicates` throws when rank 1 of 2 runs `work`.
std::string error_with_rank_one(const scenario::Scenario& s, std::uint32_t replicates,
                                const core::RankWork& work) {
  test::Post post(2);
  test::Local zero(post, 0), one(post, 1);
  std::thread rank([&] { core::serve_rank(one, "run", work); });
  std::string what;
  {
    core::Crew crew(zero);
    REQUIRE(crew.gather("run", nullptr).ok());
    try {
      // Rank 0's own thread takes unit 0 first; rank 1 is given unit 1.
      run_model(models::make(s), s.run.seed, replicates, 1u, 0, {}, &crew);
    } catch (const std::runtime_error& e) {
      what = e.what();
    }
  }
  rank.join();
  return what;
}

}  // namespace

TEST_CASE("run: units shared by 3 in-process ranks give the tallies of one process") {
  const auto s = test::load_shipped("scenarios/england.yaml",
                                    {"run.replicates=2", "run.scale=0.02", "run.horizon=2",
                                     "areas.include=[E06000047,E06000005,E08000025]"});
  const auto plain = run(s, 1u);
  REQUIRE(plain.partitions.size() == 3);
  const auto shared = run_on_three_ranks(s, [&] { return models::make(s); });
  CHECK(shared.tally.to_bytes() == plain.tally.to_bytes());
  REQUIRE(shared.partitions.size() == plain.partitions.size());
  for (std::size_t p = 0; p < plain.partitions.size(); ++p)
    CHECK(shared.partitions[p].to_bytes() == plain.partitions[p].to_bytes());
}

// A model that counts the units of its preparation it runs, and otherwise is `inner`.
class Counting : public core::Model {
 public:
  Counting(std::unique_ptr<core::Model> inner, std::atomic<int>& prepared)
      : inner_(std::move(inner)), prepared_(prepared) {}
  const core::TallyLayout& layout() const override { return inner_->layout(); }
  std::size_t partitions() const override { return inner_->partitions(); }
  bool prepares() const override { return inner_->prepares(); }
  std::string prepare_unit(const core::RandomSource& rng, std::uint32_t replicate,
                           std::size_t partition) const override {
    ++prepared_;
    return inner_->prepare_unit(rng, replicate, partition);
  }
  std::string preparation(const std::vector<std::string>& units) const override {
    return inner_->preparation(units);
  }
  void adopt(std::string_view preparation) override { inner_->adopt(preparation); }
  void simulate(const core::RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                core::Tally& tally) const override {
    inner_->simulate(rng, replicate, partition, tally);
  }
  std::vector<std::string> headline_measures() const override {
    return inner_->headline_measures();
  }

 private:
  std::unique_ptr<core::Model> inner_;
  std::atomic<int>& prepared_;
};

TEST_CASE("run: the preparation of a run is shared by the ranks and each unit runs once") {
  const auto s = test::load_shipped("scenarios/england.yaml",
                                    {"run.replicates=2", "run.scale=0.02", "run.horizon=2",
                                     "areas.include=[E06000047,E06000005,E08000025]"});
  REQUIRE(models::make(s)->prepares());
  const auto plain = run(s, 1u);
  std::atomic<int> prepared{0};
  const auto shared =
      run_on_three_ranks(s, [&] { return std::make_unique<Counting>(models::make(s), prepared); });
  // 3 areas x 2 replicates: each unit of the status-quo pass once in all, not once per rank.
  CHECK(prepared.load() == 6);
  CHECK(shared.tally.to_bytes() == plain.tally.to_bytes());
}

TEST_CASE("run: a malformed preparation from a rank is an error naming the rank and the unit") {
  const auto s = test::load_shipped(
      "scenarios/england.yaml",
      {"run.replicates=3", "run.scale=0.02", "run.horizon=2", "areas.include=[E06000047]"});
  const auto what =
      error_with_rank_one(s, 3, core::RankWork{1, nullptr, [](std::uint64_t, std::string_view) {
                                                 return std::string("not sums");
                                               }});
  CHECK(what.find("rank 1, preparation unit 1") != std::string::npos);
  CHECK(what.find("status-quo sums of 8 bytes") != std::string::npos);
}

TEST_CASE("run: a malformed tally from a rank is an error naming the rank and the unit") {
  const auto s = test::load_shipped("scenarios/validation/sick_sicker.yaml",
                                    {"run.population=200", "run.replicates=3"});
  const auto what = error_with_rank_one(
      s, 3, core::RankWork{1, [](std::uint64_t) { return std::string("not a tally"); }, nullptr});
  CHECK(what.find("rank 1, unit 1") != std::string::npos);
  CHECK(what.find("not a PIMHsim tally") != std::string::npos);
}

}  // namespace pimhsim::analysis
