// `pimhsim dsa SCENARIO`: deterministic sensitivity analysis: a tornado of every parameter with a
// range, and on request a two-way grid and a threshold search, resumable after an interruption
// (`--resume DIR`; the journal and the resumption are the engine's: pimhsim/output/dsa_job.h).
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/progress.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/dsa.h"
#include "pimhsim/output/dsa_job.h"
#include "pimhsim/output/dsa_writer.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;

// A setting given for a part of the analysis that does not run, or for another outcome, which
// would otherwise be ignored: why it is refused ("" if none is).
std::string unused_setting(const Invocation& inv, const std::string& outcome, bool tornado) {
  auto given = [&](const char* option) {
    return inv.options.count(option) > 0 && !inv.options[option].defaulted();
  };
  const bool threshold = given("threshold"), two_way = given("two-way");
  const std::pair<const char*, const char*> need_threshold[] = {
      {"range", "the range"}, {"intervals", "the scan"}, {"tolerance", "the tolerance"}};
  for (const auto& [option, what] : need_threshold)
    if (given(option) && !threshold)
      return fmt::format(
          "--{}: sets {} of the threshold search, which runs only with --threshold P (add it, or "
          "leave --{} out)",
          option, what, option);
  if (given("points") && !two_way)
    return "--points: sets the two-way grid, which runs only with --two-way A,B (add it, or leave "
           "--points out)";
  for (const char* option : {"parameters", "top"})
    if (given(option) && !tornado)
      return fmt::format(
          "--{}: applies to the tornado, which --no-tornado skips (leave one of them out)", option);
  if (given("perspective") && outcome != "net_savings" && outcome != "roi")
    return fmt::format(
        "--perspective: only --outcome net_savings and roi have a perspective, not --outcome {} "
        "(leave --perspective out, or choose one of them)",
        outcome);
  if (given("wtp") && outcome != "nmb" && outcome != "icer")
    return fmt::format(
        "--wtp: only --outcome nmb and icer use a threshold per QALY, not --outcome {} "
        "(leave --wtp out, or choose one of them)",
        outcome);
  return {};
}

// The flags of the DSA's settings, for the engine's messages.
const std::vector<std::pair<std::string, std::string>> kDsaFlags = {
    {"outcome", "--outcome"},
    {"wtp", "--wtp"},
    {"perspective", "--perspective"},
    {"parameters", "--parameters"},
    {"two_way", "--two-way"},
    {"points", "--points"},
    {"threshold", "--threshold"},
    {"range", "--range"},
    {"intervals", "--intervals"},
    {"tolerance", "--tolerance"},
    {"no_tornado", "--no-tornado"},
    {"set", "--set"},
    {"seed", "--seed"}};

