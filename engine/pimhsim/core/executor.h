// Execution as a strategy: how the independent units of a simulation (a replicate's partition, a
// PSA iteration) are run. The engine asks an Executor to run units and hand their results back in
// unit order; it never asks how many threads or processes there are.
//
// The contract every executor keeps, on which reproducibility rests: work(i) is called exactly
// once for each unit i in [0, units), and consume(i) on the calling thread in increasing i, each
// after work(i) returned; a unit's result depends only on its index (and the addressable random
// numbers it draws), so the consumed sequence, and every reduction of it, is bit-identical
// whatever the executor, its worker count or the order in which units finish. If a unit throws,
// every unit before the lowest failing one is consumed and that unit's exception is rethrown; if
// consume throws, no further unit starts and its exception is rethrown; either way only after all
// work has stopped.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

namespace pimhsim::core {

class Executor {
 public:
  virtual ~Executor() = default;
  // How many units run at once (for messages and manifests; results never depend on it).
  virtual unsigned concurrency() const = 0;
  // Runs the units as the contract above says.
  virtual void run_in_order(std::size_t units, const std::function<void(std::size_t)>& work,
                            const std::function<void(std::size_t)>& consume) const = 0;
};

// The executor of one machine: up to `threads` threads (core/runner.h's run_units_in_order,
// which keeps at most 4 finished results per thread waiting for a slower lower unit).
class ThreadExecutor final : public Executor {
 public:
  explicit ThreadExecutor(unsigned threads) : threads_(threads == 0 ? 1 : threads) {}
  unsigned concurrency() const override { return threads_; }
  void run_in_order(std::size_t units, const std::function<void(std::size_t)>& work,
                    const std::function<void(std::size_t)>& consume) const override;

 private:
  unsigned threads_;
};

// A shared, cheaply copied handle on an executor. A thread count converts to the thread
// executor with that many threads, so `run(scenario, 4)` reads as it always has.
class ExecutorRef {
 public:
  ExecutorRef(unsigned threads)  // NOLINT(google-explicit-constructor): see above
      : executor_(std::make_shared<ThreadExecutor>(threads)) {}
  ExecutorRef(std::shared_ptr<const Executor> executor) : executor_(std::move(executor)) {}
  const Executor& operator*() const { return *executor_; }
  const Executor* operator->() const { return executor_.get(); }

 private:
  std::shared_ptr<const Executor> executor_;
};

// Runs work(i) -> Result for every unit on `executor` and hands each result to
// consume(i, std::move(result)) on the calling thread in index order (the contract above).
template <typename Result, typename Work, typename Consume>
void run_units_in_order(const Executor& executor, std::size_t units, Work&& work,
                        Consume&& consume) {
  std::mutex mutex;
  std::map<std::size_t, Result> finished;  // finished, not yet consumed
  executor.run_in_order(
      units,
      [&](std::size_t i) {
        Result r = work(i);
        const std::lock_guard lock(mutex);
        finished.emplace(i, std::move(r));
      },
      [&](std::size_t i) {
        std::unique_lock lock(mutex);
        auto node = finished.extract(i);
        lock.unlock();
        consume(i, std::move(node.mapped()));
      });
}

// The most worker threads a front end accepts (a count beyond it is a typo, not a machine); no
// more threads start than there are units of work.
inline constexpr long long kMaxThreads = 1024;
// The threads to use: `asked` (1 to kMaxThreads), or every core the machine offers, at most
// kMaxThreads.
unsigned thread_count(std::optional<long long> asked);

// For a program that simulates, called once at its start: a fixed mmap threshold, so that blocks
// of 256 KiB and more (the areas' dyad rings, tallies, tables) are mapped and unmapped on their
// own. glibc's default raises the threshold after each such block is freed, so later large blocks
// land in the heap, and a run's peak memory then depends on the order in which areas of different
// sizes happen to reach the threads (docs/performance.md, "Memory"). Nothing elsewhere.
void configure_process_memory();

}  // namespace pimhsim::core
