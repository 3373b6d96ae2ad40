// `pimhsim compare A.yaml B.yaml ...`: every option of every file side by side, on common random
// numbers where the files describe the same population, with the efficiency frontier.
#include <fmt/format.h>

#include <iostream>
#include <vector>

#include "cli/options.h"
#include "pimhsim/analysis/compare.h"
#include "pimhsim/core/messages.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/comparison.h"
#include "pimhsim/output/report.h"
#include "pimhsim/output/run_job.h"

namespace pimhsim::cli {
namespace {

int compare(const Invocation& inv) {
  const auto files = inv.options["scenario"].as<std::vector<std::string>>();
  std::vector<scenario::Scenario> scenarios;
  for (const auto& file : files)
    if (auto s = load_scenario_at(file, inv)) scenarios.push_back(std::move(*s));
  if (scenarios.size() != files.size()) return kBadInput;
  const auto settings = setting_values(inv);
  const auto variants = analysis::requested_variants(settings, files.size());
  if (!variants.ok()) return report(inv, variants.status());
  for (const auto& variant : variants.value())
    if (auto s = load_scenario_at(files[0], inv, variant.sets)) scenarios.push_back(std::move(*s));
  if (scenarios.size() != files.size() + variants->size()) return kBadInput;
  if (const auto why = analysis::compare_problem(scenarios, settings.flag("unpaired_populations"));
      !why.empty()) {
    std::cerr << (scenarios.size() < 2 ? "pimhsim compare: " : "") << with_flags(why, inv) << "\n";
    return kBadInput;
  }
  const auto out = checked_out_dir(inv, scenarios);
  if (!out) return kBadInput;
  const unsigned threads = thread_count(inv);
  // Before the runs, which may be stopped (atomic_directory.h); rank 0 alone writes.
  if (core::world().rank() == 0) output::sweep_leftovers(*out);
  const auto comparison =
      analysis::compare(scenarios, threads, output::runs_on_ranks(threads, "compare"));
  if (comparison.served()) return kSuccess;  // rank 0 of a distributed compare writes
  output::AtomicDirectory dir(*out);
  output::write_comparison(dir, comparison, scenarios,
                           output::comparison_manifest(scenarios, run_info(inv, threads)));
  const auto report_text =
      settings.flag("report") ? output::write_report_into(dir.pending(""), dir.target()) : "";
  dir.commit();
  if (!quiet(inv))
    std::cout << output::comparison_text(comparison, output::comparison_frontiers(comparison))
              << fmt::format("results in {}/\n", *out) << report_text;
  return kSuccess;
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
    .shared = kOverrides | kOutput | kRanks,
    .scenario_help = "scenario YAML files (two or more)",
    .fixed_out = "results/comparison",
    .settings = &analysis::compare_setting_specs,
    .max_scenarios = -1,
};

}  // namespace pimhsim::cli
