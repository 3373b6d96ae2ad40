// `pimhsim psa SCENARIO`: probabilistic sensitivity analysis, resumable after an interruption
// (`--resume DIR`; the settings, the journal and the resumption are the engine's:
// pimhsim/analysis/psa.h, pimhsim/output/psa_job.h).
#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/psa.h"
#include "pimhsim/output/progress.h"
#include "pimhsim/output/psa_job.h"
#include "pimhsim/output/psa_writer.h"

namespace pimhsim::cli {
namespace {

int psa(const Invocation& inv) {
  // Command-line settings first: a bad one is refused before anything is read or run.
  analysis::PsaRequest request;
  if (auto st = analysis::psa_request(setting_values(inv), request); !st.ok())
    return report(inv, st);
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto& s = job->scenario;
  auto psa = analysis::Psa::make(s, request.settings, request.posterior);
  if (!psa.ok()) return report(inv, psa.status());
  analysis::PsaReport plan;
  if (auto st = analysis::psa_report(request, s, psa.value(), plan); !st.ok())
    return report(inv, st);
  output::TerminalSession terminal("psa", "iterations", quiet(inv));
  const auto done = output::run_psa_job(s, psa.value(), plan, job->run, job->threads,
                                        run_info(inv, job->threads), terminal.control(), inv.start);
  terminal.finish();
  if (!done.status.ok()) return report(inv, done.status);
  if (quiet(inv)) return kSuccess;
  for (const auto& w : done.summary.warnings) std::cerr << "warning: " << w << "\n";
  std::cout << output::psa_job_text(done, job->threads, job->run);
  return kSuccess;
}

}  // namespace

extern const Command kPsaCommand{
    .name = "psa",
    .summary =
        "probabilistic sensitivity analysis: draw parameters, simulate every option, CEAC, "
        "EVPI, EVPPI",
    .usage =
        "pimhsim psa SCENARIO [--iterations N] [--method mc|lhs] [--evppi 'a,b;c'] [--out DIR "
        "| --resume DIR] [options]",
    .examples = {"pimhsim psa scenarios/example_area.yaml --iterations 200 --evppi all",
                 "pimhsim psa scenarios/england.yaml --iterations 200 --out results/england-psa",
                 "pimhsim psa scenarios/england.yaml --iterations 200 --resume "
                 "results/england-psa   # after Ctrl-C",
                 "pimhsim psa scenarios/validation/sick_sicker_psa.yaml --iterations 1000 "
                 "--method lhs --evppi 'c_trt;u_S1,u_trt'"},
    .action = &psa,
    .shared = kOverrides | kOutput | kResume | kRanks,
    .out_suffix = "-psa",
    .settings = &analysis::psa_setting_specs,
};

}  // namespace pimhsim::cli
