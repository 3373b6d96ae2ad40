#include "cli/scenario_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>

#include "pimhsim/core/runner.h"
#include "pimhsim/models/registry.h"

namespace pimhsim::cli {

void add_scenario_options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::string>(), "scenario YAML file");
  add_override_options(d);
}

void add_override_options(po::options_description& d) {
  d.add_options()("set", po::value<std::vector<std::string>>()->composing(),
                  "override a scenario value, e.g. --set run.replicates=4 (repeatable)")(
      "seed", po::value<std::string>(), "random seed (same as --set run.seed=N)");
}

std::string default_out_help(const std::string& suffix) {
  return fmt::format("results/NAME{}, NAME the scenario file's name without its extension", suffix);
}

void add_output_options(po::options_description& d, const std::string& default_out) {
  d.add_options()("out", po::value<std::string>(),
                  fmt::format("results directory (default: {}); replaced whole, so it must be new, "
                              "empty or an earlier PIMHsim "
                              "results directory",
                              default_out)
                      .c_str())(
      "threads", po::value<long long>()->notifier([](long long n) {
        if (n < 1 || n > kMaxThreads)
          throw po::error(fmt::format("--threads: {} is out of range (1 to {} worker threads)", n,
                                      kMaxThreads));
      }),
      fmt::format("worker threads, 1 to {} (default: all cores); results do not depend on it",
                  kMaxThreads)
          .c_str())("quiet", po::bool_switch(), "print nothing on success");
}

std::optional<scenario::Scenario> load_scenario_from(const Invocation& inv) {
  return load_scenario_at(inv.options["scenario"].as<std::string>(), inv);
}

std::optional<scenario::Scenario> load_scenario_at(const std::string& path, const Invocation& inv) {
  return load_scenario_at(path, inv, {});
}

std::optional<scenario::Scenario> load_scenario_at(const std::string& path, const Invocation& inv,
                                                   const std::vector<std::string>& extra) {
  std::vector<std::string> sets;
  if (inv.options.count("set")) sets = inv.options["set"].as<std::vector<std::string>>();
  sets.insert(sets.end(), extra.begin(), extra.end());
  // --seed N is --set run.seed=N, but a bad N is reported as the --seed the user typed.
  scenario::Diagnostics seed_diagnostics;
  if (inv.options.count("seed"))
    scenario::add_seed(inv.options["seed"].as<std::string>(), "--seed", "--set", sets,
                       seed_diagnostics);
  scenario::Diagnostics diagnostics;
  auto s = scenario::load_scenario(path, sets, models::specs(), diagnostics);
  if (!seed_diagnostics.empty()) {
    for (const auto& e : seed_diagnostics.sorted())
      diagnostics.error(e.where, e.path, e.message, e.expected);
    s.reset();
  }
  if (!s) diagnostics.print(std::cerr);
  return s;
}

unsigned thread_count(const Invocation& inv) {
  if (inv.options.count("threads"))
    return static_cast<unsigned>(inv.options["threads"].as<long long>());
  return std::min(core::default_thread_count(), static_cast<unsigned>(kMaxThreads));
}

void add_settings(po::options_description& d, const std::vector<core::SettingSpec>& specs) {
  using K = core::SettingSpec::Kind;
  for (const auto& spec : specs) {
    std::string name = core::flag_name(spec.name).substr(2);
    if (spec.short_name != '\0') name += std::string(",") + spec.short_name;
    const auto& def = spec.default_value;
    po::value_semantic* value = nullptr;
    if (spec.kind == K::kSwitch) {
      value = po::bool_switch();
    } else if (spec.kind == K::kInteger) {
      auto* v = po::value<long long>();
      value = def ? v->default_value(std::get<long long>(*def)) : v;
    } else if (spec.kind == K::kNumber) {
      auto* v = po::value<double>();
      value = def ? v->default_value(std::get<double>(*def)) : v;
    } else {
      auto* v = po::value<std::string>();
      value = def ? v->default_value(std::get<std::string>(*def)) : v;
    }
    d.add_options()(name.c_str(), value, spec.help.c_str());
  }
}

core::SettingValues setting_values(const Invocation& inv,
                                   const std::vector<core::SettingSpec>& specs) {
  using K = core::SettingSpec::Kind;
  core::SettingValues values;
  for (const auto& spec : specs) {
    const std::string key = core::flag_name(spec.name).substr(2);
    if (!inv.options.count(key)) continue;
    const auto& v = inv.options[key];
    const bool given = !v.defaulted();
    switch (spec.kind) {
      case K::kSwitch:
        values.set(spec.name, v.as<bool>(), given);
        break;
      case K::kInteger:
        values.set(spec.name, v.as<long long>(), given);
        break;
      case K::kNumber:
        values.set(spec.name, v.as<double>(), given);
        break;
      case K::kText:
        values.set(spec.name, v.as<std::string>(), given);
        break;
    }
  }
  return values;
}

std::string with_flags(std::string message, const std::vector<core::SettingSpec>& specs) {
  std::vector<std::string> names = {"set", "seed"};
  for (const auto& spec : specs) names.push_back(spec.name);
  for (const auto& name : names) {
    const std::string quoted = "`" + name + "`", flag = core::flag_name(name);
    for (auto at = message.find(quoted); at != std::string::npos;
         at = message.find(quoted, at + flag.size()))
      message.replace(at, quoted.size(), flag);
  }
  return message;
}

}  // namespace pimhsim::cli
