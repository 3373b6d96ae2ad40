#include "pimhsim/core/executor.h"

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

}  // namespace pimhsim::core
