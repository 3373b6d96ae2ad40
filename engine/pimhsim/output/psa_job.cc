#include "pimhsim/output/psa_job.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "pimhsim/core/messages.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/psa_writer.h"
#include "pimhsim/output/report.h"

namespace pimhsim::output {

PsaJob run_psa_job(const scenario::Scenario& s, const analysis::Psa& psa,
                   const analysis::PsaReport& report, const ResumableRun& run,
                   core::ExecutorRef executor, RunInfo info, const ResumableControl& control,
                   std::chrono::steady_clock::time_point started) {
  PsaJob job;
  const std::uint32_t n = psa.settings().iterations;
  auto& world = core::world();
  if (world.rank() != 0) {
    core::serve_rank(world, psa.identity(), analysis::psa_rank_work(psa, executor, control.stop));
    job.served = true;
    return job;
  }
  std::unique_ptr<core::Crew> crew;
  if (world.size() > 1) {
    crew = std::make_unique<core::Crew>(world);
    if (auto st = crew->gather(psa.identity(), control.stop); !st.ok()) {
      job.status = st;
      return job;
    }
  }
  std::vector<analysis::PsaIteration> done;
  // One process writes a journal at a time, from before it is read until DIR.partial is removed.
  JournalLock lock;
  if (auto busy = lock.acquire(run); !busy.empty()) {
    job.status = core::Status::bad_input(busy);
    return job;
  }
  std::size_t dropped = 0;
  const auto why = open_journal(
      run, fmt::format("# {}\n", psa.identity()), "`iterations` and `method`",
      [&](const std::string& line) {
        auto it = analysis::parse_journal_line(line, psa.layout());
        if (!it || it->iteration >= n) return false;
        done.push_back(std::move(*it));
        return true;
      },
      dropped);
  if (!why.empty()) {
    job.status = core::Status::bad_input(why);
    return job;
  }
  job.from_journal = done.size();
  // Earlier results a run ended while replacing had set aside are put back now, not only once
  // this PSA has finished (it may be stopped first); leftovers of ended runs go too.
  sweep_leftovers(run.target);
  if (run.resume && control.notice)
    control.notice(fmt::format(
        "resuming: {} of {} iterations done{}", done.size(), n,
        dropped ? fmt::format(" ({} incomplete line(s) dropped)", dropped) : std::string()));

  Journal journal(run.journal);
  const SaidOnSignal said(crew.get(), run, "psa", "iteration");
  try {
    job.iterations = analysis::run_psa(
        psa, std::move(done), executor,
        [&](const analysis::PsaIteration& it) { journal.append(analysis::journal_line(it)); },
        [&](std::uint32_t k, std::uint32_t total) {
          if (control.progress) control.progress(k, total);
        },
        control.stop, crew.get());
  } catch (const std::exception& e) {
    job.status = core::Status::failed(failed_text(e.what(), "iterations", run));
    return job;
  }
  if (job.iterations.size() < n) {
    job.status = core::Status::interrupted(
        interrupted_text(job.iterations.size(), fmt::format("of {} iterations", n), run));
    return job;
  }

  job.summary = analysis::summarise_psa(psa, job.iterations, report);
  job.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.wall_seconds = job.wall_seconds;
  auto manifest = manifest_json(s, info);
  manifest["analysis"] = "psa";
  manifest["iterations"] = n;
  manifest["method"] = analysis::method_name(psa.settings().method);
  manifest["resumed"] = run.resume;
  // A PSA on a calibration's posterior says so, and to what: the file, its SHA-256, and the
  // targets the calibration beside it (its calibration.json) was fitted to.
  if (const auto& post = psa.posterior()) {
    manifest["calibrated"] = {{"parameter_sets", post->file},
                              {"content_hash", post->sha256},
                              {"parameters", post->names},
                              {"points", post->points.size()},
                              {"effective_sample_size", post->ess}};
    std::ifstream in(std::filesystem::path(post->file).parent_path() / "calibration.json");
    const auto fit = nlohmann::json::parse(in, nullptr, false);
    if (fit.is_object() && fit.contains("targets_file") && fit["targets_file"].is_string())
      manifest["calibrated"]["targets_file"] = fit["targets_file"];
  }
  if (world.size() > 1) manifest["ranks"] = world.size();
  AtomicDirectory dir(run.target);
  write_psa(dir, s, psa, job.iterations, job.summary, manifest);
  if (report.write_report) job.report_text = write_report_into(dir.pending(""), dir.target());
  dir.commit();
  std::filesystem::remove_all(run.partial);
  return job;
}

std::string psa_job_text(const PsaJob& job, unsigned threads, const ResumableRun& run) {
  if (job.served) return {};
  const int ranks = core::world().size();
  return psa_text(job.summary) +
         fmt::format("{} iterations in {:.1f} s on {}{} thread(s); results in {}/\n",
                     job.iterations.size(), job.wall_seconds,
                     ranks > 1 ? fmt::format("{} ranks x ", ranks) : "", threads,
                     run.target.string()) +
         job.report_text;
}

}  // namespace pimhsim::output
