// Internal to the PSA (psa.cc runs it, psa_outputs.cc writes its files and summary): the
// conventions both halves must share.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <string>

namespace pimhsim::analysis::psa_detail {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// A number as written to CSV and the journal: the shortest text that reads back exactly.
inline std::string num(double x) {
  return std::isfinite(x) ? fmt::format("{}", x) : std::string();
}

}  // namespace pimhsim::analysis::psa_detail
