// What a run writes: summary.json, the tidy results.csv, and manifest.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/run.h"
#include "scenario/scenario.h"

namespace pimhsim::output {

// Every measure of every option (and every increment over the first option), one row per
// option x measure x period: option,comparator,measure,period,mean,se,n,exact.
std::string results_csv(const scenario::Scenario& s, const analysis::RunOutcome& r);

// Whole-horizon measures per option with Monte Carlo standard errors, increments over the
// first option, and the ICER where the model names a cost and an effect.
nlohmann::json summary_json(const scenario::Scenario& s, const analysis::RunOutcome& r);

struct RunInfo {
  std::string command_line;
  unsigned threads = 1;
  double wall_seconds = 0;
};

nlohmann::json manifest_json(const scenario::Scenario& s, const RunInfo& info);

// Writes summary.json, results.csv, manifest.json and scenario.resolved.yaml atomically.
void write_run(const std::string& out_dir, const scenario::Scenario& s,
               const analysis::RunOutcome& r, const RunInfo& info);

}  // namespace pimhsim::output
