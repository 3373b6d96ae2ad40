// One option's numbers for the pathway, read once from its parameters into flat arrays that the
// monthly step reads without lookups. Probabilities that act over time are held as hazards so
// that care, condition and severity combine multiplicatively.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>

#include "pimhsim/core/discount.h"
#include "pimhsim/core/parameter.h"
#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/workforce/supply.h"
#include "pimhsim/workforce/wisn.h"

namespace pimhsim::models::pathway {

// Monthly probability <-> hazard.
inline double hazard_of(double p) {
  return -std::log1p(-std::min(p, 1.0 - 1e-15));
}

// The status quo's reference for long-term costs (outcomes.h): by condition, the mean exposure of
// the comparator's cases (0: no case, every case then costs its per-case cost) and the mean over
// them of the child's share times its specialist factor, s (1 - e). Set by the model from a run of
// the comparator before the options are valued.
struct StatusQuo {
  bool set = false;
  std::array<double, kConditions> exposure{};
  std::array<double, kConditions> child{1, 1, 1, 1, 1};
};

class RecoveryCalibrations;

struct Inputs {
  double births_trend = 0;
  std::array<double, kConditions> prevalence_cum{};  // cumulative, in condition order
  std::array<std::array<double, kOnsetBands>, kConditions> onset_cum{};
  std::array<std::array<double, kSeverities>, kConditions> severity_cum{};

  std::array<int, kContacts> contact_month{};  // month of the dyad's life (0..32)
  std::array<double, kContacts> coverage{};
  std::array<double, 2> sensitivity{}, specificity{};  // [untrained, trained]
  double hidden_share = 0;
  std::array<double, kSeverities> other_detection{};

  // First-line routing: cumulative shares of none, listening visits, talking therapies,
  // specialist PMH team, by severity; psychosis goes to the PMH team or a mother and baby unit.
  std::array<std::array<double, 4>, kSeverities> routing_cum{};
  double psychosis_mbu_share = 0;
  std::array<double, kSeverities> specialist_referral{};

  std::array<int, kServices> wait_months{}, course_months{};
  std::array<double, kServices> course_cost{};
  double assessment_cost = 0;

  // Remission: untreated episodes remit at natural_hazard unless chronic (then never); care adds
  // a hazard on top, calibrated so that a course reproduces its trial arm's published recovery
  // in a population with the modelled chronic share (see added_hazard).
  // natural_hazard, chronic_share (at onset) and the added hazards are solved on the model's own
  // population when the inputs are read (recovery_calibration.h); service_added[kListeningVisits]
  // is a trained health visitor's.
  double natural_hazard = 0, chronic_share = 0, usual_hv_added = 0;
  bool recovery_saturated = false;  // a recovery target the population cannot reach
  std::array<double, kServices> service_added{};
  std::array<double, kConditions> condition_factor{};
  std::array<double, kSeverities> severity_factor{};

  double specialist_hazard_ratio = 1;
  int episode_months = 1;
  double caseload_per_clinical_wte = 0;
  // How a specialist post's time is spent (specialist.time_split).
  double clinical_share = 0, training_share = 0, development_share = 0;
  // Investment: the annual cost of a specialist post (salary at the chosen Agenda for Change band
  // and point, employer's National Insurance, pension at the rate the `pension_basis` switch
  // chooses, apprenticeship levy, and overheads), a
  // one-off training cost per new post, and the generic health visitors' time in the specialist's
  // training, per specialist WTE a year.
  double salary = 0, post_cost_per_wte = 0, training_cost_per_post = 0, hv_hourly_cost = 0;
  int timely_months = 1;  // start within this many months of referral counts as timely
  double wte_per_area = 0, wte_per_1000_births = 0, minimum_wte = 0;
  // switches.staffing_rule: area_table: each area funds the WTE of its own row in the areas
  // table (AreaWorkforce::specialist_wte) instead of specialist_wte(births).
  bool wte_from_area_table = false;

  // Workforce: specialist supply, the training cascade and the generic health visitors.
  workforce::SupplyParameters supply;
  double national_hires_per_year = 0;  // 0: no national limit
  double initial_trained_share = 0;    // for areas whose table gives none
  double specialist_hours_per_hv = 1;  // specialist hours per generic health visitor trained
  double hv_hours_per_training = 0;    // generic health visitor's own hours in training
  double hv_per_1000_births = 0, hv_workforce_change = 0, hv_turnover = 0;
  double caseload_age_years = 5, caseload_standard = 250, coverage_elasticity = 0;
  bool coverage_responds = false;    // switch coverage_pressure: caseload
  bool champions_maintained = true;  // switch champion_coverage: maintained
  // WHO WISN: available working time (also the hours a training WTE can teach) and standards.
  workforce::AvailableTime working_time;
  double awt_hours = 0;
  double wisn_hours_per_episode = 0, wisn_specialist_support = 0, wisn_development_hours = 0,
         wisn_target_share = 0;
  double wisn_hours_per_contact = 0, wisn_hours_per_assessment = 0, wisn_hours_per_listening = 0;
  double wisn_other_hours_per_child = 0, wisn_hv_support = 0;
  bool overflow_waits = true;  // switch capacity_overflow: wait (true) or usual_care

  // Long-term consequences, per case, by condition (all five), person and line: present values at
  // the birth at the source's discount rate (long_term.source_discount_rate).
  std::array<std::array<std::array<double, kLines>, 2>, kConditions> case_cost{};
  std::array<std::array<std::array<double, 2>, kLines>, 2>
      years{};  // [person][line] = {start, end}
  core::DiscountSchedule source_discount = core::DiscountSchedule::constant(0);
  // Undiscounted total per unit of present value, by person and line (its profile's years), and
  // the present value at the birth at the source's rate of one unit a year over the profile.
  std::array<std::array<double, kLines>, 2> undiscounted_per_pv{}, source_pv{};
  std::array<double, 2> avoidable{};
  double treated_weight = 0, specialist_child_effect = 0;
  StatusQuo status_quo;
  std::array<double, kConditions> child_qaly_loss{}, decrement{};
  double post_exit_months = 0;

  // With `calibrations`, remission is solved once for options that share its inputs.
  static Inputs from(const core::ParameterSet& p, const core::SwitchSet& s,
                     RecoveryCalibrations* calibrations = nullptr);

  // Specialist WTE an area funds under this option's rule: at least the minimum, otherwise a
  // fixed WTE per area plus a WTE per 1,000 births.
  double specialist_wte(double births_per_year) const {
    return std::max(minimum_wte, wte_per_area + wte_per_1000_births * births_per_year / 1000.0);
  }
  // Generic health visitors an area would train a year per WTE of specialist training time.
  double trained_per_training_wte() const { return awt_hours / specialist_hours_per_hv; }
};

}  // namespace pimhsim::models::pathway
