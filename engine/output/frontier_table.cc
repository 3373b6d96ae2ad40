#include "output/frontier_table.h"

#include <fmt/format.h>

#include "core/csv_text.h"

namespace pimhsim::output {

nlohmann::json frontier_json(const std::vector<CostEffectRow>& rows, const std::vector<double>& thresholds) {
  std::vector<economics::FrontierInput> inputs;
  for (const auto& r : rows) inputs.push_back({r.name, r.cost, r.effect});
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : economics::incremental_analysis(inputs)) {
    const auto& r = rows[f.input_index];
    nlohmann::json j = {{"option", f.name},          {"cost", f.cost},
                        {"cost_se", r.cost_se},      {"effect", f.effect},
                        {"effect_se", r.effect_se},  {"status", economics::status_label(f.status)},
                        {"dominated_by", f.dominated_by}};
    if (f.step) {
      j["compared_with"] = f.step->compared_with;
      j["icer"] = f.step->icer;
    } else {
      j["compared_with"] = nullptr;
      j["icer"] = nullptr;
    }
    for (double wtp : thresholds) j["net_monetary_benefit"][fmt::format("{:g}", wtp)] = wtp * f.effect - f.cost;
    out.push_back(j);
  }
  nlohmann::json optimal = nlohmann::json::object();
  for (double wtp : thresholds) optimal[fmt::format("{:g}", wtp)] = inputs[economics::optimal_at(inputs, wtp)].name;
  return {{"rows", out}, {"optimal_at_threshold", optimal}};
}

std::string frontier_csv(const nlohmann::json& frontier) {
  std::string out = "option,cost,cost_se,effect,effect_se,status,compared_with,icer,dominated_by\n";
  auto quote = [](const std::string& s) { return core::csv_quoted(s); };
  for (const auto& r : frontier["rows"]) {
    std::string dominated;
    for (const auto& d : r["dominated_by"]) dominated += (dominated.empty() ? "" : "; ") + d.get<std::string>();
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", quote(r["option"].get<std::string>()), r["cost"].get<double>(),
                       r["cost_se"].get<double>(), r["effect"].get<double>(), r["effect_se"].get<double>(),
                       r["status"].get<std::string>(),
                       r["compared_with"].is_null() ? std::string() : quote(r["compared_with"].get<std::string>()),
                       r["icer"].is_null() ? std::string() : fmt::format("{}", r["icer"].get<double>()),
                       dominated.empty() ? std::string() : quote(dominated));
  }
  return out;
}

}  // namespace pimhsim::output
