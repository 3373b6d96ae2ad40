// What the commands share: options declared once, the scenario loaded with the overrides, where
// results go, and the engine's statuses on the terminal with settings named by their flags.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/command.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/resources.h"
#include "pimhsim/output/results.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::cli {

// Every option of `command`: --help, its own, then the shared ones it names, then its settings.
po::options_description describe(const Command& command);

// Loads and validates the scenario at `path` with the command line's --set and --seed, then
// `extra` overrides (a compare variant's); on failure prints every error to stderr and returns
// nothing (the caller exits with kBadInput).
std::optional<scenario::Scenario> load_scenario_at(const std::string& path, const Invocation& inv,
                                                   const std::vector<std::string>& extra = {});

// The value of option `name`, if given.
template <class T>
std::optional<T> given(const Invocation& inv, const std::string& name) {
  return inv.options.count(name) ? std::optional<T>(inv.options[name].as<T>()) : std::nullopt;
}
// --threads (checked as the command line is parsed: 1 to core::kMaxThreads), or every core.
unsigned thread_count(const Invocation& inv);
bool quiet(const Invocation& inv);

// The command's settings on the command line (defaults included, marked as not given).
core::SettingValues setting_values(const Invocation& inv);
// An engine message with each setting or option it names in backticks (`two_way`, `set`)
// replaced by the command's flag (--two-way, --set).
std::string with_flags(std::string message, const Invocation& inv);
// Prints a failed status as the command's ("pimhsim psa: ..."), with_flags; returns its exit
// status. bad_input: the same for a bad-input message.
int report(const Invocation& inv, const core::Status& status);
int bad_input(const Invocation& inv, const std::string& message);

// Where results go: --out DIR, else results/NAME<suffix> (Command::out_suffix).
std::string out_dir(const Invocation& inv, const scenario::Scenario& s);
// out_dir() of the first of `scenarios`, checked: nothing (the problem printed, naming it as
// --out DIR, --resume DIR or the default results directory) if results cannot be written there.
std::optional<std::string> checked_out_dir(const Invocation& inv,
                                           const std::vector<scenario::Scenario>& scenarios);
// What a command that writes one scenario's results starts with: the scenario loaded (warnings
// printed unless --quiet), its results directory checked (with --resume, the interrupted run's),
// the threads. Nothing (errors printed) if any of it fails.
struct Job {
  scenario::Scenario scenario;
  std::string out_dir;       // --out DIR, --resume DIR or the default
  output::ResumableRun run;  // a command with --resume: where it writes and journals
  unsigned threads = 1;
};
std::optional<Job> prepare(const Invocation& inv);
// The resource budget of the command writing to `dir`: its settings, --threads and --force.
output::BudgetRequest budget(const Invocation& inv, const std::string& dir);
// The manifest's account of the command: as typed, its threads, seconds since it started.
output::RunInfo run_info(const Invocation& inv, unsigned threads);

}  // namespace pimhsim::cli
