// What `pimhsim dsa` writes: tornado.csv, two_way.csv, threshold.csv and threshold.json (each when
// its part ran), dsa_summary.json, the resolved scenario and the manifest; and the terminal's
// summary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

// Writes the DSA's files into `dir` (not committed); a null part did not run. `summary` is
// analysis::dsa_summary of the same parts.
void write_dsa(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::Dsa& dsa,
               const analysis::OneWayResult* one, const analysis::TwoWayResult* two,
               const analysis::ThresholdResult* threshold, const analysis::DsaSummary& summary,
               const nlohmann::json& manifest);

// The DSA's summary for a terminal: the scenario's name, the top `top` rows of each tornado, and
// each threshold with the preferred option along the range.
std::string dsa_text(const std::string& scenario_name, const analysis::Dsa& dsa,
                     const analysis::OneWayResult* one, const analysis::ThresholdResult* thr,
                     std::size_t top);

}  // namespace pimhsim::output
