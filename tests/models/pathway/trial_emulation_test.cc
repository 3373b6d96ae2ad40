// Trial emulation: the model's arms, as model outputs (the share of identified mothers still ill a
// given number of months after identification, by care arm), reproduce the trials the remission
// hazards were calibrated from (recovery_calibration.h):
//   PoNDER (Morrell et al. 2009): women ill at 6 weeks, still ill at 6 months (4.5 months later):
//     usual care 67/147 = 0.456 (95% CI 0.377-0.537), trained health visitors 93/271 = 0.343
//     (0.289-0.401);
//   Holden, Sagovsky & Cox 1989: women ill at about 13 weeks, still ill 3 months later: control
//     15/24 = 0.625 (0.427-0.788), listening visits by trained health visitors 8/26 = 0.308
//     (0.165-0.499) (Wilson intervals).
// The emulation gives the trial's population only what the trial did: one contact at the trial's
// time reaching and identifying every ill mother, nobody found earlier, care by the health visitor
// (Holden: half of those identified left without care, the control arm). Two checks each: the
// simulated arm equals the calibration's analytic share within 4 Monte Carlo SE (the simulation
// does what the calibration assumed), and it lies within the trial's 95% interval.
#include <doctest/doctest.h>

#include <cmath>

#include "models/pathway/pathway_fixture.h"
#include "models/pathway/recovery_calibration.h"

using namespace pathway_test;

namespace {

// England's inputs for one option with every contact but `contact` switched off, full coverage
// and sensitivity there, no other identification, and routing (non-psychosis) to listening visits
// with probability `listening` (else no first-line care).
pw::Inputs trial_inputs(pw::Inputs in, int contact, double listening) {
  in.coverage.fill(0.0);
  in.coverage[contact] = 1;
  in.sensitivity = {1, 1};
  in.hidden_share = 0;
  in.other_detection.fill(0.0);
  for (auto& r : in.routing_cum) r = {1 - listening, 1, 1, 1};
  in.specialist_referral.fill(0.0);
  return in;
}

AreaRun emulate(const pw::Inputs& in, double trained_share) {
  const pw::AreaInput area{60000, trained_share, -1};
  return run_area({in}, area, pw::Timeline{60, 1.0}, 20261203);
}

Moments arm(const AreaRun& r, int arm_index, int follow_up_index) {
  return r.level(0, pw::kStillIllAfterIdentification + arm_index * pw::kFollowUps + follow_up_index);
}

double analytic(const pw::Inputs& in, int start, double added, double months) {
  return pw::still_ill(in, false, start, in.chronic_share, in.natural_hazard, added, in.course_months[pw::kListeningVisits], months);
}

}  // namespace

TEST_CASE("trial emulation: PoNDER's arms, usual care and trained health visitors, from the six-to-eight-week review") {
  const auto s = england();
  const pw::Inputs in = trial_inputs(inputs(s, 0), 2, 1.0);
  const int start = in.contact_month[2];
  const auto r = emulate(in, 0.5);
  // Arms 1 (usual_hv) and 2 (trained_hv); follow-ups 4 and 5 months are indices 1 and 2.
  for (int a : {1, 2}) {
    const double added = a == 1 ? in.usual_hv_added : in.service_added[pw::kListeningVisits];
    for (int k : {1, 2}) {
      const Moments m = arm(r, a, k);
      REQUIRE(m.count() > 2000);
      check_share(m, analytic(in, start, added, pw::kFollowUpMonths[k]), pw::kArmNames[a]);
    }
    // The trial's 4.5 months: between the model's 4 and 5, geometrically.
    const double at_trial = std::sqrt(arm(r, a, 1).mean() * arm(r, a, 2).mean());
    CAPTURE(a);
    MESSAGE("PoNDER arm " << std::string(pw::kArmNames[a]) << ": still ill at 4 months " << arm(r, a, 1).mean() << " (n " << arm(r, a, 1).count()
                          << "), 5 months " << arm(r, a, 2).mean() << ", at 4.5 " << at_trial);
    if (a == 1) {
      CHECK(at_trial >= 0.377);
      CHECK(at_trial <= 0.537);
    } else {
      CHECK(at_trial >= 0.289);
      CHECK(at_trial <= 0.401);
    }
  }
  // And the calibration matches the trial exactly at 4.5 months by construction.
  CHECK(analytic(in, start, in.usual_hv_added, 4.5) == doctest::Approx(0.456).epsilon(1e-6));
  const double odds = 0.456 / 0.544 * 0.62;
  CHECK(analytic(in, start, in.service_added[pw::kListeningVisits], 4.5) == doctest::Approx(odds / (1 + odds)).epsilon(1e-6));
}

TEST_CASE("trial emulation: Holden's arms, no care and listening visits by trained health visitors, from 13 weeks") {
  const auto s = england({"switches.trained_hv_evidence=holden"});
  pw::Inputs in = inputs(s, 0);
  // The six-to-eight-week review moved to Holden's time of identification (child age 3 months).
  in.contact_month[2] = pw::kBirthMonth + 3;
  in = trial_inputs(in, 2, 0.5);
  const int start = in.contact_month[2];
  const auto r = emulate(in, 0.999);
  const Moments control = arm(r, 0, 0), listening = arm(r, 2, 0);  // 3 months after identification
  REQUIRE(control.count() > 2000);
  REQUIRE(listening.count() > 2000);
  MESSAGE("Holden: still ill 3 months after identification, no care " << control.mean() << " (n " << control.count()
                                                                      << "), trained listening visits " << listening.mean() << " (n "
                                                                      << listening.count() << ")");
  check_share(control, analytic(in, start, 0, 3), "no first-line care");
  check_share(listening, analytic(in, start, in.service_added[pw::kListeningVisits], 3), "trained listening visits");
  CHECK(analytic(in, start, 0, 3) == doctest::Approx(0.625).epsilon(1e-6));
  CHECK(control.mean() >= 0.427);
  CHECK(control.mean() <= 0.788);
  CHECK(listening.mean() >= 0.165);
  CHECK(listening.mean() <= 0.499);
}
