// Internal to the PSA (psa.cc runs it, psa_outputs.cc writes its files and summary): the
// conventions both halves must share.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>

#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis::psa_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr const char* kPerspectives[] = {"nhs_pss", "public_sector", "societal"};

// A number as written to CSV and the journal: the shortest text that reads back exactly.
inline std::string num(double x) {
  return std::isfinite(x) ? fmt::format("{}", x) : std::string();
}

inline bool is_pathway(const scenario::Scenario& s) {
  return s.model == "pathway";
}

}  // namespace pimhsim::analysis::psa_detail
