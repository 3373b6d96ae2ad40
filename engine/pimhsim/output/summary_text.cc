#include "pimhsim/output/summary_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/analysis/run_summary.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/models/reporting.h"
#include "pimhsim/output/results.h"

namespace pimhsim::output {

namespace {

// The option with the highest NMB at each threshold among all options (not only against the
// comparator), with its lead over the next best and the lead's paired Monte Carlo error.
std::string margin_text(const FrontierTable& frontier) {
  std::string out =
      "\nhighest net monetary benefit among all options (lead over the next, ± paired Monte Carlo "
      "SE)\n";
  // One line per threshold (as summary.json keys them), in numeric order.
  std::map<std::string, const FrontierMargin*> by_key;
  for (std::size_t k = 0; k < frontier.thresholds.size() && k < frontier.margins.size(); ++k)
    by_key[fmt::format("{}", frontier.thresholds[k])] = &frontier.margins[k];
  std::vector<std::pair<double, const FrontierMargin*>> lines;
  for (const auto& [key, m] : by_key) lines.emplace_back(std::stod(key), m);
  std::sort(lines.begin(), lines.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  bool unresolved = false;
  for (const auto& [wtp, m] : lines) {
    out += fmt::format("  at {}: {}, ahead of {} by {}", human_number(wtp), m->option, m->runner_up,
                       core::money_text(m->nmb_difference));
    if (m->se) {
      out += " ± " + core::money_text(*m->se);
      if (m->nmb_difference < 2 * *m->se) {
        out += " (!)";
        unresolved = true;
      }
    }
    out += "\n";
  }
  if (unresolved)
    out +=
        "  (!) a lead under 2 standard errors: which option is best there is not resolved by this "
        "run;\n"
        "      raise run.replicates or run.scale\n";
  return out;
}

}  // namespace

std::string summary_text(const scenario::Scenario& scenario, const analysis::RunOutcome& r) {
  if (const auto* own = models::reporting_of(*r.model)) {
    std::string out = own->summary_text(
        {scenario.name, scenario.run.seed, scenario.run.replicates, scenario.run.horizon}, r.tally);
    if (const auto frontier = run_frontier(scenario, r); frontier && !frontier->margins.empty())
      out += margin_text(*frontier);
    return out;
  }
  const auto s = analysis::summarise(scenario, r);
  std::string out = fmt::format("{}\n", s.scenario);
  out += fmt::format("model {}, seed {}, {} replicate(s), horizon {}", s.model, s.seed,
                     s.replicates, s.horizon);
  if (s.population)
    out += fmt::format(", {} individuals per replicate",
                       human_number(static_cast<double>(*s.population)));
  out += "\n\n";
  std::size_t name_width = 8;
  for (const auto& o : s.options) name_width = std::max(name_width, o.name.size());
  auto cell = [](const analysis::MeasureEstimate* m) {
    return m ? human_number(m->mean) + " ± " + human_number(m->se) : std::string("–");
  };
  out += fmt::format("{:<{}}", "option", name_width + 2);
  for (const auto& h : s.headline) out += fmt::format("{:>24}", h);
  out += "\n";
  for (const auto& o : s.options) {
    out += fmt::format("{:<{}}", o.name, name_width + 2);
    for (const auto& h : s.headline) out += fmt::format("{:>24}", cell(o.find(h)));
    out += "\n";
  }
  for (const auto& inc : s.increments) {
    out +=
        fmt::format("\n{} vs {} (paired on common random numbers)\n", inc.option, inc.comparator);
    for (const auto& h : s.headline)
      if (const auto* m = inc.find(h)) out += fmt::format("  {:<18}{}\n", "Δ " + h, cell(m));
    if (inc.icer)
      out += fmt::format("  {:<18}{}\n", "ICER", inc.icer->describe(scenario.economics.currency));
  }
  out += "\nvalues are means per individual ± Monte Carlo standard error\n";
  return out;
}

std::string validate_text(const scenario::Scenario& s, const core::Model& model,
                          const ResourceEstimate* estimate) {
  std::string out;
  out += fmt::format("{}: valid{}\n", s.file,
                     s.warnings.empty() ? ""
                                        : fmt::format(", with {} warning{}", s.warnings.size(),
                                                      s.warnings.size() == 1 ? "" : "s"));
  out += fmt::format("  scenario   {}\n", s.name);
  out += fmt::format("  model      {}\n", s.model);
  std::string unit = "cycles";
  for (const auto* spec : models::specs())
    if (spec->name == s.model) unit = spec->horizon_unit;
  out += fmt::format("  run        seed {}, {} replicate(s), horizon {} {}", s.run.seed,
                     s.run.replicates, s.run.horizon, unit);
  if (s.run.population > 0) out += fmt::format(", {} individuals per replicate", s.run.population);
  out += fmt::format("\n  work       {} units ({} partitions x {} replicates)\n",
                     model.partitions() * s.run.replicates, model.partitions(), s.run.replicates);
  if (estimate) out += resources_text(*estimate);
  out += fmt::format("  parameters {} ({} with a distribution for PSA)\n",
                     s.parameters.all().size(), [&] {
                       std::size_t n = 0;
                       for (const auto& p : s.parameters.all())
                         n += p.dirichlet || p.distribution.family() != core::Family::kFixed;
                       return n;
                     }());
  out += "  options\n";
  for (std::size_t i = 0; i < s.options.size(); ++i) {
    const auto& o = s.options[i];
    out += fmt::format("    {}. {}{}\n", i + 1, o.name, i == 0 ? " (comparator)" : "");
    for (const auto& ov : o.overrides) out += "         " + ov + "\n";
  }
  out += fmt::format("  content    {}\n", s.content_hash);
  return out;
}

}  // namespace pimhsim::output
