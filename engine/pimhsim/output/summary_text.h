// The human summary a run prints on stdout, from the same typed results as summary.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/model.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/output/resources.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

using core::human_number;

// A run's summary: the model's own (models::Reporting), followed by the best option's lead at
// each threshold; or else the headline measures of every option and their increments over the
// comparator (analysis::RunSummary).
std::string summary_text(const scenario::Scenario& s, const analysis::RunOutcome& r);

// What `pimhsim validate` prints of a valid scenario: its name, model, run settings, work (and,
// given an estimate, the memory, output and effort of a run: output/resources.h), parameters,
// options with their overrides, and content hash.
std::string validate_text(const scenario::Scenario& s, const core::Model& model,
                          const ResourceEstimate* estimate = nullptr);

}  // namespace pimhsim::output
