// Engine messages name settings and options in backticks (`two_way`, `set`); a command line
// shows them as its flags (--two-way, --set).
#pragma once

#include <string>
#include <vector>

namespace pimhsim::core {

// `message` with each `name` in backticks replaced by its flag, for each of `flags` (long option
// names, `two-way`) but `scenario` and `help`, the positional argument and the help.
std::string with_flags(std::string message, const std::vector<std::string>& flags);

}  // namespace pimhsim::core
