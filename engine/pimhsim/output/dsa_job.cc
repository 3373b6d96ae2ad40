#include "pimhsim/output/dsa_job.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include "pimhsim/core/messages.h"
#include "pimhsim/core/ranks.h"
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

// What a rank must share with rank 0 to take part: the journal's header (scenario, outcome,
// settings) and the list of sets, whose indices name the units.
std::string rank_identity(const std::string& header, const analysis::Dsa& dsa,
                          const std::vector<core::ParameterSet>& sets) {
  std::string keys;
  for (const auto& set : sets) keys += dsa.key(set) + "\n";
  return fmt::format("{}sets {} {}", header, sets.size(), scenario::fnv1a64_hex(keys));
}

}  // namespace

DsaJob run_dsa_job(const scenario::Scenario& s, analysis::Dsa& dsa, const analysis::DsaPlan& plan,
                   const ResumableRun& run, RunInfo info, const ResumableControl& control,
                   std::chrono::steady_clock::time_point started) {
  DsaJob job;
  // Every rank lists the plan's sets alike; rank 0 hands them out by index (core/ranks.h).
  const auto sets = analysis::dsa_planned_sets(dsa, plan);
  const auto identity = rank_identity(journal_header(dsa, plan), dsa, sets);
  auto& world = core::world();
  if (world.rank() != 0) {
    core::serve_rank(world, identity, analysis::dsa_rank_work(dsa, sets, control.stop));
    job.served = true;
    return job;
  }
  std::unique_ptr<core::Crew> crew;
  if (world.size() > 1) {
    crew = std::make_unique<core::Crew>(world);
    if (auto st = crew->gather(identity, control.stop); !st.ok()) {
      job.status = st;
      return job;
    }
  }
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
  sweep_leftovers(run.target);  // before the analysis, which may be stopped (atomic_directory.h)
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
  dsa.set_crew(crew.get());  // the refinements' simulations shared out too
  struct Unhook {
    analysis::Dsa& dsa;
    ~Unhook() {
      dsa.set_on_evaluation({});
      dsa.set_stop(nullptr);
      dsa.set_crew(nullptr);
    }
  } unhook{dsa};
  const SaidOnSignal said(crew.get(), run, "dsa", "evaluation");
  // The sets known in advance on every thread or rank, then the analyses, which find them made
  // and refine thresholds' roots one evaluation at a time, each shared out unit by unit.
  analysis::DsaParts parts;
  try {
    if (!analysis::dsa_evaluate_ahead(dsa, sets, control.stop, crew.get()))
      parts.status = core::Status::interrupted("interrupted");
    else
      parts = analysis::run_dsa_plan(dsa, plan);
  } catch (const std::exception& e) {
    parts.status = core::Status::failed(e.what());
  }
  job.one_way = std::move(parts.one_way);
  job.two_way = std::move(parts.two_way);
  job.threshold = std::move(parts.threshold);
  const auto& stopped = parts.status;
  if (!stopped.ok()) {
    job.status = stopped.code() == core::StatusCode::kInterrupted
                     ? core::Status::interrupted(
                           interrupted_text(dsa.distinct_evaluations(), "evaluations", run))
                 : stopped.code() == core::StatusCode::kFailed
                     ? core::Status::failed(failed_text(stopped.message(), "evaluations", run))
                     : stopped;
    return job;
  }

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
  if (world.size() > 1) manifest["ranks"] = world.size();
  AtomicDirectory dir(run.target);
  write_dsa(dir, s, dsa, one, two, thr, summary, manifest);
  if (plan.report) job.report_text = write_report_into(dir.pending(""), dir.target());
  dir.commit();
  std::filesystem::remove_all(run.partial);
  return job;
}

std::string dsa_job_text(const DsaJob& job, const scenario::Scenario& s, const analysis::Dsa& dsa,
                         std::size_t top, unsigned threads, const ResumableRun& run) {
  if (job.served) return {};
  const int ranks = core::world().size();
  return dsa_text(s.name, dsa, job.one_way ? &*job.one_way : nullptr,
                  job.threshold ? &*job.threshold : nullptr, top) +
         fmt::format("\n{} evaluations{} in {:.1f} s on {}{} thread(s); results in {}/\n",
                     dsa.evaluations(),
                     job.from_journal ? fmt::format(" (and {} from the journal)", job.from_journal)
                                      : std::string(),
                     job.wall_seconds, ranks > 1 ? fmt::format("{} ranks x ", ranks) : "", threads,
                     run.target.string()) +
         job.report_text;
}

}  // namespace pimhsim::output
