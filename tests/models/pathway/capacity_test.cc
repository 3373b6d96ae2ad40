// The specialist caseload under capacity: places per month from the funded WTE, and the caseload
// never above them.
#include <doctest/doctest.h>

#include <cmath>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/models/pathway/pathway.h"

using namespace pathway_test;

namespace {

// Birmingham, Essex and Kent: England's three largest areas by births.
const std::vector<std::string> kLargeAreas = {"run.scale=0.1",
                                              "areas.include=[E08000025, E10000012, E10000016]"};

struct Traced {
  std::vector<double>
      real;  // by month: effective WTE x clinical share x caseload per clinical WTE x scale
  double slot_months_tallied = 0;  // the tally's place-months, scaled back to the sample
  std::vector<int> slots, active, admitted, waiting;
};

// England's defaults at a 10% sample, its three largest areas, every option, with the monthly
// trace: one entry per area and option.
std::vector<Traced> traced_runs() {
  const auto s = england(kLargeAreas);
  const pw::Model model(s);
  REQUIRE(model.areas().size() == 3);
  const auto& tl = model.timeline();
  REQUIRE(tl.horizon_months == 120);
  const pimhsim::core::RandomSource rng(s.run.seed);
  std::vector<Traced> out;
  for (std::size_t p = 0; p < model.areas().size(); ++p) {
    AreaRun run;
    run.layout = std::make_unique<pimhsim::core::TallyLayout>(
        std::vector<std::string>{"a", "b", "c"}, pw::measure_specs(10, "GBP"));
    run.tally = pimhsim::core::Tally(*run.layout);
    const auto staffing = model.staffing(p);
    pw::simulate_area(model.options(), model.areas()[p], staffing, tl, model.discounting(), rng, 0,
                      static_cast<std::uint32_t>(p), run.tally, &run.trace);
    for (std::size_t o = 0; o < model.options().size(); ++o) {
      const pw::Inputs& in = model.options()[o];
      const pw::OptionStaffing& st = staffing[o];
      std::vector<double> real;
      for (std::size_t m = 0; m < st.effective.size(); ++m)
        real.push_back(st.effective[m] * in.clinical_share * in.caseload_per_clinical_wte *
                       tl.scale);
      out.push_back({real, run.total(o, pw::kSpecialistSlotMonths) * tl.scale, run.trace.slots[o],
                     run.trace.active[o], run.trace.admitted[o], run.trace.waiting[o]});
    }
  }
  return out;
}

}  // namespace

// Places are floor(C) plus one with probability frac(C), drawn once per replicate and area, so
// over many replicates their mean is C: the count of rounded-up areas is binomial, SE =
// sqrt(f (1 - f) / n) places, and the mean lies within 4 SE of C. Whole C is exact.
TEST_CASE(
    "pathway capacity: places round a fractional capacity up with probability equal to its "
    "fraction") {
  const pimhsim::core::RandomSource rng(7);
  for (double c : {0.0, 0.3, 1.25, 4.545, 12.5, 30.0}) {
    CAPTURE(c);
    const int n = 20000;
    double sum = 0;
    for (std::uint32_t r = 0; r < static_cast<std::uint32_t>(n); ++r) {
      const int places = pw::area_places(c, rng.uniform({r, 0, 0, 0, 1}));
      CHECK((places == static_cast<int>(std::floor(c)) ||
             places == static_cast<int>(std::floor(c)) + 1));
      sum += places;
    }
    const double f = c - std::floor(c);
    if (f == 0)
      CHECK(sum == n * c);
    else
      CHECK(std::abs(sum / n - c) <= 4 * std::sqrt(f * (1 - f) / n));
  }
}

// In every option-month of England's three largest areas (10% sample): admissions happen only
// while the caseload is below the month's places (the caseload before admissions, active -
// admitted, is below them); no place is idle while referrals wait (waiting referrals mean a
// full caseload). The places are the month's effective clinical WTE (workforce supply x the
// time split's clinical share) x caseload per clinical WTE x scale, rounded down or up with
// one uniform per area (see above), and the tally's place-months are the same places scaled
// back to the population.
TEST_CASE(
    "pathway capacity: admissions only below the places, none idle while referrals wait, places as "
    "funded") {
  int saturated_months = 0;
  const auto runs = traced_runs();
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& tr = runs[r];
    CAPTURE(r);  // area r / 3, option r % 3
    double slot_sum = 0;
    REQUIRE(tr.real.size() == tr.slots.size());
    for (int m = 0; m < static_cast<int>(tr.slots.size()); ++m) {
      CAPTURE(m);
      CHECK((tr.slots[m] == static_cast<int>(std::floor(tr.real[m])) ||
             tr.slots[m] == static_cast<int>(std::floor(tr.real[m])) + 1));
      if (tr.admitted[m] > 0) CHECK(tr.active[m] - tr.admitted[m] < tr.slots[m]);
      if (tr.waiting[m] > 0) CHECK(tr.active[m] >= tr.slots[m]);
      if (m >= pw::kLifeMonths) {
        slot_sum += tr.slots[m];
        if (tr.waiting[m] > 0) ++saturated_months;
      }
    }
    CHECK(tr.slot_months_tallied == doctest::Approx(slot_sum).epsilon(1e-12));
    if (r % 3 == 0) CHECK(slot_sum == 0);  // no specialist, no places
  }
  // The checks bite only if the caseload is full while referrals wait in many months.
  CHECK(saturated_months > 100);
}

// The caseload after admissions never exceeds the month's places when places do not fall. When
// they fall (a specialist leaves and a new starter is not yet competent) dyads already on the
// caseload finish their episode, and nobody is admitted until the caseload is below the places.
TEST_CASE(
    "pathway capacity: the specialist caseload exceeds its places only after places fall, and then "
    "admits nobody") {
  const auto runs = traced_runs();
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& tr = runs[r];
    CAPTURE(r);
    double slot_sum = 0, active_sum = 0;
    bool places_fell = false;
    for (int m = 0; m < static_cast<int>(tr.slots.size()); ++m) {
      CAPTURE(m);
      if (m > 0 && tr.slots[m] < tr.slots[m - 1]) places_fell = true;
      if (!places_fell) CHECK(tr.active[m] <= tr.slots[m]);
      if (tr.admitted[m] > 0) CHECK(tr.active[m] <= tr.slots[m]);
      if (m >= pw::kLifeMonths) {
        slot_sum += tr.slots[m];
        active_sum += tr.active[m];
      }
    }
    MESSAGE("area " << r / 3 << " option " << r % 3 << ": final-month places " << tr.real.back()
                    << ", mean places " << slot_sum / 120.0 << ", mean caseload "
                    << active_sum / 120.0);
    CHECK(active_sum <= slot_sum);
  }
}
