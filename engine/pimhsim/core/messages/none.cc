// The message layer of a build without MPI: every process is rank 0 of 1 (messages.h).
#include <fmt/format.h>

#include <cstdlib>

#include "pimhsim/core/messages.h"

namespace pimhsim::core {

bool built_with_mpi() {
  return false;
}

namespace messages_detail {

Status start(int launched) {
  if (launched <= 1) return Status();
  return Status::bad_input(fmt::format(
      "a launcher (mpirun or srun) started {} processes, but this pimhsim was built without MPI, "
      "so each would run the whole analysis and write the same results: run it without the "
      "launcher, or build it with MPI (Debian: libopenmpi-dev openmpi-bin; docs/distributed.md)",
      launched));
}

void finish() {}

void abort(int code) {
  std::_Exit(code);
}

}  // namespace messages_detail
}  // namespace pimhsim::core
