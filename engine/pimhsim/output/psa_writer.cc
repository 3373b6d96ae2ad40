#include "pimhsim/output/psa_writer.h"

#include <fmt/format.h>

#include <algorithm>

#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::output {

void write_psa(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::Psa& psa,
               const std::vector<analysis::PsaIteration>& its, const analysis::PsaSummary& summary,
               const nlohmann::json& manifest) {
  dir.write("psa.csv", analysis::psa_csv(psa, its));
  dir.write("psa_parameters.csv", analysis::psa_parameters_csv(psa, its));
  dir.write("psa_summary.json", summary.json.dump(2) + "\n");
  if (!summary.ceac_csv.empty()) dir.write("ceac.csv", summary.ceac_csv);
  dir.write("ce_plane.csv", analysis::ce_plane_csv(psa, its));
  dir.write("convergence.csv", analysis::convergence_csv(psa, its));
  write_scenario(dir, s);
  dir.write("manifest.json", manifest.dump(2) + "\n");
}

std::string psa_text(const analysis::PsaSummary& s) {
  const auto& j = s.json;
  std::string out =
      fmt::format("{}\nPSA: {} iterations ({}), comparator {}\n",
                  j["scenario"]["name"].get<std::string>(), j["iterations"].get<std::size_t>(),
                  j["method"].get<std::string>(), j["comparator"].get<std::string>());
  if (!j.contains("decision")) return out;
  const std::string per = j["decision"]["per"].get<std::string>();
  for (const auto& t : j["decision"]["thresholds"]) {
    out += fmt::format(
        "\nat {} per QALY (net monetary benefit per {}, mean [95% interval] ± MC SE):\n",
        human_number(t["threshold"].get<double>()), per);
    std::size_t width = 8;
    for (const auto& o : t["options"])
      width = std::max(width, o["option"].get<std::string>().size());
    out += fmt::format("  {:<{}}{:>40}{:>14}{:>14}\n", "option", width, "incremental NMB",
                       "P(CE) vs [1]", "P(most CE)");
    for (const auto& o : t["options"]) {
      std::string inc = "–", pce = "–";
      if (o.contains(fmt::format("incremental_nmb_per_{}", per))) {
        const auto& d = o[fmt::format("incremental_nmb_per_{}", per)];
        inc = fmt::format("{} [{}, {}] ± {}", human_number(d["mean"].get<double>()),
                          human_number(d["lower_2_5"].get<double>()),
                          human_number(d["upper_97_5"].get<double>()),
                          human_number(d["mc_se"].get<double>()));
        pce = fmt::format("{:.3f}", o["probability_cost_effective"].get<double>());
      }
      out += fmt::format("  {:<{}}{:>40}{:>14}{:>14.3f}\n", o["option"].get<std::string>(), width,
                         inc, pce, o["probability_most_cost_effective"].get<double>());
    }
    out += fmt::format("  frontier (highest expected NMB): {}\n",
                       t["frontier"]["option"].get<std::string>());
    out += fmt::format("  EVPI per {}: {} ± {}", per,
                       human_number(t["evpi"][fmt::format("per_{}", per)].get<double>()),
                       human_number(t["evpi"]["mc_se"].get<double>()));
    if (t["evpi"].contains("population"))
      out +=
          fmt::format("; population over {} years: {}", j["decision"]["horizon_years"].get<int>(),
                      human_number(t["evpi"]["population"].get<double>()));
    out += "\n";
    if (t.contains("evppi"))
      for (const auto& e : t["evppi"]) {
        std::string names;
        for (const auto& n : e["parameters"])
          names += fmt::format("{}{}", names.empty() ? "" : ", ", n.get<std::string>());
        if (e.contains("skipped"))
          out += fmt::format("  EVPPI [{}]: skipped: {}\n", names, e["skipped"].get<std::string>());
        else
          out += fmt::format("  EVPPI [{}]: {} ± {} per {}\n", names,
                             human_number(e[fmt::format("per_{}", per)].get<double>()),
                             human_number(e["mc_se"].get<double>()), per);
      }
  }
  for (const auto& o : j["options"])
    if (o.contains("probability_cost_saving")) {
      const auto& p = o["probability_cost_saving"];
      if (p.is_object()) {
        out += fmt::format("\nP(cost-saving) of {}:", o["name"].get<std::string>());
        for (const auto& [k, v] : p.items()) out += fmt::format(" {} {:.3f}", k, v.get<double>());
      } else {
        out += fmt::format("\nP(cost-saving) of {}: {:.3f}", o["name"].get<std::string>(),
                           p.get<double>());
      }
    }
  return out + "\n";
}

}  // namespace pimhsim::output
