// `pimhsim run SCENARIO`: simulate every option of a scenario and write the results.
#include <fmt/format.h>

#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::cli {
namespace {

int run(const Invocation& inv) {
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto& s = job->scenario;
  // Each partition's rows are written as soon as its tally is complete, into a directory that
  // appears only once finish() returns. The writer refers to the model, which the outcome owns.
  auto model = models::make(s);
  output::RunWriter writer(job->out_dir, *model, setting_values(inv));
  const auto outcome =
      analysis::run_model(std::move(model), s.run.seed, s.run.replicates, job->threads, 0,
                          [&](std::size_t p, const core::Tally& t) { writer.add_partition(p, t); });
  writer.finish(s, outcome, run_info(inv, job->threads));
  if (!quiet(inv))
    std::cout << output::summary_text(s, outcome)
              << fmt::format("simulated in {:.2f} s on {} thread(s); results in {}/\n",
                             outcome.seconds, job->threads, job->out_dir)
              << writer.report_text();
  return kSuccess;
}

}  // namespace

extern const Command kRunCommand{
    .name = "run",
    .summary =
        "simulate every option of a scenario and write summary.json, results.csv and manifest.json",
    .usage = "pimhsim run SCENARIO [--out DIR] [--threads N] [--seed N] [--set key.path=value ...]",
    .examples = {"pimhsim run scenarios/example_area.yaml",
                 "pimhsim run scenarios/england.yaml --set run.scale=0.2 --threads 2 --out "
                 "results/england-20pc",
                 "pimhsim run scenarios/validation/sick_sicker.yaml --set run.population=10000"},
    .action = &run,
    .settings = &analysis::run_setting_specs,
};

}  // namespace pimhsim::cli
