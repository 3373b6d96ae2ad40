// A `pimhsim` subcommand: its name, help, options and action. Adding a command is one file that
// defines a Command and one line in commands.cc.
#pragma once

#include <boost/program_options.hpp>
#include <string>
#include <vector>

namespace pimhsim::cli {

namespace po = boost::program_options;

// Exit statuses.
inline constexpr int kSuccess = 0;
inline constexpr int kRuntimeFailure = 1;
inline constexpr int kBadInput = 2;
inline constexpr int kTargetNotReached = 3;  // plan: a target out of reach (results written)
inline constexpr int kInterrupted = 130;

struct Invocation {
  po::variables_map options;
  std::string command_line;  // as typed, for the manifest
};

struct Command {
  std::string name;
  std::string summary;                // one line for `pimhsim --help`
  std::string usage;                  // e.g. "pimhsim run SCENARIO [options]"
  std::vector<std::string> examples;  // shown by `pimhsim COMMAND --help`
  void (*add_options)(po::options_description&) = nullptr;
  int (*action)(const Invocation&) = nullptr;
  int max_scenarios = 1;  // positional scenario files (-1: any number)
  // Exit statuses of this command besides 0, 1, 2 and 130, for its help: "3 ...".
  std::string more_exit_statuses = "";
  bool scenario_optional = false;  // runs without a positional argument
};

const std::vector<Command>& commands();

}  // namespace pimhsim::cli
