// Specialist supply: stock-flow conservation, filling and attrition against their closed forms,
// the competence ramp, and the national training limit.
#include "pimhsim/workforce/supply.h"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

namespace wf = pimhsim::workforce;

TEST_CASE("supply: in post = start + hires - leavers, every month and every area") {
  wf::SupplyParameters p{4, 12, 0.5, 0.12};
  std::vector<std::vector<double>> funded = {std::vector<double>(120, 2.0),
                                             std::vector<double>(120, 0.5)};
  for (int m = 60; m < 120; ++m) funded[1][m] = 3.0;  // funding rises halfway
  for (int m = 90; m < 120; ++m) funded[0][m] = 1.0;  // and falls elsewhere
  const auto s = wf::specialist_supply(funded, {0.0, 0.5}, p);
  for (std::size_t a = 0; a < s.size(); ++a)
    for (std::size_t m = 0; m + 1 < s[a].size(); ++m) {
      CAPTURE(a);
      CAPTURE(m);
      CHECK(s[a][m + 1].in_post ==
            doctest::Approx(s[a][m].in_post + s[a][m].hires - s[a][m].leavers).epsilon(1e-12));
      CHECK(s[a][m].effective <= s[a][m].in_post + s[a][m].hires + 1e-12);
    }
}

// Without attrition, vacancies fill exponentially with mean delay d: after m months
// in_post = F (1 - e^(-m/d)), since each month fills the share 1 - e^(-1/d) of what is vacant.
TEST_CASE("supply: vacancies fill exponentially with the mean recruitment delay") {
  const double d = 6, F = 3;
  const auto s = wf::specialist_supply({std::vector<double>(48, F)}, {0.0}, {d, 0, 1, 0});
  for (int m : {1, 6, 12, 47})
    CHECK(s[0][m].in_post == doctest::Approx(F * (1 - std::exp(-m / d))).epsilon(1e-12));
}

// With attrition a a year (monthly leaving l = 1 - (1-a)^(1/12)) and monthly filling
// f = 1 - e^(-1/d), a month takes x to x + (F - x) f - x l (hires from the vacancies at the start
// of the month, leavers from those in post), whose fixed point is x = F f / (f + l). Checked after
// 50 years, when the error has shrunk by (1 - f - l)^600.
TEST_CASE("supply: with attrition the stock settles where filling balances leaving") {
  const double F = 1, a = 0.15, d = 3;
  const auto s = wf::specialist_supply({std::vector<double>(600, F)}, {0.0}, {d, 0, 1, a});
  const double l = 1 - std::pow(1 - a, 1.0 / 12), f = 1 - std::exp(-1 / d);
  const double x = F * f / (f + l);
  CHECK(s[0][599].in_post == doctest::Approx(x).epsilon(1e-9));
}

// A cohort hired at once (no attrition, immediate filling) works at starting capacity c in its
// first month and c + (1 - c) k / K in month k, then at full capacity from month K on.
TEST_CASE("supply: new specialists ramp linearly to full capacity over the competence period") {
  const double c = 0.4, K = 10;
  const auto s = wf::specialist_supply({std::vector<double>(24, 2.0)}, {0.0}, {0, K, c, 0});
  CHECK(s[0][0].hires == doctest::Approx(2.0));
  for (int k : {0, 1, 5, 9, 10, 20})
    CHECK(s[0][k].effective ==
          doctest::Approx(2.0 * std::min(1.0, c + (1 - c) * k / K)).epsilon(1e-12));
}

// A national limit of H a year allows H / 12 hires a month in all, shared in proportion to what
// each area would have hired.
TEST_CASE("supply: a national training limit is shared between areas in proportion to demand") {
  const auto s = wf::specialist_supply({std::vector<double>(12, 3.0), std::vector<double>(12, 1.0)},
                                       {0.0, 0.0}, {0, 0, 1, 0}, /*national_hires_per_year=*/12.0);
  CHECK(s[0][0].hires + s[1][0].hires == doctest::Approx(1.0));
  CHECK(s[0][0].hires == doctest::Approx(0.75));
  CHECK(s[1][0].hires == doctest::Approx(0.25));
  for (int m = 0; m < 12; ++m) CHECK(s[0][m].hires + s[1][m].hires <= 1.0 + 1e-12);
}

TEST_CASE("supply: inconsistent inputs are refused") {
  CHECK_THROWS_AS(wf::specialist_supply({{1.0}}, {}, {}), std::invalid_argument);
  CHECK_THROWS_AS(wf::specialist_supply({{1.0}}, {0.0}, {1, 1, 0.5, 1.0}), std::invalid_argument);
  CHECK_THROWS_AS(wf::specialist_supply({{1.0}, {1.0, 1.0}}, {0.0, 0.0}, {}),
                  std::invalid_argument);
}
