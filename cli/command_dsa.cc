// `pimhsim dsa SCENARIO`: deterministic sensitivity analysis: a tornado of every parameter with a
// range, and on request a two-way grid and a threshold search, resumable after an interruption
// (`--resume DIR`; the settings, the journal and the resumption are the engine's:
// pimhsim/analysis/dsa.h, pimhsim/output/dsa_job.h).
#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/dsa.h"
#include "pimhsim/output/dsa_job.h"
#include "pimhsim/output/dsa_writer.h"
#include "pimhsim/output/progress.h"

namespace pimhsim::cli {
namespace {

int dsa(const Invocation& inv) {
  const auto values = setting_values(inv);
  analysis::DsaRequest request;
  analysis::DsaOutcome outcome;
  if (auto st = analysis::dsa_request(values, request, outcome); !st.ok()) return report(inv, st);
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto& s = job->scenario;
  analysis::DsaPlan plan;
  if (const auto why = analysis::dsa_plan(s, request, outcome, plan); !why.empty())
    return bad_input(inv, why);
  analysis::Dsa d(s, outcome, job->threads);
  if (const auto why = analysis::dsa_plan_rule_problem(d, s, request, plan); !why.empty())
    return bad_input(inv, why);
  output::TerminalSession terminal("dsa", "evaluations", quiet(inv));
  const auto done = output::run_dsa_job(s, d, plan, job->run, run_info(inv, job->threads),
                                        terminal.control(), inv.start);
  terminal.finish();
  if (!done.status.ok()) return report(inv, done.status);
  if (quiet(inv)) return kSuccess;
  std::cout << output::dsa_job_text(done, s, d, static_cast<std::size_t>(values.integer("top")),
                                    job->threads, job->run);
  return kSuccess;
}

}  // namespace

extern const Command kDsaCommand{
    .name = "dsa",
    .summary = "deterministic sensitivity analysis: tornado, two-way grid, threshold values",
    .usage =
        "pimhsim dsa SCENARIO [--outcome nmb|net_savings|roi|icer|delta_cost|delta_qalys] "
        "[--two-way A,B] [--threshold P] [--out DIR | --resume DIR] [options]",
    .examples = {"pimhsim dsa scenarios/england.yaml --outcome net_savings --out "
                 "results/england-dsa",
                 "pimhsim dsa scenarios/england.yaml --outcome net_savings --resume "
                 "results/england-dsa   # after Ctrl-C",
                 "pimhsim dsa scenarios/validation/sick_sicker_psa.yaml --wtp 100000 --two-way "
                 "c_trt,u_trt --threshold c_trt"},
    .action = &dsa,
    .shared = kOverrides | kOutput | kResume | kRanks,
    .out_suffix = "-dsa",
    .settings = &analysis::dsa_setting_specs,
};

}  // namespace pimhsim::cli
