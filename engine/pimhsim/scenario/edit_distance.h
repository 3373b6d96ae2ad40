// "Did you mean ...?" for mistyped keys, after ninja's edit_distance.cc.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pimhsim::scenario {

// Levenshtein distance, case-insensitive.
std::size_t edit_distance(std::string_view a, std::string_view b);

// Whether a and b are the same text but for the case of ASCII letters (edit distance 0, in
// linear time).
bool same_ignoring_case(std::string_view a, std::string_view b);

// The closest candidate, if it is close enough to be a plausible typo.
std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates);

}  // namespace pimhsim::scenario
