// run_units: results in unit order whatever the thread count, reductions that are bit-identical
// across thread counts, and failures that surface as the lowest failing unit's exception.
#include "pimhsim/core/runner.h"

#include <doctest/doctest.h>

#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "pimhsim/core/random.h"
#include "pimhsim/core/statistics.h"
#include "support/moments.h"

using pimhsim::core::DrawAddress;
using pimhsim::core::Moments;
using pimhsim::core::RandomSource;
using pimhsim::core::run_units;

namespace {

constexpr unsigned kThreadCounts[] = {1, 2, 7};

using pimhsim::test::unit_moments;

Moments reduce_in_order(const std::vector<Moments>& parts) {
  Moments total;
  for (const auto& p : parts) total.merge(p);
  return total;
}

}  // namespace

TEST_CASE("run_units: results come back in index order for 1, 2 and 7 threads") {
  constexpr std::size_t units = 200;
  for (unsigned threads : kThreadCounts) {
    CAPTURE(threads);
    const auto results = run_units<std::uint64_t>(units, threads, [](std::size_t i) {
      // Uneven work so that units finish out of order on several threads.
      if (i % 17 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return static_cast<std::uint64_t>(i * i + 1);
    });
    REQUIRE(results.size() == units);
    for (std::size_t i = 0; i < units; ++i) CHECK(results[i] == i * i + 1);
  }
}

TEST_CASE(
    "run_units: an in-order reduction of per-unit Moments is bit-identical for any thread count") {
  constexpr std::size_t units = 64;
  const Moments serial = reduce_in_order(run_units<Moments>(units, 1, unit_moments));
  REQUIRE(serial.count() == units * 1000);
  for (unsigned threads : {2u, 7u}) {
    CAPTURE(threads);
    const Moments parallel = reduce_in_order(run_units<Moments>(units, threads, unit_moments));
    CHECK(parallel.count() == serial.count());
    CHECK(std::bit_cast<std::uint64_t>(parallel.mean()) ==
          std::bit_cast<std::uint64_t>(serial.mean()));
    CHECK(std::bit_cast<std::uint64_t>(parallel.variance()) ==
          std::bit_cast<std::uint64_t>(serial.variance()));
    CHECK(std::bit_cast<std::uint64_t>(parallel.total()) ==
          std::bit_cast<std::uint64_t>(serial.total()));
  }
}

TEST_CASE("run_units: the lowest failing unit's exception is rethrown after every thread stops") {
  for (unsigned threads : kThreadCounts) {
    CAPTURE(threads);
    for (int trial = 0; trial < 20; ++trial) {
      std::atomic<int> in_flight{0};
      std::string message;
      try {
        run_units<int>(100, threads, [&](std::size_t i) {
          ++in_flight;
          // Unit 30 fails slowly, unit 31 fails at once: a later unit may fail first in time.
          if (i == 30) std::this_thread::sleep_for(std::chrono::milliseconds(1));
          --in_flight;
          if (i == 30 || i == 31 || i == 80) throw std::runtime_error("unit " + std::to_string(i));
          return static_cast<int>(i);
        });
      } catch (const std::runtime_error& e) {
        message = e.what();
      }
      CHECK(message == "unit 30");
      CHECK(in_flight.load() == 0);
    }
  }
}

TEST_CASE("run_units: a non-standard exception type is rethrown unchanged") {
  struct Custom {
    int code;
  };
  int code = 0;
  try {
    run_units<int>(10, 3, [](std::size_t i) -> int {
      if (i == 4) throw Custom{42};
      return 0;
    });
  } catch (const Custom& c) {
    code = c.code;
  }
  CHECK(code == 42);
}

TEST_CASE("run_units: zero units returns an empty vector without calling the work") {
  for (unsigned threads : {0u, 1u, 4u}) {
    CAPTURE(threads);
    int calls = 0;
    const auto results = run_units<int>(0, threads, [&](std::size_t) {
      ++calls;
      return 1;
    });
    CHECK(results.empty());
    CHECK(calls == 0);
  }
}

TEST_CASE("run_units: zero threads or more threads than units still runs every unit once") {
  for (unsigned threads : {0u, 50u}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> runs(5);
    const auto results = run_units<std::size_t>(5, threads, [&](std::size_t i) {
      ++runs[i];
      return i;
    });
    REQUIRE(results.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) {
      CHECK(results[i] == i);
      CHECK(runs[i].load() == 1);
    }
  }
}
