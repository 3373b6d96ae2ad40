// Run under `mpirun -n 2` (tests/CMakeLists.txt, core.mpi_poll_sees_what_has_arrived): a message
// that reached a rank while it made no MPI call is returned by that rank's next poll(), the first
// one, as messages.h promises. Open MPI's point-to-point layer (ob1) answers a probe from what it
// has already taken in and only then takes in what has arrived, so a layer that probed once would
// see such a message a poll late: a whole wait later for a rank that sleeps between polls
// (ompi/mca/pml/ob1/pml_ob1_iprobe.c in Open MPI's sources). The check tests that fix under ob1,
// the layer PIMHsim chooses for ranks on one machine (messages.h, one_machine_pml); under another
// layer it checks only the promise.
//
// Rank 1 says it is ready; rank 0 answers "go"; rank 1 sends the payload at once; rank 0, having
// made no MPI call since its "go", sleeps long enough for the payload to arrive and polls once.
// Exit status 0 when that poll returned the payload; otherwise 1, with what it returned.
#include <chrono>
#include <cstdio>
#include <thread>

#include "pimhsim/core/messages.h"

namespace {

using pimhsim::core::Message;
using pimhsim::core::Messages;

enum Tag : int { kReady = 1, kGo = 2, kPayload = 3, kDone = 4 };

// Polls until a message with `tag` arrives, sleeping a millisecond between polls.
Message wait_for(Messages& w, int tag) {
  for (;;) {
    if (auto m = w.poll(); m && m->tag == tag) return *m;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

int main() {
  const pimhsim::core::MessageSession session;
  if (!session.status().ok()) {
    std::fprintf(stderr, "mpi_poll_check: %s\n", session.status().message().c_str());
    return 2;
  }
  Messages& w = pimhsim::core::world();
  if (w.size() != 2) {
    std::fprintf(stderr, "mpi_poll_check: run under mpirun -n 2 (this world has %d ranks)\n",
                 w.size());
    return session.end(2);
  }
  if (w.rank() == 1) {
    w.send(0, kReady, "ready");
    wait_for(w, kGo);
    w.send(0, kPayload, "payload");
    wait_for(w, kDone);
    return session.end(0);
  }
  wait_for(w, kReady);
  w.send(1, kGo, "go");
  // Rank 1 answers within a poll's millisecond; half a second leaves room for a loaded machine.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto m = w.poll();
  const bool ok = m && m->tag == kPayload && m->body == "payload";
  if (ok)
    std::printf("mpi_poll_check: the first poll returned the payload that had arrived\n");
  else
    std::printf("mpi_poll_check: the first poll after the payload arrived returned %s\n",
                m ? "another message" : "nothing");
  w.send(1, kDone, "done");
  return session.end(ok ? 0 : 1);
}
