#include "cli/results_options.h"

#include <fmt/format.h>

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

std::string interrupted_text(std::size_t done, const std::string& what, const ResumableRun& run) {
  return fmt::format(
      "interrupted: {} {} are saved in {}\ncontinue with the same command and --resume {}\n", done,
      what, run.journal.string(), run.out_dir);
}

std::string failed_text(const std::string& command, const std::string& error,
                        const std::string& units, const ResumableRun& run) {
  return fmt::format(
      "pimhsim {}: error: {}\ncompleted {} are kept in {}; after fixing the cause, continue with "
      "--resume {}\n",
      command, error, units, run.journal.string(), run.out_dir);
}

}  // namespace pimhsim::cli
