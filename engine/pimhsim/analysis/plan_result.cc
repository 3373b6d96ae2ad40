// The plan's result: names, units and the reconciliation of its answers.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/analysis/plan_evaluator.h"
#include "pimhsim/core/number_text.h"

namespace pimhsim::analysis {

std::string PlanAchieved::name() const {
  return threshold ? fmt::format("{}@{}", measure->name, *threshold) : measure->name;
}

const char* PlanResult::grid_unit() const {
  return rule == PlanRule::kBirths ? "WTE per 1,000 births a year" : "WTE per area";
}

std::string PlanResult::se_method() const {
  return replicates >= 2
             ? "spread of the replicates, sd / sqrt(R)"
             : "within-run (binomial for shares): understates the noise of measures that depend "
               "on the caseload queue; set run.replicates to 5 or more for an honest SE";
}

namespace plan_detail {

void reconcile(PlanResult& r, double post_cost) {
  r.reconciliation.clear();
  auto answer = [&](std::string question, double total_wte, std::optional<double> x) {
    r.reconciliation.push_back({std::move(question), total_wte, total_wte * post_cost, x});
  };
  for (std::size_t i = 0; i < r.achieves.size(); ++i) {
    const auto& m = *r.achieves[i].measure;
    if (!m.requirement) continue;
    const std::string question =
        fmt::format("How many does the simulated workload need? ({}", m.label);
    if (r.solved && r.achieves[i].value.defined()) {
      answer(question + ", at the plan's staffing)", r.achieves[i].value.value, std::nullopt);
    } else if (!r.sweep.empty()) {
      // The staffing that matches its own workload: the point nearest its requirement.
      const auto& p = *std::min_element(r.sweep.begin(), r.sweep.end(), [&](auto& a, auto& b) {
        return std::abs(a.values[i].value - a.total_wte) <
               std::abs(b.values[i].value - b.total_wte);
      });
      if (p.values[i].defined())
        answer(question + ", at the swept staffing nearest it)", p.values[i].value, std::nullopt);
    }
  }
  const std::string budget =
      r.budget ? fmt::format(" within {} a year", core::money_text(*r.budget)) : "";
  if (r.target.given() && r.reachable && r.solved) {
    const bool max = r.target.kind == PlanTarget::Kind::kMaximise;
    answer(
        max ? fmt::format("Which staffing maximises {}{}?", r.target.text.substr(4), budget)
            : fmt::format("What is the smallest staffing that meets {}{}?", r.target.text, budget),
        r.total_wte, r.solution_x);
  } else if (!r.target.given() && r.budget) {
    answer(fmt::format("How much staffing does {} a year buy?", core::money_text(*r.budget)),
           r.total_wte, r.solution_x);
  }
  for (std::size_t i = 0; i < r.achieves.size() && !r.sweep.empty(); ++i) {
    const auto& a = r.achieves[i];
    if (!a.measure->value_for_money) continue;
    const PlanSweepPoint* best = nullptr;
    for (const auto& p : r.sweep)
      if (p.values[i].defined() && (!best || p.values[i].value > best->values[i].value)) best = &p;
    if (!best) continue;
    const std::string per =
        a.threshold ? fmt::format(" at {} per QALY", core::human_number(*a.threshold)) : "";
    answer(fmt::format("Which staffing has the highest expected {}{}, among the staffings swept?",
                       a.measure->label, per),
           best->total_wte, best->x);
  }
}

}  // namespace plan_detail
}  // namespace pimhsim::analysis
