#include "pimhsim/core/executor.h"

#include <algorithm>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "pimhsim/core/runner.h"

namespace pimhsim::core {

void ThreadExecutor::run_in_order(std::size_t units, const std::function<void(std::size_t)>& work,
                                  const std::function<void(std::size_t)>& consume) const {
  // The runner moves a result from work to consume; here the results travel beside it (see
  // run_units_in_order in executor.h), so the token is empty.
  struct Done {};
  core::run_units_in_order<Done>(
      units, threads_,
      [&](std::size_t i) {
        work(i);
        return Done{};
      },
      [&](std::size_t i, Done) { consume(i); });
}

unsigned thread_count(std::optional<long long> asked) {
  if (asked) return static_cast<unsigned>(std::clamp(*asked, 1LL, kMaxThreads));
  return std::min(default_thread_count(), static_cast<unsigned>(kMaxThreads));
}

void configure_process_memory() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
}

}  // namespace pimhsim::core
