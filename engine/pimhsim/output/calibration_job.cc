#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>

#include "pimhsim/core/messages.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/calibration_writer.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/progress.h"

namespace pimhsim::output {

namespace {

core::Status calibration_job(const scenario::Scenario& s, const core::SettingValues& settings,
                             const ResumableRun& run, RunInfo info, const ResumableControl& control,
                             TerminalSession& terminal, bool quiet) {
  const auto started = std::chrono::steady_clock::now();
  analysis::CalibrationRequest request;
  if (auto st = analysis::calibration_request(settings, request); !st.ok()) return st;
  scenario::Diagnostics d;
  auto targets = analysis::read_targets(request.targets, d);
  if (!targets) {
    std::ostringstream out;
    d.print(out);
    std::string text = out.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return core::Status::bad_input(text);
  }
  auto problem =
      analysis::CalibrationProblem::make(s, std::move(*targets), request.settings.parameters);
  if (!problem.ok()) return problem.status();
  const auto& p = problem.value();
  // Under mpirun every rank reads the same problem; rank 0 hands out the model runs (core/ranks.h)
  // and alone writes.
  const auto identity = analysis::calibration_identity(p, request.settings);
  auto& world = core::world();
  if (world.rank() != 0) {
    core::serve_rank(
        world, identity,
        analysis::calibration_rank_work(p, request.settings, info.threads, control.stop));
    return {};
  }
  std::unique_ptr<core::Crew> crew;
  if (world.size() > 1) {
    crew = std::make_unique<core::Crew>(world);
    if (auto st = crew->gather(identity, control.stop); !st.ok()) return st;
  }
  // The journal: every model run, so that --resume DIR runs none of them again.
  JournalLock lock;
  if (auto busy = lock.acquire(run); !busy.empty()) return core::Status::bad_input(busy);
  analysis::EvaluationLog log;
  std::size_t dropped = 0;
  const auto why = open_journal(
      run, fmt::format("# {}\n", identity),
      "the targets, `parameters`, `method`, `maximum_likelihood`, `restarts`, `evaluations`, "
      "`initial`, `per_round`, `rounds` and `mc_replicates`",
      [&](const std::string& line) {
        auto e = analysis::parse_evaluation_line(line, p.dimensions(), p.targets().targets.size());
        if (e) log.done.insert_or_assign(e->first, std::move(e->second));
        return e.has_value();
      },
      dropped);
  if (!why.empty()) return core::Status::bad_input(why);
  sweep_leftovers(run.target);  // before the analysis, which may be stopped (atomic_directory.h)
  if (run.resume && control.notice)
    control.notice(fmt::format(
        "resuming: {} model runs done{}", log.done.size(),
        dropped ? fmt::format(" ({} incomplete line(s) dropped)", dropped) : std::string()));
  Journal journal(run.journal);
  std::mutex journal_mutex;
  std::size_t journaled = log.done.size();
  log.record = [&](const std::string& key, const analysis::Evaluation& e) {
    const std::lock_guard<std::mutex> hold(journal_mutex);
    journal.append(analysis::evaluation_line(key, e));
    ++journaled;
  };
  log.stop = control.stop;
  const SaidOnSignal said(crew.get(), run, "calibrate", "model run");
  const auto result = analysis::calibrate(
      p, request.settings, info.threads,
      [&](std::uint32_t done, std::uint32_t total) {
        if (control.progress) control.progress(done, total);
      },
      &log, crew.get());
  if (!result.ok()) {
    const auto& st = result.status();
    if (st.code() == core::StatusCode::kInterrupted)
      return core::Status::interrupted(interrupted_text(journaled, "model runs", run));
    if (st.code() == core::StatusCode::kFailed)
      return core::Status::failed(failed_text(st.message(), "model runs", run));
    return st;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.wall_seconds = seconds;
  write_calibration(run.target.string(), p, request.settings, result.value(), info, run.resume,
                    world.size());
  std::filesystem::remove_all(run.partial);
  terminal.finish();
  if (!quiet)
    std::cout << calibration_text(p, result.value())
              << fmt::format("\n{} model runs in {:.1f} s on {}{} thread(s); results in {}/\n",
                             result->evaluations, seconds,
                             world.size() > 1 ? fmt::format("{} ranks x ", world.size()) : "",
                             info.threads, run.out_dir);
  return {};
}

}  // namespace

core::Status run_calibration_job(const scenario::Scenario& s, const core::SettingValues& settings,
                                 const ResumableRun& run, RunInfo info, bool quiet) {
  TerminalSession terminal("calibrate", "model runs", quiet);
  auto st = calibration_job(s, settings, run, info, terminal.control(), terminal, quiet);
  terminal.finish();
  return st;
}

}  // namespace pimhsim::output