int dsa(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const bool quiet = inv.options["quiet"].as<bool>();
  auto bad = [&](const std::string& message) {
    std::cerr << "pimhsim dsa: " << message << "\n";
    return kBadInput;
  };
  analysis::DsaOutcome outcome;
  const std::string name = inv.options["outcome"].as<std::string>();
  const auto measure = analysis::parse_dsa_measure(name);
  if (!measure)
    return bad(fmt::format(
        "--outcome: unknown outcome `{}` (nmb, net_savings, roi, icer, delta_cost or delta_qalys)",
        name));
  outcome.measure = *measure;
  outcome.perspective = inv.options["perspective"].as<std::string>();
  const long long top = inv.options["top"].as<long long>();
  if (top < 0) return bad(fmt::format("--top: {} is not a number of rows (0 or more)", top));
  const bool tornado = !inv.options["no-tornado"].as<bool>();
  if (const auto why = unused_setting(inv, name, tornado); !why.empty()) return bad(why);

  auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  analysis::DsaRequest request;
  request.outcome_name = name;
  request.tornado = tornado;
  for (const auto& [flag, field] :
       {std::pair{"parameters", &request.parameters}, std::pair{"two-way", &request.two_way},
        std::pair{"threshold", &request.threshold}, std::pair{"range", &request.range}})
    if (inv.options.count(flag)) *field = inv.options[flag].as<std::string>();
  if (inv.options.count("wtp")) request.wtp = inv.options["wtp"].as<double>();
  request.points = inv.options["points"].as<long long>();
  request.intervals = inv.options["intervals"].as<long long>();
  request.tolerance = inv.options["tolerance"].as<double>();
  analysis::DsaPlan plan;
  if (const auto why = analysis::dsa_plan(*s, request, outcome, plan); !why.empty())
    return bad(with_flags(why, kDsaFlags));

  const unsigned threads = thread_count(inv);
  analysis::Dsa d(*s, outcome, threads);
  if (plan.range)
    for (double x : {plan.range->first, plan.range->second}) {
      core::ParameterSet set = s->parameters;
      set.find(*plan.threshold)->value = x;
      if (const auto why = d.rule_problem(set); !why.empty())
        return bad(fmt::format("--range {}: at {} = {:g}, {}",
                               inv.options["range"].as<std::string>(), *plan.threshold, x, why));
    }
  ResumableRun run;
  if (const auto why = resumable_run(
          inv,
          (fs::path("results") / fmt::format("{}-dsa", fs::path(s->file).stem().string())).string(),
          run);
      !why.empty())
    return bad(why);
  if (const auto why = results_dir_problem(inv, run.out_dir, s->inputs); !why.empty())
    return bad(why);
  if (const auto why = journal_dir_problem(run.partial, s->inputs); !why.empty()) return bad(why);

  Progress progress("dsa", "evaluations", !quiet);
  std::optional<InterruptGuard> interrupt;
  interrupt.emplace();
  output::ResumableControl control{[&](std::size_t k, std::size_t n) { progress.update(k, n); },
                                   &InterruptGuard::stop(),
                                   [&](const std::string& line) {
                                     if (!quiet) std::cerr << line << "\n";
                                   }};
  const auto job =
      output::run_dsa_job(*s, d, plan, run, {inv.command_line, threads, 0}, control, start);
  interrupt.reset();
  progress.finish();
  if (!job.status.ok()) return report_status("dsa", job.status, kDsaFlags);
  if (!quiet) {
    std::cout << output::dsa_text(s->name, d, job.one_way ? &*job.one_way : nullptr,
                                  job.threshold ? &*job.threshold : nullptr,
                                  static_cast<std::size_t>(top));
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
  d.add_options()(
      "outcome", po::value<std::string>()->default_value("nmb"),
      "nmb (incremental net monetary benefit), net_savings, roi, icer, delta_cost or delta_qalys")(
      "wtp", po::value<double>(),
      "threshold per QALY for nmb and icer (default: the scenario's first)")(
      "perspective", po::value<std::string>()->default_value("nhs_pss"),
      "for net_savings and roi: nhs_pss, public_sector or societal")(
      "parameters", po::value<std::string>(), "only these parameters in the tornado: `a,b,c`")(
      "no-tornado", po::bool_switch(), "skip the one-way analysis")(
      "two-way", po::value<std::string>(), "a two-way grid of two parameters: `A,B`")(
      "points", po::value<long long>()->default_value(5), "points per axis of the two-way grid")(
      "threshold", po::value<std::string>(),
      "find the values of this parameter where the outcome crosses zero")(
      "range", po::value<std::string>(),
      "LO:HI to search for the threshold (default: the parameter's one-way range)")(
      "intervals", po::value<long long>()->default_value(20),
      "scan intervals of the threshold search")(
      "tolerance", po::value<double>()->default_value(0.0),
      "absolute tolerance of a threshold (0: 1e-10 of the range)")(
      "top", po::value<long long>()->default_value(15), "tornado rows printed (all are written)")(
      "resume", po::value<std::string>(), "continue the interrupted run whose results go to DIR");
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
