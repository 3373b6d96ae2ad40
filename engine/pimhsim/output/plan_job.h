// `pimhsim plan` from start to files, on one process or shared between the ranks of a distributed
// run (`mpirun -n N pimhsim plan ...`: docs/distributed.md).
#pragma once

#include <string>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/core/executor.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/results.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

struct PlanJob {
  core::Status status;    // bad input, or a failure (a rank's unit named)
  bool reachable = true;  // the plan's: a target out of reach is an answer, not a plan
  std::string text;       // what the terminal says: the plan, where its files are, the report
  bool served = false;    // this process served rank 0 of a distributed plan: nothing to say
};

// Searches the plan `settings` asks for on `s` (analysis::plan) and writes its files into
// `out_dir` (plan_writer.h), and the planned scenario where `write_scenario` says. `info`'s wall
// seconds are those before the call; the plan's own are added. In a distributed run (core::world()
// of several ranks), rank 0 does this once every rank has joined, sharing each candidate's
// simulations between the ranks' threads (analysis/plan_evaluator.h), and the other ranks only
// simulate for it (`served`): one process writes, and the files are those of a plain run. A
// signal that ends rank 0 says which evaluations were under way on which ranks.
PlanJob plan_job(const scenario::Scenario& s, analysis::PlanSettings settings,
                 const std::string& out_dir, RunInfo info, core::ExecutorRef executor);

}  // namespace pimhsim::output
