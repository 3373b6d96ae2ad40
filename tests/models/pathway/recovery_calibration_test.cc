// The remission calibration (recovery_calibration.cc) against its own definitions: the chronic
// share among the mothers ill at the six-to-eight-week contact is the input; each arm's share still
// ill at its follow-up is its trial's figure; and a target the population cannot reach takes the
// nearest reachable value and says so.
#include "pimhsim/models/pathway/recovery_calibration.h"

#include <doctest/doctest.h>

#include <cmath>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/core/same_bits.h"

using namespace pathway_test;

TEST_CASE("recovery calibration: every target is reproduced on the model's own population") {
  const auto s = england();
  const pw::Inputs in = inputs(s, 0);
  const auto& p = s.options[0].parameters;
  REQUIRE_FALSE(in.recovery_saturated);
  const int contact = in.contact_month[2];
  const int holden = pw::kBirthMonth + 3;
  const double lv = in.course_months[pw::kListeningVisits];
  CHECK(pw::chronic_share_at(in, contact, in.chronic_share, in.natural_hazard) ==
        doctest::Approx(p.value("recovery.chronic_share")).epsilon(1e-12));
  CHECK(1 - pw::still_ill(in, false, holden, in.chronic_share, in.natural_hazard, 0, 0, 3) ==
        doctest::Approx(p.value("recovery.untreated.recovered")).epsilon(1e-9));
  CHECK(pw::still_ill(in, false, contact, in.chronic_share, in.natural_hazard, in.usual_hv_added,
                      lv, 4.5) ==
        doctest::Approx(p.value("recovery.usual_hv.persistent")).epsilon(1e-9));
  const double o = 0.456 / 0.544 * p.value("recovery.trained_hv.odds_ratio");
  CHECK(pw::still_ill(in, false, contact, in.chronic_share, in.natural_hazard,
                      in.service_added[pw::kListeningVisits], lv,
                      4.5) == doctest::Approx(o / (1 + o)).epsilon(1e-9));
  for (int sv : {pw::kTalkingTherapies, pw::kSpecialistPmh, pw::kMbu}) {
    const double course = in.course_months[sv];
    const double monthly = p.value(std::string("recovery.monthly.") + pw::kServiceNames[sv]);
    CAPTURE(pw::kServiceNames[sv]);
    CHECK(pw::still_ill(in, sv == pw::kMbu, contact, in.chronic_share, in.natural_hazard,
                        in.service_added[sv], course, course, in.wait_months[sv]) ==
          doctest::Approx(std::pow(1 - monthly, course)).epsilon(1e-9));
  }
}

// With the chronic share at the contact held at 0.30, the untreated arm's recovery rises and then
// falls with the natural hazard; above its maximum the calibration takes the maximising hazard and
// flags the inputs as saturated (summary.json's recovery_calibration.saturated).
TEST_CASE(
    "recovery calibration: an unreachable untreated recovery takes the largest reachable one and "
    "says so") {
  const auto reachable = inputs(england({"parameters.recovery.untreated.recovered.value=0.5"}), 0);
  CHECK_FALSE(reachable.recovery_saturated);
  const auto s = england({"parameters.recovery.untreated.recovered.value=0.8",
                          "parameters.recovery.untreated.recovered.high=0.9"});
  const pw::Inputs in = inputs(s, 0);
  CHECK(in.recovery_saturated);
  const int holden = pw::kBirthMonth + 3;
  auto recovered = [&](double h) {
    pw::RecoveryTargets t;
    (void)t;
    // the chronic share at onset for this natural hazard, as the calibration solves it
    double lo = 0, hi = 1;
    for (int i = 0; i < 100; ++i) {
      const double mid = (lo + hi) / 2;
      (pw::chronic_share_at(in, in.contact_month[2], mid, h) < 0.30 ? lo : hi) = mid;
    }
    return 1 - pw::still_ill(in, false, holden, (lo + hi) / 2, h, 0, 0, 3);
  };
  const double best = recovered(in.natural_hazard);
  MESSAGE("largest untreated recovery reachable at 3 months with 30% chronic at the contact: "
          << best << " (natural hazard " << in.natural_hazard << ")");
  CHECK(best < 0.8);
  for (double f : {0.8, 0.9, 1.1, 1.25}) CHECK(recovered(in.natural_hazard * f) <= best + 1e-9);
}

namespace {

bool same_calibration(const pw::Inputs& a, const pw::Inputs& b) {
  using pimhsim::core::same_bits;
  return same_bits(a.natural_hazard, b.natural_hazard) &&
         same_bits(a.chronic_share, b.chronic_share) &&
         same_bits(a.usual_hv_added, b.usual_hv_added) &&
         same_bits(a.service_added, b.service_added) &&
         a.recovery_saturated == b.recovery_saturated;
}

pw::Inputs solved(const pimhsim::scenario::Scenario& s, std::size_t option,
                  pw::RecoveryCalibrations& calibrations) {
  return pw::Inputs::from(s.options[option].parameters, s.options[option].switches, &calibrations);
}

}  // namespace

TEST_CASE("recovery calibration: options with the same inputs share one solution, bit for bit") {
  const auto s = england();
  const auto mild = england({"parameters.recovery.severity_factor.mild.value=1.3"});
  const auto persistent = england({"parameters.recovery.usual_hv.persistent.value=0.5"});
  pw::RecoveryCalibrations calibrations;
  // England's options differ in staffing alone: each is what it would be solved on its own.
  for (std::size_t o = 0; o < s.options.size(); ++o)
    CHECK(same_calibration(solved(s, o, calibrations), inputs(s, o)));
  CHECK(calibrations.solved() == 1);
  // Another population or another target is solved afresh.
  const auto other_population = solved(mild, 0, calibrations);
  CHECK(same_calibration(other_population, inputs(mild, 0)));
  CHECK(other_population.natural_hazard != inputs(s, 0).natural_hazard);
  const auto other_target = solved(persistent, 0, calibrations);
  CHECK(same_calibration(other_target, inputs(persistent, 0)));
  CHECK(other_target.usual_hv_added != inputs(s, 0).usual_hv_added);
  // The first solution is still found as it was.
  CHECK(same_calibration(solved(s, 2, calibrations), inputs(s, 2)));
  CHECK(calibrations.solved() == 3);
}
