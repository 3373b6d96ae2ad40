#include "pimhsim/workforce/supply.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pimhsim::workforce {
namespace {

// Capacity of a specialist who started `age` months ago (age 0: the month of starting).
double capacity_at(double age, const SupplyParameters& p) {
  if (p.competence_months <= 0 || age >= p.competence_months) return 1.0;
  return p.starting_capacity + (1.0 - p.starting_capacity) * age / p.competence_months;
}

}  // namespace

std::vector<std::vector<SupplyMonth>> specialist_supply(
    const std::vector<std::vector<double>>& funded, const std::vector<double>& initial,
    const SupplyParameters& p, double national_hires_per_year) {
  if (funded.size() != initial.size())
    throw std::invalid_argument("specialist_supply: one initial WTE per area");
  if (p.recruitment_months < 0 || p.competence_months < 0 || p.attrition_per_year < 0 ||
      p.attrition_per_year >= 1 || p.starting_capacity < 0 || p.starting_capacity > 1)
    throw std::invalid_argument("specialist_supply: parameters out of range");
  const std::size_t areas = funded.size();
  const std::size_t months = areas == 0 ? 0 : funded[0].size();
  for (const auto& f : funded)
    if (f.size() != months)
      throw std::invalid_argument("specialist_supply: every area needs the same months");
  // Monthly probabilities: leaving, and filling a vacancy (exponential with the mean delay).
  const double leave = 1.0 - std::pow(1.0 - p.attrition_per_year, 1.0 / 12.0);
  const double fill = p.recruitment_months <= 0 ? 1.0 : 1.0 - std::exp(-1.0 / p.recruitment_months);
  const double national_per_month =
      national_hires_per_year > 0 ? national_hires_per_year / 12.0 : -1.0;

  std::vector<std::vector<SupplyMonth>> out(areas, std::vector<SupplyMonth>(months));
  // Cohorts by month of hire (index = hire month; -1 holds the initial, already competent staff).
  std::vector<std::vector<double>> cohorts(areas, std::vector<double>(months, 0.0));
  std::vector<double> veterans(initial);
  std::vector<double> in_post(initial), wanted(areas);
  for (std::size_t m = 0; m < months; ++m) {
    double total_wanted = 0;
    for (std::size_t a = 0; a < areas; ++a) {
      const double vacancies = std::max(0.0, funded[a][m] - in_post[a]);
      wanted[a] = vacancies * fill;
      total_wanted += wanted[a];
    }
    // A national training limit is shared in proportion to each area's demand.
    const double share = national_per_month >= 0 && total_wanted > national_per_month
                             ? national_per_month / total_wanted
                             : 1.0;
    for (std::size_t a = 0; a < areas; ++a) {
      SupplyMonth& s = out[a][m];
      s.funded = funded[a][m];
      s.in_post = in_post[a];
      s.hires = wanted[a] * share;
      // Leavers come from every cohort alike; posts above the funded level (after a cut) also go.
      const double surplus = std::max(0.0, in_post[a] - funded[a][m]);
      const double keep = in_post[a] > 0 ? 1.0 - leave - (1.0 - leave) * surplus / in_post[a] : 1.0;
      s.leavers = in_post[a] * (1.0 - keep);
      veterans[a] *= keep;
      double effective = veterans[a];
      for (std::size_t h = 0; h < m; ++h) {
        cohorts[a][h] *= keep;
        effective += cohorts[a][h] * capacity_at(static_cast<double>(m - h), p);
      }
      cohorts[a][m] = s.hires;
      effective += s.hires * capacity_at(0, p);
      s.effective = effective;
      in_post[a] = in_post[a] - s.leavers + s.hires;
    }
  }
  return out;
}

}  // namespace pimhsim::workforce
