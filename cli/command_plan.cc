// `pimhsim plan SCENARIO --target EXPR`: the smallest specialist staffing that meets a target.
#include <fmt/format.h>

#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/plan.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/plan_writer.h"
#include "pimhsim/output/results.h"

namespace pimhsim::cli {
namespace {

int plan(const Invocation& inv) {
  analysis::PlanSettings settings;
  if (auto st = analysis::plan_request(setting_values(inv), settings); !st.ok())
    return report(inv, st);
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto& s = job->scenario;
  if (const auto why = analysis::plan_scenario_problem(s, settings)) return bad_input(inv, *why);
  if (settings.write_scenario)
    if (const auto why = output::scenario_file_problem(*settings.write_scenario))
      return bad_input(inv, *why);
  settings.executor = job->threads;
  const auto planned = analysis::plan(s, settings);
  if (!planned.ok()) return report(inv, planned.status());
  const auto info = run_info(inv, job->threads);
  output::AtomicDirectory dir(job->out_dir);
  const auto report_text =
      output::write_plan(dir, s, planned.value(), output::manifest_json(s, info));
  dir.commit();
  const auto file = output::write_planned_scenario_file(s, planned.value());
  if (!file.ok()) return report(inv, file.status());
  if (!quiet(inv))
    std::cout << output::plan_text(s.name, planned.value())
              << fmt::format("planned in {:.1f} s; results in {}/\n", info.wall_seconds,
                             job->out_dir)
              << report_text << file.value();
  // A target out of reach is an answer, written in full, but not a plan: exit status 3.
  return planned->reachable ? kSuccess : kTargetNotReached;
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
    .out_suffix = "-plan",
    .settings = &analysis::plan_setting_specs,
    .more_exit_statuses =
        "3 target not reachable within the search (results written, with the best reachable)",
};

}  // namespace pimhsim::cli
