#include "pimhsim/economics/return_on_investment.h"

#include <algorithm>
#include <cmath>

#include "pimhsim/core/statistics.h"

namespace pimhsim::economics {

InvestmentReturn investment_return(Estimate incremental_cost, double extra_investment,
                                   std::span<const double> net_flows,
                                   const core::DiscountSchedule& discount, int start_year) {
  InvestmentReturn r;
  const double savings = -incremental_cost.value, npv = savings - extra_investment;
  const double se = incremental_cost.se;
  r.savings = {savings, se};
  r.net_savings = {npv, se};
  if (extra_investment > 0) {
    r.roi = Estimate{npv / extra_investment, se / extra_investment};
    r.benefit_cost_ratio = Estimate{savings / extra_investment, se / extra_investment};
    double cumulative = 0;
    for (std::size_t y = 0; y < net_flows.size(); ++y) {
      cumulative -= net_flows[y] * discount.factor(static_cast<double>(y) + 0.5);
      if (cumulative >= 0) {
        r.payback_year = start_year + static_cast<int>(y);
        break;
      }
    }
  }
  return r;
}

CostEffectiveness cost_effectiveness(Estimate dc, Estimate de, double cost_minus_effect_se,
                                     const std::vector<double>& thresholds) {
  CostEffectiveness ce{dc, de, icer(dc.value, de.value), std::nullopt, {}};
  const double dd = cost_minus_effect_se;
  const double cov = core::covariance_from_difference(dc.se, de.se, dd);
  if (ce.icer.kind == Icer::Kind::kRatio || ce.icer.kind == Icer::Kind::kLessCostlyLessEffective) {
    // Delta method: var(C/E) = (var C - 2 R cov + R^2 var E) / E^2.
    const double r = ce.icer.value;
    const double var =
        (dc.se * dc.se - 2 * r * cov + r * r * de.se * de.se) / (de.value * de.value);
    ce.icer_se = std::sqrt(std::max(0.0, var));
  }
  for (double w : thresholds) {
    const double nmb = w * de.value - dc.value;
    const double se = std::sqrt(std::max(0.0, w * w * de.se * de.se + dc.se * dc.se - 2 * w * cov));
    ce.at.push_back({w, {nmb, se}, {nmb / w, se / w}});
  }
  return ce;
}

}  // namespace pimhsim::economics
