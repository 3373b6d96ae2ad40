// core::DiscountSchedule: constant schedules equal 1/(1 + r)^t for whole and fractional t, and
// a multi-band schedule is the product of each band's factor over the time spent in it.
#include "pimhsim/core/discount.h"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

using pimhsim::core::DiscountSchedule;

namespace {
doctest::Approx exactly(double v) {
  return doctest::Approx(v).epsilon(1e-13);
}
}  // namespace

TEST_CASE("DiscountSchedule: a constant rate gives 1/(1+r)^t at whole years") {
  const DiscountSchedule d = DiscountSchedule::constant(0.035);
  CHECK(d.factor(0) == 1.0);                            // 1/1.035^0 = 1, exactly
  CHECK(d.factor(1) == exactly(0.9661835748792271));    // 1/1.035
  CHECK(d.factor(10) == exactly(0.7089188137097722));   // 1/1.035^10
  CHECK(d.factor(30) == exactly(0.35627841060230236));  // 1/1.035^30
  for (int t = 0; t <= 100; ++t) CHECK(d.factor(t) == exactly(std::pow(1.035, -t)));
}

TEST_CASE("DiscountSchedule: a constant rate gives 1/(1+r)^t at fractional t") {
  const DiscountSchedule d = DiscountSchedule::constant(0.035);
  CHECK(d.factor(0.5) == exactly(0.982946374365981));   // 1/1.035^0.5 = 1/1.017349...
  CHECK(d.factor(2.5) == exactly(0.9175909583570035));  // 1/1.035^2.5
  CHECK(d.factor(5.5) == exactly(0.8276144716770294));  // 1/1.035^5.5
  const DiscountSchedule d3 = DiscountSchedule::constant(0.03);
  CHECK(d3.factor(7.25) == exactly(0.8071051544803942));  // 1/1.03^7.25
  for (double t = 0; t <= 50; t += 0.125) CHECK(d3.factor(t) == exactly(std::pow(1.03, -t)));
}

TEST_CASE("DiscountSchedule: a zero rate never discounts") {
  const DiscountSchedule d = DiscountSchedule::constant(0.0);
  CHECK(d.factor(0) == 1.0);
  CHECK(d.factor(17.3) == 1.0);
  CHECK(d.factor(500) == 1.0);
}

TEST_CASE("DiscountSchedule: multiple bands multiply band by band") {
  // 5% on [0, 2), 2% on [2, 5), 10% from 5 on.
  const DiscountSchedule d({{0, 0.05}, {2, 0.02}, {5, 0.10}});
  CHECK(d.factor(1) == exactly(1 / 1.05));
  CHECK(d.factor(2) == exactly(1 / (1.05 * 1.05)));         // end of band 1
  CHECK(d.factor(3) == exactly(1 / (1.05 * 1.05 * 1.02)));  // one step at 2%
  CHECK(d.factor(5) == exactly(1 / (std::pow(1.05, 2) * std::pow(1.02, 3))));
  CHECK(d.factor(7) == exactly(1 / (std::pow(1.05, 2) * std::pow(1.02, 3) * std::pow(1.10, 2))));
  // Inside a band the factor compounds at that band's rate: df(3.5) = df(2) / 1.02^1.5.
  CHECK(d.factor(3.5) == exactly(1 / (1.05 * 1.05 * std::pow(1.02, 1.5))));
  // Continuous at a band start: approaching 5 from below and from above meet at df(5).
  CHECK(d.factor(5 - 1e-9) == doctest::Approx(d.factor(5)).epsilon(1e-9));
  CHECK(d.factor(5 + 1e-9) == doctest::Approx(d.factor(5)).epsilon(1e-9));
}

TEST_CASE("DiscountSchedule: bands must start at 0 and increase") {
  CHECK_THROWS_AS(DiscountSchedule({}), std::invalid_argument);
  CHECK_THROWS_AS(DiscountSchedule({{1, 0.03}}), std::invalid_argument);
  CHECK_THROWS_AS(DiscountSchedule({{0, 0.03}, {10, 0.02}, {10, 0.01}}), std::invalid_argument);
  CHECK_THROWS_AS(DiscountSchedule({{0, 0.03}, {10, 0.02}, {5, 0.01}}), std::invalid_argument);
  CHECK_NOTHROW(DiscountSchedule({{0, 0.03}, {10, 0.02}}));
}
