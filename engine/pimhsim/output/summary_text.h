// The human summary a run prints on stdout, from the same data as summary.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/core/model.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

using core::human_number;

// The model's own summary (core::Model::summary_text), or else the headline measures of every
// option and their increments over the comparator.
std::string summary_text(const core::Model& model, const nlohmann::json& summary);

// What `pimhsim validate` prints of a valid scenario: its name, model, run settings, work,
// parameters, options with their overrides, and content hash.
std::string validate_text(const scenario::Scenario& s, const core::Model& model);

}  // namespace pimhsim::output
