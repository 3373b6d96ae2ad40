#include "pimhsim/models/pathway/recovery_calibration.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "pimhsim/core/same_bits.h"
#include "pimhsim/models/pathway/inputs.h"

namespace pimhsim::models::pathway {
namespace {

// Visits every member of the population ill at month `start`: weight (unnormalised) and the
// member's hazard factor, for chronic (k = 1) and non-chronic (k = 0) members.
template <typename Visit>
void population(const RecoveryPopulation& in, bool psychosis, int start, double q, double h_n,
                Visit&& visit) {
  double before = 0;
  for (int c = 0; c < kConditions; ++c) {
    const double prevalence = in.prevalence_cum[c] - before;
    before = in.prevalence_cum[c];
    if ((c == kPsychosis) != psychosis || prevalence <= 0) continue;
    double sev_before = 0;
    for (int s = 0; s < kSeverities; ++s) {
      const double severity = in.severity_cum[c][s] - sev_before;
      sev_before = in.severity_cum[c][s];
      const double f = in.condition_factor[c] * in.severity_factor[s];
      double band_before = 0;
      for (int b = 0; b < kOnsetBands; ++b) {
        const double band = in.onset_cum[c][b] - band_before;
        band_before = in.onset_cum[c][b];
        const int length = kOnsetBandStart[b + 1] - kOnsetBandStart[b];
        for (int o = kOnsetBandStart[b]; o < kOnsetBandStart[b + 1] && o <= start; ++o) {
          const double w = prevalence * severity * band / length;
          visit(w * q, f, 1);
          visit(w * (1 - q) * std::exp(-f * h_n * (start - o)), f, 0);
        }
      }
    }
  }
}

// The root of an increasing function on [lo, hi] by bisection; saturates at an end it cannot pass.
double solve(const std::function<double(double)>& g, double target, double lo, double hi,
             bool& saturated) {
  if (g(lo) >= target) return lo;
  while (g(hi) < target) {
    if (hi > 1e3) {
      saturated = true;
      return hi;
    }
    hi *= 2;
  }
  for (int i = 0; i < 200 && hi - lo > 1e-14 * hi; ++i) {
    const double mid = (lo + hi) / 2;
    (g(mid) < target ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// still_ill (recovery_calibration.h) on the population the calibration reads.
double still_ill_in(const RecoveryPopulation& in, bool psychosis, int start, double q, double h_n,
                    double added, double course, double months, double wait = 0) {
  double total = 0, ill = 0;
  population(in, psychosis, start, q, h_n, [&](double w, double f, int k) {
    const double natural = (1 - k) * h_n;
    // Those still ill when care starts, after `wait` months of the natural course.
    const double at_start = w * std::exp(-f * natural * wait);
    total += at_start;
    ill += at_start * std::exp(-f * (natural * months + added * std::min(course, months)));
  });
  return total > 0 ? ill / total : 0.0;
}

// Whether two calibrations read the same inputs, bit for bit.
bool same_inputs(const RecoveryPopulation& a, const RecoveryTargets& at,
                 const RecoveryPopulation& b, const RecoveryTargets& bt) {
  using core::same_bits;
  // Bound by count: a field added to either struct stops these compiling until it is compared
  // below too.
  [[maybe_unused]] const auto& [pop1, pop2, pop3, pop4, pop5, pop6, pop7] = a;
  [[maybe_unused]] const auto& [tgt1, tgt2, tgt3, tgt4, tgt5, tgt6, tgt7, tgt8, tgt9, tgt10,
                                tgt11] = at;
  return same_bits(a.prevalence_cum, b.prevalence_cum) && same_bits(a.onset_cum, b.onset_cum) &&
         same_bits(a.severity_cum, b.severity_cum) &&
         same_bits(a.condition_factor, b.condition_factor) &&
         same_bits(a.severity_factor, b.severity_factor) &&
         same_bits(a.wait_months, b.wait_months) && same_bits(a.course_months, b.course_months) &&
         same_bits(at.chronic_at_contact, bt.chronic_at_contact) &&
         at.contact_month == bt.contact_month &&
         same_bits(at.untreated_recovered, bt.untreated_recovered) &&
         same_bits(at.untreated_months, bt.untreated_months) &&
         at.untreated_start == bt.untreated_start &&
         same_bits(at.usual_persistent, bt.usual_persistent) &&
         same_bits(at.usual_months, bt.usual_months) &&
         at.trained_from_holden == bt.trained_from_holden &&
         same_bits(at.trained_odds_ratio, bt.trained_odds_ratio) &&
         same_bits(at.trained_holden_recovered, bt.trained_holden_recovered) &&
         same_bits(at.course_recovered, bt.course_recovered);
}

}  // namespace

RecoveryPopulation RecoveryPopulation::of(const Inputs& in) {
  return {in.prevalence_cum,  in.onset_cum,   in.severity_cum, in.condition_factor,
          in.severity_factor, in.wait_months, in.course_months};
}

double still_ill(const Inputs& in, bool psychosis, int start, double q, double h_n, double added,
                 double course, double months, double wait) {
  return still_ill_in(RecoveryPopulation::of(in), psychosis, start, q, h_n, added, course, months,
                      wait);
}

double chronic_share_at(const Inputs& in, int start, double q, double h_n) {
  double total = 0, chronic = 0;
  population(RecoveryPopulation::of(in), false, start, q, h_n, [&](double w, double, int k) {
    total += w;
    chronic += k * w;
  });
  return total > 0 ? chronic / total : 0.0;
}

RecoveryCalibration calibrate_recovery(const Inputs& in, const RecoveryTargets& t) {
  return calibrate_recovery(RecoveryPopulation::of(in), t);
}

RecoveryCalibration RecoveryCalibrations::solve(const RecoveryPopulation& population,
                                                const RecoveryTargets& t) {
  for (const Solved& s : solved_)
    if (same_inputs(s.population, s.targets, population, t)) return s.calibration;
  solved_.push_back({population, t, calibrate_recovery(population, t)});
  return solved_.back().calibration;
}

RecoveryCalibration calibrate_recovery(const RecoveryPopulation& in, const RecoveryTargets& t) {
  RecoveryCalibration r;
  bool saturated = false;
  // The chronic share at onset q that gives the target share c among the ill at the contact, in
  // closed form: with W the weight of the population at onset and V(h_n) that of its non-chronic
  // members still ill at the contact, c = q W / (q W + (1 - q) V), so q = c V / (c V + (1 - c) W).
  auto onset_share = [&](double h_n) {
    const double c = t.chronic_at_contact;
    if (c <= 0) return 0.0;
    if (c >= 1) return 1.0;
    double w_all = 0, v = 0;
    population(in, false, t.contact_month, 0.5, h_n,
               [&](double w, double, int k) { (k == 1 ? w_all : v) += 2 * w; });
    return w_all > 0 ? c * v / (c * v + (1 - c) * w_all) : 0.0;
  };
  const double lvl = static_cast<double>(in.course_months[kListeningVisits]);
  // The untreated arm's recovery first rises with h_n, then falls: with the chronic share among
  // the ill at the contact held fixed, a faster natural course leaves the population ill at the
  // arm's start more chronic. Its maximum (golden-section search on a monthly hazard up to 20)
  // bounds what the arm can reproduce: a target above it takes the maximising h_n and is reported
  // as saturated.
  const auto untreated = [&](double h) {
    return 1 -
           still_ill_in(in, false, t.untreated_start, onset_share(h), h, 0, 0, t.untreated_months);
  };
  double lo = 0, hi = 20;
  const double phi = (std::sqrt(5.0) - 1) / 2;
  for (int i = 0; i < 200 && hi - lo > 1e-12; ++i) {
    const double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    if (untreated(a) < untreated(b))
      lo = a;
    else
      hi = b;
  }
  const double peak = (lo + hi) / 2;
  if (untreated(peak) < t.untreated_recovered) {
    r.natural_hazard = peak;
    saturated = true;
  } else {
    r.natural_hazard = solve(untreated, t.untreated_recovered, 0, peak, saturated);
  }
  r.chronic_at_onset = onset_share(r.natural_hazard);
  const double q = r.chronic_at_onset, h_n = r.natural_hazard;
  auto recovered = [&](bool psychosis, int start, double course, double months) {
    return [&in, psychosis, start, course, months, q, h_n](double g) {
      return 1 - still_ill_in(in, psychosis, start, q, h_n, g, course, months);
    };
  };
  r.usual_added = solve(recovered(false, t.contact_month, lvl, t.usual_months),
                        1 - t.usual_persistent, 0, 1, saturated);
  if (t.trained_from_holden) {
    r.service_added[kListeningVisits] =
        solve(recovered(false, t.untreated_start, lvl, t.untreated_months),
              t.trained_holden_recovered, 0, 1, saturated);
  } else {
    const double odds = t.usual_persistent / (1 - t.usual_persistent) * t.trained_odds_ratio;
    r.service_added[kListeningVisits] =
        solve(recovered(false, t.contact_month, lvl, t.usual_months), 1 - odds / (1 + odds), 0, 1,
              saturated);
  }
  // Other services: mothers identified at the contact who are still ill when their course starts,
  // after the service's wait, recover the published share by the course's end.
  for (int s = kTalkingTherapies; s < kServices; ++s) {
    const double course = static_cast<double>(in.course_months[s]), wait = in.wait_months[s];
    const bool psychosis = s == kMbu;
    r.service_added[s] = solve(
        [&, course, wait, psychosis](double g) {
          return 1 - still_ill_in(in, psychosis, t.contact_month, q, h_n, g, course, course, wait);
        },
        t.course_recovered[s], 0, 1, saturated);
  }
  r.saturated = saturated;
  return r;
}

}  // namespace pimhsim::models::pathway
