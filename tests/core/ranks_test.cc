// The units of a distributed run (core/ranks.h) over an in-process message layer: ranks are
// threads here, so the exchange is checked without MPI (check_mpi.cmake runs it under mpirun).
#include "pimhsim/core/ranks.h"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "pimhsim/core/messages.h"
#include "support/environment.h"
#include "support/local_ranks.h"

using pimhsim::core::Crew;
using pimhsim::core::RankWork;
using pimhsim::test::Local;
using pimhsim::test::Post;

namespace {

// A unit's result: its id in words; a unit whose id is `fails` throws.
RankWork work_of(unsigned slots, std::uint64_t fails = ~0ULL) {
  RankWork w;
  w.slots = slots;
  w.work = [fails](std::uint64_t id) {
    if (id == fails) throw std::runtime_error("drawn parameters out of range");
    // Later units finish first, so that results arrive out of order.
    std::this_thread::sleep_for(std::chrono::microseconds(200 * (id % 5)));
    return "unit " + std::to_string(id);
  };
  return w;
}

// Runs `ids` on `size` ranks (rank r with r + 1 slots; rank 1 started for `other` if given) and
// returns what rank 0 consumed, in order.
std::vector<std::string> run_ranks(int size, const std::vector<std::uint64_t>& ids,
                                   std::uint64_t fails = ~0ULL, const char* other = nullptr,
                                   pimhsim::core::Status* joined = nullptr) {
  Post post(size);
  std::vector<std::unique_ptr<Local>> ends;
  for (int r = 0; r < size; ++r) ends.push_back(std::make_unique<Local>(post, r));
  std::vector<std::thread> workers;
  const RankWork slow = work_of(2, fails);
  for (int r = 1; r < size; ++r)
    workers.emplace_back([&, r] {
      pimhsim::core::serve_rank(*ends[static_cast<std::size_t>(r)],
                                (r == 1 && other != nullptr) ? other : "job", slow);
    });
  std::vector<std::string> consumed;
  std::exception_ptr error;
  {
    Crew crew(*ends[0]);
    const auto st = crew.gather("job", nullptr);
    if (joined != nullptr) *joined = st;
    if (st.ok()) {
      try {
        crew.run(
            ids, work_of(1, fails), [](std::uint64_t id) { return "unit " + std::to_string(id); },
            [&](std::size_t k, std::string bytes) {
              CHECK(bytes == "unit " + std::to_string(ids[k]));
              consumed.push_back(std::move(bytes));
            });
      } catch (...) {
        error = std::current_exception();
      }
    }
  }  // the crew releases the ranks
  for (auto& t : workers) t.join();
  if (error) std::rethrow_exception(error);
  return consumed;
}

}  // namespace

TEST_CASE("ranks share units and rank 0 consumes them in order whatever the number of ranks") {
  std::vector<std::uint64_t> ids;
  for (std::uint64_t i = 0; i < 60; ++i) ids.push_back(3 * i + 1);
  std::vector<std::string> expected;
  for (auto id : ids) expected.push_back("unit " + std::to_string(id));
  for (int size : {1, 2, 3, 5}) CHECK(run_ranks(size, ids) == expected);
  CHECK(run_ranks(3, {}).empty());
}

TEST_CASE(
    "a unit that fails on any rank ends the run naming its rank and unit after the units before "
    "it") {
  std::vector<std::uint64_t> ids;
  for (std::uint64_t i = 0; i < 40; ++i) ids.push_back(i);
  for (int size : {1, 3}) {
    bool threw = false;
    try {
      run_ranks(size, ids, 17);
    } catch (const std::runtime_error& e) {
      threw = true;
      CHECK(std::string(e.what()).find(", unit 17: drawn parameters out of range") !=
            std::string::npos);
      CHECK(std::string(e.what()).rfind("rank ", 0) == 0);
    }
    CHECK(threw);
  }
}

