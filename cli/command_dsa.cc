// `pimhsim dsa SCENARIO`: deterministic sensitivity analysis: a tornado of every parameter with a
// range, and on request a two-way grid and a threshold search, resumable after an interruption.
//
// Each new evaluation (one simulation of every option at one parameter set) is appended to
// DIR.partial/journal.csv with its memo key (pimhsim/output/journal.h). `--resume DIR` checks that
// the journal belongs to the same scenario and settings, preloads its evaluations into the Dsa's
// memo and runs the analysis again: the evaluations already made are not simulated again, and
// since the analysis is deterministic the files are byte-identical to those of an uninterrupted
// run (manifest.json aside).
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
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/dsa_writer.h"
#include "pimhsim/output/results.h"

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
    {"outcome", "--outcome"},     {"parameters", "--parameters"}, {"two_way", "--two-way"},
    {"threshold", "--threshold"}, {"range", "--range"},           {"no_tornado", "--no-tornado"}};

int dsa(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  const bool quiet = inv.options["quiet"].as<bool>();
  auto bad = [&](const std::string& message) {
    std::cerr << "pimhsim dsa: " << message << "\n";
    return kBadInput;
  };
  analysis::DsaOutcome outcome;
  const std::string name = inv.options["outcome"].as<std::string>();
  if (name == "nmb")
    outcome.measure = analysis::DsaMeasure::kNetMonetaryBenefit;
  else if (name == "net_savings")
    outcome.measure = analysis::DsaMeasure::kNetSavings;
  else if (name == "roi")
    outcome.measure = analysis::DsaMeasure::kRoi;
  else if (name == "icer")
    outcome.measure = analysis::DsaMeasure::kIcer;
  else if (name == "delta_cost")
    outcome.measure = analysis::DsaMeasure::kDeltaCost;
  else if (name == "delta_qalys")
    outcome.measure = analysis::DsaMeasure::kDeltaEffect;
  else
    return bad(fmt::format(
        "--outcome: unknown outcome `{}` (nmb, net_savings, roi, icer, delta_cost or delta_qalys)",
        name));
  outcome.perspective = inv.options["perspective"].as<std::string>();
  const long long points = inv.options["points"].as<long long>();
  if (points < 2 || points > 1000)
    return bad("--points: the two-way grid needs 2 to 1000 points per axis");
  const long long intervals = inv.options["intervals"].as<long long>();
  if (intervals < 1 || intervals > 100000)
    return bad("--intervals: the threshold scan needs 1 to 100,000 intervals");
  const long long top = inv.options["top"].as<long long>();
  if (top < 0) return bad(fmt::format("--top: {} is not a number of rows (0 or more)", top));
  const double tolerance = inv.options["tolerance"].as<double>();
  if (!std::isfinite(tolerance) || tolerance < 0)
    return bad(fmt::format(
        "--tolerance: {} is not a tolerance (a number >= 0; 0 for 1e-10 of the range)", tolerance));
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
  analysis::DsaPlan plan;
  if (const auto why = analysis::dsa_plan(*s, request, outcome, plan); !why.empty())
    return bad(with_flags(why, kDsaFlags));
  const auto& only = plan.parameters;
  const auto& two_way = plan.two_way;
  const auto& threshold = plan.threshold;
  std::optional<double> lo, hi;
  if (plan.range) {
    lo = plan.range->first;
    hi = plan.range->second;
  }

  const unsigned threads = thread_count(inv);
  analysis::Dsa d(*s, outcome, threads);
  if (lo)
    for (double x : {*lo, *hi}) {
      core::ParameterSet set = s->parameters;
      set.find(*threshold)->value = x;
      if (const auto why = d.rule_problem(set); !why.empty())
        return bad(fmt::format("--range {}: at {} = {:g}, {}",
                               inv.options["range"].as<std::string>(), *threshold, x, why));
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
  // The journal's header: the scenario, the outcome and every setting that decides which
  // evaluations are made.
  const std::string header = fmt::format(
      "# {}; parameters {}; tornado {}; two-way {}; points {}; threshold {}; range {}; intervals "
      "{}; tolerance {}\n",
      d.identity(), only.empty() ? std::string("all") : inv.options["parameters"].as<std::string>(),
      tornado ? "on" : "off",
      two_way ? fmt::format("{},{}", two_way->first, two_way->second) : std::string("none"), points,
      threshold ? *threshold : std::string("none"),
      lo ? fmt::format("{}:{}", *lo, *hi) : std::string("default"), intervals, tolerance);
  std::size_t dropped = 0;
  const auto why = open_journal(
      run, header,
      "--outcome, --wtp, --perspective, --parameters, --two-way, --points, --threshold, --range, "
      "--intervals, "
      "--tolerance and --no-tornado",
      [&](const std::string& line) {
        auto e = analysis::parse_dsa_journal_line(line, d.compared_options());
        if (e) d.preload(e->first, std::move(e->second));
        return e.has_value();
      },
      dropped);
  if (!why.empty()) return bad(why);
  const std::size_t preloaded = d.distinct_evaluations();
  if (run.resume && !quiet)
    std::cerr << fmt::format(
        "resuming: {} evaluations done{}\n", preloaded,
        dropped ? fmt::format(" ({} incomplete line(s) dropped)", dropped) : std::string());

  std::size_t planned = tornado ? analysis::one_way_evaluations(d, only) : 0;
  if (two_way) planned += static_cast<std::size_t>(points * points);
  if (threshold) planned += static_cast<std::size_t>(intervals + 1);
  Journal journal(run.journal);
  Progress progress("dsa", "evaluations", !quiet);
  progress.update(preloaded, std::max(planned, preloaded));
  d.set_on_evaluation([&](const std::string& key, const std::vector<double>& outcomes) {
    journal.append(analysis::dsa_journal_line(key, outcomes));
    const std::size_t k = d.distinct_evaluations();
    progress.update(k, std::max(planned, k));
  });
  std::optional<InterruptGuard> interrupt;
  interrupt.emplace();
  d.set_stop(&InterruptGuard::stop());
  std::optional<analysis::OneWayResult> one;
  std::optional<analysis::TwoWayResult> two;
  std::optional<analysis::ThresholdResult> thr;
  try {
    if (tornado) one = analysis::one_way_dsa(d, only);
    if (two_way)
      two = analysis::two_way_dsa(d, two_way->first, two_way->second,
                                  static_cast<std::size_t>(points));
    if (threshold)
      thr = analysis::threshold_dsa(d, *threshold, lo, hi, static_cast<std::size_t>(intervals),
                                    tolerance);
  } catch (const analysis::DsaInterrupted&) {
    interrupt.reset();
    progress.finish();
    std::cerr << interrupted_text(d.distinct_evaluations(), "evaluations", run);
    return kInterrupted;
  } catch (const std::exception& e) {
    interrupt.reset();
    progress.finish();
    std::cerr << failed_text("dsa", e.what(), "evaluations", run);
    return kRuntimeFailure;
  }
  interrupt.reset();
  progress.finish();

  const auto summary =
      analysis::dsa_summary(d, one ? &*one : nullptr, two ? &*two : nullptr, thr ? &*thr : nullptr);
  output::RunInfo info{
      inv.command_line, threads,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
  auto manifest = output::manifest_json(*s, info);
  manifest["analysis"] = "dsa";
  manifest["resumed"] = run.resume;
  output::AtomicDirectory dir(run.target);
  output::write_dsa(dir, *s, d, one ? &*one : nullptr, two ? &*two : nullptr, thr ? &*thr : nullptr,
                    summary, manifest);
  dir.commit();
  fs::remove_all(run.partial);
  if (!quiet) {
    std::cout << output::dsa_text(s->name, d, one ? &*one : nullptr, thr ? &*thr : nullptr,
                                  static_cast<std::size_t>(top));
    std::cout << fmt::format(
        "\n{} evaluations{} in {:.1f} s on {} thread(s); results in {}/\n", d.evaluations(),
        preloaded ? fmt::format(" (and {} from the journal)", preloaded) : std::string(),
        info.wall_seconds, threads, run.target.string());
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
