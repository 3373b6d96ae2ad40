// A dyad's long-term consequences (outcomes.cc): the share of the per-case cost it incurs is
// bounded by its inputs and grows with untreated illness; costs spread over years discount as
// the hand formula says.
#include <doctest/doctest.h>

#include <cmath>

#include "core/discount.h"
#include "models/pathway/outcomes.h"
#include "models/pathway/pathway_fixture.h"

using namespace pathway_test;

// share = (1 - a) + a min(1, E / E_ref), E = untreated + w x treated months, and the child's
// share times (1 - e) after specialist work. So for the mother share in [1 - a, 1], for the
// child in [(1 - a)(1 - e), 1 - e] after specialist work and [1 - a, 1] otherwise; and with
// a >= 0, w >= 0 the share never falls when an untreated month is added.
TEST_CASE("pathway outcomes: a dyad's long-term cost share lies within its input bounds and rises with untreated months") {
  const auto s = england();
  const pw::Inputs england_in = inputs(s, 0);
  const pimhsim::core::RandomSource rng(20260101);
  int checked = 0;
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const auto u = rng.uniform4({0, 0, i, 0, 1});
    const auto v = rng.uniform4({0, 0, i, 0, 2});
    pw::Inputs in = england_in;
    if (i % 2 == 1) {  // half the cases with England's numbers, half with random ones
      in.avoidable = {u[0], u[1]};
      in.specialist_child_effect = u[2];
      in.treated_weight = u[3];
      in.reference_exposure = 1 + 30 * v[3];
    }
    pw::History h;
    h.months_untreated = static_cast<int>(v[0] * (pw::kLifeMonths + 1));
    h.months_treated = static_cast<int>(v[1] * (pw::kLifeMonths + 1 - h.months_untreated));
    h.specialist = v[2] < 0.5;
    for (int person = 0; person < 2; ++person) {
      CAPTURE(i);
      CAPTURE(person);
      const double a = in.avoidable[person];
      const double effect = person == 1 && h.specialist ? 1 - in.specialist_child_effect : 1.0;
      const double share = pw::cost_share(in, person, h);
      CHECK(share >= (1 - a) * effect - 1e-12);
      CHECK(share <= effect + 1e-12);
      CHECK(share <= 1.0 + 1e-12);
      pw::History more = h;
      ++more.months_untreated;
      CHECK(pw::cost_share(in, person, more) >= share);
      ++checked;
    }
  }
  CHECK(checked == 40000);
  // The bounds are reached: no exposure gives 1 - a, exposure at or beyond E_ref gives 1.
  const pw::History none{0, 0, false}, full{static_cast<int>(std::ceil(england_in.reference_exposure)), 0, false};
  for (int person = 0; person < 2; ++person) {
    CHECK(pw::cost_share(england_in, person, none) == doctest::Approx(1 - england_in.avoidable[person]));
    CHECK(pw::cost_share(england_in, person, full) == doctest::Approx(1.0));
  }
}

// spread_factor(d, b, start, end) = mean over whole years k = floor(start)..floor(end) of
// (1 + r)^-max(0, b + k + 1/2) at a constant rate r: each year's amount at mid-year, from the
// start of the horizon (dyads born in the burn-in, b < 0, are not discounted before it).
TEST_CASE("pathway outcomes: spread_factor is 1 without discounting and the mid-year formula with it") {
  const auto zero = pimhsim::core::DiscountSchedule::constant(0);
  for (double b : {-2.5, 0.0, 0.75, 9.9})
    for (auto [start, end] : {std::pair{0.0, 0.0}, {0.0, 17.0}, {2.0, 5.5}, {18.0, 60.0}})
      CHECK(pw::spread_factor(zero, b, start, end) == doctest::Approx(1.0).epsilon(1e-14));

  for (double r : {0.015, 0.035, 0.1}) {
    const auto d = pimhsim::core::DiscountSchedule::constant(r);
    for (double b : {-2.5, -0.25, 0.0, 0.75, 9.9})
      for (auto [start, end] : {std::pair{0.0, 0.0}, {0.0, 17.0}, {2.0, 5.5}, {18.0, 60.0}}) {
        double sum = 0;
        int n = 0;
        for (int k = static_cast<int>(std::floor(start)); k <= static_cast<int>(std::floor(end)); ++k, ++n)
          sum += std::pow(1 + r, -std::max(0.0, b + k + 0.5));
        CAPTURE(r);
        CAPTURE(b);
        CAPTURE(start);
        CAPTURE(end);
        CHECK(pw::spread_factor(d, b, start, end) == doctest::Approx(sum / n).epsilon(1e-12));
      }
  }
  // One worked value: born at the start of the horizon, one year's cost in year 0 at mid-year.
  CHECK(pw::spread_factor(pimhsim::core::DiscountSchedule::constant(0.035), 0, 0, 0) ==
        doctest::Approx(1 / std::sqrt(1.035)).epsilon(1e-14));
}
