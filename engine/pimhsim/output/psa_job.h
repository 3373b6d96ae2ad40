// A probabilistic sensitivity analysis from start to files, resumable after an interruption: what
// every front end (the command line, a library user, a distributed runner) does with a Psa.
//
// Each completed iteration is appended to DIR.partial/journal.csv (one self-contained line with a
// checksum, fsync'd: output/journal.h), so that a stop, a crash or SIGKILL loses at most the
// iteration in flight. Resuming checks that the journal belongs to the same scenario and settings,
// runs the iterations it lacks and writes the results from all of them, sorted by iteration: the
// files are byte-identical to those of an uninterrupted run (manifest.json aside: wall time,
// command line).
#pragma once

#include <chrono>
#include <vector>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/core/executor.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {

struct PsaJob {
  // Bad input: a journal already there, none to resume or one of another run (naming the
  // settings `iterations`, `method`, `set` and `seed`). Interrupted or failed: what is saved
  // and how to continue.
  core::Status status;
  std::vector<analysis::PsaIteration> iterations;  // every iteration, sorted (when ok)
  analysis::PsaSummary summary;                    // when ok
  std::size_t from_journal = 0;                    // iterations an interrupted run had done
  double wall_seconds = 0;                         // since `started`
  std::string report_text;  // where the report is, or why not (report.write_report)
  bool served = false;      // this process served rank 0 of a distributed run: nothing to say
};

// Runs `psa` (of scenario `s`) into `run`'s results directory, which the caller has checked
// (results_dir_problem, journal_dir_problem). `info`'s wall time is measured from `started`.
// In a distributed run (core::world() of several ranks: `mpirun -n N pimhsim psa ...`), rank 0
// does all of this once every rank has joined, sharing the iterations (analysis::run_psa), and
// the other ranks only compute iterations for it (`served`): one process writes, whatever the
// ranks. A signal that ends rank 0 says which iterations were under way on which ranks.
PsaJob run_psa_job(const scenario::Scenario& s, const analysis::Psa& psa,
                   const analysis::PsaReport& report, const ResumableRun& run,
                   core::ExecutorRef executor, RunInfo info, const ResumableControl& control,
                   std::chrono::steady_clock::time_point started);

// A finished job's summary for a terminal: psa_text, then how many iterations took how long on
// how many threads and where the results are.
std::string psa_job_text(const PsaJob& job, unsigned threads, const ResumableRun& run);

}  // namespace pimhsim::output
