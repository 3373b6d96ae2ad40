#include "pimhsim/output/comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "pimhsim/core/csv_text.h"
#include "pimhsim/output/frontier_table.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"
#include "pimhsim/version.h"

namespace pimhsim::output {
namespace {

// The frontier row of each option: of the one frontier, or of its file's own.
std::map<std::string, nlohmann::json> frontier_rows(const nlohmann::json& table) {
  std::map<std::string, nlohmann::json> rows;
  if (table.contains("frontier"))
    for (const auto& r : table["frontier"]["rows"]) rows[r["option"].get<std::string>()] = r;
  if (table.contains("frontiers"))
    for (const auto& f : table["frontiers"])
      for (const auto& r : f["frontier"]["rows"]) rows[r["option"].get<std::string>()] = r;
  return rows;
}

}  // namespace

nlohmann::json comparison_json(const analysis::Comparison& c) {
  nlohmann::json table;
  std::vector<CostEffectRow> rows;
  nlohmann::json options = nlohmann::json::array();
  for (const auto& o : c.options) {
    nlohmann::json row = {{"file", o.file}, {"option", o.name}};
    if (const auto& ce = o.cost_effect) {
      rows.push_back({o.name, ce->cost, ce->cost_se, ce->effect, ce->effect_se});
      row["cost"] = {{"value", ce->cost}, {"se", ce->cost_se}};
      row["effect"] = {{"value", ce->effect}, {"se", ce->effect_se}};
    }
    options.push_back(row);
  }
  table["paired"] = c.paired;
  table["common_random_numbers"] = c.paired
                                       ? "all options share random numbers; increments are paired"
                                       : "not shared: " + c.why_unpaired;
  table["options"] = options;
  const StepErrors step_errors = [&c](std::size_t from,
                                      std::size_t to) -> std::optional<StepError> {
    if (const auto e = c.step(from, to)) return StepError{e->cost_se, e->effect_se, e->covariance};
    return std::nullopt;
  };
  table["same_population"] = c.same_population;
  if (rows.size() == options.size() && !rows.empty()) {
    if (c.same_population) {
      table["frontier"] =
          frontier_json(rows, c.thresholds, c.paired && c.runs.size() == 1 ? step_errors : nullptr);
    } else {
      // Different populations never share a frontier: each file's options have their own.
      table["frontiers"] = nlohmann::json::array();
      for (std::size_t from = 0; from < rows.size();) {
        std::size_t to = from;
        while (to < rows.size() && c.options[to].file == c.options[from].file) ++to;
        const std::vector<CostEffectRow> own(rows.begin() + static_cast<std::ptrdiff_t>(from),
                                             rows.begin() + static_cast<std::ptrdiff_t>(to));
        table["frontiers"].push_back(
            {{"file", c.options[from].file},
             {"frontier",
              frontier_json(own, c.scenarios[table["frontiers"].size()].economics.thresholds,
                            nullptr)}});
        from = to;
      }
    }
  }
  table["summaries"] = nlohmann::json::array();
  for (std::size_t r = 0; r < c.runs.size(); ++r)
    table["summaries"].push_back(summary_json(c.scenarios[r], c.runs[r]));
  return table;
}

std::string comparison_csv(const nlohmann::json& table) {
  std::string out = "file,option,cost,cost_se,effect,effect_se,status,compared_with,icer\n";
  const auto frontier = frontier_rows(table);
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
  const auto frontier = frontier_rows(t);
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
  if (t.contains("frontiers"))
    out +=
        "\nthe files' populations differ: each file's options are ranked on their own "
        "frontier, never against another file's\n";
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

void write_comparison(AtomicDirectory& dir, const nlohmann::json& table,
                      const nlohmann::json& manifest) {
  dir.write("comparison.json", table.dump(2) + "\n");
  dir.write("comparison.csv", comparison_csv(table));
  if (table.contains("frontier")) dir.write("frontier.csv", frontier_csv(table["frontier"]));
  dir.write("manifest.json", manifest.dump(2) + "\n");
}

nlohmann::json comparison_manifest(const std::vector<scenario::Scenario>& scenarios,
                                   const RunInfo& info) {
  nlohmann::json manifest = {{"pimhsim_version", kVersion},
                             {"git_revision", kGitRevision},
                             {"command_line", info.command_line},
                             {"threads", info.threads},
                             {"wall_seconds", info.wall_seconds}};
  for (const auto& s : scenarios)
    manifest["scenarios"].push_back(
        {{"file", s.file}, {"content_hash", s.content_hash}, {"seed", s.run.seed}});
  return manifest;
}

}  // namespace pimhsim::output
