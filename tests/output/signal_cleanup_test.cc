// Termination signals: AtomicDirectory's staging directory is registered for removal while it
// may be left, and the signal thread (in a child process, so that this one keeps its signals)
// removes what is registered and ends the process with 128 + the signal's number, or, while a
// stop flag is armed, sets it on the first SIGINT.
#include "pimhsim/output/signal_cleanup.h"

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>

#include "pimhsim/output/atomic_directory.h"

namespace fs = std::filesystem;
using namespace pimhsim::output;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "signals" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

bool registered(const fs::path& path) {
  const auto paths = removed_on_signal();
  return std::find(paths.begin(), paths.end(), path) != paths.end();
}

// The one staging directory beside `target`.
fs::path staging_of(const fs::path& target) {
  std::string prefix(1, '.');
  prefix.append(target.filename().string()).append(".tmp-");
  for (const auto& e : fs::directory_iterator(target.parent_path()))
    if (e.path().filename().string().starts_with(prefix)) return e.path();
  return {};
}

// Runs `body` in a child process and returns its exit status (-1 if it did not exit).
template <class Body>
int in_child(Body body) {
  const pid_t child = ::fork();
  if (child == 0) {
    body();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Waits up to five seconds for `done`.
template <class Done>
bool eventually(Done done) {
  for (int k = 0; k < 500 && !done(); ++k)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return done();
}

}  // namespace

TEST_CASE("An AtomicDirectory is removed on a signal until it is committed or destroyed") {
  const fs::path dir = fresh_dir("registry");
  {
    AtomicDirectory out(dir / "a");
    const fs::path staging = staging_of(dir / "a");
    REQUIRE(!staging.empty());
    CHECK(registered(staging));
    CHECK_THROWS_AS(AtomicDirectory(dir / "a"), std::logic_error);  // one at a time per target
    out.write("x.csv", "x\n");
    out.commit();
    CHECK(!registered(staging));
  }
  fs::path staging;
  {
    AtomicDirectory out(dir / "b");
    staging = staging_of(dir / "b");
    CHECK(registered(staging));
  }
  CHECK(!registered(staging));
  CHECK(removed_on_signal().empty());
}

TEST_CASE("SIGTERM and SIGHUP remove the registered directories and end with 128 plus the signal") {
  const fs::path dir = fresh_dir("terminate");
  for (const int signal : {SIGTERM, SIGHUP}) {
    CAPTURE(signal);
    const int status = in_child([&] {
      handle_termination_signals();
      AtomicDirectory out(dir / "results");
      out.write("x.csv", "x\n");
      ::kill(::getpid(), signal);
      std::this_thread::sleep_for(std::chrono::seconds(10));  // ended before this returns
      ::_exit(1);
    });
    CHECK(status == 128 + signal);
    CHECK(fs::is_empty(dir));
  }
}

TEST_CASE("The first SIGINT sets an armed stop flag and the second ends the process") {
  const fs::path dir = fresh_dir("interrupt");
  const int status = in_child([&] {
    handle_termination_signals();
    std::atomic<bool> stop{false};
    if (!stop_on_interrupt(&stop)) ::_exit(2);
    AtomicDirectory out(dir / "results");
    ::kill(::getpid(), SIGINT);
    if (!eventually([&] { return stop.load(); })) ::_exit(3);
    if (fs::is_empty(dir)) ::_exit(4);  // still running, the staging directory kept
    ::kill(::getpid(), SIGINT);
    std::this_thread::sleep_for(std::chrono::seconds(10));
    ::_exit(5);
  });
  CHECK(status == 130);
  CHECK(fs::is_empty(dir));
}

TEST_CASE("Without the signal thread no stop flag is armed") {
  // This process never called handle_termination_signals (InterruptGuard then uses a handler).
  std::atomic<bool> stop{false};
  CHECK(!termination_signals_handled());
  CHECK(!stop_on_interrupt(&stop));
}
