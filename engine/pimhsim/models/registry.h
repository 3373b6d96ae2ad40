// The models PIMHsim knows, by the name a scenario gives in `model:`.
#pragma once

#include <memory>
#include <span>

#include "pimhsim/core/model.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::models {

std::span<const core::ModelSpec* const> specs();

// Builds the model a validated scenario names.
std::unique_ptr<core::Model> make(const scenario::Scenario& s);

}  // namespace pimhsim::models
