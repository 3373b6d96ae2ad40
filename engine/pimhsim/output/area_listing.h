// `pimhsim areas`: a scenario's areas as a table for a terminal.
#pragma once

#include <string>
#include <vector>

#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

// `found` (areas of `s`) with their codes, names, regions and the model's area columns, headed by
// how many of the scenario's areas they are and what matched (`find`, if not empty).
std::string areas_text(const scenario::Scenario& s, const std::vector<const scenario::Area*>& found,
                       const std::string& find);

}  // namespace pimhsim::output
