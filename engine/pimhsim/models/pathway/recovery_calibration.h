// Remission calibrated on the model's own population.
//
// The published recovery figures were measured on women found ill at a given time after the birth
// (Holden, Sagovsky & Cox 1989: about 13 weeks; PoNDER, Morrell et al. 2009: 6 weeks), not on
// episodes at onset. By then untreated episodes that remit easily have largely remitted, so the
// women still ill are more often chronic than episodes are at onset. The hazards are therefore
// solved on the population the model itself has ill at that time: every condition (psychosis
// apart), severity, onset month and chronic class, weighted by its probability and by the chance of
// still being ill under the natural course (earlier care is not modelled in this population).
//
// Unknowns and the figures that fix them (bisection on each hazard; q in closed form given h_n):
//   chronic share at onset q: the chronic share of the population ill at the six-to-eight-week
//     contact is recovery.chronic_share c (Vliegen et al. 2014's persistence): with W the weight of
//     that population's members at onset and V(h_n) that of its non-chronic members still ill at
//     the contact, q = c V / (c V + (1 - c) W);
//   natural hazard h_n: the untreated arm started at recovery.untreated.start_age_months recovers
//     recovery.untreated.recovered within recovery.untreated.months (Holden's control arm);
//   usual health-visitor care g_u: an arm started at the six-to-eight-week contact is still ill
//     after recovery.usual_hv.months with probability recovery.usual_hv.persistent (PoNDER
//     control);
//   trained health visitors' listening visits g_t: persistence odds times
//     recovery.trained_hv.odds_ratio (PoNDER), or, with the switch trained_hv_evidence: holden,
//     Holden's intervention arm's recovery over recovery.untreated.months from its start;
//   other services g_s: mothers identified at the contact and still ill when the course starts,
//     after the service's wait, recover 1 - (1 - recovery.monthly.s)^course_months by its end
//     (NHS Talking Therapies' completer recovery for talking therapies; psychosis for the mother
//     and baby unit).
// A member with condition factor f_c, severity factor f_s and chronic class k is still ill after T
// months of an arm with added hazard g for its first L months with probability
//   exp(-f_c f_s [(1 - k) h_n T + g min(L, T)]).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {

struct Inputs;

struct RecoveryTargets {
  double chronic_at_contact = 0.3;  // recovery.chronic_share
  int contact_month = 10;           // month of life of the six-to-eight-week contact
  double untreated_recovered = 0, untreated_months = 3;
  int untreated_start = 12;  // month of life the untreated arm starts
  double usual_persistent = 0, usual_months = 4.5;
  bool trained_from_holden = false;
  double trained_odds_ratio = 1, trained_holden_recovered = 0;
  std::array<double, kServices> course_recovered{};  // by service; listening visits unused
};

struct RecoveryCalibration {
  double chronic_at_onset = 0, natural_hazard = 0, usual_added = 0;
  std::array<double, kServices> service_added{};  // listening visits: trained health visitors
  bool saturated = false;  // a target beyond what the population can reach: the nearest reached
};

// What the calibration reads of an option's inputs: the population's prevalence, onset and
// severity, the hazard factors, and the services' courses and waits.
struct RecoveryPopulation {
  std::array<double, kConditions> prevalence_cum{};
  std::array<std::array<double, kOnsetBands>, kConditions> onset_cum{};
  std::array<std::array<double, kSeverities>, kConditions> severity_cum{};
  std::array<double, kConditions> condition_factor{};
  std::array<double, kSeverities> severity_factor{};
  std::array<int, kServices> wait_months{}, course_months{};

  static RecoveryPopulation of(const Inputs& in);
};

// Solves the hazards for a population and its targets.
RecoveryCalibration calibrate_recovery(const RecoveryPopulation& population,
                                       const RecoveryTargets& t);
// The same for `in`'s population.
RecoveryCalibration calibrate_recovery(const Inputs& in, const RecoveryTargets& t);

// The calibrations a model has solved: options whose population and targets are the same, bit for
// bit (a scenario's options usually differ in staffing alone), share one solution, which is what
// solving each again would give.
class RecoveryCalibrations {
 public:
  RecoveryCalibration solve(const RecoveryPopulation& population, const RecoveryTargets& t);
  // How many different calibrations were solved.
  std::size_t solved() const { return solved_.size(); }

 private:
  struct Solved {
    RecoveryPopulation population;
    RecoveryTargets targets;
    RecoveryCalibration calibration;
  };
  std::vector<Solved> solved_;
};

// The share of the population ill at month of life `start` (psychosis only, or every other
// condition) and still ill `wait` months later under the natural course, that is still ill after
// `months` more of an arm adding hazard `added` over its first `course` months, given the chronic
// share at onset and the natural hazard: the quantity the calibration matches, for tests and
// reports.
double still_ill(const Inputs& in, bool psychosis, int start, double chronic_at_onset,
                 double natural_hazard, double added, double course, double months,
                 double wait = 0);
// The chronic share of the population ill at month of life `start` (every condition but psychosis).
double chronic_share_at(const Inputs& in, int start, double chronic_at_onset,
                        double natural_hazard);

}  // namespace pimhsim::models::pathway
