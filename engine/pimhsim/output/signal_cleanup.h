// Termination signals (SIGINT, SIGTERM, SIGHUP) in a multi-threaded program, without leaving
// half-written results behind.
//
// handle_termination_signals(), called at the start of main() before any other thread starts,
// blocks the three signals in the calling thread, and so in every thread started after it, and
// starts one thread that waits for them with sigwait(). A signal is then handled in that ordinary
// thread, not in a signal handler, so its cleanup may take locks and allocate: it removes every
// path registered with remove_on_signal() (AtomicDirectory's staging directories) and ends the
// process with _exit(128 + the signal's number), the status a shell reports for a process ended
// by that signal. SIGTERM or SIGHUP ignored when the process started (`nohup` ignores SIGHUP)
// stays ignored. A SIGINT ignored when the process started (a background job of a shell without
// job control) is ignored too, except while a stop flag is armed.
//
// While a stop flag is armed (stop_on_interrupt(), as InterruptGuard does during psa and dsa), the
// first SIGINT only sets it, so that the run saves its work and ends with status 130; the next
// SIGINT, or SIGTERM or SIGHUP at any time, ends the process as above. Journals are synced line
// by line (journal.h), so they stay valid whenever the process ends.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace pimhsim::output {

// Starts the handling above; later calls do nothing. A program that never calls it keeps the
// default actions, and InterruptGuard falls back to a SIGINT handler.
void handle_termination_signals();
bool termination_signals_handled();

// Registers (or forgets) a path to remove if a termination signal ends the process.
void remove_on_signal(const std::filesystem::path& path);
void keep_on_signal(const std::filesystem::path& path);
// remove_on_signal(path) for the life of the object.
class RemovedOnSignal {
 public:
  explicit RemovedOnSignal(std::filesystem::path path) : path_(std::move(path)) {
    remove_on_signal(path_);
  }
  RemovedOnSignal(const RemovedOnSignal&) = delete;
  RemovedOnSignal& operator=(const RemovedOnSignal&) = delete;
  ~RemovedOnSignal() { keep_on_signal(path_); }

 private:
  std::filesystem::path path_;
};
// The paths registered now, in order of registration.
std::vector<std::filesystem::path> removed_on_signal();

// While the lock is held, a signal's cleanup waits: hold it across steps that must not be cut
// in two (AtomicDirectory's renames and the registration of what they leave).
std::unique_lock<std::recursive_mutex> defer_signal_cleanup();

// Sets (or, empty, clears) what a signal that ends the process says on stderr before it ends
// it: a distributed run's rank 0 names the units under way and where (a rank that died makes
// mpirun end the others with SIGTERM). With a `note` path, the words are also written to that
// file (synced, then renamed into place from NOTE.tmp, so it is whole or absent) first: what rank
// 0 writes on stderr travels through mpirun, which may have ended before it arrives.
void say_on_signal(std::function<std::string()> words, std::filesystem::path note = {});

// Arms (`flag`) or disarms (nullptr) the stop flag that the first SIGINT sets. False, doing
// nothing, unless handle_termination_signals() was called.
bool stop_on_interrupt(std::atomic<bool>* flag);

}  // namespace pimhsim::output
