// The human summary a run prints on stdout, from the same data as summary.json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace pimhsim::output {

// A number for people: thousands separators for large values, a few significant digits for
// small ones.
std::string human_number(double x);

std::string summary_text(const nlohmann::json& summary);

}  // namespace pimhsim::output
