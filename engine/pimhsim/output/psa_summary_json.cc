#include "pimhsim/output/psa_summary_json.h"

#include <fmt/format.h>

#include <cmath>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/models/estimate_json.h"
#include "pimhsim/version.h"

namespace pimhsim::output {
namespace {

// The mean over the iterations with its Monte Carlo error, and the distribution's median and
// central 95% interval (psa_summary.json's `interval` says so).
nlohmann::json estimate_json(const analysis::PsaEstimate& e) {
  auto j = models::estimate_json(e.mean, e.standard_error);
  j["median"] = models::number_json(e.median);
  j["lower"] = models::number_json(e.lower);
  j["upper"] = models::number_json(e.upper);
  j["n"] = e.n;
  return j;
}

nlohmann::json option_json(const analysis::PsaOptionSummary& o) {
  nlohmann::json j = {{"name", o.name}};
  for (const auto& f : o.figures) {
    auto fj = estimate_json(f.estimate);
    fj["inner_variance"] = f.inner_variance;
    fj["total_variance"] = f.total_variance;
    fj["inner_share"] = f.inner_share;
    j["figures"][f.figure] = fj;
  }
  for (const auto& [perspective, p] : o.probability_cost_saving_by_perspective)
    j["probability_cost_saving"][perspective] = p;
  if (o.probability_cost_saving) j["probability_cost_saving"] = *o.probability_cost_saving;
  return j;
}

nlohmann::json evppi_json(const analysis::PsaEvppi& e, const std::string& per) {
  nlohmann::json j = {{"parameters", e.parameters}};
  if (e.skipped) {
    j["skipped"] = *e.skipped;
    return j;
  }
  j["method"] = e.method;
  auto& v = j[fmt::format("per_{}", per)] = models::estimate_json(e.per_person, e.standard_error);
  v["se_regression"] = models::number_json(e.standard_error_regression);
  v["se_sampling"] = models::number_json(e.standard_error_sampling);
  if (e.population) j["population"] = models::number_json(*e.population);
  for (const auto& f : e.fits)
    j["fits"].push_back(
        {{"option", f.option}, {"r_squared", f.r_squared}, {"effective_df", f.effective_df}});
  return j;
}

nlohmann::json threshold_json(const analysis::PsaThresholdDecision& t, const std::string& per) {
  nlohmann::json j = {{"wtp", t.threshold}};
  for (const auto& o : t.options) {
    nlohmann::json oj = {{"option", o.option},
                         {fmt::format("expected_nmb_per_{}", per), estimate_json(o.expected_nmb)},
                         {"probability_most_cost_effective", o.probability_most_cost_effective}};
    if (o.probability_cost_effective)
      oj["probability_cost_effective"] = *o.probability_cost_effective;
    if (o.incremental_nmb)
      oj[fmt::format("incremental_nmb_per_{}", per)] = estimate_json(*o.incremental_nmb);
    j["options"].push_back(oj);
  }
  j["frontier"] = {{"option", t.frontier_option},
                   {"probability_most_cost_effective", t.frontier_probability}};
  j["evpi"][fmt::format("per_{}", per)] =
      models::estimate_json(t.evpi.per_person, t.evpi.standard_error);
  if (t.evpi.population)
    j["evpi"]["population"] =
        models::estimate_json(*t.evpi.population, t.evpi.population_standard_error);
  for (const auto& e : t.evppi) j["evppi"].push_back(evppi_json(e, per));
  return j;
}

nlohmann::json decision_json(const analysis::PsaDecision& d) {
  nlohmann::json j;
  j["per"] = d.per;
  if (d.annual_population_note) j["annual_population_note"] = *d.annual_population_note;
  if (d.annual_population) j["annual_population"] = *d.annual_population;
  if (d.horizon_years) j["horizon_years"] = *d.horizon_years;
  j["population_discount"] = d.population_discount;
  if (d.persons_over_horizon) j[fmt::format("{}s_over_horizon", d.per)] = *d.persons_over_horizon;
  if (d.annuity_factor) j["annuity_factor"] = *d.annuity_factor;
  for (const auto& t : d.thresholds) j["thresholds"].push_back(threshold_json(t, d.per));
  return j;
}

}  // namespace

nlohmann::json analysed_scenario_json(const analysis::AnalysedScenario& scenario) {
  nlohmann::json j = {{"name", scenario.name},
                      {"file", scenario.file},
                      {"model", scenario.model},
                      {"content_hash", scenario.content_hash}};
  if (!scenario.variant.empty()) j["variant"] = scenario.variant;
  return j;
}

nlohmann::json psa_summary_json(const analysis::PsaSummary& s) {
  nlohmann::json j;
  j["pimhsim_version"] = kVersion;
  j["scenario"] = analysed_scenario_json(s.scenario);
  j["method"] = s.method;
  j["iterations"] = s.iterations;
  j["sampling_seed"] = s.sampling_seed;
  j["inner"] = {
      {"replicates_per_iteration", s.replicates_per_iteration},
      {"first_replicate_of_iteration_i", fmt::format("i x {}", s.replicates_per_iteration)}};
  if (s.population_scale) j["inner"]["population_scale"] = *s.population_scale;
  if (s.population) j["inner"]["population"] = *s.population;
  j["currency"] = s.currency;
  j["comparator"] = s.comparator;
  for (const auto& f : s.figures)
    j["figures"].push_back(
        {{"name", f.name}, {"description", f.description}, {"increment", f.increment}});
  j["parameters_sampled"] = s.parameters_sampled;
  if (s.iterations == 0) return j;
  j["interval"] =
      "an estimate's lower and upper are the 2.5th and 97.5th percentiles over the iterations; "
      "its se is the Monte Carlo standard error of the mean";
  for (const auto& o : s.options) j["options"].push_back(option_json(o));
  if (s.decision) j["decision"] = decision_json(*s.decision);
  j["warnings"] = s.warnings;
  return j;
}

std::string ceac_csv(const analysis::PsaDecision& d) {
  core::CsvTable table({"wtp", "option", "probability_cost_effective",
                        "probability_most_cost_effective", "on_frontier",
                        "expected_nmb_per_" + d.per, "expected_nmb_per_" + d.per + "_se",
                        "evpi_per_" + d.per, "evpi_per_" + d.per + "_se", "evpi_population"});
  for (const auto& r : d.ceac)
    table.row()
        .number(r.threshold)
        .text(r.option)
        .number(r.probability_cost_effective)
        .number(r.probability_most_cost_effective)
        .flag(r.on_frontier)
        .number(r.expected_nmb)
        .number(r.expected_nmb_standard_error)
        .number(r.evpi)
        .number(r.evpi_standard_error)
        .number(r.evpi_population)
        .end();
  return table.text();
}

}  // namespace pimhsim::output
