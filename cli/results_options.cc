#include "cli/results_options.h"

#include <fmt/format.h>

#include <iostream>

#include "cli/scenario_options.h"

namespace pimhsim::cli {

std::string results_dir_label(const Invocation& inv, const std::string& dir) {
  const std::string shown = dir.empty() ? std::string("''") : dir;
  if (inv.options.count("resume")) return fmt::format("--resume {}", shown);
  if (inv.options.count("out")) return fmt::format("--out {}", shown);
  return fmt::format("the default results directory {} (choose another with --out)", dir);
}

std::string results_dir_problem(const Invocation& inv, const std::string& dir,
                                const std::vector<std::string>& inputs) {
  return output::results_dir_problem(results_dir_label(inv, dir), dir, inputs);
}

std::string journal_dir_problem(const std::filesystem::path& partial,
                                const std::vector<std::string>& inputs) {
  return output::journal_dir_problem(partial, inputs, "choose another --out");
}

std::string resumable_run(const Invocation& inv, const std::string& default_dir,
                          ResumableRun& run) {
  const bool resume = inv.options.count("resume") > 0;
  if (resume && inv.options.count("out") &&
      inv.options["out"].as<std::string>() != inv.options["resume"].as<std::string>())
    return "--resume DIR continues the run whose results go to DIR: give --out DIR or neither, not "
           "both";
  const std::string out_dir = resume                     ? inv.options["resume"].as<std::string>()
                              : inv.options.count("out") ? inv.options["out"].as<std::string>()
                                                         : default_dir;
  run = output::resumable_paths(out_dir, resume, fmt::format("--resume {}", out_dir));
  return {};
}

int report_status(const std::string& command, const core::Status& status,
                  const std::vector<std::pair<std::string, std::string>>& flags) {
  const std::string message = with_flags(status.message(), flags);
  switch (status.code()) {
    case core::StatusCode::kOk:
      break;
    case core::StatusCode::kBadInput:
      std::cerr << "pimhsim " << command << ": " << message << "\n";
      break;
    case core::StatusCode::kFailed:
      std::cerr << "pimhsim " << command << ": " << message;
      break;
    case core::StatusCode::kInterrupted:
      std::cerr << message;
      break;
  }
  return status.exit_code();
}

}  // namespace pimhsim::cli