TEST_CASE("a rank started for another job is refused by name before any unit runs") {
  pimhsim::core::Status joined;
  const auto consumed = run_ranks(3, {1, 2, 3}, ~0ULL, "another job", &joined);
  CHECK(consumed.empty());
  CHECK(joined.code() == pimhsim::core::StatusCode::kBadInput);
  CHECK(joined.message().find("rank 1 was started for another job") != std::string::npos);
}

TEST_CASE("units carry rank 0's input to the rank that runs them, over several runs of one crew") {
  // What IMIS needs: each round's points are decided by rank 0 from the last round's results.
  for (int size : {1, 3}) {
    Post post(size);
    std::vector<std::unique_ptr<Local>> ends;
    for (int r = 0; r < size; ++r) ends.push_back(std::make_unique<Local>(post, r));
    RankWork echo;
    echo.slots = 2;
    echo.work_on = [](std::uint64_t id, std::string_view input) {
      return std::to_string(id) + ":" + std::string(input);
    };
    std::vector<std::thread> workers;
    for (int r = 1; r < size; ++r)
      workers.emplace_back(
          [&, r] { pimhsim::core::serve_rank(*ends[static_cast<std::size_t>(r)], "job", echo); });
    {
      Crew crew(*ends[0]);
      REQUIRE(crew.gather("job", nullptr).ok());
      for (int round = 0; round < 3; ++round) {
        std::vector<std::uint64_t> ids;
        std::vector<std::string> inputs;
        for (std::uint64_t k = 0; k < 25; ++k) {
          ids.push_back(k);
          // Inputs of any bytes, the empty one included.
          inputs.push_back(k == 3 ? std::string()
                                  : std::string("x\n\0y", 4) + std::to_string(round));
        }
        std::vector<std::string> got;
        crew.run(
            ids, echo, [](std::uint64_t id) { return std::to_string(id); },
            [&](std::size_t, std::string bytes) { got.push_back(std::move(bytes)); }, &inputs);
        REQUIRE(got.size() == ids.size());
        for (std::size_t k = 0; k < ids.size(); ++k)
          CHECK(got[k] == std::to_string(k) + ":" + inputs[k]);
      }
    }
    for (auto& t : workers) t.join();
  }
}

// Every other rank holds one unit more per slot than it runs (it starts when a slot frees), and
// never runs more at once than it may: its slots, or at_once(slots) for units as wide as a rank.
TEST_CASE("a rank runs no more units at once than it may while the next waits on it") {
  for (const unsigned width : {0U, 1U, 2U}) {
    CAPTURE(width);
    Post post(2);
    Local zero(post, 0), one(post, 1);
    std::atomic<int> running{0}, most{0};
    RankWork work;
    work.slots = 2;
    work.work = [&](std::uint64_t id) {
      const int now = ++running;
      for (int seen = most.load(); now > seen && !most.compare_exchange_weak(seen, now);) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      --running;
      return std::to_string(id);
    };
    std::thread rank1([&] { pimhsim::core::serve_rank(one, "job", work); });
    RankWork local;
    local.slots = 1;
    local.work = [](std::uint64_t id) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      return std::to_string(id);
    };
    std::vector<std::uint64_t> ids(40);
    for (std::uint64_t k = 0; k < ids.size(); ++k) ids[k] = k;
    std::vector<std::string> consumed;
    {
      Crew crew(zero);
      REQUIRE(crew.gather("job", nullptr).ok());
      std::function<unsigned(unsigned)> at_once;
      if (width > 0) at_once = [width](unsigned) { return width; };
      crew.run(
          ids, local, [](std::uint64_t id) { return std::to_string(id); },
          [&](std::size_t k, std::string bytes) {
            CHECK(bytes == std::to_string(ids[k]));
            consumed.push_back(std::move(bytes));
          },
          nullptr, at_once);
    }
    rank1.join();
    CHECK(consumed.size() == ids.size());
    CHECK(most.load() >= 1);
    CHECK(most.load() <= static_cast<int>(width > 0 ? width : 2));
  }
}

