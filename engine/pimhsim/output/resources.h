// The resource budget: what a command will hold in memory, write and compute, estimated from its
// scenarios before anything runs (each model's footprint, core/model.h, and the tallies and files
// the engine makes of it), and compared with what the machine has: the memory the kernel reports
// available (MemAvailable in /proc/meminfo) and the free space of the file system that will hold
// the results (statvfs of the nearest existing folder). A command that would exceed either is
// refused before it starts, unless forced.
//
// Two environment variables stand for the machine in tests: PIMHSIM_TEST_MEMORY_AVAILABLE and
// PIMHSIM_TEST_DISK_AVAILABLE, each a number of bytes.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "pimhsim/core/settings.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

struct BudgetRequest {
  std::string command;           // run, compare, psa, dsa, plan; validate estimates a run
  core::SettingValues settings;  // the command's settings (by_area, iterations, ...)
  std::string out_dir;           // where its results go
  std::string label;             // how messages name out_dir (results_dir_label)
  unsigned threads = 1;
  bool force = false;  // go ahead whatever the estimate
};

struct ResourceEstimate {
  std::string command;  // what was estimated: "run", "psa", ...
  unsigned threads = 1;
  double memory = 0;  // peak bytes held
  double output = 0;  // bytes written to the results directory (and its staging) at most
  double work = 0;    // in work_unit
  std::string work_unit;
  std::string work_scope;  // "" for the whole command, or what `work` is for ("one evaluation")
  std::string largest;     // what takes most of the output, for messages ("by_area.csv")
  std::optional<double> memory_available;  // bytes, if known
  std::optional<double> disk_available;    // bytes free where the results go, if known
  std::string disk_folder;                 // the existing folder whose file system was asked
  // Why the command must not start ("" if it may): memory or output beyond what the machine
  // has, with the estimate, the limit and how to proceed; "" whatever the estimate when forced.
  // Names settings in backticks (`force`, `threads`, `by_area`), as engine messages do. The
  // output of `validate` is not checked: it writes nothing.
  std::string problem;
};

// The estimate of `request.command` on `scenarios` (compare's several; the others' one).
ResourceEstimate estimate_resources(std::span<const scenario::Scenario> scenarios,
                                    const BudgetRequest& request);

// Why results cannot be written as `request` asks: the results directory's problem
// (output::results_dir_problem, `request.label` naming the directory, the scenarios' files its
// inputs), else the budget's; "" if they can.
std::string results_problem(std::span<const scenario::Scenario> scenarios,
                            const BudgetRequest& request);

// The estimate in a few lines for `validate` ("  memory     about 1.2 GiB ...").
std::string resources_text(const ResourceEstimate& estimate);

// Bytes the kernel reports available (PIMHSIM_TEST_MEMORY_AVAILABLE first), if known.
std::optional<double> available_memory();
// Free bytes for an unprivileged user on the file system that `dir` (which need not exist yet)
// would be on (PIMHSIM_TEST_DISK_AVAILABLE first), if known; `folder` receives the existing
// folder asked.
std::optional<double> available_disk(const std::string& dir, std::string* folder = nullptr);

// An amount of bytes for people: "about 1.2 GiB (1,288,490,189 bytes)".
std::string bytes_text(double bytes);

}  // namespace pimhsim::output
