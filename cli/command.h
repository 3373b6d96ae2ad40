// A `pimhsim` subcommand: its name, help, options and action. Adding a command is one file that
// defines a Command and one line in main.cc.
#pragma once

#include <boost/program_options.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "pimhsim/core/settings.h"

namespace pimhsim::cli {

namespace po = boost::program_options;

// Exit statuses.
inline constexpr int kSuccess = 0;
inline constexpr int kRuntimeFailure = 1;
inline constexpr int kBadInput = 2;
inline constexpr int kTargetNotReached = 3;  // plan: a target out of reach (results written)
inline constexpr int kInterrupted = 130;

// Options the commands share: declared once (options.h), offered where Command::shared names them.
enum SharedOptions : unsigned {
  kOverrides = 1u << 0,  // --set, --seed
  kOutput = 1u << 1,     // --out, --threads, --quiet
  kResume = 1u << 2,     // --resume DIR
  kQuiet = 1u << 3,      // --quiet alone (a command without --out)
  kRanks = 1u << 4,      // shares its work between mpirun's ranks; else rank 0 runs it alone
};

struct Command;

struct Invocation {
  po::variables_map options;
  std::string command_line;  // as typed, for the manifest
  const Command* command = nullptr;
  std::vector<std::string> flags;  // every option's long name, to name settings in messages
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

struct Command {
  std::string name;
  std::string summary;                // one line for `pimhsim --help`
  std::string usage;                  // e.g. "pimhsim run SCENARIO [options]"
  std::vector<std::string> examples;  // shown by `pimhsim COMMAND --help`
  int (*action)(const Invocation&) = nullptr;
  unsigned shared = kOverrides | kOutput;
  // The positional argument's help (max_scenarios of them).
  std::string scenario_help = "scenario YAML file";
  // Results go to results/NAME`out_suffix` without --out, NAME the scenario file's stem; or to
  // `fixed_out` if it is given.
  std::string out_suffix = "";
  std::string fixed_out = "";
  // The engine's settings this command offers as flags (a setting `two_way` as --two-way).
  std::vector<core::SettingSpec> (*settings)() = nullptr;
  int max_scenarios = 1;  // positional scenario files (-1: any number)
  // Exit statuses of this command besides 0, 1, 2 and 130, for its help: "3 ...".
  std::string more_exit_statuses = "";
  bool scenario_optional = false;  // runs without a positional argument
};

const std::vector<Command>& commands();  // main.cc

}  // namespace pimhsim::cli
