// `pimhsim plan SCENARIO --target EXPR`: the smallest specialist staffing that meets a target.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
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
  analysis::PlanSettings settings;
  std::string why;
  if (!o.count("target")) {
    std::cerr << "pimhsim plan: --target is required, e.g. --target 'detection >= 0.7'\n";
    return kBadInput;
  }
  const auto target = analysis::parse_target(o["target"].as<std::string>(), &why);
  if (!target) {
    std::cerr << "pimhsim plan: --target: " << why << "\n";
    return kBadInput;
  }
  settings.target = *target;
  const auto rule = analysis::parse_rule(o["rule"].as<std::string>());
  if (!rule) {
    std::cerr << fmt::format(
        "pimhsim plan: --rule: unknown rule `{}` (per-area, births or uniform)\n",
        o["rule"].as<std::string>());
    return kBadInput;
  }
  settings.rule = *rule;
  settings.minimum_wte = o["minimum-wte"].as<double>();
  settings.maximum = o["maximum"].as<double>();
  settings.step = o["step"].as<double>();
  for (const auto& [name, v] : {std::pair{"minimum-wte", settings.minimum_wte},
                                {"maximum", settings.maximum},
                                {"step", settings.step}})
    if (!(v >= 0) || !std::isfinite(v)) {
      std::cerr << fmt::format("pimhsim plan: --{}: {} is not a number >= 0\n", name, v);
      return kBadInput;
    }
  if (const auto problem = analysis::settings_problem(settings); !problem.empty()) {
    std::cerr << "pimhsim plan: "
              << with_flags(problem, {{"minimum_wte", "--minimum-wte"},
                                      {"maximum", "--maximum"},
                                      {"step", "--step"}})
              << "\n";
    return kBadInput;
  }
  if (o.count("base-option")) settings.base_option = o["base-option"].as<std::string>();
  const auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  if (s->model != "pathway") {
    std::cerr << fmt::format(
        "{}:1:1: error: model: staffing plans need `model: pathway`, found `{}`\n", s->file,
        s->model);
    return kBadInput;
  }
  if (!settings.base_option.empty()) {
    bool found = false;
    for (const auto& opt : s->options) found = found || opt.name == settings.base_option;
    if (!found) {
      std::cerr << fmt::format("pimhsim plan: --base-option: no option named `{}` in {}\n",
                               settings.base_option, s->file);
      return kBadInput;
    }
  }
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
  const auto result = analysis::plan(*s, settings);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  output::AtomicDirectory dir(out_dir);
  output::write_plan(dir, *s, result,
                     output::manifest_json(*s, {inv.command_line, threads, seconds}));
  dir.commit();
  if (!o["quiet"].as<bool>()) {
    std::cout << output::plan_text(s->name, result);
    std::cout << fmt::format("planned in {:.1f} s; results in {}/ (plan.csv per area, plan.json)\n",
                             seconds, out_dir);
  }
  return kSuccess;
}

void options(po::options_description& d) {
  add_scenario_options(d);
  add_output_options(d, default_out_help("-plan"));
  d.add_options()("target", po::value<std::string>(),
                  "what the staffing must achieve: `MEASURE >= VALUE`, `MEASURE <= VALUE` or `max "
                  "nmb@THRESHOLD`; MEASURE is "
                  "detection, timely_specialist, specialist_care, trained_share, roi, "
                  "roi_public_sector, roi_societal or nmb@THRESHOLD")(
      "rule", po::value<std::string>()->default_value("per-area"),
      "per-area (each area its own WTE), births (one WTE per 1,000 births figure for all) or "
      "uniform (one WTE for all)")("minimum-wte", po::value<double>()->default_value(0),
                                   "least WTE in any area")(
      "maximum", po::value<double>()->default_value(0),
      "top of the search: WTE per area, or per 1,000 births (0: 30, or 3)")(
      "step", po::value<double>()->default_value(0),
      "grid step of the search (0: 0.1 WTE, or 0.05 WTE per 1,000 births)")(
      "base-option", po::value<std::string>(),
      "option whose parameters the plan uses besides staffing (default: the comparator's)");
}

}  // namespace

extern const Command kPlanCommand{
    "plan",
    "find the smallest specialist staffing that meets a target, per area or as a rule, with its "
    "cost and what it achieves",
    "pimhsim plan SCENARIO --target EXPR [--rule per-area|births|uniform] [--minimum-wte W] [--out "
    "DIR]",
    {"pimhsim plan scenarios/england.yaml --target 'timely_specialist >= 0.8'",
     "pimhsim plan scenarios/england.yaml --target 'detection >= 0.7' --rule births --minimum-wte "
     "1",
     "pimhsim plan scenarios/england.yaml --target 'max nmb@20000' --rule uniform"},
    &options,
    &plan,
};

}  // namespace pimhsim::cli
