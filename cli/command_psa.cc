// `pimhsim psa SCENARIO`: probabilistic sensitivity analysis, resumable after an interruption
// (`--resume DIR`; the settings, the journal and the resumption are the engine's:
// pimhsim/analysis/psa.h, pimhsim/output/psa_job.h).
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/psa.h"
#include "pimhsim/output/progress.h"
#include "pimhsim/output/psa_job.h"
#include "pimhsim/output/psa_writer.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;

int psa(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const bool quiet = inv.options["quiet"].as<bool>();
  const auto settings = analysis::psa_setting_specs();
  // Command-line settings first: a bad one is refused before anything is read or run.
  analysis::PsaRequest request;
  if (auto st = analysis::psa_request(setting_values(inv, settings), request); !st.ok())
    return report_status("psa", st, settings);
  auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  ResumableRun run;
  const std::string default_dir =
      (fs::path("results") / fmt::format("{}-psa", fs::path(s->file).stem().string())).string();
  if (auto st = resumable_run(inv, default_dir, s->inputs, run); !st.ok())
    return report_status("psa", st, settings);
  auto psa = analysis::Psa::make(*s, request.settings);
  if (!psa.ok()) return report_status("psa", psa.status(), settings);
  analysis::PsaReport report;
  if (auto st = analysis::psa_report(request, *s, psa.value(), report); !st.ok())
    return report_status("psa", st, settings);
  // A distribution not centred on its parameter's value moves the PSA's means away from the base
  // case: said before the run, as `pimhsim validate` says it (stderr, like the other warnings).
  // Under --quiet nothing is printed: the warnings stay in psa_summary.json.
  if (!quiet)
    for (const auto& w : s->warnings) std::cerr << w.format() << '\n';

  const unsigned threads = thread_count(inv);
  output::TerminalSession terminal("psa", "iterations", quiet);
  const auto job = output::run_psa_job(*s, psa.value(), report, run, threads,
                                       {inv.command_line, threads, 0}, terminal.control(), start);
  terminal.finish();
  if (!job.status.ok()) return report_status("psa", job.status, settings);
  if (!quiet)
    for (const auto& w : job.summary.warnings) std::cerr << "warning: " << w << "\n";
  if (!quiet) {
    std::cout << output::psa_text(job.summary);
    std::cout << fmt::format("{} iterations in {:.1f} s on {} thread(s); results in {}/\n",
                             job.iterations.size(), job.wall_seconds, threads, run.target.string());
  }
  return kSuccess;
}

void options(po::options_description& d) {
  add_scenario_options(d);
  add_output_options(d, default_out_help("-psa"));
  add_settings(d, analysis::psa_setting_specs());
  add_resume_option(d);
}

}  // namespace

extern const Command kPsaCommand{
    "psa",
    "probabilistic sensitivity analysis: draw parameters, simulate every option, CEAC, EVPI, EVPPI",
    "pimhsim psa SCENARIO [--iterations N] [--method mc|lhs] [--evppi 'a,b;c'] [--out DIR | "
    "--resume DIR] [options]",
    {"pimhsim psa scenarios/example_area.yaml --iterations 200 --evppi all",
     "pimhsim psa scenarios/england.yaml --iterations 200 --out results/england-psa",
     "pimhsim psa scenarios/england.yaml --iterations 200 --resume results/england-psa   # after "
     "Ctrl-C",
     "pimhsim psa scenarios/validation/sick_sicker_psa.yaml --iterations 1000 --method lhs --evppi "
     "'c_trt;u_S1,u_trt'"},
    &options,
    &psa,
};

}  // namespace pimhsim::cli
