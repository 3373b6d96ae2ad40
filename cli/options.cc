#include "cli/options.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "pimhsim/core/executor.h"
#include "pimhsim/core/flag_text.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;
using K = core::SettingSpec::Kind;

// Offers the engine's settings as flags (setting `two_way` as --two-way, with its help and
// default).
void add_settings(po::options_description& d, const std::vector<core::SettingSpec>& specs) {
  for (const auto& spec : specs) {
    std::string name = core::flag_name(spec.name).substr(2);
    if (spec.short_name != '\0') name += std::string(",") + spec.short_name;
    const auto& def = spec.default_value;
    auto typed = [&]<class T>(po::typed_value<T>* v) -> po::value_semantic* {
      return def ? v->default_value(std::get<T>(*def)) : v;
    };
    using Texts = std::vector<std::string>;
    po::value_semantic* value = spec.kind == K::kSwitch    ? po::bool_switch()
                                : spec.kind == K::kInteger ? typed(po::value<long long>())
                                : spec.kind == K::kNumber  ? typed(po::value<double>())
                                : spec.kind == K::kTexts   ? po::value<Texts>()->composing()
                                                           : typed(po::value<std::string>());
    d.add_options()(name.c_str(), value, spec.help.c_str());
  }
}

}  // namespace

po::options_description describe(const Command& c) {
  po::options_description d("options");
  d.add_options()("help,h", "show this help");
  d.add_options()("scenario",
                  c.max_scenarios == 1 ? static_cast<po::value_semantic*>(po::value<std::string>())
                                       : po::value<std::vector<std::string>>(),
                  c.scenario_help.c_str());
  if (c.shared & kOverrides)
    d.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                    "override a scenario value, e.g. --set run.replicates=4 (repeatable)")(
        "seed", po::value<std::string>(), "random seed (same as --set run.seed=N)")(
        "force", po::bool_switch(), "go ahead when memory or disk looks too small for the run");
  if (c.shared & kOutput)
    d.add_options()(
        "out", po::value<std::string>(),
        fmt::format("results directory (default: {}); replaced whole, so it must be new, empty or "
                    "an earlier PIMHsim results directory",
                    c.fixed_out.empty() ? "results/NAME" + c.out_suffix +
                                              ", NAME the scenario file's name without its "
                                              "extension"
                                        : c.fixed_out)
            .c_str())(
        "threads", po::value<long long>()->notifier([](long long n) {
          if (n < 1 || n > core::kMaxThreads)
            throw po::error(fmt::format("--threads: {} is out of range (1 to {} worker threads)", n,
                                        core::kMaxThreads));
        }),
        fmt::format("worker threads, 1 to {} (default: all cores); results do not depend on it",
                    core::kMaxThreads)
            .c_str());
  if (c.shared & (kOutput | kQuiet))
    d.add_options()("quiet", po::bool_switch(), "print nothing on success");
  if (c.settings) add_settings(d, c.settings());
  if (c.shared & kResume)
    d.add_options()("resume", po::value<std::string>(),
                    "continue the interrupted run whose results go to DIR");
  return d;
}

std::optional<scenario::Scenario> load_scenario_at(const std::string& path, const Invocation& inv,
                                                   const std::vector<std::string>& extra) {
  auto sets = given<std::vector<std::string>>(inv, "set").value_or(std::vector<std::string>{});
  sets.insert(sets.end(), extra.begin(), extra.end());
  // --seed N is --set run.seed=N, but a bad N is reported as the --seed the user typed.
  scenario::Diagnostics diagnostics;
  auto s = scenario::load_scenario(path, sets, given<std::string>(inv, "seed"), "--seed", "--set",
                                   models::specs(), diagnostics);
  if (!s) diagnostics.print(std::cerr);
  return s;
}

unsigned thread_count(const Invocation& inv) {
  return core::thread_count(given<long long>(inv, "threads"));
}

bool quiet(const Invocation& inv) {
  return inv.options.count("quiet") && inv.options["quiet"].as<bool>();
}

