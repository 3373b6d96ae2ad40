// The DSA's typed summary (analysis::DsaSummary, analysis/dsa.h) as JSON: dsa_summary.json and
// threshold.json.
#pragma once

#include <nlohmann/json.hpp>

#include "pimhsim/analysis/dsa.h"

namespace pimhsim::output {

// dsa_summary.json: the outcome's definition, the random numbers used, the number of
// evaluations, and each part that ran (the tornado with the parameters not varied and why, the
// two-way grid's axes, the thresholds and the preferred option). An outcome that is not defined
// (an ICER without a QALY gain) is null.
nlohmann::json dsa_summary_json(const analysis::DsaSummary& summary);

// threshold.json: the thresholds by option and the preferred option along the range, as in
// dsa_summary.json (for a summary whose threshold search ran).
nlohmann::json threshold_json(const analysis::DsaSummary& summary);

}  // namespace pimhsim::output
