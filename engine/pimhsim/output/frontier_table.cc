#include "pimhsim/output/frontier_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/core/csv_text.h"

namespace pimhsim::output {

namespace {

// The error of row b minus row a, for either order (negating both differences keeps the
// standard errors and the covariance).
std::optional<StepError> step_error(const StepErrors& errors, std::size_t a, std::size_t b) {
  if (!errors || a == b) return std::nullopt;
  return a < b ? errors(a, b) : errors(b, a);
}

nlohmann::json number_or_null(std::optional<double> x) {
  return x ? nlohmann::json(*x) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json frontier_json(const std::vector<CostEffectRow>& rows,
                             const std::vector<double>& thresholds, const StepErrors& step_errors) {
  std::vector<economics::FrontierInput> inputs;
  for (const auto& r : rows) inputs.push_back({r.name, r.cost, r.effect});
  const auto index_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].name == name) return i;
    return rows.size();
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& f : economics::incremental_analysis(inputs)) {
    const auto& r = rows[f.input_index];
    nlohmann::json j = {{"option", f.name},
                        {"cost", f.cost},
                        {"cost_se", r.cost_se},
                        {"effect", f.effect},
                        {"effect_se", r.effect_se},
                        {"status", economics::status_label(f.status)},
                        {"dominated_by", f.dominated_by}};
    j["compared_with"] = nullptr;
    j["icer"] = nullptr;
    std::optional<double> step_cost_se, step_effect_se, icer_se;
    if (f.step) {
      j["compared_with"] = f.step->compared_with;
      j["icer"] = f.step->icer;
      const std::size_t from = index_of(f.step->compared_with);
      if (from < rows.size())
        if (const auto e = step_error(step_errors, from, f.input_index)) {
          step_cost_se = e->cost_se;
          step_effect_se = e->effect_se;
          // Delta method: var(dC / dE) = (var dC - 2 R cov + R^2 var dE) / dE^2.
          const double de = f.effect - rows[from].effect, icer = f.step->icer;
          if (de != 0) {
            const double var = (e->cost_se * e->cost_se - 2 * icer * e->covariance +
                                icer * icer * e->effect_se * e->effect_se) /
                               (de * de);
            icer_se = std::sqrt(std::max(0.0, var));
          }
        }
    }
    j["step_cost_se"] = number_or_null(step_cost_se);
    j["step_effect_se"] = number_or_null(step_effect_se);
    j["icer_se"] = number_or_null(icer_se);
    for (double wtp : thresholds)
      j["net_monetary_benefit"][fmt::format("{:g}", wtp)] = wtp * f.effect - f.cost;
    out.push_back(j);
  }
  nlohmann::json optimal = nlohmann::json::object(), margin = nlohmann::json::object();
  for (double wtp : thresholds) {
    const std::size_t best = economics::optimal_at(inputs, wtp);
    const std::string key = fmt::format("{:g}", wtp);
    optimal[key] = inputs[best].name;
    if (rows.size() < 2) continue;
    // The runner-up: the highest NMB among the others (ties to the lower index).
    std::size_t second = best == 0 ? 1 : 0;
    const auto nmb = [&](std::size_t i) { return wtp * rows[i].effect - rows[i].cost; };
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (i != best && nmb(i) > nmb(second)) second = i;
    std::optional<double> se;
    if (const auto e = step_error(step_errors, second, best))
      se = std::sqrt(std::max(0.0, wtp * wtp * e->effect_se * e->effect_se +
                                       e->cost_se * e->cost_se - 2 * wtp * e->covariance));
    margin[key] = {{"option", rows[best].name},
                   {"runner_up", rows[second].name},
                   {"nmb_difference", nmb(best) - nmb(second)},
                   {"se", number_or_null(se)}};
  }
  nlohmann::json result = {{"rows", out}, {"optimal_at_threshold", optimal}};
  if (!margin.empty()) result["optimal_margin"] = margin;
  return result;
}

std::string frontier_csv(const nlohmann::json& frontier) {
  std::string out =
      "option,cost,cost_se,effect,effect_se,status,compared_with,icer,dominated_by,step_cost_se,"
      "step_effect_se,icer_se\n";
  auto quote = [](const std::string& s) { return core::csv_quoted(s); };
  for (const auto& r : frontier["rows"]) {
    std::string dominated;
    for (const auto& d : r["dominated_by"])
      dominated += (dominated.empty() ? "" : "; ") + d.get<std::string>();
    const auto optional_number = [&](const char* key) {
      return r.contains(key) && !r[key].is_null() ? fmt::format("{}", r[key].get<double>())
                                                  : std::string();
    };
    out += fmt::format(
        "{},{},{},{},{},{},{},{},{},{},{},{}\n", quote(r["option"].get<std::string>()),
        r["cost"].get<double>(), r["cost_se"].get<double>(), r["effect"].get<double>(),
        r["effect_se"].get<double>(), r["status"].get<std::string>(),
        r["compared_with"].is_null() ? std::string() : quote(r["compared_with"].get<std::string>()),
        r["icer"].is_null() ? std::string() : fmt::format("{}", r["icer"].get<double>()),
        dominated.empty() ? std::string() : quote(dominated), optional_number("step_cost_se"),
        optional_number("step_effect_se"), optional_number("icer_se"));
  }
  return out;
}

}  // namespace pimhsim::output
