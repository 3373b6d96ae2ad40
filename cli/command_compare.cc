// `pimhsim compare A.yaml B.yaml ...`: every option of every file side by side, on common random
// numbers where the files describe the same population, with the efficiency frontier.
#include <fmt/format.h>

#include <algorithm>
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
  const auto files = inv.options["scenario"].as<std::vector<std::string>>();
  for (const auto& path : files) {
    auto s = load_scenario_at(path, inv);
    if (s)
      scenarios.push_back(std::move(*s));
    else
      ok = false;
  }
  if (!ok) return kBadInput;
  // Variants of one file: NAME:KEY=VALUE, repeated for more overrides of the same variant.
  if (inv.options.count("variant")) {
    if (files.size() != 1) {
      std::cerr << "pimhsim compare: --variant makes variants of one scenario file; give one\n";
      return kBadInput;
    }
    const auto variants = analysis::parse_variants(
        inv.options["variant"].as<std::vector<std::string>>(), scenarios[0].name);
    if (!variants.ok()) {
      std::cerr << "pimhsim compare: "
                << with_flags(variants.status().message(),
                              {{"variant", core::SettingSpec::Kind::kText, ""}})
                << "\n";
      return kBadInput;
    }
    for (const auto& variant : variants.value()) {
      auto s = load_scenario_at(files[0], inv, variant.sets);
      if (!s) return kBadInput;
      scenarios.push_back(std::move(*s));
    }
  }
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
      "variant", po::value<std::vector<std::string>>()->composing(),
      "a variant of the one scenario file: NAME:KEY=VALUE (repeat a NAME for more overrides of "
      "it); variants of one population run together on common random numbers")(
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
    "pimhsim compare A.yaml B.yaml [more.yaml ...] | compare A.yaml --variant NAME:KEY=VALUE ... "
    "[--out DIR] [--threads N] [--set key.path=value ...]",
    {"pimhsim compare scenarios/validation/ponder.yaml scenarios/validation/holden.yaml --out "
     "results/comparison",
     "pimhsim compare scenarios/validation/sick_sicker.yaml "
     "scenarios/validation/sick_sicker_extended.yaml",
     "pimhsim compare scenarios/example_area.yaml --variant "
     "'fewer hidden:parameters.detection.hidden_share.value=0.3' --variant "
     "'band 6:switches.specialist_band=band_6'"},
    &options,
    &compare,
    -1,
};

}  // namespace pimhsim::cli
