// `pimhsim compare A.yaml B.yaml ...`: every option of every file side by side, on common random
// numbers where the files describe the same population, with the efficiency frontier.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <utility>
#include <vector>

#include "cli/command.h"
#include "cli/output_dir.h"
#include "cli/scenario_options.h"
#include "cli/summary_text.h"
#include "pimhsim/analysis/compare.h"
#include "pimhsim/core/csv_text.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/frontier_table.h"
#include "pimhsim/version.h"

namespace pimhsim::cli {
namespace {

std::string comparison_csv(const nlohmann::json& table) {
  std::string out = "file,option,cost,cost_se,effect,effect_se,status,compared_with,icer\n";
  std::map<std::string, nlohmann::json> frontier;
  if (table.contains("frontier"))
    for (const auto& r : table["frontier"]["rows"]) frontier[r["option"].get<std::string>()] = r;
  for (const auto& o : table["options"]) {
    const std::string name = o["option"].get<std::string>();
    out += fmt::format("{},{}", core::csv_quoted(o["file"].get<std::string>()),
                       core::csv_quoted(name));
    if (o.contains("cost"))
      out += fmt::format(",{},{},{},{}", o["cost"]["value"].get<double>(),
                         o["cost"]["se"].get<double>(), o["effect"]["value"].get<double>(),
                         o["effect"]["se"].get<double>());
    else
      out += ",,,,";
    if (const auto it = frontier.find(name); it != frontier.end()) {
      const auto& r = it->second;
      out += fmt::format(
          ",{},{},{}", r["status"].get<std::string>(),
          r["compared_with"].is_null() ? std::string()
                                       : core::csv_quoted(r["compared_with"].get<std::string>()),
          r["icer"].is_null() ? std::string() : fmt::format("{}", r["icer"].get<double>()));
    } else {
      out += ",,,";
    }
    out += "\n";
  }
  return out;
}

std::string comparison_text(const nlohmann::json& t) {
  std::string out = fmt::format("{} options; {}\n\n", t["options"].size(),
                                t["common_random_numbers"].get<std::string>());
  std::size_t width = 8;
  for (const auto& o : t["options"]) width = std::max(width, o["option"].get<std::string>().size());
  out += fmt::format("{:<{}}{:>22}{:>16}{:>24}{:>14}\n", "option", width + 2, "cost", "effect",
                     "status", "ICER");
  std::map<std::string, nlohmann::json> frontier;
  if (t.contains("frontier"))
    for (const auto& r : t["frontier"]["rows"]) frontier[r["option"].get<std::string>()] = r;
  for (const auto& o : t["options"]) {
    const std::string name = o["option"].get<std::string>();
    out += fmt::format("{:<{}}", name, width + 2);
    if (o.contains("cost"))
      out += fmt::format("{:>22}{:>16}", human_number(o["cost"]["value"].get<double>()),
                         human_number(o["effect"]["value"].get<double>()));
    if (const auto it = frontier.find(name); it != frontier.end()) {
      const auto& r = it->second;
      out += fmt::format(
          "{:>24}{:>14}", r["status"].get<std::string>(),
          r["icer"].is_null() ? std::string("–") : human_number(r["icer"].get<double>()));
    }
    out += "\n";
  }
  if (t.contains("frontier")) {
    // Thresholds in numeric order (JSON keeps its keys as text, where 100000 sorts before 50000).
    std::vector<std::pair<double, std::string>> best;
    for (const auto& [wtp, name] : t["frontier"]["optimal_at_threshold"].items())
      best.emplace_back(std::stod(wtp), name.get<std::string>());
    std::sort(best.begin(), best.end());
    for (const auto& [wtp, name] : best)
      out += fmt::format("\nhighest net monetary benefit at {} per unit of effect: {}",
                         human_number(wtp), name);
  }
  return out + "\n";
}

int compare(const Invocation& inv) {
  const auto start = std::chrono::steady_clock::now();
  if (!inv.options.count("scenario") ||
      inv.options["scenario"].as<std::vector<std::string>>().size() < 2) {
    std::cerr << "pimhsim compare: give at least two scenario files\n";
    return kBadInput;
  }
  std::vector<scenario::Scenario> scenarios;
  bool ok = true;
  for (const auto& path : inv.options["scenario"].as<std::vector<std::string>>()) {
    auto s = load_scenario_at(path, inv);
    if (s)
      scenarios.push_back(std::move(*s));
    else
      ok = false;
  }
  if (!ok) return kBadInput;
  for (const auto& s : scenarios)
    if (s.model != scenarios[0].model) {
      std::cerr << fmt::format(
          "{}:1:1: error: model: `{}` cannot be compared with `{}` ({}) (scenarios of one model)\n",
          s.file, s.model, scenarios[0].model, scenarios[0].file);
      return kBadInput;
    }
  const std::string out_dir =
      inv.options.count("out") ? inv.options["out"].as<std::string>() : "results/comparison";
  std::vector<std::string> inputs;
  for (const auto& s : scenarios) inputs.insert(inputs.end(), s.inputs.begin(), s.inputs.end());
  if (const auto why = results_dir_problem(inv, out_dir, inputs); !why.empty()) {
    std::cerr << "pimhsim compare: " << why << "\n";
    return kBadInput;
  }
  const unsigned threads = thread_count(inv);
  const auto c = analysis::compare(scenarios, threads);
  nlohmann::json manifest = {
      {"pimhsim_version", kVersion},
      {"git_revision", kGitRevision},
      {"command_line", inv.command_line},
      {"threads", threads},
      {"wall_seconds",
       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()}};
  for (const auto& s : scenarios)
    manifest["scenarios"].push_back(
        {{"file", s.file}, {"content_hash", s.content_hash}, {"seed", s.run.seed}});
  output::AtomicDirectory dir(out_dir);
  dir.write("comparison.json", c.table.dump(2) + "\n");
  dir.write("comparison.csv", comparison_csv(c.table));
  if (c.table.contains("frontier"))
    dir.write("frontier.csv", output::frontier_csv(c.table["frontier"]));
  dir.write("manifest.json", manifest.dump(2) + "\n");
  dir.commit();
  if (!inv.options["quiet"].as<bool>()) {
    std::cout << comparison_text(c.table);
    std::cout << fmt::format("results in {}/\n", out_dir);
  }
  return kSuccess;
}

void options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::vector<std::string>>(),
                  "scenario YAML files (two or more)");
  add_override_options(d);
  add_output_options(d, "results/comparison");
}

}  // namespace

extern const Command kCompareCommand{
    "compare",
    "compare the options of several scenario files side by side, with the efficiency frontier",
    "pimhsim compare A.yaml B.yaml [more.yaml ...] [--out DIR] [--threads N] [--set key.path=value "
    "...]",
    {"pimhsim compare scenarios/england.yaml my_variant.yaml --out results/comparison",
     "pimhsim compare scenarios/validation/sick_sicker.yaml "
     "scenarios/validation/sick_sicker_extended.yaml"},
    &options,
    &compare,
    -1,
};

}  // namespace pimhsim::cli
