// `pimhsim run` from start to files, on one process or shared between the ranks of a distributed
// run (`mpirun -n N pimhsim run ...`: docs/distributed.md).
#pragma once

#include <string>

#include "pimhsim/analysis/compare.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/executor.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/results.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

struct RunJob {
  core::Status status;           // bad input: a rank started for another run
  analysis::RunOutcome outcome;  // when ok, on rank 0
  std::string report_text;       // where the report is, or why not (RunWriter::report_text)
  bool served = false;           // this process served rank 0 of a distributed run: nothing to say
};

// Simulates every option of `s` and writes the results into `out_dir` (each partition's rows as
// soon as its tally is complete, into a directory that appears only once every file is written).
// In a distributed run (core::world() of several ranks), rank 0 does this once every rank has
// joined, sharing the units (replicate x partition) between the ranks' threads
// (analysis::run_model), and the other ranks only compute units for it (`served`): one process
// writes, and the files are those of a plain run. A signal that ends rank 0 says which units were
// under way on which ranks.
RunJob run_job(const scenario::Scenario& s, const std::string& out_dir,
               const core::SettingValues& settings, const RunInfo& info,
               core::ExecutorRef executor);

// One run of several that every rank makes alike and in the same order (the runs of a
// `compare`): on rank 0 of a distributed run, its units shared between the ranks as run_job
// shares them (`what` names the command in what a signal makes rank 0 say); on another rank,
// served, the outcome then empty (no model, a tally without layout); else a plain run. A rank
// started for another run: std::runtime_error.
analysis::RunOutcome run_on_ranks(const scenario::Scenario& s, core::ExecutorRef executor,
                                  const std::string& what);
// run_on_ranks as a compare's way to make its runs (analysis::compare).
analysis::RunScenario runs_on_ranks(core::ExecutorRef executor, const std::string& what);

}  // namespace pimhsim::output
