// A long run watched from a terminal: progress on stderr, `psa: 120/1000 iterations (12%),
// 3.4/s, about 4m18s left`, redrawn in place at most five times a second, and only when stderr
// is a terminal (never in logs or pipes) and the user did not ask for quiet; and Ctrl-C as a
// request to stop after saving the work (a resumable run's ResumableControl::stop).
#pragma once

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <optional>
#include <string>

#include "pimhsim/output/journal.h"

namespace pimhsim::output {

class Progress {
 public:
  Progress(std::string what, std::string unit, bool wanted);
  // `done` of `total` are complete (those done before this process count as done, not in the rate).
  void update(std::uint64_t done, std::uint64_t total);
  // Ends the line (if one was drawn).
  void finish();
  bool shown() const { return enabled_; }

 private:
  std::string what_, unit_;
  bool enabled_;
  bool drawn_ = false;
  std::optional<std::uint64_t> first_done_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

// While alive, Ctrl-C (SIGINT) sets stop() instead of ending the process, so that a long run can
// finish the step in hand, save its work and end with core::StatusCode::kInterrupted. A second
// Ctrl-C ends the process at once. In a program that called handle_termination_signals()
// (signal_cleanup.h), its signal thread sets stop() and ends the process; in another, a SIGINT
// handler does, reset after the first.
class InterruptGuard {
 public:
  InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
  ~InterruptGuard();
  static const std::atomic<bool>& stop();

 private:
  bool handler_ = false;  // a handler of its own, not the signal thread's
  struct sigaction previous_ {};
};

// "4m18s", "1h02m", "35s".
std::string duration_text(double seconds);

// A resumable run watched from a terminal: a Progress, an InterruptGuard while it runs, and the
// engine's notices on stderr unless quiet.
class TerminalSession {
 public:
  TerminalSession(std::string what, std::string unit, bool quiet);
  // Progress, stop and notices for run_psa_job or run_dsa_job; valid while the session lives.
  ResumableControl control();
  // Restores Ctrl-C's default and ends the progress line.
  void finish();

 private:
  Progress progress_;
  std::optional<InterruptGuard> interrupt_;
  bool quiet_;
};

}  // namespace pimhsim::output
