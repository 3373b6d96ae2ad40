// The comparator's cost of illness: what the status-quo cohort's cases cost in the long term, by
// condition, person (mother, child), service line and payer, per case, per birth and in total,
// undiscounted, as present values at the birth and discounted to the start of the horizon, so that
// it can be set beside the published cost-of-illness tables the per-case costs come from (Bauer et
// al. 2014). Written as cost_of_illness.csv by `pimhsim run`.
#pragma once

#include <string>

#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/inputs.h"

namespace pimhsim::models::pathway {

// `in` is the comparator's inputs, `costs` the scenario's cost discounting, `dyad_factor` turns
// per-dyad sums into population totals and `total_factor` total measures into one realisation's.
std::string cost_of_illness_csv(const core::Tally& t, const Inputs& in,
                                const core::DiscountSchedule& costs, double dyad_factor,
                                double total_factor);

}  // namespace pimhsim::models::pathway
