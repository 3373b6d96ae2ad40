// `pimhsim run SCENARIO`: simulate every option of a scenario and write the results.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::cli {
namespace {

std::string default_out_dir(const std::string& scenario_file) {
  return (std::filesystem::path("results") / std::filesystem::path(scenario_file).stem()).string();
}

int run(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  const unsigned threads = thread_count(inv);
  const std::string out_dir =
      inv.options.count("out") ? inv.options["out"].as<std::string>() : default_out_dir(s->file);
  if (const auto why = results_dir_problem(inv, out_dir, s->inputs); !why.empty()) {
    std::cerr << "pimhsim run: " << why << "\n";
    return kBadInput;
  }
  // Each partition's rows are written as soon as its tally is complete, into a directory that
  // appears only once finish() returns. The writer refers to the model, which the outcome owns.
  auto model = models::make(*s);
  output::RunWriter writer(out_dir, *model);
  const auto outcome =
      analysis::run_model(std::move(model), s->run.seed, s->run.replicates, threads, 0,
                          [&](std::size_t p, const core::Tally& t) { writer.add_partition(p, t); });
  output::RunInfo info{
      inv.command_line, threads,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  writer.finish(*s, outcome, info);
  if (!inv.options["quiet"].as<bool>()) {
    std::cout << output::summary_text(*outcome.model, output::summary_json(*s, outcome));
    std::cout << fmt::format("simulated in {:.2f} s on {} thread(s); results in {}/\n",
                             outcome.seconds, threads, out_dir);
  }
  return kSuccess;
}

void options(po::options_description& d) {
  add_scenario_options(d);
  add_output_options(d, default_out_help(""));
}

}  // namespace

extern const Command kRunCommand{
    "run",
    "simulate every option of a scenario and write summary.json, results.csv and manifest.json",
    "pimhsim run SCENARIO [--out DIR] [--threads N] [--seed N] [--set key.path=value ...]",
    {"pimhsim run scenarios/example_area.yaml",
     "pimhsim run scenarios/england.yaml --set run.scale=0.2 --threads 2 --out "
     "results/england-20pc",
     "pimhsim run scenarios/validation/sick_sicker.yaml --set run.population=10000"},
    &options,
    &run,
};

}  // namespace pimhsim::cli
