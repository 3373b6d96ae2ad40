// The economic evaluation of the pathway's options, from the merged tally: costs by perspective,
// investment, net savings, NPV, ROI, benefit-cost ratio and payback year by perspective; budget
// impact by payer for the first five years; ICER, net monetary and net health benefit against the
// comparator; and the efficiency frontier. Every figure that comes from simulated dyads carries
// its Monte Carlo standard error (investment is not sampled).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pimhsim/core/discount.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {

struct EvaluationSettings {
  double dyad_factor = 1;  // per-dyad sums -> population totals (1 / (scale x replicates))
  double total_factor =
      1;  // total measures (already whole-population) -> one realisation (1 / replicates)
  int start_year = 0;
  int horizon_years = 0;
  std::vector<double> thresholds;
  bool quality_of_life_in_societal = true;
  core::DiscountSchedule cost_discount = core::DiscountSchedule::constant(0);
  std::string currency;
  // Profile years [person][line] = {first, last} of each option, for annual cash flows.
  std::vector<std::array<std::array<std::array<int, 2>, kLines>, 2>> profile_years;
};

nlohmann::json economic_evaluation(const core::Tally& t, const EvaluationSettings& s);

// The budget impact table (CSV) from the evaluation's JSON.
std::string budget_impact_csv(const nlohmann::json& evaluation);

}  // namespace pimhsim::models::pathway
