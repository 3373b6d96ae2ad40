// Numbers for people, as the text summaries print them.
#pragma once

#include <string>
#include <vector>

namespace pimhsim::core {

// Thousands separators for large values (12,345), a few significant digits for small ones
// (0.1234); "inf" and "nan" as such.
std::string human_number(double x);

// An amount of money to three significant figures with its scale: 1.52m, 568k, 940, 1.26bn; a
// figure that rounds to zero is 0, never -0.
std::string money_text(double x);

// A list for a sentence: "a", "a and b", "a, b and c" (with `conjunction` "and").
std::string listed(const std::vector<std::string>& items, const std::string& conjunction);

}  // namespace pimhsim::core
