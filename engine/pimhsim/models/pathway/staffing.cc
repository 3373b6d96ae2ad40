#include "pimhsim/models/pathway/staffing.h"

#include <cmath>
#include <stdexcept>

#include "pimhsim/workforce/cascade.h"
#include "pimhsim/workforce/supply.h"

namespace pimhsim::models::pathway {

std::vector<std::vector<double>> funded_by_rule(const std::vector<Inputs>& options,
                                                const std::vector<AreaWorkforce>& areas) {
  std::vector<std::vector<double>> out(options.size(), std::vector<double>(areas.size()));
  for (std::size_t o = 0; o < options.size(); ++o)
    for (std::size_t a = 0; a < areas.size(); ++a)
      out[o][a] = options[o].wte_from_area_table ? areas[a].specialist_wte
                                                 : options[o].specialist_wte(areas[a].births);
  return out;
}

std::vector<std::vector<OptionStaffing>> plan_staffing(
    const std::vector<Inputs>& options, const std::vector<AreaWorkforce>& areas,
    const std::vector<std::vector<double>>& funded, int burn_in_months, int horizon_months) {
  if (options.empty()) throw std::invalid_argument("plan_staffing: no options");
  if (funded.size() != options.size())
    throw std::invalid_argument("plan_staffing: funded WTE for every option");
  for (const auto& f : funded)
    if (f.size() != areas.size())
      throw std::invalid_argument("plan_staffing: funded WTE for every area");
  const std::size_t n_areas = areas.size(), n_options = options.size();
  const std::size_t months = static_cast<std::size_t>(burn_in_months + horizon_months);
  const Inputs& status_quo = options[0];

  // Generic health visitors now: the table's, or England's WTE per 1,000 births.
  std::vector<double> hv_now(n_areas);
  for (std::size_t a = 0; a < n_areas; ++a)
    hv_now[a] = areas[a].health_visitors >= 0
                    ? areas[a].health_visitors
                    : status_quo.hv_per_1000_births * areas[a].births / 1000.0;
  // Coverage parameters are national averages, so an area at England's average caseload keeps them.
  const double reference_children_per_hv =
      status_quo.caseload_age_years * 1000.0 / status_quo.hv_per_1000_births;

  std::vector<std::vector<OptionStaffing>> out(n_areas, std::vector<OptionStaffing>(n_options));
  for (std::size_t o = 0; o < n_options; ++o) {
    const Inputs& in = options[o];
    std::vector<std::vector<double>> series(n_areas, std::vector<double>(months));
    std::vector<double> initial(n_areas);
    for (std::size_t a = 0; a < n_areas; ++a) {
      initial[a] = funded[0][a];
      for (std::size_t m = 0; m < months; ++m)
        series[a][m] = static_cast<int>(m) < burn_in_months ? funded[0][a] : funded[o][a];
    }
    const auto supply =
        workforce::specialist_supply(series, initial, in.supply, in.national_hires_per_year);
    for (std::size_t a = 0; a < n_areas; ++a) {
      OptionStaffing& s = out[a][o];
      s.clinical_share = in.clinical_share;
      s.training_share = in.training_share;
      for (auto* v : {&s.funded, &s.in_post, &s.effective, &s.hires, &s.leavers, &s.hvs_trained})
        v->resize(months);
      for (std::size_t m = 0; m < months; ++m) {
        const auto& x = supply[a][m];
        s.funded[m] = x.funded;
        s.in_post[m] = x.in_post + x.hires - x.leavers;  // at the end of the month, as `effective`
        s.effective[m] = x.effective;
        s.hires[m] = x.hires;
        s.leavers[m] = x.leavers;
      }
      const double hv_base = areas[a].health_visitors >= 0
                                 ? areas[a].health_visitors
                                 : in.hv_per_1000_births * areas[a].births / 1000.0;
      s.hv_wte = hv_base * (1.0 + in.hv_workforce_change);
      s.children_per_hv = s.hv_wte > 0 ? areas[a].births * in.caseload_age_years / s.hv_wte : 0;
      if (in.coverage_responds && s.hv_wte > 0 && s.children_per_hv > 0)
        s.coverage_factor =
            std::pow(reference_children_per_hv / s.children_per_hv, in.coverage_elasticity);

      // The cascade. Other routes of training (b) hold the area's current trained share under
      // the comparator's specialist training, unless the switch says it decays.
      const double s0 = areas[a].initial_trained_share >= 0 ? areas[a].initial_trained_share
                                                            : status_quo.initial_trained_share;
      const double r0 = hv_now[a] > 0 ? funded[0][a] * status_quo.training_share *
                                            status_quo.trained_per_training_wte() / hv_now[a]
                                      : 0;
      s.other_training_per_year =
          status_quo.champions_maintained
              ? std::max(0.0, workforce::maintaining_baseline(s0, status_quo.hv_turnover) - r0)
              : 0.0;
      s.training_need_per_year =
          s.hv_wte *
          std::max(0.0, workforce::maintaining_baseline(in.wisn_target_share, in.hv_turnover) -
                            s.other_training_per_year);
      std::vector<double> training(months);
      for (std::size_t m = 0; m < months; ++m) {
        training[m] = s.training(m);
        s.hvs_trained[m] = training[m] * in.trained_per_training_wte() / 12.0;
      }
      const workforce::CascadeParameters cp{s.hv_wte, in.trained_per_training_wte(), in.hv_turnover,
                                            s0, s.other_training_per_year};
      s.trained_share = workforce::trained_share(training, cp);
    }
  }
  return out;
}

}  // namespace pimhsim::models::pathway
