// What `pimhsim compare` writes: comparison.json (every option, the frontier across them and each
// run's summary), comparison.csv (one row per option), frontier.csv, and the terminal's table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/analysis/compare.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {

nlohmann::json comparison_json(const analysis::Comparison& c);
std::string comparison_csv(const nlohmann::json& table);
std::string comparison_text(const nlohmann::json& table);

// Writes the comparison's files and `manifest` into `dir` (not committed).
// manifest.json of a comparison: version, command line, threads, wall time, and each scenario's
// file, content hash and seed.
nlohmann::json comparison_manifest(const std::vector<scenario::Scenario>& scenarios,
                                   const RunInfo& info);

void write_comparison(AtomicDirectory& dir, const nlohmann::json& table,
                      const nlohmann::json& manifest);

}  // namespace pimhsim::output
