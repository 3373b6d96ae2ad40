#include "pimhsim/output/comparison.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/messages.h"
#include "pimhsim/models/estimate_json.h"
#include "pimhsim/output/codebook.h"
#include "pimhsim/output/frontier_table.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"
#include "pimhsim/version.h"

namespace pimhsim::output {
namespace {

std::string crn_text(const analysis::Comparison& c) {
  return c.paired ? "all options share random numbers; increments are paired"
                  : "not shared: " + c.why_unpaired;
}

}  // namespace

ComparedFrontiers comparison_frontiers(const analysis::Comparison& c) {
  ComparedFrontiers out;
  std::vector<CostEffectRow> rows;
  for (const auto& o : c.options)
    if (const auto& ce = o.cost_effect)
      rows.push_back({o.name, ce->cost, ce->cost_se, ce->effect, ce->effect_se});
  if (rows.size() != c.options.size() || rows.empty()) return out;
  const StepErrors step_errors = [&c](std::size_t from,
                                      std::size_t to) -> std::optional<StepError> {
    if (const auto e = c.step(from, to)) return StepError{e->cost_se, e->effect_se, e->covariance};
    return std::nullopt;
  };
  const bool paired = c.paired && c.runs.size() == 1;
  if (c.same_population)
    out.shared = frontier_table(rows, c.thresholds, paired ? step_errors : nullptr);
  // Each file's options on their own frontier: the only frontiers when the populations differ
  // (they never share one), and beside the shared one otherwise.
  auto& own_frontiers = c.same_population ? out.within : out.per_file;
  std::size_t files = 0;
  for (std::size_t from = 0; from < rows.size(); ++files) {
    std::size_t to = from;
    while (to < rows.size() && c.options[to].file == c.options[from].file) ++to;
    from = to;
  }
  if (c.same_population && files < 2) return out;
  for (std::size_t from = 0, file = 0; from < rows.size(); ++file) {
    std::size_t to = from;
    while (to < rows.size() && c.options[to].file == c.options[from].file) ++to;
    const std::vector<CostEffectRow> own(rows.begin() + static_cast<std::ptrdiff_t>(from),
                                         rows.begin() + static_cast<std::ptrdiff_t>(to));
    const StepErrors own_errors = [&c, from](std::size_t a,
                                             std::size_t b) -> std::optional<StepError> {
      if (const auto e = c.step(from + a, from + b))
        return StepError{e->cost_se, e->effect_se, e->covariance};
      return std::nullopt;
    };
    const auto& thresholds =
        c.same_population ? c.thresholds : c.scenarios[file].economics.thresholds;
    own_frontiers.emplace_back(c.options[from].file,
                               frontier_table(own, thresholds, paired ? own_errors : nullptr));
    from = to;
  }
  return out;
}

const FrontierTableRow* ComparedFrontiers::find(const std::string& option) const {
  if (shared) return shared->find(option);
  for (const auto& [file, table] : per_file)
    if (const auto* r = table.find(option)) return r;
  return nullptr;
}

nlohmann::json comparison_json(const analysis::Comparison& c, const ComparedFrontiers& f) {
  nlohmann::json table;
  nlohmann::json options = nlohmann::json::array();
  for (const auto& o : c.options) {
    nlohmann::json row = {{"file", o.file},
                          {"scenario", o.scenario},
                          {"variant", o.variant},
                          {"option", o.option},
                          {"label", o.name}};
    if (const auto& ce = o.cost_effect) {
      row["cost"] = models::estimate_json(ce->cost, ce->cost_se);
      row["effect"] = models::estimate_json(ce->effect, ce->effect_se);
    }
    options.push_back(row);
  }
  table["paired"] = c.paired;
  table["common_random_numbers"] = crn_text(c);
  table["options"] = options;
  table["same_population"] = c.same_population;
  if (f.shared) table["frontier"] = frontier_json(*f.shared);
  if (!f.per_file.empty()) {
    table["frontiers"] = nlohmann::json::array();
    for (const auto& [file, t] : f.per_file)
      table["frontiers"].push_back({{"file", file}, {"frontier", frontier_json(t)}});
  }
  if (!f.within.empty()) {
    // Each file's or variant's options on their own frontier, beside the shared one.
    table["frontiers_within"] = nlohmann::json::array();
    for (const auto& [file, t] : f.within)
      table["frontiers_within"].push_back({{"file", file}, {"frontier", frontier_json(t)}});
  }
  table["summaries"] = nlohmann::json::array();
  for (std::size_t r = 0; r < c.runs.size(); ++r)
    table["summaries"].push_back(summary_json(c.scenarios[r], c.runs[r]));
  return table;
}

std::string comparison_csv(const analysis::Comparison& c, const ComparedFrontiers& f) {
  core::CsvTable table({"scenario", "variant", "option", "label", "cost", "cost_se", "effect",
                        "effect_se", "status", "compared_with", "icer"});
  for (const auto& o : c.options) {
    auto row = table.row();
    row.text(o.scenario).text(o.variant).text(o.option).text(o.name);
    if (const auto& ce = o.cost_effect)
      row.number(ce->cost).number(ce->cost_se).number(ce->effect).number(ce->effect_se);
    else
      row.empty().empty().empty().empty();
    const auto* r = f.find(o.name);
    if (r) row.text(economics::status_label(r->row.status));
    if (r && r->row.step)
      row.text(r->row.step->compared_with).number(r->row.step->icer);
    else if (r)
      row.empty().empty();
    else
      row.empty().empty().empty();
    row.end();
  }
  return table.text();
}

std::string comparison_text(const analysis::Comparison& c, const ComparedFrontiers& f) {
  std::string out = fmt::format("{} options; {}\n\n", c.options.size(), crn_text(c));
  std::size_t width = 8;
  for (const auto& o : c.options) width = std::max(width, o.name.size());
  out += fmt::format("{:<{}}{:>22}{:>16}{:>24}{:>14}\n", "option", width + 2, "cost", "effect",
                     "status", "ICER");
  for (const auto& o : c.options) {
    out += fmt::format("{:<{}}", o.name, width + 2);
    if (const auto& ce = o.cost_effect)
      out += fmt::format("{:>22}{:>16}", human_number(ce->cost), human_number(ce->effect));
    if (const auto* r = f.find(o.name))
      out += fmt::format("{:>24}{:>14}", economics::status_label(r->row.status),
                         r->row.step ? human_number(r->row.step->icer) : std::string("–"));
    out += "\n";
  }
  if (!f.per_file.empty())
    out +=
        "\nthe files' populations differ: each file's options are ranked on their own "
        "frontier, never against another file's\n";
  if (f.shared) {
    std::vector<std::pair<double, std::string>> best;
    for (std::size_t k = 0; k < f.shared->thresholds.size(); ++k)
      best.emplace_back(f.shared->thresholds[k], f.shared->optimal[k]);
    std::sort(best.begin(), best.end());
    for (const auto& [wtp, name] : best)
      out += fmt::format("\nhighest net monetary benefit at {} per unit of effect: {}",
                         human_number(wtp), name);
  }
  if (!f.within.empty()) {
    // Each file or variant's own best option: the answer when they differ in an assumption.
    const auto& thresholds = f.within.front().second.thresholds;
    std::size_t w = 8;
    for (const auto& [file, table] : f.within) w = std::max(w, file.size());
    out += fmt::format(
        "\n\nhighest net monetary benefit within each scenario (the answer when "
        "they differ in an assumption, not a choice)\n{:<{}}",
        "scenario", w + 2);
    std::string head;
    for (double wtp : thresholds) head += fmt::format("  {:<34}", "at " + human_number(wtp));
    out += head.substr(0, head.find_last_not_of(' ') + 1);
    bool unresolved = false;
    for (const auto& [file, table] : f.within) {
      std::string line = fmt::format("\n{:<{}}", file, w + 2);
      for (std::size_t k = 0; k < table.optimal.size(); ++k) {
        const auto& name = table.optimal[k];
        std::string own = name.starts_with(file + ": ") ? name.substr(file.size() + 2) : name;
        // A lead over the next best under two paired standard errors: not resolved by the run.
        if (k < table.margins.size() && table.margins[k].se &&
            std::abs(table.margins[k].nmb_difference) < 2 * *table.margins[k].se) {
          own += " (!)";
          unresolved = true;
        }
        line += fmt::format("  {:<34}", own);
      }
      out += line.substr(0, line.find_last_not_of(' ') + 1);
    }
    if (unresolved) out += "\n(!) a lead under 2 paired standard errors: not resolved by this run";
  }
  return out + "\n";
}

std::string headline_csv(const analysis::Comparison& c) {
  core::CsvTable table(
      {"scenario", "variant", "option", "figure", "comparator", "estimate", "se", "description"});
  std::size_t next = 0;  // the first of c.options that belongs to run r
  for (std::size_t r = 0; r < c.runs.size(); ++r) {
    const auto& run = c.runs[r];
    const auto& thresholds = c.scenarios[r].economics.thresholds;
    const auto layout = run.model->figures(thresholds);
    const std::size_t K = run.tally.layout().options().size(), F = layout.figures.size();
    std::vector<double> value(K * F, std::nan("")), se(K * F, std::nan(""));
    run.model->figure_values(run.tally, layout, thresholds, value, se);
    for (std::size_t o = 0; o < K && next + o < c.options.size(); ++o)
      for (std::size_t f = 0; f < F; ++f) {
        const auto& fig = layout.figures[f];
        if (fig.increment && o == 0) continue;  // the comparator over itself
        // Paired increments between every two options carry the frontier's errors
        // (frontier.csv), not a headline.
        if (fig.name.starts_with("pair_")) continue;
        auto row = table.row();
        const auto& option = c.options[next + o];
        row.text(option.scenario).text(option.variant).text(option.option).text(fig.name);
        if (fig.increment)
          row.text(c.options[next].option);
        else
          row.empty();
        row.number(value[o * F + f]).number(se[o * F + f]).text(fig.description).end();
      }
    next += K;
  }
  return table.text();
}

void write_comparison(AtomicDirectory& dir, const analysis::Comparison& c,
                      const std::vector<scenario::Scenario>& scenarios,
                      const nlohmann::json& manifest) {
  const auto f = comparison_frontiers(c);
  dir.write("comparison.json", comparison_json(c, f).dump(2) + "\n");
  dir.write("comparison.csv", comparison_csv(c, f));
  dir.write("headline.csv", headline_csv(c));
  if (f.shared) dir.write("frontier.csv", frontier_csv(*f.shared));
  dir.write("manifest.json", manifest.dump(2) + "\n");
  // Each scenario as run, in a folder of its own (its tables beside it, where its YAML names
  // them), numbered in the order given so that a glob gives them back in that order.
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    std::string slug;
    for (char ch : scenarios[i].name.empty() ? std::string("scenario") : scenarios[i].name)
      slug += std::isalnum(static_cast<unsigned char>(ch))
                  ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch)))
                  : '_';
    const std::string folder = fmt::format("scenarios/{:02}_{}/", i + 1, slug.substr(0, 40));
    dir.write(folder + "scenario.resolved.yaml", scenarios[i].resolved_yaml);
    for (const auto& t : scenarios[i].tables) dir.write(folder + t.copy, t.content);
  }
  std::vector<ColumnDoc> columns;
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    for (auto doc : scenario_columns(scenarios[i])) {
      doc.file = "scenarios/*/" + doc.file;
      columns.push_back(std::move(doc));
    }
  write_codebook(dir, columns);
}

nlohmann::json comparison_manifest(const std::vector<scenario::Scenario>& scenarios,
                                   const RunInfo& info) {
  nlohmann::json manifest = {{"pimhsim_version", kVersion},
                             {"git_revision", kGitRevision},
                             {"command_line", info.command_line},
                             {"threads", info.threads},
                             {"wall_seconds", info.wall_seconds}};
  // A distributed compare (mpirun -n N: docs/distributed.md) records its ranks.
  if (core::world().size() > 1) manifest["ranks"] = core::world().size();
  for (const auto& s : scenarios)
    manifest["scenarios"].push_back(
        {{"file", s.file}, {"content_hash", s.content_hash}, {"seed", s.run.seed}});
  return manifest;
}

}  // namespace pimhsim::output