// At the end of a run, a unit is not queued behind a busy rank's running unit while another slot
// will be free first: here unit 1, on rank 1, waits until unit 2 has run, which it never would
// behind unit 1 (it would wait the whole 10 s for nothing).
TEST_CASE("the last units go to slots that are free, not behind a busy rank") {
  Post post(2);
  Local zero(post, 0), one(post, 1);
  std::mutex mutex;
  std::condition_variable cv;
  bool unit2_ran = false, unit1_saw_it = false;
  RankWork work;
  work.slots = 1;
  work.work = [&](std::uint64_t id) {
    std::unique_lock lock(mutex);
    if (id == 1) {
      unit1_saw_it = cv.wait_for(lock, std::chrono::seconds(10), [&] { return unit2_ran; });
    } else if (id == 2) {
      unit2_ran = true;
      cv.notify_all();
    }
    return std::to_string(id);
  };
  std::thread rank1([&] { pimhsim::core::serve_rank(one, "job", work); });
  const std::vector<std::uint64_t> ids{0, 1, 2};
  std::vector<std::string> consumed;
  {
    Crew crew(zero);
    REQUIRE(crew.gather("job", nullptr).ok());
    crew.run(
        ids, work, [](std::uint64_t id) { return std::to_string(id); },
        [&](std::size_t, std::string bytes) { consumed.push_back(std::move(bytes)); });
  }
  rank1.join();
  CHECK(consumed == std::vector<std::string>{"0", "1", "2"});
  CHECK(unit1_saw_it);
}

TEST_CASE("ranks all on one machine skip the interconnects unless the user chose a layer") {
  using pimhsim::core::messages_detail::one_machine_pml;
  pimhsim::test::Environment env;
  std::vector<std::string> chosen;  // whatever this test's own environment sets
  for (char** v = environ; *v != nullptr; ++v) {
    const std::string_view entry(*v);
    if (entry.starts_with("OMPI_MCA_pml") || entry.starts_with("OMPI_MCA_mtl") ||
        entry.starts_with("OMPI_MCA_mca_base_"))
      chosen.emplace_back(entry.substr(0, entry.find('=')));
  }
  for (const auto& name : chosen) env.set(name.c_str(), nullptr);
  env.set("OMPI_MCA_pml", nullptr);
  env.set("OMPI_COMM_WORLD_SIZE", nullptr);
  env.set("OMPI_COMM_WORLD_LOCAL_SIZE", nullptr);
  CHECK(one_machine_pml() == nullptr);  // not under Open MPI's mpirun
  env.set("OMPI_COMM_WORLD_SIZE", "3");
  env.set("OMPI_COMM_WORLD_LOCAL_SIZE", "3");
  REQUIRE(one_machine_pml() != nullptr);
  CHECK(std::string(one_machine_pml()) == "ob1");
  env.set("OMPI_COMM_WORLD_LOCAL_SIZE", "2");  // a rank on another machine
  CHECK(one_machine_pml() == nullptr);
  env.set("OMPI_COMM_WORLD_LOCAL_SIZE", "3");
  env.set("OMPI_MCA_pml_monitoring_enable", "2");  // mpirun --mca pml_monitoring_enable 2
  CHECK(one_machine_pml() == nullptr);
  env.set("OMPI_MCA_pml_monitoring_enable", nullptr);
  REQUIRE(one_machine_pml() != nullptr);
  env.set("OMPI_MCA_mtl", "psm2");  // a transport of Open MPI's other layer
  CHECK(one_machine_pml() == nullptr);
  env.set("OMPI_MCA_mtl", nullptr);
  env.set("OMPI_MCA_pml", "ucx");  // mpirun --mca pml ucx, or the user's environment
  CHECK(one_machine_pml() == nullptr);
}

namespace {

bool no_delay(int fd) {
  int on = 0;
  socklen_t size = sizeof on;
  REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &size) == 0);
  return on != 0;
}

}  // namespace

