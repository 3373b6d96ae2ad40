#include "pimhsim/output/plan_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::output {
namespace {

std::string money(double x) {
  return human_number(std::round(x));
}

std::string value_text(const nlohmann::json& m) {
  if (!m["value"].is_number()) return "undefined";
  const double v = m["value"].get<double>();
  const std::string se = m["se"].is_number() ? fmt::format(" ± {:.3g}", m["se"].get<double>()) : "";
  return std::abs(v) >= 1000 ? money(v) + se : fmt::format("{:.4g}{}", v, se);
}

}  // namespace

void write_plan(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::PlanResult& plan,
                const nlohmann::json& manifest) {
  dir.write("plan.json", plan.json.dump(2) + "\n");
  dir.write("plan.csv", plan.csv);
  write_scenario(dir, s);
  dir.write("manifest.json", manifest.dump(2) + "\n");
}

std::string plan_text(const std::string& scenario_name, const analysis::PlanResult& result) {
  std::string out;
  const auto& j = result.json;
  const auto& n = j["national"];
  out += fmt::format("staffing plan for {}: {} ({} rule)\n", scenario_name,
                     j["target"].get<std::string>(), j["rule"].get<std::string>());
  out += fmt::format("  method       {}; {} simulations on common random numbers\n",
                     j["method"].get<std::string>(), j["evaluations"].get<int>());
  if (j.contains("solution_x"))
    out += fmt::format("  solution     {:g} {} (minimum {:g} WTE per area)\n",
                       j["solution_x"].get<double>(), j["grid"]["unit"].get<std::string>(),
                       j["minimum_wte"].get<double>());
  int met = 0, unreachable = 0;
  for (const auto& a : j["areas"]) {
    met += a["target_met"].get<bool>() ? 1 : 0;
    unreachable += a["reachable"].get<bool>() ? 0 : 1;
  }
  out += fmt::format(
      "  specialists  {:.1f} WTE in {} areas, posts {} a year ({} per WTE)\n",
      n["total_wte"].get<double>(), j["areas"].size(), money(n["annual_post_cost"].get<double>()),
      money(n["annual_post_cost"].get<double>() / std::max(1e-12, n["total_wte"].get<double>())));
  if (j["rule"] == "per-area")
    out += fmt::format(
        "  {:<12} {} nationally; target met in {} of {} areas{}\n", j["measure"].get<std::string>(),
        value_text(n["measure"]), met, j["areas"].size(),
        unreachable ? fmt::format(" ({} cannot reach it within the search range)", unreachable)
                    : "");
  else
    out += fmt::format("  {:<12} {} nationally: {}; {} of {} areas meet it on their own\n",
                       j["measure"].get<std::string>(), value_text(n["measure"]),
                       n["target_met"].get<bool>()
                           ? "target met"
                           : "NOT reachable within the search range (raise its maximum)",
                       met, j["areas"].size());
  const auto& a = j["achieves"];
  out += fmt::format(
      "  achieves     detection {}, timely specialist care {}, trained health visitors {:.2f} by "
      "the final year\n",
      value_text(a["detection"]), value_text(a["timely_specialist"]),
      a["trained_share_final_year"].get<double>());
  out += fmt::format("               investment {} over the horizon (discounted), NHS+PSS ROI {}\n",
                     money(a["investment"].get<double>()), value_text(a["nhs_pss"]["roi"]));
  return out;
}

}  // namespace pimhsim::output
