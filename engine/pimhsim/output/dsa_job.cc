#include "pimhsim/output/dsa_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/dsa_writer.h"
#include "pimhsim/output/report.h"

namespace pimhsim::output {
namespace {

// The journal's header: the scenario, the outcome and every setting that decides which
// evaluations are made.
std::string journal_header(const analysis::Dsa& dsa, const analysis::DsaPlan& plan) {
  return fmt::format(
      "# {}; parameters {}; tornado {}; two-way {}; points {}; threshold {}; range {}; intervals "
      "{}; tolerance {}\n",
      dsa.identity(), plan.parameters_text, plan.tornado ? "on" : "off",
      plan.two_way ? fmt::format("{},{}", plan.two_way->first, plan.two_way->second)
                   : std::string("none"),
      plan.points, plan.threshold ? *plan.threshold : std::string("none"),
      plan.range ? fmt::format("{}:{}", plan.range->first, plan.range->second)
                 : std::string("default"),
      plan.intervals, plan.tolerance);
}

}  // namespace

DsaJob run_dsa_job(const scenario::Scenario& s, analysis::Dsa& dsa, const analysis::DsaPlan& plan,
                   const ResumableRun& run, RunInfo info, const ResumableControl& control,
                   std::chrono::steady_clock::time_point started) {
  DsaJob job;
  // One process writes a journal at a time, from before it is read until DIR.partial is removed.
  JournalLock lock;
  if (auto busy = lock.acquire(run); !busy.empty()) {
    job.status = core::Status::bad_input(busy);
    return job;
  }
  std::size_t dropped = 0;
  const auto why = open_journal(
      run, journal_header(dsa, plan),
      "`outcome`, `wtp`, `perspective`, `parameters`, `two_way`, `points`, `threshold`, `range`, "
      "`intervals`, `tolerance` and `no_tornado`",
      [&](const std::string& line) {
        auto e = analysis::parse_dsa_journal_line(line, dsa.compared_options());
        if (e) dsa.preload(e->first, std::move(e->second));
        return e.has_value();
      },
      dropped);
  if (!why.empty()) {
    job.status = core::Status::bad_input(why);
    return job;
  }
  job.from_journal = dsa.distinct_evaluations();
  if (run.resume && control.notice)
    control.notice(fmt::format(
        "resuming: {} evaluations done{}", job.from_journal,
        dropped ? fmt::format(" ({} incomplete line(s) dropped)", dropped) : std::string()));

  std::size_t planned = plan.tornado ? analysis::one_way_evaluations(dsa, plan.parameters) : 0;
  if (plan.two_way) planned += plan.points * plan.points;
  if (plan.threshold) planned += plan.intervals + 1;
  Journal journal(run.journal);
  if (control.progress) control.progress(job.from_journal, std::max(planned, job.from_journal));
  dsa.set_on_evaluation([&](const std::string& key, const std::vector<double>& outcomes) {
    journal.append(analysis::dsa_journal_line(key, outcomes));
    const std::size_t k = dsa.distinct_evaluations();
    if (control.progress) control.progress(k, std::max(planned, k));
  });
  dsa.set_stop(control.stop);
  const auto unhook = [&] {
    dsa.set_on_evaluation({});
    dsa.set_stop(nullptr);
  };
  // Each part runs until it finishes or stops with a status (interrupted, a broken model rule).
  core::Status stopped;
  auto take = [&](auto result, auto& into) {
    if (result.ok())
      into = std::move(result.value());
    else
      stopped = result.status();
    return result.ok();
  };
  bool going = true;
  if (plan.tornado) going = take(analysis::one_way_dsa(dsa, plan.parameters), job.one_way);
  if (going && plan.two_way)
    going = take(analysis::two_way_dsa(dsa, plan.two_way->first, plan.two_way->second, plan.points),
                 job.two_way);
  if (going && plan.threshold) {
    std::optional<double> lo, hi;
    if (plan.range) {
      lo = plan.range->first;
      hi = plan.range->second;
    }
    going =
        take(analysis::threshold_dsa(dsa, *plan.threshold, lo, hi, plan.intervals, plan.tolerance),
             job.threshold);
  }
  if (!going) {
    unhook();
    job.status = stopped.code() == core::StatusCode::kInterrupted
                     ? core::Status::interrupted(
                           interrupted_text(dsa.distinct_evaluations(), "evaluations", run))
                 : stopped.code() == core::StatusCode::kFailed
                     ? core::Status::failed(failed_text(stopped.message(), "evaluations", run))
                     : stopped;
    return job;
  }
  unhook();

  const auto* one = job.one_way ? &*job.one_way : nullptr;
  const auto* two = job.two_way ? &*job.two_way : nullptr;
  const auto* thr = job.threshold ? &*job.threshold : nullptr;
  const auto summary = analysis::dsa_summary(dsa, one, two, thr);
  job.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.wall_seconds = job.wall_seconds;
  auto manifest = manifest_json(s, info);
  manifest["analysis"] = "dsa";
  manifest["resumed"] = run.resume;
  AtomicDirectory dir(run.target);
  write_dsa(dir, s, dsa, one, two, thr, summary, manifest);
  if (plan.report) job.report_text = write_report_into(dir.pending(""), dir.target());
  dir.commit();
  std::filesystem::remove_all(run.partial);
  return job;
}

std::string dsa_job_text(const DsaJob& job, const scenario::Scenario& s, const analysis::Dsa& dsa,
                         std::size_t top, unsigned threads, const ResumableRun& run) {
  return dsa_text(s.name, dsa, job.one_way ? &*job.one_way : nullptr,
                  job.threshold ? &*job.threshold : nullptr, top) +
         fmt::format("\n{} evaluations{} in {:.1f} s on {} thread(s); results in {}/\n",
                     dsa.evaluations(),
                     job.from_journal ? fmt::format(" (and {} from the journal)", job.from_journal)
                                      : std::string(),
                     job.wall_seconds, threads, run.target.string()) +
         job.report_text;
}

}  // namespace pimhsim::output
