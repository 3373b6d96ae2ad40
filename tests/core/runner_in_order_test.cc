// run_units_in_order: results handed over in unit order as they finish, whatever the thread count,
// giving the same reduction as run_units; failures of a unit or of the consumer surface once
// every thread has stopped.
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
#include "pimhsim/core/runner.h"
#include "pimhsim/core/statistics.h"
#include "support/moments.h"

using pimhsim::core::Moments;
using pimhsim::core::RandomSource;
using pimhsim::core::run_units;
using pimhsim::core::run_units_in_order;

namespace {

constexpr unsigned kThreadCounts[] = {1, 2, 7};

// Uneven work so that units finish out of order on several threads.
Moments unit_moments(std::size_t unit) {
  if (unit % 7 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return pimhsim::test::unit_moments(unit);
}

using pimhsim::test::same_bits;

}  // namespace

TEST_CASE(
    "run_units_in_order: every result is consumed once, in index order, on the calling thread") {
  constexpr std::size_t units = 200;
  for (unsigned threads : kThreadCounts) {
    CAPTURE(threads);
    std::vector<std::size_t> seen;
    bool on_caller = true;
    const auto caller = std::this_thread::get_id();
    run_units_in_order<std::uint64_t>(
        units, threads,
        [](std::size_t i) {
          if (i % 17 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
          return static_cast<std::uint64_t>(i * i + 1);
        },
        [&](std::size_t i, std::uint64_t&& r) {
          CHECK(r == i * i + 1);
          seen.push_back(i);
          on_caller = on_caller && std::this_thread::get_id() == caller;
        });
    REQUIRE(seen.size() == units);
    for (std::size_t i = 0; i < units; ++i) CHECK(seen[i] == i);
    CHECK(on_caller);
  }
}

TEST_CASE(
    "run_units_in_order: an in-order reduction is bit-identical to run_units' for any thread "
    "count") {
  constexpr std::size_t units = 64;
  Moments expected;
  for (const auto& m : run_units<Moments>(units, 1, unit_moments)) expected.merge(m);
  for (unsigned threads : kThreadCounts) {
    CAPTURE(threads);
    Moments total;
    run_units_in_order<Moments>(units, threads, unit_moments,
                                [&](std::size_t, Moments&& m) { total.merge(m); });
    CHECK(same_bits(total, expected));
  }
}

TEST_CASE("run_units_in_order: a slow unit holds back no more than 4 units per thread") {
  for (unsigned threads : {2u, 3u}) {
    CAPTURE(threads);
    std::atomic<std::size_t> started{0}, consumed{0}, most_ahead{0};
    run_units_in_order<int>(
        100, threads,
        [&](std::size_t i) {
          const std::size_t ahead = ++started - consumed.load();
          for (std::size_t m = most_ahead.load();
               ahead > m && !most_ahead.compare_exchange_weak(m, ahead);) {
          }
          if (i == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
          return 0;
        },
        [&](std::size_t, int&&) { ++consumed; });
    CHECK(consumed.load() == 100);
    CHECK(most_ahead.load() <= 4 * threads);
    CHECK(most_ahead.load() >= threads);
  }
}

TEST_CASE(
    "run_units_in_order: a failing unit's results before it are consumed, then the lowest failure "
    "is rethrown") {
  for (unsigned threads : kThreadCounts) {
    CAPTURE(threads);
    for (int trial = 0; trial < 20; ++trial) {
      std::atomic<int> in_flight{0};
      std::size_t consumed = 0;
      std::string message;
      try {
        run_units_in_order<int>(
            100, threads,
            [&](std::size_t i) {
              ++in_flight;
              // Unit 30 fails slowly, unit 31 fails at once: a later unit may fail first in time.
              if (i == 30) std::this_thread::sleep_for(std::chrono::milliseconds(1));
              --in_flight;
              if (i == 30 || i == 31 || i == 80)
                throw std::runtime_error("unit " + std::to_string(i));
              return static_cast<int>(i);
            },
            [&](std::size_t i, int&&) { CHECK(i == consumed++); });
      } catch (const std::runtime_error& e) {
        message = e.what();
      }
      CHECK(message == "unit 30");
      CHECK(consumed == 30);
      CHECK(in_flight.load() == 0);
    }
  }
}

TEST_CASE("run_units_in_order: a failing consumer stops the run and its exception is rethrown") {
  for (unsigned threads : kThreadCounts) {
    CAPTURE(threads);
    std::atomic<std::size_t> started{0};
    std::string message;
    try {
      run_units_in_order<int>(
          1000, threads,
          [&](std::size_t i) {
            ++started;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
            return static_cast<int>(i);
          },
          [](std::size_t i, int&&) {
            if (i == 5) throw std::runtime_error("consumer at 5");
          });
    } catch (const std::runtime_error& e) {
      message = e.what();
    }
    CHECK(message == "consumer at 5");
    CHECK(started.load() < 1000);  // no further units once the consumer failed
  }
}

TEST_CASE("run_units_in_order: zero units, zero threads or more threads than units") {
  for (unsigned threads : {0u, 1u, 4u}) {
    CAPTURE(threads);
    int calls = 0;
    run_units_in_order<int>(
        0, threads, [&](std::size_t) { return ++calls; }, [&](std::size_t, int&&) { ++calls; });
    CHECK(calls == 0);
  }
  for (unsigned threads : {0u, 50u}) {
    CAPTURE(threads);
    std::vector<std::atomic<int>> runs(5);
    std::vector<std::size_t> seen;
    run_units_in_order<std::size_t>(
        5, threads,
        [&](std::size_t i) {
          ++runs[i];
          return i;
        },
        [&](std::size_t i, std::size_t&& r) {
          CHECK(r == i);
          seen.push_back(i);
        });
    CHECK(seen == std::vector<std::size_t>{0, 1, 2, 3, 4});
    for (auto& r : runs) CHECK(r.load() == 1);
  }
}
