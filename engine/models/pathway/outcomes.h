// A dyad's long-term consequences, from its history in the 1001 days.
//
// A case of a condition carries a per-case lifetime cost (Bauer et al. 2014), split into lines.
// The share a dyad incurs is (1 - a) + a * min(1, E / E_ref): a is the avoidable fraction, E the
// mother's exposure (months ill untreated, plus months ill in care weighted by w), E_ref the
// exposure at which a case incurs its full cost. The child's share is further reduced by the
// effect of specialist parent-infant work. The share therefore lies in [1 - a, 1].
#pragma once

#include "core/discount.h"
#include "models/pathway/inputs.h"

namespace pimhsim::models::pathway {

struct History {
  int months_untreated = 0;
  int months_treated = 0;
  bool specialist = false;  // received specialist parent-infant work
};

double exposure(const Inputs& in, const History& h);
// Share of the per-case cost incurred; person 0 is the mother, 1 the child.
double cost_share(const Inputs& in, int person, const History& h);

// Present value factor of one unit of cost spread evenly over years [start, end] after a birth
// at `birth_years` (years from the start of the horizon), each year's amount at mid-year.
double spread_factor(const core::DiscountSchedule& d, double birth_years, double start, double end);

}  // namespace pimhsim::models::pathway
