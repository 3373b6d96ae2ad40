#include "pimhsim/output/frontier_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/models/estimate_json.h"

namespace pimhsim::output {

namespace {

// The error of row b minus row a, for either order (negating both differences keeps the
// standard errors and the covariance).
std::optional<StepError> step_error(const StepErrors& errors, std::size_t a, std::size_t b) {
  if (!errors || a == b) return std::nullopt;
  return a < b ? errors(a, b) : errors(b, a);
}

}  // namespace

FrontierTable frontier_table(const std::vector<CostEffectRow>& rows,
                             const std::vector<double>& thresholds, const StepErrors& step_errors) {
  std::vector<economics::FrontierInput> inputs;
  for (const auto& r : rows) inputs.push_back({r.name, r.cost, r.effect});
  const auto index_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (rows[i].name == name) return i;
    return rows.size();
  };
  FrontierTable t;
  t.thresholds = thresholds;
  for (auto& f : economics::incremental_analysis(inputs)) {
    FrontierTableRow row;
    row.cost_se = rows[f.input_index].cost_se;
    row.effect_se = rows[f.input_index].effect_se;
    if (f.step) {
      const std::size_t from = index_of(f.step->compared_with);
      if (from < rows.size())
        if (const auto e = step_error(step_errors, from, f.input_index)) {
          row.step_cost_se = e->cost_se;
          row.step_effect_se = e->effect_se;
          // Delta method: var(dC / dE) = (var dC - 2 R cov + R^2 var dE) / dE^2.
          const double de = f.effect - rows[from].effect, icer = f.step->icer;
          if (de != 0) {
            const double var = (e->cost_se * e->cost_se - 2 * icer * e->covariance +
                                icer * icer * e->effect_se * e->effect_se) /
                               (de * de);
            row.icer_se = std::sqrt(std::max(0.0, var));
          }
        }
    }
    row.row = std::move(f);
    t.rows.push_back(std::move(row));
  }
  for (double wtp : thresholds) {
    const std::size_t best = economics::optimal_at(inputs, wtp);
    t.optimal.push_back(inputs[best].name);
    if (rows.size() < 2) continue;
    // The runner-up: the highest NMB among the others (ties to the lower index), compared and
    // reported as the NMB of one option over another (economics::incremental_nmb).
    std::size_t second = best == 0 ? 1 : 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (i != best && economics::incremental_nmb(wtp, inputs[second], inputs[i]) > 0) second = i;
    std::optional<double> se;
    if (const auto e = step_error(step_errors, second, best))
      se = std::sqrt(std::max(0.0, wtp * wtp * e->effect_se * e->effect_se +
                                       e->cost_se * e->cost_se - 2 * wtp * e->covariance));
    t.margins.push_back({rows[best].name, rows[second].name,
                         economics::incremental_nmb(wtp, inputs[second], inputs[best]), se});
  }
  return t;
}

const FrontierTableRow* FrontierTable::find(const std::string& option) const {
  for (const auto& r : rows)
    if (r.row.name == option) return &r;
  return nullptr;
}

nlohmann::json frontier_json(const FrontierTable& t) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : t.rows) {
    const auto& f = r.row;
    nlohmann::json j = {{"option", f.name},
                        {"cost", models::estimate_json(f.cost, r.cost_se)},
                        {"effect", models::estimate_json(f.effect, r.effect_se)},
                        {"status", economics::status_label(f.status)},
                        {"dominated_by", f.dominated_by}};
    j["compared_with"] = f.step ? nlohmann::json(f.step->compared_with) : nlohmann::json(nullptr);
    // The step from the option compared with: its cost and effect differences' errors (paired on
    // common random numbers) and the ICER with its delta-method error.
    j["step_cost_se"] = models::number_json(r.step_cost_se);
    j["step_effect_se"] = models::number_json(r.step_effect_se);
    j["icer"] = models::estimate_json(f.step ? std::optional<double>(f.step->icer) : std::nullopt,
                                      r.icer_se);
    for (double wtp : t.thresholds)
      j["net_monetary_benefit"][fmt::format("{}", wtp)] = wtp * f.effect - f.cost;
    out.push_back(j);
  }
  nlohmann::json optimal = nlohmann::json::object(), margin = nlohmann::json::object();
  for (std::size_t k = 0; k < t.thresholds.size(); ++k) {
    const std::string key = fmt::format("{}", t.thresholds[k]);
    optimal[key] = t.optimal[k];
    if (k < t.margins.size())
      margin[key] = {{"option", t.margins[k].option},
                     {"runner_up", t.margins[k].runner_up},
                     {"estimate", t.margins[k].nmb_difference},
                     {"se", models::number_json(t.margins[k].se)}};
  }
  nlohmann::json result = {{"rows", out}, {"optimal_at_threshold", optimal}};
  if (!margin.empty()) result["optimal_margin"] = margin;
  return result;
}

std::string frontier_csv(const FrontierTable& t) {
  core::CsvTable table({"option", "cost", "cost_se", "effect", "effect_se", "status",
                        "compared_with", "icer", "dominated_by", "step_cost_se", "step_effect_se",
                        "icer_se"});
  for (const auto& r : t.rows) {
    const auto& f = r.row;
    std::string dominated;
    for (const auto& d : f.dominated_by) dominated += (dominated.empty() ? "" : "; ") + d;
    auto row = table.row();
    row.text(f.name).number(f.cost).number(r.cost_se).number(f.effect).number(r.effect_se);
    row.text(economics::status_label(f.status));
    if (f.step)
      row.text(f.step->compared_with).number(f.step->icer);
    else
      row.empty().empty();
    row.text(dominated).number(r.step_cost_se).number(r.step_effect_se).number(r.icer_se).end();
  }
  return table.text();
}

}  // namespace pimhsim::output
