// The command line's text, checked before anything is read: names, paths and values given there
// reach the outputs (a scenario's path, a results directory, an override's value), so each must
// be UTF-8 text (core/utf8.h), as every file's text must be.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"

namespace pimhsim::scenario {

struct Argument {
  std::string option;  // as the front end names it (`--out`); "" for a positional argument
  std::string value;
};

// Reports each argument that is not UTF-8 text: an option's value at `OPTION:N:COLUMN`, for its
// N-th use and the column of the first bad byte in the value (as overrides are located,
// `--set:2:14`); a positional argument (a scenario's path) at itself, with each bad byte shown as
// \xHH. Returns whether every argument is UTF-8 text.
bool check_arguments(const std::vector<Argument>& arguments, Diagnostics& diagnostics);

// check_arguments, printing the errors (Diagnostics::print) to `errors` if there are any.
bool arguments_are_utf8(const std::vector<Argument>& arguments, std::ostream& errors);

// The same for options as a command-line parser returns them, in command-line order, each with
// `string_key` (its long name), `position_key` (>= 0 for a positional argument) and `value` (its
// texts), as boost::program_options::parsed_options::options holds them. An option is named by
// `prefix` and its long name (`--` and `out`).
template <class ParsedOptions>
bool arguments_are_utf8(const ParsedOptions& options, const std::string& prefix,
                        std::ostream& errors) {
  std::vector<Argument> arguments;
  for (const auto& o : options)
    for (const auto& v : o.value)
      arguments.push_back({o.position_key < 0 ? prefix + o.string_key : std::string(), v});
  return arguments_are_utf8(arguments, errors);
}

// What a front end says of an unknown option `name` (as typed, `--thread`) of command `command`,
// whose options' long names are `flags` (without `--`): the nearest as a suggestion.
std::string unknown_option_text(const std::string& name, const std::vector<std::string>& flags,
                                const std::string& command);

}  // namespace pimhsim::scenario
