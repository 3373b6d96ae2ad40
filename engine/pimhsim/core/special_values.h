// The special doubles the engine names: not-a-number (a figure that does not exist, as for an
// increment over an option with no QALYs gained) and the infinities.
#pragma once

#include <limits>

namespace pimhsim::core {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInf = std::numeric_limits<double>::infinity();
inline constexpr double kNegInf = -std::numeric_limits<double>::infinity();

}  // namespace pimhsim::core
