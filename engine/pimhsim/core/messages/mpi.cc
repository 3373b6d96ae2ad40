// The message layer over MPI (messages.h): MPI_COMM_WORLD, one communicator duplicated for the
// engine's messages, polled with MPI_Iprobe. Only the main thread calls MPI (FUNNELED).
//
// Sends do not block: a message is kept (moved in by its caller) and sent with MPI_Isend, and its
// request is tested at each later send and poll. A blocking MPI_Send of a large message (a tally's
// hundreds of kB, beyond the eager limit) waits until the receiver has matched it, spinning a core
// meanwhile, and rank 0 matches only when it next polls. MPI keeps messages between two ranks in
// the order they were posted, blocking or not. The sends still under way when the layer closes are
// waited for.
#include <fmt/format.h>
#include <mpi.h>

#include <climits>
#include <cstdlib>
#include <iterator>
#include <list>
#include <stdexcept>
#include <utility>

#include "pimhsim/core/messages.h"

namespace pimhsim::core {
namespace {

class MpiWorld final : public Messages {
 public:
  MpiWorld() {
    MPI_Comm_dup(MPI_COMM_WORLD, &comm_);
    MPI_Comm_rank(comm_, &rank_);
    MPI_Comm_size(comm_, &size_);
  }
  ~MpiWorld() override {
    for (auto& o : outgoing_) MPI_Wait(&o.request, MPI_STATUS_IGNORE);
    MPI_Comm_free(&comm_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send(int to, int tag, std::string body) override {
    if (body.size() > static_cast<std::size_t>(INT_MAX))
      throw std::length_error("a message of more than 2 GiB");
    reap();
    Outgoing& o = outgoing_.emplace_back();
    o.body = std::move(body);
    MPI_Isend(o.body.data(), static_cast<int>(o.body.size()), MPI_BYTE, to, tag, comm_, &o.request);
  }
  std::optional<Message> poll() override {
    reap();
    int waiting = 0;
    MPI_Status st;
    // Twice when the first finds nothing: Open MPI's ob1 layer answers a probe from the messages
    // it has already taken in, and only after a miss takes in what has arrived since its last
    // call (ompi/mca/pml/ob1/pml_ob1_iprobe.c in Open MPI's sources). Probed once, a message that
    // arrived while this rank made no MPI call (a unit run meanwhile) would be seen a poll late,
    // which for a rank that sleeps between polls is a whole wait late (up to 10 ms on rank 0:
    // ranks.cc).
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &waiting, &st);
    if (!waiting) MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm_, &waiting, &st);
    if (!waiting) return std::nullopt;
    int bytes = 0;
    MPI_Get_count(&st, MPI_BYTE, &bytes);
    Message m{st.MPI_SOURCE, st.MPI_TAG, std::string(static_cast<std::size_t>(bytes), '\0')};
    MPI_Recv(m.body.data(), bytes, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, comm_, MPI_STATUS_IGNORE);
    return m;
  }

 private:
  // A message under way: its bytes stay put (a list never moves its elements) until MPI is done.
  struct Outgoing {
    std::string body;
    MPI_Request request = MPI_REQUEST_NULL;
  };
  // Forgets the messages MPI has finished sending.
  void reap() {
    for (auto it = outgoing_.begin(); it != outgoing_.end();) {
      int done = 0;
      MPI_Test(&it->request, &done, MPI_STATUS_IGNORE);
      it = done ? outgoing_.erase(it) : std::next(it);
    }
  }

  std::list<Outgoing> outgoing_;
  MPI_Comm comm_ = MPI_COMM_NULL;
  int rank_ = 0;
  int size_ = 1;
};

bool started = false;

}  // namespace

bool built_with_mpi() {
  return true;
}

namespace messages_detail {

Status start(int) {
  // Before MPI reads its parameters from the environment (messages.h, one_machine_pml).
  if (const char* pml = one_machine_pml()) ::setenv("OMPI_MCA_pml", pml, 0);
  int provided = 0;
  if (MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
    return Status::failed("MPI could not be started (MPI_Init_thread failed)");
  started = true;
  // MPI_Finalize's fence would otherwise wait on Nagle's algorithm (messages.h).
  no_delay_to_this_machine();
  if (provided < MPI_THREAD_FUNNELED)
    return Status::failed(
        fmt::format("this MPI offers thread level {}, below MPI_THREAD_FUNNELED", provided));
  install(std::make_unique<MpiWorld>());
  return Status();
}

void finish() {
  if (!started) return;
  install(nullptr);
  MPI_Finalize();
  started = false;
}

void abort(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

}  // namespace messages_detail
}  // namespace pimhsim::core