TEST_CASE("connections to a loopback address send at once and a listener is left alone") {
  // A descriptor closed however the test ends.
  struct Fd {
    int fd = -1;
    ~Fd() {
      if (fd >= 0) ::close(fd);
    }
  };
  if (::access("/proc/self/fd", F_OK) != 0) {
    MESSAGE("skipped: no /proc/self/fd, so no socket is ever set here");
    return;
  }
  const Fd listener{::socket(AF_INET, SOCK_STREAM, 0)};
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  auto* at = reinterpret_cast<sockaddr*>(&address);
  if (listener.fd < 0 || ::bind(listener.fd, at, sizeof address) != 0 ||
      ::listen(listener.fd, 1) != 0 || ::getsockname(listener.fd, at, &size) != 0) {
    MESSAGE("skipped: this machine offers no loopback TCP");
    return;
  }
  const Fd client{::socket(AF_INET, SOCK_STREAM, 0)};
  REQUIRE(client.fd >= 0);
  REQUIRE(::connect(client.fd, at, sizeof address) == 0);
  const Fd server{::accept(listener.fd, nullptr, nullptr)};
  REQUIRE(server.fd >= 0);
  CHECK_FALSE(no_delay(client.fd));  // Nagle's algorithm is on by default
  CHECK_FALSE(no_delay(server.fd));

  CHECK(pimhsim::core::messages_detail::no_delay_to_this_machine() >= 2);
  CHECK(no_delay(client.fd));
  CHECK(no_delay(server.fd));
  CHECK_FALSE(no_delay(listener.fd));  // connected to nothing
}

namespace {

// A rank's messages counted: the units it holds are the WORK it received less the results it
// sent (every message to a rank but the last, DONE, is a WORK; every one from it but the first,
// HELLO, a result).
class Counted final : public pimhsim::core::Messages {
 public:
  explicit Counted(Local& inner) : inner_(inner) {}
  int rank() const override { return inner_.rank(); }
  int size() const override { return inner_.size(); }
  void send(int to, int tag, std::string body) override {
    if (sent_++ > 0) --held_;
    inner_.send(to, tag, std::move(body));
  }
  std::optional<pimhsim::core::Message> poll() override {
    auto m = inner_.poll();
    if (m) most_ = std::max(most_.load(), ++held_);
    return m;
  }
  int most() const { return most_; }

 private:
  Local& inner_;
  int sent_ = 0;
  std::atomic<int> held_{0}, most_{0};
};

}  // namespace

TEST_CASE("a rank holds more units waiting when units are short") {
  for (const int unit_us : {100, 20000}) {
    CAPTURE(unit_us);
    Post post(2);
    Local zero(post, 0), one(post, 1);
    Counted counted(one);
    RankWork work;
    work.slots = 1;
    work.work = [unit_us](std::uint64_t id) {
      std::this_thread::sleep_for(std::chrono::microseconds(unit_us));
      return std::to_string(id);
    };
    std::thread rank1([&] { pimhsim::core::serve_rank(counted, "job", work); });
    std::vector<std::uint64_t> ids(unit_us < 1000 ? 400 : 12);
    for (std::uint64_t k = 0; k < ids.size(); ++k) ids[k] = k;
    std::size_t consumed = 0;
    {
      Crew crew(zero);
      REQUIRE(crew.gather("job", nullptr).ok());
      crew.run(
          ids, work, [](std::uint64_t id) { return std::to_string(id); },
          [&](std::size_t k, std::string bytes) {
            CHECK(bytes == std::to_string(ids[k]));
            ++consumed;
          });
    }
    rank1.join();
    CHECK(consumed == ids.size());
    // One running and one waiting for long units; more waiting for short ones (4 ms of work).
    if (unit_us < 1000)
      CHECK(counted.most() > 2);
    else
      CHECK(counted.most() <= 2);
  }
}
