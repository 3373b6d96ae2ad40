#include "pimhsim/output/signal_cleanup.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>
#include <thread>

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};

struct State {
  std::recursive_mutex mutex;
  std::vector<fs::path> paths;         // to remove on a signal
  std::atomic<bool>* stop = nullptr;   // armed: the first SIGINT sets it
  std::function<std::string()> words;  // said on stderr before the process ends
  fs::path note;                       // and written to this file first, if not empty
  bool started = false;
  bool interrupt_ignored = false;  // SIGINT was ignored when the process started
};

// Never destroyed: the signal thread may need it while static objects are destroyed at exit.
State& state() {
  static State* s = new State;
  return *s;
}

// Installed for a SIGINT ignored at start while a stop flag is armed, so that the signal is not
// discarded but stays pending for sigwait (it is blocked, so this never runs).
extern "C" void leave_pending(int) {}

[[noreturn]] void wait_for_signals(sigset_t set) {
  for (;;) {
    int signal = 0;
    if (::sigwait(&set, &signal) != 0) continue;
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (signal == SIGINT && s.stop != nullptr) {
      s.stop->store(true);
      s.stop = nullptr;  // the next Ctrl-C ends the process
      continue;
    }
    for (const auto& path : s.paths) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
    if (s.words) {
      const std::string text = s.words();
      if (!text.empty() && !s.note.empty()) {
        // Whole or not at all: a rank that has not ended a second after mpirun's SIGTERM is
        // ended with SIGKILL, which may come at any point of this.
        const std::string part = s.note.string() + ".tmp";
        const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
          const bool whole =
              ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
          ::fsync(fd);
          ::close(fd);
          if (whole) ::rename(part.c_str(), s.note.c_str());
        }
      }
      if (!text.empty()) (void)!::write(STDERR_FILENO, text.data(), text.size());
    }
    ::_exit(128 + signal);
  }
}

}  // namespace

void handle_termination_signals() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (s.started) return;
  sigset_t set;
  sigemptyset(&set);
  for (const int signal : kSignals) {
    struct sigaction current {};
    ::sigaction(signal, nullptr, &current);
    const bool ignored = current.sa_handler == SIG_IGN;
    if (signal == SIGINT) s.interrupt_ignored = ignored;
    if (!ignored || signal == SIGINT) sigaddset(&set, signal);
  }
  ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(wait_for_signals, set).detach();
  s.started = true;
}

bool termination_signals_handled() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  return s.started;
}

void remove_on_signal(const fs::path& path) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.paths.push_back(path);
}

void keep_on_signal(const fs::path& path) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  const auto at = std::find(s.paths.begin(), s.paths.end(), path);
  if (at != s.paths.end()) s.paths.erase(at);
}

std::vector<fs::path> removed_on_signal() {
  State& s = state();
  std::lock_guard lock(s.mutex);
  return s.paths;
}

std::unique_lock<std::recursive_mutex> defer_signal_cleanup() {
  return std::unique_lock<std::recursive_mutex>(state().mutex);
}

void say_on_signal(std::function<std::string()> words, fs::path note) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  s.words = std::move(words);
  s.note = std::move(note);
}

bool stop_on_interrupt(std::atomic<bool>* flag) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (!s.started) return false;
  s.stop = flag;
  if (s.interrupt_ignored) {
    struct sigaction action {};
    action.sa_handler = flag != nullptr ? leave_pending : SIG_IGN;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, nullptr);
  }
  return true;
}

}  // namespace pimhsim::output
