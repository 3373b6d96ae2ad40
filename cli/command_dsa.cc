// `pimhsim dsa SCENARIO`: deterministic sensitivity analysis: a tornado of every parameter with a
// range, and on request a two-way grid and a threshold search, resumable after an interruption
// (`--resume DIR`; the settings, the journal and the resumption are the engine's:
// pimhsim/analysis/dsa.h, pimhsim/output/dsa_job.h).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/dsa.h"
#include "pimhsim/output/dsa_job.h"
#include "pimhsim/output/dsa_writer.h"
#include "pimhsim/output/progress.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;

int dsa(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const bool quiet = inv.options["quiet"].as<bool>();
  const auto settings = analysis::dsa_setting_specs();
  auto bad = [&](const std::string& message) {
    return report_status("dsa", core::Status::bad_input(message), settings);
  };
  const auto values = setting_values(inv, settings);
  analysis::DsaRequest request;
  analysis::DsaOutcome outcome;
  if (auto st = analysis::dsa_request(values, request, outcome); !st.ok())
    return report_status("dsa", st, settings);
  auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  analysis::DsaPlan plan;
  if (const auto why = analysis::dsa_plan(*s, request, outcome, plan); !why.empty())
    return bad(why);

  const unsigned threads = thread_count(inv);
  analysis::Dsa d(*s, outcome, threads);
  if (plan.range)
    for (double x : {plan.range->first, plan.range->second}) {
      core::ParameterSet set = s->parameters;
      set.find(*plan.threshold)->value = x;
      if (const auto why = d.rule_problem(set); !why.empty())
        return bad(
            fmt::format("`range` {}: at {} = {:g}, {}", *request.range, *plan.threshold, x, why));
    }
  ResumableRun run;
  const std::string default_dir =
      (fs::path("results") / fmt::format("{}-dsa", fs::path(s->file).stem().string())).string();
  if (auto st = resumable_run(inv, default_dir, s->inputs, run); !st.ok())
    return report_status("dsa", st, settings);

  output::TerminalSession terminal("dsa", "evaluations", quiet);
  const auto job = output::run_dsa_job(*s, d, plan, run, {inv.command_line, threads, 0},
                                       terminal.control(), start);
  terminal.finish();
  if (!job.status.ok()) return report_status("dsa", job.status, settings);
  if (!quiet) {
    std::cout << output::dsa_text(s->name, d, job.one_way ? &*job.one_way : nullptr,
                                  job.threshold ? &*job.threshold : nullptr,
                                  static_cast<std::size_t>(values.integer("top")));
    std::cout << fmt::format(
        "\n{} evaluations{} in {:.1f} s on {} thread(s); results in {}/\n", d.evaluations(),
        job.from_journal ? fmt::format(" (and {} from the journal)", job.from_journal)
                         : std::string(),
        job.wall_seconds, threads, run.target.string());
  }
  return kSuccess;
}

void options(po::options_description& d) {
  add_scenario_options(d);
  add_output_options(d, default_out_help("-dsa"));
  add_settings(d, analysis::dsa_setting_specs());
  add_resume_option(d);
}

}  // namespace

extern const Command kDsaCommand{
    "dsa",
    "deterministic sensitivity analysis: tornado, two-way grid, threshold values",
    "pimhsim dsa SCENARIO [--outcome nmb|net_savings|roi|icer|delta_cost|delta_qalys] [--two-way "
    "A,B] [--threshold P] "
    "[--out DIR | --resume DIR] [options]",
    {"pimhsim dsa scenarios/england.yaml --outcome net_savings --out results/england-dsa",
     "pimhsim dsa scenarios/england.yaml --outcome net_savings --resume results/england-dsa   # "
     "after Ctrl-C",
     "pimhsim dsa scenarios/validation/sick_sicker_psa.yaml --wtp 100000 --two-way c_trt,u_trt "
     "--threshold c_trt"},
    &options,
    &dsa,
};

}  // namespace pimhsim::cli
