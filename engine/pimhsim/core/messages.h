// The message layer between the processes ("ranks") of a distributed run: `mpirun -n N pimhsim
// ...` starts N processes that share an analysis's units of work (core/ranks.h). Rank 0 hands out
// the units and is the only one that writes; the others compute and send their results back.
//
// The layer is chosen when the engine is built, in one place (engine/CMakeLists.txt): MPI's
// (messages/mpi.cc), or, without MPI, a single-process one (messages/none.cc) in which every
// process is rank 0 of 1. At run time a process takes part in a distributed run only when a
// launcher started it (mpirun, or srun under Slurm, set OMPI_COMM_WORLD_SIZE, PMIX_RANK or
// PMI_SIZE): a plain `pimhsim ...` never starts MPI, so it prints, costs and depends on nothing
// more than before.
//
// Messages are whole byte strings with a tag; a rank polls for them rather than blocking in MPI
// (whose blocking calls spin a core), so a rank that waits leaves its core to the computation.
// Only the thread that started the layer calls it (MPI_THREAD_FUNNELED).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "pimhsim/core/status.h"

namespace pimhsim::core {

struct Message {
  int from = 0;
  int tag = 0;
  std::string body;
};

class Messages {
 public:
  virtual ~Messages() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Sends `body` to rank `to` (never this rank); returns at once (the layer keeps the body until
  // it is sent: a caller that moves it in copies nothing), and messages from one rank to another
  // arrive in the order they were sent.
  virtual void send(int to, int tag, std::string body) = 0;
  // A message that has arrived, if any (never waits).
  virtual std::optional<Message> poll() = 0;
};

// The process's ranks: every process a launcher started together when the build has MPI, else
// this process alone (rank 0 of 1). Valid once start_messages() has run; before, or without it,
// this process alone.
Messages& world();

// Whether this build has MPI (for messages and the manifest).
bool built_with_mpi();

// Started once at the start of main, before any thread but the signal thread: joins the
// distributed run when a launcher started this process, and ends it (MPI_Finalize) when the
// object is destroyed. On a rank other than 0, standard output and error go to /dev/null: rank 0
// speaks for the run. Bad input when a launcher started several processes but the build has no
// MPI (each would run the whole analysis and write the same results).
class MessageSession {
 public:
  MessageSession();
  ~MessageSession();
  MessageSession(const MessageSession&) = delete;
  MessageSession& operator=(const MessageSession&) = delete;
  const Status& status() const { return status_; }
  // The exit status `code` of this process. A rank of several that ends with another status than
  // 0 ends every rank with it (MPI_Abort, which mpirun reports naming the rank): ranks that
  // disagree (rank 0 refused what another accepted, or the reverse) must not wait for each other.
  int end(int code) const;

 private:
  Status status_;
};

namespace messages_detail {
// The launcher's world size from its environment: 0 if no launcher started this process.
int launched_size();
// Under Open MPI's mpirun with every rank on this machine (OMPI_COMM_WORLD_LOCAL_SIZE equal to
// OMPI_COMM_WORLD_SIZE) and no point-to-point layer, transport or parameter file chosen for the
// job (no OMPI_MCA_pml*, OMPI_MCA_mtl* or OMPI_MCA_mca_base_* variable, which mpirun's --mca,
// --tune and --am options become; a `pml` line in an MCA parameter file is overridden):
// "ob1", Open MPI's own layer over shared memory, which the MPI layer sets in the environment
// before MPI starts. Open MPI would otherwise first try the layers of cluster interconnects
// (Omni-Path's PSM and PSM2, libfabric) and reach the same shared memory 0.2 s later. Otherwise
// nullptr: a job across machines keeps Open MPI's choice.
const char* one_machine_pml();
// Sets TCP_NODELAY on every TCP connection this process has to a loopback address and returns how
// many it set. Under a launcher that is the PMIx connection through which MPI reaches the daemon
// that started the process on this machine (mpirun, orted, or Slurm's step daemon). PMIx writes a
// message to it in several small writes with Nagle's algorithm left on (RFC 896), so each write
// after the first waits for the daemon to acknowledge the first, and the daemon's TCP delays that
// acknowledgement (RFC 1122, 4.2.3.2; at least 40 ms on Linux): MPI_Finalize waited 41 ms for its
// fence (Open MPI 4.1.4 with PMIx 4.2.2) where it takes 3 ms once the writes go out at once. The
// option changes only when a connection's bytes are sent, never what is sent. Other sockets, and
// systems without /proc/self/fd, are left alone (a descriptor another thread closes and reuses
// meanwhile may get the option or not: timing only).
int no_delay_to_this_machine();
// Set by the chosen layer's start(); reset by its finish().
void install(std::unique_ptr<Messages> world);
// The chosen layer (messages/mpi.cc or messages/none.cc).
Status start(int launched);
void finish();
[[noreturn]] void abort(int code);
}  // namespace messages_detail

}  // namespace pimhsim::core
