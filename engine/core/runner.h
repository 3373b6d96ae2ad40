// The deterministic parallel runner: independent units of work on N threads, results returned
// in unit order.
//
// Each unit's result depends only on its index (and the addressable random numbers it draws),
// and callers reduce the returned vector front to back, so the answer is the same for any
// thread count and any scheduling.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace pimhsim::core {

// Number of threads to use when the user did not choose: every core the machine offers.
inline unsigned default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// Runs work(i) for i in [0, units) on up to `threads` threads and returns the results in index
// order. If any unit throws, the exception of the lowest-numbered failing unit is rethrown
// after all threads have stopped.
template <typename Result, typename Work>
std::vector<Result> run_units(std::size_t units, unsigned threads, Work&& work) {
  std::vector<Result> results(units);
  std::vector<std::exception_ptr> errors(units);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (;;) {
      // Stop taking units once one has failed, but run every unit already taken: the taken
      // units are always a prefix, so no unit below a failing one is skipped.
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= units) return;
      try {
        results[i] = work(i);
      } catch (...) {
        errors[i] = std::current_exception();
        failed.store(true, std::memory_order_relaxed);
      }
    }
  };
  const std::size_t n_threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(units, 1));
  if (n_threads == 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    pool.reserve(n_threads);
    for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(worker);
  }
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  return results;
}

}  // namespace pimhsim::core
