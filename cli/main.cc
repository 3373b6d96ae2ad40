// The `pimhsim` executable: parses the command line and dispatches to a command. It knows
// nothing of models or analyses beyond what the commands call.
#include <fmt/format.h>

#include <exception>
#include <iostream>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "cli/command.h"
#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/version.h"

namespace {

using namespace pimhsim::cli;

void print_overview(std::ostream& out) {
  out << "PIMHsim " << pimhsim::kVersion
      << ": Monte Carlo microsimulation for perinatal and infant mental health services\n\n"
         "usage: pimhsim COMMAND SCENARIO [options]\n"
         "       pimhsim COMMAND --help\n"
         "       pimhsim --version\n\ncommands:\n";
  for (const auto& c : commands()) out << fmt::format("  {:<10}{}\n", c.name, c.summary);
  out << "\nexit status: 0 success, 1 runtime failure, 2 bad usage or bad input, 130 interrupted "
         "by Ctrl-C\n"
         "(psa and dsa keep their work: continue with --resume DIR)\n"
         "terms (dyad, PSS, NPV, BCR, ICER, NMB, WISN, CRN, EVPI, ...): docs/glossary.md\n";
}

void print_command_help(const Command& c, const po::options_description& d, std::ostream& out) {
  out << "usage: " << c.usage << "\n\n" << c.summary << "\n\n" << d << "\nexamples:\n";
  for (const auto& e : c.examples) out << "  " << e << "\n";
  out << "\nexit status: 0 success, 1 runtime failure, 2 bad usage or bad input (nothing written), "
         "130 interrupted by Ctrl-C";
  if (!c.more_exit_statuses.empty()) out << ", " << c.more_exit_statuses;
  out << "\nterms (dyad, PSS, NPV, BCR, ICER, NMB, WISN, CRN, EVPI, ...): docs/glossary.md\n";
}

int dispatch(int argc, char** argv) {
  if (argc < 2) {
    print_overview(std::cerr);
    return kBadInput;
  }
  const std::string first = argv[1];
  if (first == "--help" || first == "-h" || first == "help") {
    print_overview(std::cout);
    return kSuccess;
  }
  if (first == "--version") {
    std::cout << "pimhsim " << pimhsim::kVersion << " (" << pimhsim::kGitRevision << ")\n";
    return kSuccess;
  }
  const Command* command = nullptr;
  for (const auto& c : commands())
    if (c.name == first) command = &c;
  if (command == nullptr) {
    std::vector<std::string> names;
    for (const auto& c : commands()) names.push_back(c.name);
    const auto near = pimhsim::scenario::nearest(first, names);
    std::cerr << "pimhsim: unknown command `" << first << "`"
              << (near ? "; did you mean `" + *near + "`?" : "") << "\n";
    print_overview(std::cerr);
    return kBadInput;
  }
  po::options_description d("options");
  d.add_options()("help,h", "show this help");
  command->add_options(d);
  po::positional_options_description positional;
  positional.add("scenario", command->max_scenarios);
  Invocation inv;
  for (int i = 0; i < argc; ++i) {
    if (i > 0) inv.command_line += ' ';
    inv.command_line += argv[i];
  }
  // No guessing: `--thread` is not taken for `--threads`, a prefix is an unknown option.
  const int style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1)
                  .options(d)
                  .positional(positional)
                  .style(style)
                  .run(),
              inv.options);
    po::notify(inv.options);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> flags;
    for (const auto& option : d.options()) flags.push_back("--" + option->long_name());
    const auto near = pimhsim::scenario::nearest(e.get_option_name(), flags);
    std::cerr << "pimhsim " << command->name << ": unknown option " << e.get_option_name()
              << (near ? "; did you mean " + *near + "?" : "") << " (pimhsim " << command->name
              << " --help lists them)\n"
              << "usage: " << command->usage << "\n";
    return kBadInput;
  } catch (const po::error& e) {
    std::cerr << "pimhsim " << command->name << ": " << e.what() << "\n"
              << "usage: " << command->usage << "\n";
    return kBadInput;
  }
  if (inv.options.count("help")) {
    print_command_help(*command, d, std::cout);
    return kSuccess;
  }
  if (!inv.options.count("scenario") && !command->scenario_optional) {
    std::cerr << "pimhsim " << command->name
              << ": no scenario file given\nusage: " << command->usage << "\n";
    return kBadInput;
  }
  return command->action(inv);
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__)
  // A fixed mmap threshold: blocks of 256 KiB and more (the areas' dyad rings, tallies, tables)
  // are mapped and unmapped on their own. glibc's default raises the threshold after each such
  // block is freed, so later large blocks land in the heap, and a run's peak memory then depends
  // on the order in which areas of different sizes happen to reach the threads
  // (docs/performance.md, "Memory").
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
  try {
    return dispatch(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "pimhsim: error: " << e.what() << "\n";
    return kRuntimeFailure;
  }
}
