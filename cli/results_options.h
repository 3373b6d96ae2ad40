// The command line's side of results directories, resumable runs and statuses: how messages name
// a directory given by --out or --resume. The checks themselves are the engine's
// (pimhsim/output/results_dir.h, pimhsim/output/journal.h).
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/output/journal.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::cli {

using output::ResumableRun;

// How messages name the results directory `dir`: "--resume DIR", "--out DIR", or "the default
// results directory DIR" when neither was given.
std::string results_dir_label(const Invocation& inv, const std::string& dir);

// Why results cannot be written to `dir`, or "" if they can (output::results_dir_problem).
std::string results_dir_problem(const Invocation& inv, const std::string& dir,
                                const std::vector<std::string>& inputs);

// --resume DIR.
void add_resume_option(po::options_description& d);
// Where a resumable run writes: from --resume DIR, else --out DIR, else `default_dir`; bad input
// if the options disagree or the results or journal directory cannot be used (`inputs`: the
// files the run reads).
core::Status resumable_run(const Invocation& inv, const std::string& default_dir,
                           const std::vector<std::string>& inputs, ResumableRun& run);

// Prints a failed status of `command` (psa, dsa, ...) to stderr, its settings in backticks named
// by their flags (with_flags), and returns its exit status.
int report_status(const std::string& command, const core::Status& status,
                  const std::vector<core::SettingSpec>& settings);

}  // namespace pimhsim::cli
