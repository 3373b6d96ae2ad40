// The economics of an investment from one payer's or perspective's point of view, for any model
// that keeps a cost ledger: what the option saves against the comparator, its net present value,
// return on investment, benefit-cost ratio and payback year; and the cost-effectiveness of the
// option (ICER with its delta-method error, net monetary and net health benefit at thresholds).
// Every figure from simulated individuals carries its Monte Carlo standard error; the investment
// is a set amount, not sampled.
//
// Definitions (HM Treasury's Green Book conventions for NPV and BCR; return on investment as net
// savings per unit of investment, as in the costing of perinatal mental health by Bauer et al.
// 2014):
//   savings S = -(C_option - C_comparator), the costs before the investment, discounted
//   NPV of net savings = S - I, I the extra investment (discounted)
//   ROI = (S - I) / I,  BCR = S / I          (defined only when I > 0)
//   payback year: the first year y in which sum_{k <= y} -(F_option,k - F_comparator,k) d(k + 1/2)
//                 >= 0, F the annual undiscounted cash flows (investment included) and d the
//                 discount factor at mid-year.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/core/discount.h"
#include "pimhsim/economics/icer.h"

namespace pimhsim::economics {

struct Estimate {
  double value = 0;
  double se = 0;  // Monte Carlo standard error
};

struct InvestmentReturn {
  Estimate savings;                            // S
  Estimate net_savings;                        // S - I (its SE is S's)
  std::optional<Estimate> roi;                 // only when the option invests more
  std::optional<Estimate> benefit_cost_ratio;  // likewise
  std::optional<int> payback_year;             // none if never within the flows, or no investment
};

// `incremental_cost`: the option's costs minus the comparator's, before investment, with the SE
// of the paired difference; `extra_investment`: I; `net_flows[k]`: F_option,k - F_comparator,k
// for years k = 0, 1, ... from `start_year`.
InvestmentReturn investment_return(Estimate incremental_cost, double extra_investment,
                                   std::span<const double> net_flows,
                                   const core::DiscountSchedule& discount, int start_year);

struct CostEffectiveness {
  Estimate incremental_cost, incremental_effect;
  Icer icer;
  std::optional<double> icer_se;  // delta method, for a ratio (kRatio, kLessCostlyLessEffective)
  struct AtThreshold {
    double threshold;
    Estimate net_monetary_benefit;  // threshold x dE - dC
    Estimate net_health_benefit;    // dE - dC / threshold
  };
  std::vector<AtThreshold> at;  // in the order of the thresholds given
};

// From the paired increments in cost and effect and the SE of the paired increment in
// cost minus effect (whose variance gives their covariance: var(C - E) = var C + var E - 2 cov).
CostEffectiveness cost_effectiveness(Estimate incremental_cost, Estimate incremental_effect,
                                     double cost_minus_effect_se,
                                     const std::vector<double>& thresholds);

}  // namespace pimhsim::economics
