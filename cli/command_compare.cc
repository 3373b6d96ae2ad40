// `pimhsim compare A.yaml B.yaml ...`: every option of every file side by side, on common random
// numbers where the files describe the same population, with the efficiency frontier.
#include <fmt/format.h>

#include <iostream>
#include <vector>

#include "cli/options.h"
#include "pimhsim/analysis/compare.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/comparison.h"

namespace pimhsim::cli {
namespace {

int compare(const Invocation& inv) {
  const auto& o = inv.options;
  const auto files = o["scenario"].as<std::vector<std::string>>();
  std::vector<scenario::Scenario> scenarios;
  for (const auto& file : files)
    if (auto s = load_scenario_at(file, inv)) scenarios.push_back(std::move(*s));
  if (scenarios.size() != files.size()) return kBadInput;
  if (const bool grid = o.count("grid"); grid || o.count("variant")) {  // of one file
    if (files.size() != 1 || (grid && o.count("variant")))
      return bad_input(inv, "--variant or --grid makes variants of one scenario file; give one");
    const auto texts = o[grid ? "grid" : "variant"].as<std::vector<std::string>>();
    const auto variants = grid ? analysis::grid_variants(texts) : analysis::parse_variants(texts);
    if (!variants.ok()) return report(inv, variants.status());
    for (const auto& variant : variants.value())
      if (auto s = load_scenario_at(files[0], inv, variant.sets))
        scenarios.push_back(std::move(*s));
    if (scenarios.size() != variants.value().size() + 1) return kBadInput;
  }
  if (const auto why = analysis::compare_problem(scenarios, o["unpaired-populations"].as<bool>());
      !why.empty()) {
    std::cerr << (scenarios.size() < 2 ? "pimhsim compare: " : "") << with_flags(why, inv) << "\n";
    return kBadInput;
  }
  const auto out = checked_out_dir(inv, scenarios);
  if (!out) return kBadInput;
  const unsigned threads = thread_count(inv);
  const auto comparison = analysis::compare(scenarios, threads);
  output::AtomicDirectory dir(*out);
  output::write_comparison(dir, comparison, scenarios,
                           output::comparison_manifest(scenarios, run_info(inv, threads)));
  dir.commit();
  if (!quiet(inv))
    std::cout << output::comparison_text(comparison, output::comparison_frontiers(comparison))
              << fmt::format("results in {}/\n", *out);
  return kSuccess;
}

void options(po::options_description& d) {
  d.add_options()("variant", po::value<std::vector<std::string>>()->composing(),
                  "a variant of the one scenario file, NAME:KEY=VALUE (a NAME again: more "
                  "overrides); variants of one population share random numbers")(
      "grid", po::value<std::vector<std::string>>()->composing(),
      "a sweep of one or two settings, KEY=FROM:TO:STEP: each point a variant")(
      "unpaired-populations", po::bool_switch(),
      "compare files whose populations differ (areas, scale, horizon, economics): each file's "
      "options side by side, each file with its own frontier");
}

}  // namespace

extern const Command kCompareCommand{
    .name = "compare",
    .summary =
        "compare the options of several scenario files side by side, with the efficiency frontier",
    .usage =
        "pimhsim compare A.yaml B.yaml [more.yaml ...] | compare A.yaml (--variant "
        "NAME:KEY=VALUE ... | --grid KEY=FROM:TO:STEP ...) [--out DIR] [--set key.path=value ...]",
    .examples = {"pimhsim compare scenarios/validation/ponder.yaml "
                 "scenarios/validation/holden.yaml --out results/comparison",
                 "pimhsim compare scenarios/example_area.yaml --grid "
                 "parameters.specialist.caseload_per_clinical_wte.value=15:35:10",
                 "pimhsim compare scenarios/example_area.yaml --variant "
                 "'fewer hidden:parameters.detection.hidden_share.value=0.3' --variant "
                 "'band 6:switches.specialist_band=band_6'"},
    .action = &compare,
    .scenario_help = "scenario YAML files (two or more)",
    .fixed_out = "results/comparison",
    .add_options = &options,
    .max_scenarios = -1,
};

}  // namespace pimhsim::cli
