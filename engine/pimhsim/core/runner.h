// The deterministic parallel runner: independent units of work on N threads, results returned
// (or handed over as they finish) in unit order.
//
// Each unit's result depends only on its index (and the addressable random numbers it draws),
// and callers reduce the results front to back, so the answer is the same for any thread count
// and any scheduling.
#pragma once

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace pimhsim::core {

// Number of threads to use when the user did not choose: every core the machine offers.
inline unsigned default_thread_count() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

// Runs work(i) for i in [0, units) on up to `threads` threads and hands each result to
// consume(i, std::move(result)) on the calling thread, in index order, as soon as it
// and every result before it are finished; it keeps only the results that finished ahead of a
// lower-numbered unit still running, and starts no unit more than 4 per thread beyond the next
// to consume, so that at most 4 x threads results exist at once however long one unit takes.
// consume() thus sees the same sequence whatever the thread count. If a unit throws, every result
// before the lowest failing unit is consumed and that unit's exception rethrown; if consume()
// throws, no further unit is started and its exception is rethrown. Either way only after all
// threads have stopped.
template <typename Result, typename Work, typename Consume>
void run_units_in_order(std::size_t units, unsigned threads, Work&& work, Consume&& consume) {
  const std::size_t n_threads =
      std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(units, 1));
  if (n_threads == 1) {
    for (std::size_t i = 0; i < units; ++i) consume(i, work(i));
    return;
  }
  const std::size_t window = 4 * n_threads;
  std::mutex mutex;
  std::condition_variable finished;                  // a unit has finished (or failed)
  std::condition_variable advanced;                  // a result was consumed, or consuming stopped
  std::map<std::size_t, Result> done;                // finished, not yet consumed
  std::map<std::size_t, std::exception_ptr> errors;  // failed units
  std::size_t consumed = 0;                          // units consumed so far
  bool stopped = false;                              // the consumer wants no more results
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (;;) {
      // Units are taken in index order until one fails: those taken are always a prefix, so
      // every unit below a failing one runs and the consumer never waits for one nobody took.
      if (failed.load(std::memory_order_relaxed)) return;
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= units) return;
      if (i >= window) {
        // Wait for the window to reach unit i. The lowest waiting unit is beyond every unit
        // running or done below it, so the window keeps moving until the consumer stops.
        std::unique_lock lock(mutex);
        advanced.wait(lock, [&] { return stopped || i < consumed + window; });
        if (stopped) return;
      }
      try {
        Result r = work(i);
        const std::lock_guard lock(mutex);
        done.emplace(i, std::move(r));
      } catch (...) {
        failed.store(true, std::memory_order_relaxed);
        const std::lock_guard lock(mutex);
        errors.emplace(i, std::current_exception());
      }
      finished.notify_one();
    }
  };
  std::exception_ptr error;
  {
    std::vector<std::jthread> pool;  // joined at the end of this block, before anything rethrows
    pool.reserve(n_threads);
    for (std::size_t t = 0; t < n_threads; ++t) pool.emplace_back(worker);
    try {
      for (std::size_t i = 0; i < units; ++i) {
        std::unique_lock lock(mutex);
        finished.wait(lock, [&] { return done.contains(i) || errors.contains(i); });
        if (const auto e = errors.find(i); e != errors.end()) {
          error = e->second;  // units below i were all consumed: this is the lowest failure
          break;
        }
        auto node = done.extract(i);
        lock.unlock();
        consume(i, std::move(node.mapped()));
        lock.lock();
        consumed = i + 1;
        lock.unlock();
        advanced.notify_all();
      }
    } catch (...) {
      failed.store(true, std::memory_order_relaxed);
      error = std::current_exception();
    }
    {
      const std::lock_guard lock(mutex);
      stopped = true;  // release workers waiting for the window
    }
    advanced.notify_all();
  }
  if (error) std::rethrow_exception(error);
}

// run_units_in_order collecting the results: a vector in index order. If any unit throws, the
// exception of the lowest-numbered failing unit is rethrown after all threads have stopped.
template <typename Result, typename Work>
std::vector<Result> run_units(std::size_t units, unsigned threads, Work&& work) {
  std::vector<Result> results(units);
  run_units_in_order<Result>(units, threads, std::forward<Work>(work),
                             [&](std::size_t i, Result r) { results[i] = std::move(r); });
  return results;
}

}  // namespace pimhsim::core
