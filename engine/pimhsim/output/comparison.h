// What `pimhsim compare` writes: comparison.json (every option, the frontier across them and each
// run's summary), comparison.csv (one row per option), frontier.csv, and the terminal's table.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/analysis/compare.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/frontier_table.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {

// The incremental analysis of a comparison: one frontier across the files of one population, or
// one per file when their populations differ. Files of one population also have each their own
// frontier (`within`): when the files or variants differ in an assumption rather than in a
// choice (a parameter's value, say), the best option within each is the answer, not the best
// across them.
struct ComparedFrontiers {
  std::optional<FrontierTable> shared;
  std::vector<std::pair<std::string, FrontierTable>> per_file;  // (file label, its frontier)
  std::vector<std::pair<std::string, FrontierTable>> within;    // the same, beside `shared`
  // The frontier row of an option (by its compared name), or nullptr.
  const FrontierTableRow* find(const std::string& option) const;
};
ComparedFrontiers comparison_frontiers(const analysis::Comparison& c);

nlohmann::json comparison_json(const analysis::Comparison& c, const ComparedFrontiers& f);
std::string comparison_csv(const analysis::Comparison& c, const ComparedFrontiers& f);
std::string comparison_text(const analysis::Comparison& c, const ComparedFrontiers& f);

// manifest.json of a comparison: version, command line, threads, wall time, and each scenario's
// file, content hash and seed.
nlohmann::json comparison_manifest(const std::vector<scenario::Scenario>& scenarios,
                                   const RunInfo& info);

// headline.csv: every figure the model reports (costs and savings by perspective, investment,
// QALYs, NMB, ROI, payback, key counts, staffing) for every option of every scenario, with its
// Monte Carlo SE; increments name the comparator of their run.
std::string headline_csv(const analysis::Comparison& c);

// Writes the comparison's files and `manifest` into `dir` (not committed), and each compared
// scenario as run (`scenarios` in the order given) under scenarios/NN_NAME/, with its tables, so
// that `pimhsim compare DIR/scenarios/*/scenario.resolved.yaml` runs the comparison again.
void write_comparison(AtomicDirectory& dir, const analysis::Comparison& c,
                      const std::vector<scenario::Scenario>& scenarios,
                      const nlohmann::json& manifest);

}  // namespace pimhsim::output
