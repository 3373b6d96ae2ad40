// `pimhsim compare A.yaml B.yaml ...`: every option of every file side by side, on common random
// numbers where the files describe the same population, with the efficiency frontier.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <vector>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/compare.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/comparison.h"

namespace pimhsim::cli {
namespace {

int compare(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<scenario::Scenario> scenarios;
  bool ok = true;
  for (const auto& path : inv.options["scenario"].as<std::vector<std::string>>()) {
    auto s = load_scenario_at(path, inv);
    if (s)
      scenarios.push_back(std::move(*s));
    else
      ok = false;
  }
  if (!ok) return kBadInput;
  const bool unpaired = inv.options["unpaired-populations"].as<bool>();
  if (const auto why = analysis::compare_problem(scenarios, unpaired); !why.empty()) {
    const std::vector<core::SettingSpec> flag{
        {"unpaired_populations", core::SettingSpec::Kind::kSwitch, ""}};
    std::cerr << (scenarios.size() < 2 ? "pimhsim compare: " : "") << with_flags(why, flag) << "\n";
    return kBadInput;
  }
  const std::string out_dir =
      inv.options.count("out") ? inv.options["out"].as<std::string>() : "results/comparison";
  std::vector<std::string> inputs;
  for (const auto& s : scenarios) inputs.insert(inputs.end(), s.inputs.begin(), s.inputs.end());
  if (const auto why = results_dir_problem(inv, out_dir, inputs); !why.empty()) {
    std::cerr << "pimhsim compare: " << why << "\n";
    return kBadInput;
  }
  const unsigned threads = thread_count(inv);
  const auto comparison = analysis::compare(scenarios, threads);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  output::AtomicDirectory dir(out_dir);
  output::write_comparison(
      dir, comparison,
      output::comparison_manifest(scenarios, {inv.command_line, threads, seconds}));
  dir.commit();
  if (!inv.options["quiet"].as<bool>()) {
    std::cout << output::comparison_text(comparison, output::comparison_frontiers(comparison));
    std::cout << fmt::format("results in {}/\n", out_dir);
  }
  return kSuccess;
}

void options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::vector<std::string>>(),
                  "scenario YAML files (two or more)")(
      "unpaired-populations", po::bool_switch(),
      "compare files whose populations differ (areas, scale, horizon, economics): each file's "
      "options side by side, each file with its own frontier");
  add_override_options(d);
  add_output_options(d, "results/comparison");
}

}  // namespace

extern const Command kCompareCommand{
    "compare",
    "compare the options of several scenario files side by side, with the efficiency frontier",
    "pimhsim compare A.yaml B.yaml [more.yaml ...] [--out DIR] [--threads N] [--set key.path=value "
    "...]",
    {"pimhsim compare scenarios/validation/ponder.yaml scenarios/validation/holden.yaml --out "
     "results/comparison",
     "pimhsim compare scenarios/validation/sick_sicker.yaml "
     "scenarios/validation/sick_sicker_extended.yaml"},
    &options,
    &compare,
    -1,
};

}  // namespace pimhsim::cli
