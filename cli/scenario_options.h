// Options every scenario command shares, and loading a scenario with them applied.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::cli {

// SCENARIO (positional), --set, --seed.
void add_scenario_options(po::options_description& d);
// --set and --seed only (for commands that declare their own positional scenarios).
void add_override_options(po::options_description& d);
// --out (its help showing `default_out`, where results go without it), --threads, --quiet.
void add_output_options(po::options_description& d, const std::string& default_out);
// The default of --out for a command whose results go to results/NAME`suffix`, NAME the scenario
// file's name without its extension (as help text).
std::string default_out_help(const std::string& suffix);

// Loads and validates the scenario; on failure prints every error to stderr and returns nothing
// (the caller exits with kBadInput).
std::optional<scenario::Scenario> load_scenario_from(const Invocation& inv);
// The same for a given file (commands that take several).
std::optional<scenario::Scenario> load_scenario_at(const std::string& path, const Invocation& inv);
// The same with `extra` overrides after the command line's (a compare variant's).
std::optional<scenario::Scenario> load_scenario_at(const std::string& path, const Invocation& inv,
                                                   const std::vector<std::string>& extra);

// --threads is checked when the command line is parsed: 1 to kMaxThreads (a count beyond that is
// a typo, not a machine). No more threads start than there are units of work; the manifest
// records the number asked for.
inline constexpr long long kMaxThreads = 1024;
// --threads, or every core (at most kMaxThreads).
unsigned thread_count(const Invocation& inv);

// Offers the engine's settings as flags (setting `two_way` as --two-way, with its help and
// default).
void add_settings(po::options_description& d, const std::vector<core::SettingSpec>& specs);
// The values of those settings on the command line (defaults included, marked as not given).
core::SettingValues setting_values(const Invocation& inv,
                                   const std::vector<core::SettingSpec>& specs);
// An engine message with each setting it names in backticks (`two_way`, and the scenario's
// `set` and `seed`) replaced by its flag (--two-way).
std::string with_flags(std::string message, const std::vector<core::SettingSpec>& specs);

}  // namespace pimhsim::cli
