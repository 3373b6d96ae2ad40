// Numbers for people, as the text summaries print them.
#pragma once

#include <string>

namespace pimhsim::core {

// Thousands separators for large values (12,345), a few significant digits for small ones
// (0.1234); "inf" and "nan" as such.
std::string human_number(double x);

}  // namespace pimhsim::core
