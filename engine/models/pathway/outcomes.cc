#include "models/pathway/outcomes.h"

#include <algorithm>
#include <cmath>

namespace pimhsim::models::pathway {

double exposure(const Inputs& in, const History& h) {
  return h.months_untreated + in.treated_weight * h.months_treated;
}

double cost_share(const Inputs& in, int person, const History& h) {
  const double a = in.avoidable[person];
  const double share = (1 - a) + a * std::min(1.0, exposure(in, h) / in.reference_exposure);
  if (person == 1 && h.specialist) return share * (1 - in.specialist_child_effect);
  return share;
}

double spread_factor(const core::DiscountSchedule& d, double birth_years, double start, double end) {
  const int first = static_cast<int>(std::floor(start)), last = static_cast<int>(std::floor(end));
  double sum = 0;
  for (int k = first; k <= last; ++k) sum += d.factor(std::max(0.0, birth_years + k + 0.5));
  return sum / (last - first + 1);
}

}  // namespace pimhsim::models::pathway
