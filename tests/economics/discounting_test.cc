// Named discount schedules (Green Book, NICE), custom tables and the timing conventions.
// Expected values are worked by hand in the comments (and to 16 digits with a calculator).
#include "pimhsim/economics/discounting.h"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pimhsim/core/discount.h"
#include "support/errors.h"

using pimhsim::core::DiscountSchedule;
using pimhsim::economics::from_table;
using pimhsim::economics::green_book;
using pimhsim::economics::green_book_health;
using pimhsim::economics::nice_reference;
using pimhsim::economics::nice_sensitivity;
using pimhsim::economics::schedule_named;
using pimhsim::economics::schedule_names;
using pimhsim::economics::Timing;
using pimhsim::economics::year_factor;

namespace {

doctest::Approx exactly(double v) {
  return doctest::Approx(v).epsilon(1e-13);
}

using pimhsim::test::error_of;

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("Discounting: NICE reference case is a constant 3.5%") {
  const DiscountSchedule d = nice_reference();
  CHECK(d.factor(0) == 1.0);                            // 1/1.035^0
  CHECK(d.factor(1) == exactly(0.9661835748792271));    // 1/1.035
  CHECK(d.factor(10) == exactly(0.7089188137097722));   // 1/1.035^10 = 1/1.410599
  CHECK(d.factor(30) == exactly(0.35627841060230236));  // 1/1.035^30 = 1/2.806794
  CHECK(d.factor(100) == exactly(std::pow(1.035, -100)));
}

TEST_CASE("Discounting: NICE sensitivity rate is a constant 1.5%") {
  const DiscountSchedule d = nice_sensitivity();
  CHECK(d.factor(0) == 1.0);
  CHECK(d.factor(1) == exactly(1 / 1.015));            // 0.985222...
  CHECK(d.factor(30) == exactly(0.6397624299064905));  // 1/1.015^30 = 1/1.563080
  CHECK(d.factor(200) == exactly(std::pow(1.015, -200)));
}

TEST_CASE("Discounting: Green Book STPR follows 1/1.035^t up to year 30") {
  const DiscountSchedule gb = green_book();
  for (int t = 0; t <= 30; ++t) CHECK(gb.factor(t) == exactly(std::pow(1.035, -t)));
  CHECK(gb.factor(30) == exactly(0.35627841060230236));  // 1/1.035^30
}

TEST_CASE("Discounting: Green Book STPR steps down to 3.0% from year 31") {
  const DiscountSchedule gb = green_book();
  // df(31) = df(30)/1.03 = 0.3562784106.../1.03 = 0.3459013695...
  CHECK(gb.factor(31) == exactly(0.3459013695167984));
  // The step is visible: the year-30 step is at 3.5%, the year-31 step at 3.0%.
  CHECK(gb.factor(30) / gb.factor(29) == exactly(1 / 1.035));
  CHECK(gb.factor(31) / gb.factor(30) == exactly(1 / 1.03));
  // df(75) = 1/(1.035^30 * 1.03^45) = 0.3562784106... / 3.781596... = 0.0942137725...
  CHECK(gb.factor(75) == exactly(0.09421377257669152));
  CHECK(gb.factor(75) / gb.factor(74) == exactly(1 / 1.03));
  // df(76) = df(75)/1.025 = 0.0919158756...: the first step at 2.5%.
  CHECK(gb.factor(76) == exactly(0.0919158756845771));
  // df(125) = df(75)/1.025^50 = 0.0942137725.../3.437109... = 0.0274107630...
  CHECK(gb.factor(125) == exactly(0.027410763016195137));
  // df(126) = df(125)/1.02 = 0.0268732970...: the first step at 2.0%.
  CHECK(gb.factor(126) == exactly(0.026873297074701114));
  // 2.0% to year 200, 1.5% to year 300, then 1.0%.
  const double df200 = 0.027410763016195137 * std::pow(1.02, -75);
  CHECK(gb.factor(200) == exactly(df200));
  CHECK(gb.factor(201) == exactly(df200 / 1.015));
  const double df300 = df200 * std::pow(1.015, -100);
  CHECK(gb.factor(300) == exactly(df300));
  CHECK(gb.factor(301) == exactly(df300 / 1.01));
  CHECK(gb.factor(350) == exactly(df300 * std::pow(1.01, -50)));
}

TEST_CASE("Discounting: Green Book factor is continuous across band boundaries") {
  const DiscountSchedule gb = green_book();
  for (double b : {30.0, 75.0, 125.0, 200.0, 300.0}) {
    CAPTURE(b);
    const double at = gb.factor(b);
    CHECK(gb.factor(b - 1e-9) == doctest::Approx(at).epsilon(1e-9));
    CHECK(gb.factor(b + 1e-9) == doctest::Approx(at).epsilon(1e-9));
  }
  // Half a year into the 3.0% band: df(30.5) = df(30)/1.03^0.5.
  CHECK(gb.factor(30.5) == exactly(0.35627841060230236 / std::sqrt(1.03)));
  // Half a year before it, still at 3.5%: df(29.5) = 1/1.035^29.5.
  CHECK(gb.factor(29.5) == exactly(std::pow(1.035, -29.5)));
}

TEST_CASE("Discounting: factors are non-increasing for positive rates") {
  for (const DiscountSchedule& d :
       {green_book(), green_book_health(), nice_reference(), nice_sensitivity(),
        from_table({{0, 0.05}, {3, 0.01}, {3.5, 0.2}})}) {
    double previous = d.factor(0);
    CHECK(previous == 1.0);
    for (double t = 0.25; t <= 400; t += 0.25) {
      const double f = d.factor(t);
      CHECK(f <= previous);
      CHECK(f > 0);
      previous = f;
    }
  }
}

TEST_CASE("Discounting: Green Book health rate is 1.5/3.5 of the STPR") {
  const DiscountSchedule h = green_book_health();
  CHECK(h.factor(0) == 1.0);
  CHECK(h.factor(30) == exactly(0.6397624299064905));  // 1/1.015^30
  // Year 31 at 1.5 * 3.0/3.5 = 1.2857142857%: df(31) = 0.6397624299.../1.012857142857 =
  // 0.6316413271...
  CHECK(h.factor(31) == exactly(0.6316413271291161));
  CHECK(h.factor(31) / h.factor(30) == exactly(1 / (1 + 0.015 * 3.0 / 3.5)));
  // The later steps: 1.0714% (76), 0.8571% (126), 0.6429% (201), 0.4286% (301).
  CHECK(h.factor(76) / h.factor(75) == exactly(1 / (1 + 0.015 * 2.5 / 3.5)));
  CHECK(h.factor(126) / h.factor(125) == exactly(1 / (1 + 0.015 * 2.0 / 3.5)));
  CHECK(h.factor(201) / h.factor(200) == exactly(1 / (1 + 0.015 * 1.5 / 3.5)));
  CHECK(h.factor(301) / h.factor(300) == exactly(1 / (1 + 0.015 * 1.0 / 3.5)));
  CHECK(0.015 * 3.0 / 3.5 == doctest::Approx(0.012857).epsilon(1e-4));
  CHECK(0.015 * 1.0 / 3.5 == doctest::Approx(0.004286).epsilon(1e-4));
}

TEST_CASE("Discounting: timing conventions for year 0 and year 5 at 3.5%") {
  const DiscountSchedule d = nice_reference();
  // Year 0: start = 1 (undiscounted), mid = 1/1.035^0.5 = 0.982946..., end = 1/1.035 = 0.966183...
  CHECK(year_factor(d, 0, Timing::kStartOfYear) == 1.0);
  CHECK(year_factor(d, 0, Timing::kMidYear) == exactly(0.982946374365981));
  CHECK(year_factor(d, 0, Timing::kEndOfYear) == exactly(0.9661835748792271));
  // Year 5: start = 1/1.035^5 = 0.841973..., mid = 1/1.035^5.5 = 0.827614..., end = 1/1.035^6 =
  // 0.813500...
  CHECK(year_factor(d, 5, Timing::kStartOfYear) == exactly(0.8419731668585242));
  CHECK(year_factor(d, 5, Timing::kMidYear) == exactly(0.8276144716770294));
  CHECK(year_factor(d, 5, Timing::kEndOfYear) == exactly(0.8135006443077528));
  // The default is mid-year.
  CHECK(year_factor(d, 5) == year_factor(d, 5, Timing::kMidYear));
  CHECK(pimhsim::economics::kDefaultTiming == Timing::kMidYear);
  // Start-of-year reproduces the Sick-Sicker cycle weight 1/(1 + r)^t.
  const DiscountSchedule d3 = DiscountSchedule::constant(0.03);
  for (int t = 0; t <= 60; ++t)
    CHECK(year_factor(d3, t, Timing::kStartOfYear) == exactly(std::pow(1.03, -t)));
  // Negative years are rejected.
  CHECK_THROWS_AS(year_factor(d, -1, Timing::kMidYear), std::invalid_argument);
}

TEST_CASE("Discounting: timing in a declining schedule straddles the band boundary") {
  const DiscountSchedule gb = green_book();
  // Year 30 (the interval [30, 31)) is the first year at 3.0%: start = 1/1.035^30,
  // mid = 1/(1.035^30 * 1.03^0.5), end = 1/(1.035^30 * 1.03).
  CHECK(year_factor(gb, 30, Timing::kStartOfYear) == exactly(0.35627841060230236));
  CHECK(year_factor(gb, 30, Timing::kMidYear) == exactly(0.35627841060230236 / std::sqrt(1.03)));
  CHECK(year_factor(gb, 30, Timing::kEndOfYear) == exactly(0.3459013695167984));
  // Year 29 is wholly at 3.5%: mid = 1/1.035^29.5.
  CHECK(year_factor(gb, 29, Timing::kMidYear) == exactly(std::pow(1.035, -29.5)));
}

TEST_CASE("Discounting: from_table builds a custom schedule") {
  const DiscountSchedule d = from_table({{0, 0.04}, {10, 0.02}});
  CHECK(d.factor(10) == exactly(std::pow(1.04, -10)));
  CHECK(d.factor(12) == exactly(std::pow(1.04, -10) / (1.02 * 1.02)));
  // A one-row table is a constant schedule; a table reproducing the Green Book equals it.
  CHECK(from_table({{0, 0.035}}).factor(17) == exactly(std::pow(1.035, -17)));
  const DiscountSchedule gb =
      from_table({{0, 0.035}, {30, 0.03}, {75, 0.025}, {125, 0.02}, {200, 0.015}, {300, 0.01}});
  for (double t : {0.0, 12.5, 30.0, 31.0, 99.0, 150.0, 250.0, 400.0})
    CHECK(gb.factor(t) == exactly(green_book().factor(t)));
  // Negative rates above -1 are allowed (they inflate).
  CHECK(from_table({{0, -0.01}}).factor(1) == exactly(1 / 0.99));
}

TEST_CASE("Discounting: from_table rejects malformed tables with a clear message") {
  CHECK(contains(error_of([] { from_table({}); }), "at least one"));
  CHECK(contains(error_of([] { from_table({{1, 0.035}}); }), "first year must be 0"));
  CHECK(contains(error_of([] { from_table({{0, 0.035}, {30, 0.03}, {30, 0.025}}); }), "row 3"));
  CHECK(contains(error_of([] {
                   from_table({{0, 0.035}, {30, 0.03}, {20, 0.025}});
                 }),
                 "increase strictly"));
  CHECK(contains(error_of([] { from_table({{0, 3.5}}); }), "(-1, 1)"));
  CHECK(contains(error_of([] { from_table({{0, 0.035}, {10, 1.0}}); }), "row 2"));
  CHECK(contains(error_of([] { from_table({{0, -1.0}}); }), "(-1, 1)"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(contains(error_of([nan] { from_table({{0, nan}}); }), "(-1, 1)"));
  CHECK(contains(error_of([nan] { from_table({{0, 0.03}, {nan, 0.02}}); }), "finite"));
  CHECK(contains(error_of([inf] { from_table({{0, 0.03}, {inf, 0.02}}); }), "finite"));
}

TEST_CASE("Discounting: schedules by name") {
  REQUIRE(schedule_named("green_book").has_value());
  CHECK(schedule_named("green_book")->factor(31) == exactly(green_book().factor(31)));
  CHECK(schedule_named("green_book_health")->factor(31) == exactly(green_book_health().factor(31)));
  CHECK(schedule_named("nice")->factor(10) == exactly(0.7089188137097722));
  CHECK(schedule_named("nice_sensitivity")->factor(30) == exactly(0.6397624299064905));
  CHECK_FALSE(schedule_named("NICE").has_value());
  CHECK_FALSE(schedule_named("greenbook").has_value());
  CHECK_FALSE(schedule_named("").has_value());
  REQUIRE(schedule_names().size() == 4);
  for (std::string_view n : schedule_names()) CHECK(schedule_named(n).has_value());
}
