#include "pimhsim/core/messages.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace pimhsim::core {
namespace {

// One process: rank 0 of 1, with nobody to send to.
class Alone final : public Messages {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  void send(int, int, std::string) override {
    throw std::logic_error("a message to another rank in a run of one process");
  }
  std::optional<Message> poll() override { return std::nullopt; }
};

std::unique_ptr<Messages>& installed() {
  static std::unique_ptr<Messages> w;
  return w;
}

int env_int(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? 0 : std::atoi(v);
}

}  // namespace

Messages& world() {
  static Alone alone;
  auto& w = installed();
  return w ? *w : static_cast<Messages&>(alone);
}

namespace messages_detail {

int launched_size() {
  // Open MPI's mpirun; MPICH's and Slurm's PMI; PMIx (srun --mpi=pmix) gives only the rank.
  if (const int n = env_int("OMPI_COMM_WORLD_SIZE"); n > 0) return n;
  if (const int n = env_int("PMI_SIZE"); n > 0) return n;
  if (std::getenv("PMIX_RANK") != nullptr) return std::max(1, env_int("SLURM_NTASKS"));
  return 0;
}

const char* one_machine_pml() {
  const int ranks = env_int("OMPI_COMM_WORLD_SIZE");
  if (ranks <= 0 || env_int("OMPI_COMM_WORLD_LOCAL_SIZE") != ranks) return nullptr;
  // The user's own choice, a setting of a layer's (pml_monitoring_enable, say, which counts
  // messages in a layer of its own that a fixed choice would leave out), a transport of the `cm`
  // layer (mtl), or parameter files named for this job: Open MPI's to choose.
  for (char** v = environ; *v != nullptr; ++v) {
    const std::string_view name(*v);
    if (name.starts_with("OMPI_MCA_pml") || name.starts_with("OMPI_MCA_mtl") ||
        name.starts_with("OMPI_MCA_mca_base_"))
      return nullptr;
  }
  return "ob1";
}

int no_delay_to_this_machine() {
  DIR* fds = ::opendir("/proc/self/fd");
  if (fds == nullptr) return 0;
  int set = 0;
  while (const dirent* entry = ::readdir(fds)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd == ::dirfd(fds)) continue;
    const int f = static_cast<int>(fd);
    int type = 0;
    socklen_t type_size = sizeof type;
    if (::getsockopt(f, SOL_SOCKET, SO_TYPE, &type, &type_size) != 0 || type != SOCK_STREAM)
      continue;
    sockaddr_storage peer{};
    socklen_t peer_size = sizeof peer;
    if (::getpeername(f, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
    bool loopback = false;
    if (peer.ss_family == AF_INET) {
      const auto& v4 = reinterpret_cast<const sockaddr_in&>(peer);
      loopback = (ntohl(v4.sin_addr.s_addr) >> 24) == 127;
    } else if (peer.ss_family == AF_INET6) {
      const auto& v6 = reinterpret_cast<const sockaddr_in6&>(peer);
      loopback = IN6_IS_ADDR_LOOPBACK(&v6.sin6_addr) != 0 ||
                 (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr) != 0 && v6.sin6_addr.s6_addr[12] == 127);
    }
    if (!loopback) continue;
    const int on = 1;
    if (::setsockopt(f, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on) == 0) ++set;
  }
  ::closedir(fds);
  return set;
}

void install(std::unique_ptr<Messages> w) {
  installed() = std::move(w);
}

}  // namespace messages_detail

MessageSession::MessageSession() {
  const int launched = messages_detail::launched_size();
  if (launched == 0) return;  // a plain run: MPI is never started
  status_ = messages_detail::start(launched);
  if (status_.ok() && world().rank() != 0) {
    // Rank 0 speaks for the run: the others' output would repeat it N times.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, STDOUT_FILENO);
      ::dup2(null, STDERR_FILENO);
      ::close(null);
    }
  }
}

MessageSession::~MessageSession() {
  messages_detail::finish();
}

int MessageSession::end(int code) const {
  if (code == 0 || world().size() <= 1) return code;
  std::fflush(nullptr);
  messages_detail::abort(code);
}

}  // namespace pimhsim::core
