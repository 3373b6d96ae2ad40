#include "pimhsim/output/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

#include "pimhsim/output/signal_cleanup.h"

namespace pimhsim::output {
namespace {
std::atomic<bool> g_stop{false};
extern "C" void on_interrupt(int) {
  g_stop.store(true);
}
}  // namespace

InterruptGuard::InterruptGuard() {
  g_stop.store(false);
  if (stop_on_interrupt(&g_stop)) return;  // the signal thread of signal_cleanup.h sets it
  handler_ = true;
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &previous_);
}

InterruptGuard::~InterruptGuard() {
  if (handler_)
    sigaction(SIGINT, &previous_, nullptr);
  else
    stop_on_interrupt(nullptr);
}

const std::atomic<bool>& InterruptGuard::stop() {
  return g_stop;
}

std::string duration_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const auto s = static_cast<long long>(std::llround(seconds));
  if (s < 60) return fmt::format("{}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", s / 60, s % 60);
  return fmt::format("{}h{:02}m", s / 3600, (s % 3600) / 60);
}

Progress::Progress(std::string what, std::string unit, bool wanted)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      enabled_(wanted && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!first_done_) first_done_ = done;
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double run_here = static_cast<double>(done - *first_done_);
  std::string line = fmt::format(
      "{}: {}/{} {} ({:.0f}%)", what_, done, total, unit_,
      total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0);
  if (run_here > 0 && elapsed > 0) {
    const double rate = run_here / elapsed;
    line += rate >= 1 ? fmt::format(", {:.1f}/s", rate) : fmt::format(", {:.1f} s each", 1 / rate);
    if (done < total)
      line += ", about " + duration_text(static_cast<double>(total - done) / rate) + " left";
  }
  std::fprintf(stderr, "\r%s\033[K", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::finish() {
  if (enabled_ && drawn_) {
    std::fputc('\n', stderr);
    std::fflush(stderr);
  }
  drawn_ = false;
}

TerminalSession::TerminalSession(std::string what, std::string unit, bool quiet)
    : progress_(std::move(what), std::move(unit), !quiet), quiet_(quiet) {
  interrupt_.emplace();
}

ResumableControl TerminalSession::control() {
  return {[this](std::size_t k, std::size_t n) { progress_.update(k, n); }, &InterruptGuard::stop(),
          [this](const std::string& line) {
            if (!quiet_) std::cerr << line << "\n";
          }};
}

void TerminalSession::finish() {
  interrupt_.reset();
  progress_.finish();
}

}  // namespace pimhsim::output
