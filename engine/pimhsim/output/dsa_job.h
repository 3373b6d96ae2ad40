// A deterministic sensitivity analysis from start to files, resumable after an interruption: what
// every front end does with a Dsa and its plan.
//
// Each new evaluation (one simulation of every option at one parameter set) is appended to
// DIR.partial/journal.csv with its memo key (output/journal.h). Resuming checks that the journal
// belongs to the same scenario and settings, preloads its evaluations into the Dsa's memo and runs
// the analysis again: the evaluations already made are not simulated again, and since the
// analysis is deterministic the files are byte-identical to those of an uninterrupted run
// (manifest.json aside).
#pragma once

#include <chrono>
#include <optional>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {

struct DsaJob {
  // Bad input: a journal already there, none to resume or one of another run (naming the
  // settings that must match in backticks). Interrupted or failed: what is saved and how to
  // continue.
  core::Status status;
  std::optional<analysis::OneWayResult> one_way;
  std::optional<analysis::TwoWayResult> two_way;
  std::optional<analysis::ThresholdResult> threshold;
  std::size_t from_journal = 0;  // evaluations an interrupted run had made
  double wall_seconds = 0;       // since `started`
  std::string report_text;       // where the report is, or why not (plan.report)
  bool served = false;           // a rank other than 0: it ran rank 0's units and writes nothing
};

// Runs `plan` on `dsa` (of scenario `s`) into `run`'s results directory, which the caller has
// checked (results_dir_problem, journal_dir_problem). Sets the Dsa's evaluation hook and stop
// flag. `info`'s wall time is measured from `started`.
DsaJob run_dsa_job(const scenario::Scenario& s, analysis::Dsa& dsa, const analysis::DsaPlan& plan,
                   const ResumableRun& run, RunInfo info, const ResumableControl& control,
                   std::chrono::steady_clock::time_point started);

// A finished job's summary for a terminal: dsa_text (the top `top` rows of each tornado), then
// how many evaluations took how long on how many threads and where the results are.
std::string dsa_job_text(const DsaJob& job, const scenario::Scenario& s, const analysis::Dsa& dsa,
                         std::size_t top, unsigned threads, const ResumableRun& run);

}  // namespace pimhsim::output
