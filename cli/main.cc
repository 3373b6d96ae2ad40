// The `pimhsim` executable: parses the command line and dispatches to a command. It knows
// nothing of models or analyses beyond what the commands call.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <exception>
#include <iostream>

#include "cli/command.h"
#include "cli/options.h"
#include "pimhsim/core/executor.h"
#include "pimhsim/core/messages.h"
#include "pimhsim/output/signal_cleanup.h"
#include "pimhsim/scenario/arguments.h"
#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/version.h"

namespace pimhsim::cli {

// Adding a command: one file that defines a Command, and a line here.
extern const Command kAreasCommand, kCalibrateCommand, kCompareCommand, kDsaCommand, kEvppiCommand,
    kNewAreaCommand, kPlanCommand, kPsaCommand, kReportCommand, kRunCommand, kValidateCommand;

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {kRunCommand,      kCompareCommand,  kPsaCommand,
                                           kDsaCommand,      kPlanCommand,     kReportCommand,
                                           kValidateCommand, kAreasCommand,    kNewAreaCommand,
                                           kEvppiCommand,    kCalibrateCommand};
  return all;
}

}  // namespace pimhsim::cli

namespace {

using namespace pimhsim::cli;

constexpr const char* kExitStatuses =
    "exit status: 0 success, 1 runtime failure, 2 bad usage or bad input (nothing written), 130 "
    "interrupted by Ctrl-C (129 SIGHUP, 143 SIGTERM)";
constexpr const char* kTerms =
    "terms (dyad, PSS, NPV, BCR, ICER, NMB, WISN, CRN, EVPI, ...): docs/glossary.md\n";

void print_overview(std::ostream& out) {
  out << "PIMHsim " << pimhsim::kVersion
      << ": Monte Carlo microsimulation for perinatal and infant mental health services\n\n"
         "usage: pimhsim COMMAND SCENARIO [options]\n"
         "       pimhsim COMMAND --help\n"
         "       pimhsim --version\n\ncommands:\n";
  for (const auto& c : commands()) out << fmt::format("  {:<10}{}\n", c.name, c.summary);
  out << "\n"
      << kExitStatuses << "\n(psa, dsa and calibrate keep their work: continue with --resume DIR)\n"
      << kTerms;
}

void print_command_help(const Command& c, const po::options_description& d, std::ostream& out) {
  out << "usage: " << c.usage << "\n\n" << c.summary << "\n\n" << d << "\nexamples:\n";
  for (const auto& e : c.examples) out << "  " << e << "\n";
  out << "\n"
      << kExitStatuses << (c.more_exit_statuses.empty() ? "" : ", " + c.more_exit_statuses) << "\n"
      << kTerms;
}

int usage_error(const Command& c, const std::string& message) {
  std::cerr << "pimhsim " << c.name << ": " << message << "\nusage: " << c.usage << "\n";
  return kBadInput;
}

int dispatch(int argc, char** argv) {
  const std::string first = argc < 2 ? "" : argv[1];
  if (first.empty() || first == "--help" || first == "-h" || first == "help") {
    print_overview(first.empty() ? std::cerr : std::cout);  // no command: usage, exit status 2
    return first.empty() ? kBadInput : kSuccess;
  }
  if (first == "--version") {
    std::cout << "pimhsim " << pimhsim::kVersion << " (" << pimhsim::kGitRevision << ")\n";
    return kSuccess;
  }
  const Command* command = nullptr;
  std::vector<std::string> names;
  for (const auto& c : commands()) {
    names.push_back(c.name);
    if (c.name == first) command = &c;
  }
  if (command == nullptr) {
    const auto near = pimhsim::scenario::nearest(first, names);
    std::cerr << "pimhsim: unknown command `" << first << "`"
              << (near ? "; did you mean `" + *near + "`?" : "") << "\n";
    print_overview(std::cerr);
    return kBadInput;
  }
  const po::options_description d = describe(*command);
  po::positional_options_description positional;
  positional.add("scenario", command->max_scenarios);
  Invocation inv;
  inv.command = command;
  for (const auto& option : d.options()) inv.flags.push_back(option->long_name());
  inv.command_line = fmt::format("{}", fmt::join(argv, argv + argc, " "));
  // No guessing: `--thread` is not taken for `--threads`, a prefix is an unknown option.
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  try {
    auto parser = po::command_line_parser(argc - 1, argv + 1).options(d).style(style);
    const auto parsed = parser.positional(positional).run();
    po::store(parsed, inv.options);
    po::notify(inv.options);
    // Every name, path and value must be UTF-8 text: refused before anything is read.
    if (!pimhsim::scenario::arguments_are_utf8(parsed.options, "--", std::cerr)) return kBadInput;
  } catch (const po::unknown_option& e) {
    return usage_error(*command, pimhsim::scenario::unknown_option_text(e.get_option_name(),
                                                                        inv.flags, command->name));
  } catch (const po::error& e) {
    return usage_error(*command, e.what());
  }
  if (inv.options.count("help")) {
    print_command_help(*command, d, std::cout);
    return kSuccess;
  }
  if (!inv.options.count("scenario") && !command->scenario_optional)
    return usage_error(*command, "no scenario file given");
  if (pimhsim::core::world().rank() != 0 && !(command->shared & kRanks)) return kSuccess;
  return command->action(inv);
}

}  // namespace

int main(int argc, char** argv) {
  pimhsim::output::handle_termination_signals();  // first: every thread inherits its signal mask
  pimhsim::core::configure_process_memory();
  const pimhsim::core::MessageSession ranks;  // under mpirun or srun (core/messages.h)
  if (!ranks.status().ok()) return (std::cerr << ranks.status().message() << "\n", 2);
  try {
    return ranks.end(dispatch(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "pimhsim: error: " << e.what() << "\n";
    return ranks.end(kRuntimeFailure);
  }
}