core::SettingValues setting_values(const Invocation& inv) {
  core::SettingValues values;
  if (!inv.command->settings) return values;
  for (const auto& spec : inv.command->settings()) {
    const std::string key = core::flag_name(spec.name).substr(2);
    if (!inv.options.count(key)) continue;
    const auto& v = inv.options[key];
    const bool given = !v.defaulted();
    if (spec.kind == K::kSwitch) values.set(spec.name, v.as<bool>(), given);
    if (spec.kind == K::kInteger) values.set(spec.name, v.as<long long>(), given);
    if (spec.kind == K::kNumber) values.set(spec.name, v.as<double>(), given);
    if (spec.kind == K::kText) values.set(spec.name, v.as<std::string>(), given);
    if (spec.kind == K::kTexts) values.set(spec.name, v.as<std::vector<std::string>>(), given);
  }
  return values;
}

std::string with_flags(std::string message, const Invocation& inv) {
  return core::with_flags(std::move(message), inv.flags);
}

int report(const Invocation& inv, const core::Status& status) {
  // An interruption's message is the resume hint alone; a failure's ends with its own newline.
  const auto code = status.code();
  if (code == core::StatusCode::kOk) return kSuccess;
  std::cerr << (code == core::StatusCode::kInterrupted ? "" : "pimhsim " + inv.command->name + ": ")
            << with_flags(status.message(), inv)
            << (code == core::StatusCode::kBadInput ? "\n" : "");
  return status.exit_code();
}

int bad_input(const Invocation& inv, const std::string& message) {
  return report(inv, core::Status::bad_input(message));
}

std::string out_dir(const Invocation& inv, const scenario::Scenario& s) {
  if (const auto out = given<std::string>(inv, "out")) return *out;
  if (!inv.command->fixed_out.empty()) return inv.command->fixed_out;
  return (fs::path("results") / (fs::path(s.file).stem().string() + inv.command->out_suffix))
      .string();
}

std::optional<std::string> checked_out_dir(const Invocation& inv,
                                           const std::vector<scenario::Scenario>& scenarios) {
  const std::string dir = out_dir(inv, scenarios.front());
  const auto why = output::results_problem(scenarios, budget(inv, dir));
  if (why.empty()) return dir;
  bad_input(inv, why);
  return std::nullopt;
}

std::optional<Job> prepare(const Invocation& inv) {
  auto s = load_scenario_at(inv.options["scenario"].as<std::string>(), inv);
  if (!s) return std::nullopt;
  // Warnings (no births; a PSA distribution off its value) go to stderr as validate prints them.
  for (const auto& w : s->warnings)
    if (!quiet(inv)) std::cerr << w.format() << '\n';
  Job job{std::move(*s), "", {}, thread_count(inv)};
  const auto& o = inv.options;
  const bool resume = o.count("resume") > 0;
  job.out_dir = resume ? o["resume"].as<std::string>() : out_dir(inv, job.scenario);
  std::string why = resume && o.count("out") && o["out"].as<std::string>() != job.out_dir
                        ? "--resume DIR continues the run whose results go to DIR: give --out DIR "
                          "or neither, not both"
                        : output::results_problem({&job.scenario, 1}, budget(inv, job.out_dir));
  if (why.empty() && (inv.command->shared & kResume)) {
    job.run = output::resumable_paths(job.out_dir, resume, "--resume " + job.out_dir);
    why = output::journal_dir_problem(job.run.partial, job.scenario.inputs, "choose another --out");
  }
  if (why.empty()) return job;
  bad_input(inv, why);
  return std::nullopt;
}

output::BudgetRequest budget(const Invocation& inv, const std::string& dir) {
  const auto& o = inv.options;
  const auto label = output::results_dir_label(dir, o.count("resume") > 0, o.count("out") > 0);
  const bool force = given<bool>(inv, "force").value_or(false);
  return {inv.command->name, setting_values(inv), dir, label, thread_count(inv), force};
}

output::RunInfo run_info(const Invocation& inv, unsigned threads) {
  return {inv.command_line, threads,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - inv.start).count()};
}

}  // namespace pimhsim::cli
