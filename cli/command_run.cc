// `pimhsim run SCENARIO`: simulate every option of a scenario and write the results.
#include <fmt/format.h>

#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/output/run_job.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::cli {
namespace {

int run(const Invocation& inv) {
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto& s = job->scenario;
  const auto done = output::run_job(s, job->out_dir, setting_values(inv),
                                    run_info(inv, job->threads), job->threads);
  if (!done.status.ok()) return report(inv, done.status);
  if (!done.served && !quiet(inv))
    std::cout << output::summary_text(s, done.outcome)
              << fmt::format("simulated in {:.2f} s on {} thread(s); results in {}/\n",
                             done.outcome.seconds, job->threads, job->out_dir)
              << done.report_text;
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
    .shared = kOverrides | kOutput | kRanks,
    .settings = &analysis::run_setting_specs,
};

}  // namespace pimhsim::cli
