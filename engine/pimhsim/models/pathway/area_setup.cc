// What an area's simulation is set up from: the discount factors of each birth month, the area's
// staffing, its monthly births and its whole caseload places.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/outcomes.h"

namespace pimhsim::models::pathway {

std::vector<BirthFactors> birth_factors(const Inputs& in, const Discounting& disc, int months,
                                        int burn_in) {
  std::vector<BirthFactors> out(static_cast<std::size_t>(months));
  for (int m = 0; m < months; ++m) {  // m is the birth month index
    const double birth_years = (m - burn_in) / 12.0;
    // profile_factor, with the source's present values computed once (Inputs::source_pv).
    for (int p = 0; p < 2; ++p)
      for (int l = 0; l < kLines; ++l)
        out[m].cost[p][l] =
            profile_present_value(disc.costs, birth_years, in.years[p][l][0], in.years[p][l][1]) /
            in.source_pv[p][l];
    const auto& q = in.years[1][kQualityOfLife];
    out[m].child_qaly = profile_present_value(disc.effects, birth_years, q[0], q[1]) /
                        in.source_pv[1][kQualityOfLife];
  }
  return out;
}

std::vector<OptionStaffing> area_staffing(const std::vector<Inputs>& options, const AreaInput& area,
                                          const Timeline& tl) {
  const std::vector<AreaWorkforce> one{
      {area.births, area.trained_share, area.health_visitors, area.specialist_wte}};
  auto staffing =
      plan_staffing(options, one, funded_by_rule(options, one), kLifeMonths, tl.horizon_months);
  return std::move(staffing[0]);
}

int area_places(double real_slots, double u) {
  const double whole = std::floor(real_slots);
  return static_cast<int>(whole) + (u < real_slots - whole ? 1 : 0);
}

std::vector<int> monthly_entries(const AreaInput& area, const Inputs& in, const Timeline& tl) {
  const int months = kLifeMonths + tl.horizon_months;
  std::vector<int> out(months);
  double expected = 0;
  long long so_far = 0;
  for (int m = 0; m < months; ++m) {
    const int t = m - kLifeMonths;
    const int year = t >= 0 ? t / 12 : -((-t + 11) / 12);
    expected += area.births * tl.scale * std::pow(1.0 + in.births_trend, year) / 12.0;
    const double whole = std::floor(expected + 1e-9);
    // A validated scenario keeps an area's simulated births far below this (its births trend is
    // bounded, and so are the births it compounds to over the horizon); a count beyond it would
    // not convert to an integer.
    if (!(whole - static_cast<double>(so_far) <= std::numeric_limits<int>::max()))
      throw std::overflow_error(
          fmt::format("more than {} simulated births in one month of an area ({:g} births a year, "
                      "births.annual_trend {:g}, scale {:g}): too many to simulate",
                      std::numeric_limits<int>::max(), area.births, in.births_trend, tl.scale));
    const long long target = static_cast<long long>(whole);
    out[m] = static_cast<int>(target - so_far);
    so_far = target;
  }
  return out;
}

}  // namespace pimhsim::models::pathway
