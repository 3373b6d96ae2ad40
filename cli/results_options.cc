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

void add_resume_option(po::options_description& d) {
  d.add_options()("resume", po::value<std::string>(),
                  "continue the interrupted run whose results go to DIR");
}

core::Status resumable_run(const Invocation& inv, const std::string& default_dir,
                           const std::vector<std::string>& inputs, ResumableRun& run) {
  const bool resume = inv.options.count("resume") > 0;
  if (resume && inv.options.count("out") &&
      inv.options["out"].as<std::string>() != inv.options["resume"].as<std::string>())
    return core::Status::bad_input(
        "--resume DIR continues the run whose results go to DIR: give --out DIR or neither, not "
        "both");
  const std::string out_dir = resume                     ? inv.options["resume"].as<std::string>()
                              : inv.options.count("out") ? inv.options["out"].as<std::string>()
                                                         : default_dir;
  run = output::resumable_paths(out_dir, resume, fmt::format("--resume {}", out_dir));
  std::string why = results_dir_problem(inv, run.out_dir, inputs);
  if (why.empty()) why = output::journal_dir_problem(run.partial, inputs, "choose another --out");
  return why.empty() ? core::Status() : core::Status::bad_input(why);
}

int report_status(const std::string& command, const core::Status& status,
                  const std::vector<core::SettingSpec>& settings) {
  const std::string message = with_flags(status.message(), settings);
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
