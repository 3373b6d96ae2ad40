// core::Executor: execution is a strategy, and the engine's results do not depend on it. An
// executor that runs the units in reverse order on the calling thread (as a distributed executor
// might finish them) gives the same bytes as the thread executor at 1 and 3 threads.
#include "pimhsim/core/executor.h"

#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "support/scenarios.h"

namespace {

using pimhsim::core::Executor;

// Works every unit last to first, then consumes them in order (the contract's only demand).
class ReverseExecutor final : public Executor {
 public:
  unsigned concurrency() const override { return 1; }
  void run_in_order(std::size_t units, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t)>& consume) const override {
    for (std::size_t i = units; i-- > 0;) work(i);
    for (std::size_t i = 0; i < units; ++i) consume(i);
  }
};

}  // namespace

TEST_CASE("Executor: runs give the same tally bytes on any executor, in any order of work") {
  const std::vector<std::pair<const char*, std::vector<std::string>>> cases = {
      {"scenarios/validation/sick_sicker.yaml", {"run.replicates=2", "run.population=3000"}},
      {"scenarios/england.yaml",
       {"run.replicates=2", "run.scale=0.05", "run.horizon=3",
        "areas.include=[E06000047,E06000005,E08000025]"}}};
  for (const auto& c : cases) {
    const char* file = c.first;
    const auto& sets = c.second;
    CAPTURE(file);
    const auto s = pimhsim::test::load_shipped(file, sets);
    const auto reference = pimhsim::analysis::run(s, 1u);
    const std::string bytes = reference.tally.to_bytes();
    CHECK(pimhsim::analysis::run(s, 3u).tally.to_bytes() == bytes);
    const auto reversed =
        pimhsim::analysis::run(s, pimhsim::core::ExecutorRef(std::make_shared<ReverseExecutor>()));
    CHECK(reversed.tally.to_bytes() == bytes);
    CHECK(reversed.threads == 1);
  }
}

TEST_CASE("Executor: typed results come back in unit order, and a unit's failure surfaces") {
  const ReverseExecutor reverse;
  const pimhsim::core::ThreadExecutor threads(4);
  for (const Executor* e : std::vector<const Executor*>{&reverse, &threads}) {
    std::vector<std::size_t> seen;
    pimhsim::core::run_units_in_order<std::size_t>(
        *e, 50, [](std::size_t i) { return i * i; },
        [&](std::size_t i, std::size_t r) {
          CHECK(r == i * i);
          seen.push_back(i);
        });
    REQUIRE(seen.size() == 50);
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
  }
  CHECK_THROWS_AS(pimhsim::core::run_units_in_order<int>(
                      threads, 20,
                      [](std::size_t i) -> int {
                        if (i == 7) throw std::runtime_error("unit 7");
                        return 0;
                      },
                      [](std::size_t, int) {}),
                  std::runtime_error);
}
