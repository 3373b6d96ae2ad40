#include "pimhsim/output/summary_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "pimhsim/models/registry.h"
#include "pimhsim/models/reporting.h"

namespace pimhsim::output {

std::string summary_text(const core::Model& model, const nlohmann::json& s) {
  if (const auto* own = models::reporting_of(model)) return own->summary_text(s);
  std::string out;
  const auto& run = s["run"];
  out += fmt::format("{}\n", s["scenario"]["name"].get<std::string>());
  out += fmt::format("model {}, seed {}, {} replicate(s), horizon {}",
                     s["scenario"]["model"].get<std::string>(), run["seed"].get<std::uint64_t>(),
                     run["replicates"].get<unsigned>(), run["horizon"].get<unsigned>());
  if (run.contains("population"))
    out += fmt::format(", {} individuals per replicate",
                       human_number(run["population"].get<double>()));
  out += "\n\n";
  const auto headline = s["headline"].get<std::vector<std::string>>();
  std::size_t name_width = 8;
  for (const auto& o : s["options"])
    name_width = std::max(name_width, o["name"].get<std::string>().size());
  auto cell = [](const nlohmann::json& m) {
    return human_number(m["mean"].get<double>()) + " ± " + human_number(m["se"].get<double>());
  };
  out += fmt::format("{:<{}}", "option", name_width + 2);
  for (const auto& h : headline) out += fmt::format("{:>24}", h);
  out += "\n";
  for (const auto& o : s["options"]) {
    out += fmt::format("{:<{}}", o["name"].get<std::string>(), name_width + 2);
    for (const auto& h : headline) out += fmt::format("{:>24}", cell(o["measures"][h]));
    out += "\n";
  }
  for (const auto& inc : s["increments"]) {
    out += fmt::format("\n{} vs {} (paired on common random numbers)\n",
                       inc["option"].get<std::string>(), inc["comparator"].get<std::string>());
    for (const auto& h : headline)
      if (inc["measures"].contains(h))
        out += fmt::format("  {:<18}{}\n", "Δ " + h, cell(inc["measures"][h]));
    if (inc.contains("icer"))
      out += fmt::format("  {:<18}{}\n", "ICER", inc["icer"]["text"].get<std::string>());
  }
  out += "\nvalues are means per individual ± Monte Carlo standard error\n";
  return out;
}

std::string validate_text(const scenario::Scenario& s, const core::Model& model) {
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
