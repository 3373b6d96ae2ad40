// `pimhsim psa SCENARIO`: probabilistic sensitivity analysis, resumable after an interruption
// (`--resume DIR`; the journal and the resumption are the engine's: pimhsim/output/psa_job.h).
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/progress.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/psa.h"
#include "pimhsim/output/psa_job.h"
#include "pimhsim/output/psa_writer.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;

// The flags of the settings the engine's messages name.
const std::vector<std::pair<std::string, std::string>> kPsaFlags = {
    {"iterations", "--iterations"}, {"method", "--method"}, {"set", "--set"}, {"seed", "--seed"}};

std::string default_out_dir(const std::string& scenario_file) {
  return (fs::path("results") / fmt::format("{}-psa", fs::path(scenario_file).stem().string()))
      .string();
}

int psa(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const bool quiet = inv.options["quiet"].as<bool>();
  auto bad = [&](const std::string& message) {
    std::cerr << "pimhsim psa: " << message << "\n";
    return kBadInput;
  };
  // Command-line settings first: a bad one is refused before anything is read or run.
  analysis::PsaSettings settings;
  const long long iterations = inv.options["iterations"].as<long long>();
  // One iteration has no spread: its intervals, probabilities and errors would all be empty or 0.
  if (iterations < 2 || iterations > 10'000'000)
    return bad(fmt::format("--iterations: {} is out of range (2 to 10,000,000)", iterations));
  settings.iterations = static_cast<std::uint32_t>(iterations);
  const std::string method = inv.options["method"].as<std::string>();
  if (method == "mc")
    settings.method = analysis::SamplingMethod::kMonteCarlo;
  else if (method == "lhs")
    settings.method = analysis::SamplingMethod::kLatinHypercube;
  else
    return bad(fmt::format(
        "--method: unknown method `{}` (mc for simple Monte Carlo, lhs for Latin hypercube)",
        method));
  std::optional<std::vector<double>> grid;
  if (inv.options.count("thresholds")) {
    std::string why;
    grid = analysis::parse_threshold_grid(inv.options["thresholds"].as<std::string>(), why);
    if (!grid)
      return bad(fmt::format("--thresholds: `{}` is not valid ({})",
                             inv.options["thresholds"].as<std::string>(), why));
  }
  analysis::PsaReport report;
  if (inv.options.count("population")) {
    const double p = inv.options["population"].as<double>();
    if (!std::isfinite(p) || p <= 0)
      return bad("--population: the people affected each year must be a number > 0");
    report.annual_population = p;
  }
  if (inv.options.count("horizon-years")) {
    const long long h = inv.options["horizon-years"].as<long long>();
    if (h < 1 || h > 1000)
      return bad("--horizon-years: the decision's horizon must be 1 to 1000 years");
    report.horizon_years = static_cast<std::uint32_t>(h);
  }

  auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  if (!inv.options.count("horizon-years")) report.horizon_years = s->run.horizon;
  ResumableRun run;
  if (const auto why = resumable_run(inv, default_out_dir(s->file), run); !why.empty())
    return bad(why);
  if (const auto why = results_dir_problem(inv, run.out_dir, s->inputs); !why.empty())
    return bad(why);
  if (const auto why = journal_dir_problem(run.partial, s->inputs); !why.empty()) return bad(why);
  std::optional<analysis::Psa> psa;
  try {
    psa.emplace(*s, settings);
  } catch (const std::invalid_argument& e) {
    return bad(e.what());
  }
  if (inv.options.count("horizon-years") && psa->layout().persons &&
      report.horizon_years != s->run.horizon)
    return bad(
        fmt::format("--horizon-years: model `{}` values the births of its own horizon (run.horizon "
                    "= {} years), already "
                    "discounted, so its population EVPI is over that horizon; set run.horizon "
                    "(--set run.horizon={}) "
                    "instead of --horizon-years",
                    s->model, s->run.horizon, report.horizon_years));
  report.thresholds = grid ? *grid : analysis::default_threshold_grid(s->economics.thresholds);
  if (inv.options.count("evppi")) {
    std::string why;
    const auto groups = analysis::parse_evppi_groups(inv.options["evppi"].as<std::string>(),
                                                     psa->layout().parameters, why);
    if (!groups) return bad(fmt::format("--evppi: {}", why));
    report.evppi_groups = *groups;
  }
  // A distribution not centred on its parameter's value moves the PSA's means away from the base
  // case: said before the run, as `pimhsim validate` says it (stderr, like the other warnings).
  for (const auto& w : s->warnings) std::cerr << w.format() << '\n';

  const unsigned threads = thread_count(inv);
  Progress progress("psa", "iterations", !quiet);
  std::optional<InterruptGuard> interrupt;
  interrupt.emplace();
  output::ResumableControl control{[&](std::size_t k, std::size_t n) { progress.update(k, n); },
                                   &InterruptGuard::stop(),
                                   [&](const std::string& line) {
                                     if (!quiet) std::cerr << line << "\n";
                                   }};
  const auto job = output::run_psa_job(*s, *psa, report, run, threads,
                                       {inv.command_line, threads, 0}, control, start);
  interrupt.reset();
  progress.finish();
  if (!job.status.ok()) return report_status("psa", job.status, kPsaFlags);
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
  d.add_options()("iterations,n", po::value<long long>()->default_value(1000),
                  "parameter draws (PSA iterations)")(
      "method", po::value<std::string>()->default_value("mc"),
      "sampling: mc (simple Monte Carlo) or lhs (Latin hypercube)")(
      "thresholds", po::value<std::string>(),
      "CEAC grid per QALY: `FROM:TO:STEP` or `a,b,c` (default: 0 to twice the largest scenario "
      "threshold, 41 points)")(
      "evppi", po::value<std::string>(),
      "EVPPI of parameter groups: `a,b;c` (groups split by `;`), or `all` (each on its own)")(
      "population", po::value<double>(),
      "people affected by the decision each year, for population EVPI "
      "(default for the pathway: dyads over the horizon / horizon years)")(
      "horizon-years", po::value<long long>(),
      "years the decision applies, for population EVPI (default: run.horizon; the pathway's "
      "population is always the births of run.horizon)")(
      "resume", po::value<std::string>(), "continue the interrupted run whose results go to DIR");
}

}  // namespace

extern const Command kPsaCommand{
    "psa",
    "probabilistic sensitivity analysis: draw parameters, simulate every option, CEAC, EVPI, EVPPI",
    "pimhsim psa SCENARIO [--iterations N] [--method mc|lhs] [--evppi 'a,b;c'] [--out DIR | "
    "--resume DIR] [options]",
    {"pimhsim psa scenarios/england.yaml --iterations 200 --out results/england-psa",
     "pimhsim psa scenarios/england.yaml --iterations 200 --resume results/england-psa   # after "
     "Ctrl-C",
     "pimhsim psa scenarios/validation/sick_sicker_psa.yaml --iterations 1000 --method lhs --evppi "
     "'c_trt;u_S1,u_trt'"},
    &options,
    &psa,
};

}  // namespace pimhsim::cli
