#include "pimhsim/output/psa_writer.h"

#include <fmt/format.h>

#include <algorithm>

#include "pimhsim/output/codebook.h"
#include "pimhsim/output/psa_summary_json.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::output {

void write_psa(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::Psa& psa,
               const std::vector<analysis::PsaIteration>& its, const analysis::PsaSummary& summary,
               const nlohmann::json& manifest) {
  dir.lead_tables_with(scenario_lead(s));
  dir.write("psa.csv", analysis::psa_csv(psa, its));
  dir.write("psa_parameters.csv", analysis::psa_parameters_csv(psa, its));
  dir.write("psa_summary.json", psa_summary_json(summary).dump(2) + "\n");
  if (summary.decision) dir.write("ceac.csv", ceac_csv(*summary.decision));
  dir.write("ce_plane.csv", analysis::ce_plane_csv(psa, its));
  dir.write("convergence.csv", analysis::convergence_csv(psa, its));
  write_scenario(dir, s);
  dir.write("manifest.json", manifest.dump(2) + "\n");
  // The model's figures, by the descriptions it gives them.
  auto columns = scenario_columns(s);
  for (const auto& f : psa.layout().figures) {
    const std::string undefined =
        f.increment ? "the comparator's row (an increment over itself)" : "undefined there";
    columns.push_back({"psa.csv", f.name, "number", "", f.description, undefined});
    columns.push_back({"psa.csv", f.name + "_se", "number", "",
                       "inner Monte Carlo standard error of " + f.name, undefined});
  }
  write_codebook(dir, columns);
}

std::string psa_text(const analysis::PsaSummary& s) {
  std::string out = fmt::format("{}\nPSA: {} iterations ({}), comparator {}\n", s.scenario.name,
                                s.iterations, s.method, s.comparator);
  if (!s.decision) return out;
  const auto& d = *s.decision;
  const std::string& per = d.per;
  for (const auto& t : d.thresholds) {
    out += fmt::format(
        "\nat {} per QALY (net monetary benefit per {}, mean [95% interval] ± MC SE):\n",
        human_number(t.threshold), per);
    std::size_t width = 8;
    for (const auto& o : t.options) width = std::max(width, o.option.size());
    out += fmt::format("  {:<{}}{:>40}{:>14}{:>14}\n", "option", width, "incremental NMB",
                       "P(CE) vs [1]", "P(most CE)");
    for (const auto& o : t.options) {
      std::string inc = "–", pce = "–";
      if (o.incremental_nmb) {
        const auto& e = *o.incremental_nmb;
        inc = fmt::format("{} [{}, {}] ± {}", human_number(e.mean), human_number(e.lower),
                          human_number(e.upper), human_number(e.standard_error));
        pce = fmt::format("{:.3f}", o.probability_cost_effective.value_or(0.0));
      }
      out += fmt::format("  {:<{}}{:>40}{:>14}{:>14.3f}\n", o.option, width, inc, pce,
                         o.probability_most_cost_effective);
    }
    out += fmt::format("  frontier (highest expected NMB): {}\n", t.frontier_option);
    out += fmt::format("  EVPI per {}: {} ± {}", per, human_number(t.evpi.per_person),
                       human_number(t.evpi.standard_error));
    if (t.evpi.population)
      out += fmt::format("; population over {} years: {}", d.horizon_years.value_or(0),
                         human_number(*t.evpi.population));
    out += "\n";
    for (const auto& e : t.evppi) {
      std::string names;
      for (const auto& n : e.parameters) names += fmt::format("{}{}", names.empty() ? "" : ", ", n);
      if (e.skipped)
        out += fmt::format("  EVPPI [{}]: skipped: {}\n", names, *e.skipped);
      else
        out += fmt::format("  EVPPI [{}]: {} ± {} per {}\n", names, human_number(e.per_person),
                           human_number(e.standard_error), per);
    }
  }
  for (const auto& o : s.options) {
    if (!o.probability_cost_saving_by_perspective.empty()) {
      out += fmt::format("\nP(cost-saving) of {}:", o.name);
      for (const auto& [perspective, p] : o.probability_cost_saving_by_perspective)
        out += fmt::format(" {} {:.3f}", perspective, p);
    } else if (o.probability_cost_saving) {
      out += fmt::format("\nP(cost-saving) of {}: {:.3f}", o.name, *o.probability_cost_saving);
    }
  }
  return out + "\n";
}

}  // namespace pimhsim::output
