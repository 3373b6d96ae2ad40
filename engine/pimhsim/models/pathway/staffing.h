// The workforce behind the pathway, month by month for every area and option: specialist posts
// funded, filled and competent (workforce/supply.h), how their time is split between the
// caseload, training generic health visitors and service development, the trained share of the
// area's health visitors that the training sustains (workforce/cascade.h), and the generic
// health-visitor workforce with its caseload.
//
// It is deterministic (expected values, like a system-dynamics supply model) and computed before
// an area's dyads are simulated: for that area alone, or, when a national limit on the
// specialists who can be trained a year couples the areas, once for every area together
// (pathway::Model decides; the two agree bit for bit when the limit never binds). The simulation
// then reads, in each month, the caseload places (effective clinical WTE x caseload per clinical
// WTE) and the trained share, so detection and listening visits respond to the cascade.
//
// Timing: months are counted from the start of the burn-in (one dyad lifetime before the
// horizon). During the burn-in every option is staffed as the comparator (option 0); at the
// first month of the horizon an option's own funding starts, and its posts fill, train up and
// turn over from there.
#pragma once

#include <vector>

#include "pimhsim/models/pathway/inputs.h"

namespace pimhsim::models::pathway {

// One option in one area, by month from the start of the burn-in.
struct OptionStaffing {
  std::vector<double> funded;  // funded specialist WTE
  std::vector<double>
      in_post;  // WTE in post (and paid) in the month: at its end, after leavers and starters
  std::vector<double> effective;      // competent-equivalent WTE (new starters count partly)
  std::vector<double> hires;          // WTE starting in the month
  std::vector<double> leavers;        // WTE leaving in the month
  std::vector<double> trained_share;  // share of the area's health visitors with PIMH training
  std::vector<double> hvs_trained;    // generic health visitors trained by specialists in the month
  double clinical_share = 0, training_share = 0;
  double hv_wte = 0;           // generic health-visitor WTE
  double children_per_hv = 0;  // children under caseload_age_years per health-visitor WTE
  double coverage_factor = 1;  // multiplier of contact coverage (1 unless coverage responds)
  double other_training_per_year = 0;  // share of health visitors trained a year by other routes
  // Generic health visitors the specialists would need to train a year to sustain the WISN
  // target share beside the other routes: hv_wte x max(0, tau s* / (1 - s*) - b).
  double training_need_per_year = 0;

  double clinical(std::size_t m) const { return effective[m] * clinical_share; }
  double training(std::size_t m) const { return effective[m] * training_share; }
};

// What the workforce needs of an area beyond its births.
struct AreaWorkforce {
  double births = 0;
  double initial_trained_share = -1;  // < 0: the option's cascade.initial_share
  double health_visitors = -1;  // current generic WTE; < 0: hv.wte_per_1000_births x births / 1000
  double specialist_wte = 0;    // the areas table's specialist_wte (switches.staffing_rule)
};

// staffing[area][option] for `months` months (burn-in + horizon). funded[o][a] is option o's
// funded specialist WTE in area a during the horizon (the comparator's, option 0, also during
// the burn-in).
std::vector<std::vector<OptionStaffing>> plan_staffing(
    const std::vector<Inputs>& options, const std::vector<AreaWorkforce>& areas,
    const std::vector<std::vector<double>>& funded, int burn_in_months, int horizon_months);

// The funded WTE of every option and area under each option's staffing rule: the formula of
// Inputs::specialist_wte, or the area's own specialist_wte (switches.staffing_rule: area_table).
std::vector<std::vector<double>> funded_by_rule(const std::vector<Inputs>& options,
                                                const std::vector<AreaWorkforce>& areas);

}  // namespace pimhsim::models::pathway
