#include "pimhsim/output/dsa_summary_json.h"

#include <fmt/format.h>

#include <cmath>

#include "pimhsim/models/estimate_json.h"
#include "pimhsim/output/psa_summary_json.h"
#include "pimhsim/version.h"

namespace pimhsim::output {
namespace {

nlohmann::json tornado_json(const analysis::DsaTornadoSummary& t) {
  nlohmann::json j = {{"option", t.option}, {"base", models::number_json(t.base)}};
  for (const auto& row : t.rows)
    j["rows"].push_back({{"parameter", row.name},
                         {"low", row.low},
                         {"high", row.high},
                         {"low_source", analysis::source_name(row.low_source)},
                         {"high_source", analysis::source_name(row.high_source)},
                         {"at_low", models::number_json(row.at_low)},
                         {"at_high", models::number_json(row.at_high)},
                         {"swing", models::number_json(row.swing)}});
  return j;
}

nlohmann::json axis_json(const analysis::Axis& a) {
  return {{"parameter", a.name}, {"low", a.low}, {"high", a.high}, {"points", a.points}};
}

// The thresholds by option (null when there is none).
nlohmann::json thresholds_json(const std::vector<analysis::DsaThresholdSummary>& thresholds) {
  nlohmann::json j;
  for (const auto& [option, t] : thresholds)
    j.push_back({{"option", option},
                 {"parameter", t.name},
                 {"lo", t.lo},
                 {"hi", t.hi},
                 {"roots", t.roots},
                 {"none_in_range", t.none_in_range()},
                 {"meaning",
                  "values where the outcome is zero: the preference between this option and "
                  "the comparator changes"}});
  return j;
}

nlohmann::json preferred_json(const analysis::DsaPreferredOption& p) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : p.changes)
    changes.push_back({{"value", c.value}, {"from", c.from}, {"to", c.to}});
  return {{"at_low", p.at_low},
          {"at_high", p.at_high},
          {"changes", changes},
          {"meaning",
           "the option preferred on this outcome among all options (the highest net benefit, "
           "or for delta_cost the lowest cost; the comparator counting as 0) and the values "
           "where it changes"}};
}

}  // namespace

nlohmann::json dsa_summary_json(const analysis::DsaSummary& s) {
  nlohmann::json j;
  j["pimhsim_version"] = kVersion;
  j["scenario"] = analysed_scenario_json(s.scenario);
  j["outcome"] = {{"name", analysis::measure_name(s.outcome.measure)},
                  {"label", s.outcome.label()},
                  {"currency", s.currency}};
  if (s.outcome.measure == analysis::DsaMeasure::kNetMonetaryBenefit ||
      s.outcome.measure == analysis::DsaMeasure::kIcer)
    j["outcome"]["threshold"] = s.outcome.wtp;
  j["comparator"] = s.comparator;
  j["random_numbers"] =
      fmt::format("every evaluation simulates seed {} replicates 0..{} (common random numbers)",
                  s.seed, s.replicates - 1);
  j["evaluations"] = s.evaluations;
  if (s.one_way) {
    for (const auto& t : s.one_way->tornado) j["tornado"].push_back(tornado_json(t));
    if (!s.one_way->tornado.empty()) j["not_varied"] = s.one_way->not_varied;
    for (const auto& n : s.one_way->rule_breaking)
      j["not_varied_breaks_model_rule"].push_back({{"parameter", n.name}, {"reason", n.reason}});
  }
  if (s.two_way)
    j["two_way"] = {
        {"x", axis_json(s.two_way->x)}, {"y", axis_json(s.two_way->y)}, {"file", "two_way.csv"}};
  if (s.thresholds && !s.thresholds->empty()) j["threshold"] = thresholds_json(*s.thresholds);
  if (s.preferred_option) j["preferred_option"] = preferred_json(*s.preferred_option);
  return j;
}

nlohmann::json threshold_json(const analysis::DsaSummary& s) {
  nlohmann::json j{{"by_option", s.thresholds ? thresholds_json(*s.thresholds) : nlohmann::json()}};
  if (s.preferred_option) j["preferred_option"] = preferred_json(*s.preferred_option);
  return j;
}

}  // namespace pimhsim::output
