// `pimhsim plan SCENARIO --target EXPR`: the smallest specialist staffing that meets a target.
#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/plan.h"
#include "pimhsim/output/plan_job.h"

namespace pimhsim::cli {
namespace {

int plan(const Invocation& inv) {
  analysis::PlanSettings settings;
  if (auto st = analysis::plan_request(setting_values(inv), settings); !st.ok())
    return report(inv, st);
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto done = output::plan_job(job->scenario, std::move(settings), job->out_dir,
                                     run_info(inv, job->threads), job->threads);
  if (!done.status.ok()) return report(inv, done.status);
  if (!done.served && !quiet(inv)) std::cout << done.text;
  // A target out of reach is an answer, written in full, but not a plan: exit status 3.
  return done.reachable ? kSuccess : kTargetNotReached;
}

}  // namespace

extern const Command kPlanCommand{
    .name = "plan",
    .summary =
        "find the smallest specialist staffing that meets a target, or what a budget buys, "
        "per area or as a rule, with its cost, what it achieves and a dose-response table",
    .usage =
        "pimhsim plan SCENARIO (--target EXPR | --budget POUNDS | --sweep FROM:TO:STEP) "
        "[--rule per-area|births|uniform] [--minimum-wte W] [--out DIR]",
    .examples = {"pimhsim plan scenarios/england.yaml --target 'timely_specialist >= 0.8'",
                 "pimhsim plan scenarios/england.yaml --target 'detection >= 0.7' --rule births "
                 "--minimum-wte 1",
                 "pimhsim plan scenarios/england.yaml --target 'max nmb@20000' --rule uniform",
                 "pimhsim plan scenarios/example_area.yaml --budget 150000",
                 "pimhsim plan scenarios/example_area.yaml --target 'timely_specialist >= 0.8' "
                 "--sweep 0:6:1"},
    .action = &plan,
    .shared = kOverrides | kOutput | kRanks,
    .out_suffix = "-plan",
    .settings = &analysis::plan_setting_specs,
    .more_exit_statuses =
        "3 target not reachable within the search (results written, with the best reachable)",
};

}  // namespace pimhsim::cli
