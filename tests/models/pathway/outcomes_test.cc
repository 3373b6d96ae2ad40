// A dyad's long-term consequences (outcomes.cc): the share of the per-case cost it incurs is
// (1 - a) + a E / E_sq, so that the status quo's average case costs exactly its input; costs
// spread over years keep their source's present value and discount as the hand formula says.
#include "pimhsim/models/pathway/outcomes.h"

#include <doctest/doctest.h>

#include <cmath>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/core/discount.h"

using namespace pathway_test;

// share = (1 - a) + a E / E_sq, E = untreated + w x treated months, E_sq the status quo's mean;
// the child's share times (1 - e) after specialist work, over the status quo's mean of that
// factor. Checked against the formula, for England's numbers and random ones.
TEST_CASE(
    "pathway outcomes: a dyad's cost share is (1 - a) + a E / E_sq, the child's with the "
    "specialist factor") {
  const auto s = england();
  const pw::Inputs england_in = inputs(s, 0);
  const pimhsim::core::RandomSource rng(20260101);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    const auto u = rng.uniform4({0, 0, i, 0, 1});
    const auto v = rng.uniform4({0, 0, i, 0, 2});
    pw::Inputs in = england_in;
    const int c = static_cast<int>(u[3] * pw::kConditions);
    in.status_quo.exposure[c] = 1 + 30 * v[3];
    in.status_quo.child[c] = 0.7 + 0.3 * u[3];
    if (i % 2 == 1) {
      in.avoidable = {u[0], u[1]};
      in.specialist_child_effect = u[2];
      in.treated_weight = v[2];
    }
    pw::History h;
    h.months_untreated = static_cast<int>(v[0] * (pw::kLifeMonths + 1));
    h.months_treated = static_cast<int>(v[1] * (pw::kLifeMonths + 1 - h.months_untreated));
    h.specialist = v[2] < 0.5;
    const double e = h.months_untreated + in.treated_weight * h.months_treated;
    for (int person = 0; person < 2; ++person) {
      CAPTURE(i);
      CAPTURE(person);
      const double a = in.avoidable[person];
      double expected = (1 - a) + a * e / in.status_quo.exposure[c];
      if (person == 1)
        expected *= (h.specialist ? 1 - in.specialist_child_effect : 1.0) / in.status_quo.child[c];
      CHECK(pw::cost_share(in, person, c, h) == doctest::Approx(expected).epsilon(1e-13));
    }
  }
  // Without a status-quo case of the condition every case costs its per-case cost.
  pw::Inputs in = england_in;
  in.status_quo = {};
  CHECK(pw::cost_share(in, 0, pw::kDepression, {7, 3, false}) == 1.0);
}

// The reference from sums: the comparator's mean share is exactly 1 for mother and child, so its
// average case costs its per-case cost in every line, whatever the mix of exposures and specialist
// work among its cases.
TEST_CASE(
    "pathway outcomes: the status-quo reference makes the comparator's mean share exactly 1") {
  const auto s = england();
  pw::Inputs in = inputs(s, 0);
  in.specialist_child_effect = 0.25;
  const pimhsim::core::RandomSource rng(7);
  pw::StatusQuoSums sums;
  std::vector<std::pair<int, pw::History>> cases;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    const auto u = rng.uniform4({0, 0, i, 0, 3});
    const int c = static_cast<int>(u[0] * pw::kConditions);
    const pw::History h{static_cast<int>(1 + u[1] * 20), static_cast<int>(u[2] * 10), u[3] < 0.3};
    sums.add(in, c, h);
    cases.push_back({c, h});
  }
  in.status_quo = sums.reference(in);
  for (int c = 0; c < pw::kConditions; ++c)
    for (int person = 0; person < 2; ++person) {
      double total = 0, n = 0;
      for (const auto& [cc, h] : cases)
        if (cc == c) {
          total += pw::cost_share(in, person, c, h);
          n += 1;
        }
      CAPTURE(c);
      CAPTURE(person);
      REQUIRE(n > 500);
      CHECK(total / n == doctest::Approx(1.0).epsilon(1e-12));
    }
}

// profile_factor: the present value at the start of the horizon of a unit of present value at the
// birth at the source's rate r_s, re-expressed at the scenario's schedule. At the source's own
// constant rate it is (1 + r)^-b for a birth b >= 0 years into the horizon: a present value is not
// discounted a second time. undiscounted_per_present_value is the undiscounted sum of the flows.
TEST_CASE(
    "pathway outcomes: a line's time profile keeps its source's present value and is re-expressed "
    "at the scenario's rate") {
  using pimhsim::core::DiscountSchedule;
  const auto source = DiscountSchedule::constant(0.035);
  for (const auto& years : {std::pair{0.0, 0.0}, {0.0, 17.0}, {2.0, 5.5}, {18.0, 64.0}}) {
    const double start = years.first, end = years.second;
    CAPTURE(start);
    CAPTURE(end);
    double pv = 0;
    int n = 0;
    for (int k = static_cast<int>(std::floor(start)); k <= static_cast<int>(std::floor(end));
         ++k, ++n)
      pv += std::pow(1.035, -(k + 0.5));
    CHECK(pw::undiscounted_per_present_value(source, start, end) ==
          doctest::Approx(n / pv).epsilon(1e-12));
    for (double b : {0.0, 0.75, 9.9})
      CHECK(pw::profile_factor(source, b, source, start, end) ==
            doctest::Approx(std::pow(1.035, -b)).epsilon(1e-12));
    // Undiscounted scenario: the flows' plain sum, n / pv per unit of present value.
    CHECK(pw::profile_factor(DiscountSchedule::constant(0), 0, source, start, end) ==
          doctest::Approx(n / pv).epsilon(1e-12));
    // At 1.5%: sum (1.015)^-(k + 1/2) / sum (1.035)^-(k + 1/2).
    double pv15 = 0;
    for (int k = static_cast<int>(std::floor(start)); k <= static_cast<int>(std::floor(end)); ++k)
      pv15 += std::pow(1.015, -(k + 0.5));
    CHECK(pw::profile_factor(DiscountSchedule::constant(0.015), 0, source, start, end) ==
          doctest::Approx(pv15 / pv).epsilon(1e-12));
  }
  // Births in the burn-in (b < 0): flows before the horizon are not discounted.
  CHECK(pw::profile_present_value(source, -2.5, 0, 0) == doctest::Approx(1.0));
  CHECK(pw::profile_present_value(source, -2.5, 0, 3) ==
        doctest::Approx(1 + 1 + 1 + std::pow(1.035, -1.0)));
}
