// `pimhsim plan SCENARIO --target EXPR`: the smallest specialist staffing that meets a target.
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/plan.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/plan_writer.h"
#include "pimhsim/output/results.h"

namespace pimhsim::cli {
namespace {

int plan(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const auto& o = inv.options;
  const auto specs = analysis::plan_setting_specs();
  analysis::PlanSettings settings;
  if (auto st = analysis::plan_request(setting_values(inv, specs), settings); !st.ok())
    return report_status("plan", st, specs);
  const auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  if (const auto why = analysis::plan_scenario_problem(*s, settings))
    return report_status("plan", core::Status::bad_input(*why), specs);
  const std::string out_dir = o.count("out")
                                  ? o["out"].as<std::string>()
                                  : (std::filesystem::path("results") /
                                     (std::filesystem::path(s->file).stem().string() + "-plan"))
                                        .string();
  if (const auto why = results_dir_problem(inv, out_dir, s->inputs); !why.empty()) {
    std::cerr << "pimhsim plan: " << why << "\n";
    return kBadInput;
  }
  const unsigned threads = thread_count(inv);
  settings.executor = threads;
  const auto planned = analysis::plan(*s, settings);
  if (!planned.ok()) return report_status("plan", planned.status(), specs);
  const auto& result = planned.value();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  output::AtomicDirectory dir(out_dir);
  output::write_plan(dir, *s, result,
                     output::manifest_json(*s, {inv.command_line, threads, seconds}));
  dir.commit();
  if (!o["quiet"].as<bool>()) {
    std::cout << output::plan_text(s->name, result);
    std::cout << fmt::format("planned in {:.1f} s; results in {}/\n", seconds, out_dir);
  }
  // A target out of reach is an answer, written in full, but not a plan: exit status 3.
  return result.reachable ? kSuccess : kTargetNotReached;
}

void options(po::options_description& d) {
  add_scenario_options(d);
  add_output_options(d, default_out_help("-plan"));
  add_settings(d, analysis::plan_setting_specs());
}

}  // namespace

extern const Command kPlanCommand{
    "plan",
    "find the smallest specialist staffing that meets a target, or what a budget buys, per area or "
    "as a rule, with its cost, what it achieves and a dose-response table",
    "pimhsim plan SCENARIO (--target EXPR | --budget POUNDS | --sweep FROM:TO:STEP) [--rule "
    "per-area|births|uniform] [--minimum-wte W] [--out DIR]",
    {"pimhsim plan scenarios/england.yaml --target 'timely_specialist >= 0.8'",
     "pimhsim plan scenarios/england.yaml --target 'detection >= 0.7' --rule births --minimum-wte "
     "1",
     "pimhsim plan scenarios/england.yaml --target 'max nmb@20000' --rule uniform",
     "pimhsim plan scenarios/example_area.yaml --budget 150000",
     "pimhsim plan scenarios/example_area.yaml --target 'timely_specialist >= 0.8' --sweep 0:6:1"},
    &options,
    &plan,
    1,
    "3 target not reachable within the search (results written, with the best reachable)",
};

}  // namespace pimhsim::cli
