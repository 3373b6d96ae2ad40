// The command line's side of results directories and journals: how messages name a directory
// given by --out or --resume, and what to do after an interruption. The checks themselves are
// the engine's (pimhsim/output/results_dir.h, pimhsim/output/journal.h).
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::cli {

using output::Journal;
using output::open_journal;
using output::ResumableRun;

// How messages name the results directory `dir`: "--resume DIR", "--out DIR", or "the default
// results directory DIR" when neither was given.
std::string results_dir_label(const Invocation& inv, const std::string& dir);

// Why results cannot be written to `dir`, or "" if they can (output::results_dir_problem).
std::string results_dir_problem(const Invocation& inv, const std::string& dir,
                                const std::vector<std::string>& inputs);
// The same for the journal directory DIR.partial.
std::string journal_dir_problem(const std::filesystem::path& partial,
                                const std::vector<std::string>& inputs);

// Where a resumable run writes: from --resume DIR, else --out DIR, else the default. Fills
// `run`; returns why the options are inconsistent ("" if they are not).
std::string resumable_run(const Invocation& inv, const std::string& default_dir, ResumableRun& run);

// Prints a failed status of `command` (psa, dsa, ...) to stderr, its settings in backticks named
// by their flags (with_flags), and returns its exit status.
int report_status(const std::string& command, const core::Status& status,
                  const std::vector<std::pair<std::string, std::string>>& flags);

}  // namespace pimhsim::cli
