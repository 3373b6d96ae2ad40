// A PSA distribution centred on its parameter's value: every family's mean and median against
// closed forms, the Dirichlet's mean shares, and the 1% (or, at 0, 1e-6) rule of core::off_centre.
//
// Expected values are written out from the textbook formulas, not taken from the code.
#include <doctest/doctest.h>

#include <cmath>
#include <variant>
#include <vector>

#include "pimhsim/core/distribution.h"
#include "pimhsim/core/parameter.h"

using pimhsim::core::Centre;
using pimhsim::core::Dirichlet;
using pimhsim::core::Distribution;
using pimhsim::core::Parameter;

namespace {

constexpr double kTight = 1e-12;

Parameter number(double value, Distribution d, Centre centre = Centre::kMean) {
  Parameter p;
  p.value = value;
  p.distribution = d;
  p.centre = centre;
  return p;
}

Distribution fitted(const pimhsim::core::Fitted& f) {
  REQUIRE(std::holds_alternative<Distribution>(f));
  return std::get<Distribution>(f);
}

}  // namespace

TEST_CASE("centring: each family's mean and median against closed forms") {
  // Beta(1, b): mean 1 / (1 + b), median 1 - 2^(-1/b).
  CHECK(Distribution::beta(1, 3).mean() == doctest::Approx(0.25).epsilon(kTight));
  CHECK(Distribution::beta(1, 3).median() ==
        doctest::Approx(1 - std::pow(2.0, -1.0 / 3)).epsilon(1e-10));
  // Beta(a, b): mean a / (a + b); symmetric Beta(4, 4) has median 1/2.
  CHECK(Distribution::beta(2, 6).mean() == doctest::Approx(0.25).epsilon(kTight));
  CHECK(Distribution::beta(4, 4).median() == doctest::Approx(0.5).epsilon(1e-10));
  // Gamma(shape k, scale s): mean k s; with k = 1 (exponential) the median is s ln 2.
  CHECK(Distribution::gamma(3, 2).mean() == doctest::Approx(6).epsilon(kTight));
  CHECK(Distribution::gamma(1, 2).median() == doctest::Approx(2 * std::log(2.0)).epsilon(1e-10));
  // Lognormal(mu, sigma): mean exp(mu + sigma^2 / 2), median exp(mu).
  CHECK(Distribution::lognormal(1, 0.5).mean() == doctest::Approx(std::exp(1.125)).epsilon(kTight));
  CHECK(Distribution::lognormal(1, 0.5).median() == doctest::Approx(std::exp(1.0)).epsilon(1e-10));
  // Normal and uniform: mean = median = the centre.
  CHECK(Distribution::normal(3, 2).mean() == doctest::Approx(3).epsilon(kTight));
  CHECK(Distribution::normal(3, 2).median() == doctest::Approx(3).epsilon(kTight));
  CHECK(Distribution::uniform(0.1438, 0.2378).mean() == doctest::Approx(0.1908).epsilon(kTight));
  CHECK(Distribution::uniform(0.1438, 0.2378).median() == doctest::Approx(0.1908).epsilon(kTight));
  // Triangular(a, c, b): mean (a + b + c) / 3. Median a + sqrt((b - a)(c - a) / 2) when the mode
  // holds at least half the mass to its left ((c - a) / (b - a) >= 1/2), else b - sqrt((b - a)(b -
  // c) / 2).
  const auto trend = Distribution::triangular(-0.03, 0, 0.01);
  CHECK(trend.mean() == doctest::Approx(-0.02 / 3).epsilon(kTight));
  CHECK(trend.median() == doctest::Approx(-0.03 + std::sqrt(0.04 * 0.03 / 2)).epsilon(1e-10));
  const auto comorbid = Distribution::triangular(1, 1, 1.5);
  CHECK(comorbid.mean() == doctest::Approx(3.5 / 3).epsilon(kTight));
  CHECK(comorbid.median() == doctest::Approx(1.5 - std::sqrt(0.5 * 0.5 / 2)).epsilon(1e-10));
  CHECK(Distribution::triangular(-0.03, 0, 0.03).mean() == 0);
  CHECK(Distribution::triangular(-0.03, 0, 0.03).median() == doctest::Approx(0).epsilon(kTight));
  // Fixed: the value itself.
  CHECK(Distribution::fixed(7).mean() == 7);
  CHECK(Distribution::fixed(7).median() == 7);
  // Dirichlet: mean share alpha_i / sum(alpha).
  const auto m = Dirichlet({2, 3, 5}).mean();
  REQUIRE(m.size() == 3);
  CHECK(m[0] == doctest::Approx(0.2).epsilon(kTight));
  CHECK(m[1] == doctest::Approx(0.3).epsilon(kTight));
  CHECK(m[2] == doctest::Approx(0.5).epsilon(kTight));
}

TEST_CASE("centring: the method-of-moments and interval fits are centred as documented") {
  using pimhsim::core::Family;
  // Mean and SE fits put the mean at the value.
  CHECK(pimhsim::core::off_centre(number(0.3, fitted(pimhsim::core::fit_beta_moments(0.3, 0.05))))
            .empty());
  CHECK(pimhsim::core::off_centre(number(10, fitted(pimhsim::core::fit_gamma_moments(10, 2))))
            .empty());
  CHECK(pimhsim::core::off_centre(number(5, fitted(pimhsim::core::fit_lognormal_moments(5, 1))))
            .empty());
  // A lognormal from a 95% interval is centred on the interval's geometric mean: its median.
  const auto ci = fitted(pimhsim::core::fit_from_interval(Family::kLognormal, 2, 1, 4));
  CHECK(ci.median() == doctest::Approx(2).epsilon(1e-10));
  CHECK(pimhsim::core::off_centre(number(2, ci, Centre::kMedian)).empty());
  const auto off = pimhsim::core::off_centre(number(2, ci));
  REQUIRE(off.size() == 1);
  const double sigma = std::log(4.0) / (2 * 1.959963984540054);
  CHECK(off[0].centre == doctest::Approx(2 * std::exp(sigma * sigma / 2)).epsilon(1e-10));
  CHECK(off[0].value == 2);
}

TEST_CASE("centring: 1% relative, or 1e-6 absolute at a value of 0") {
  using pimhsim::core::centred_on;
  CHECK(centred_on(100.9, 100));
  CHECK_FALSE(centred_on(101.1, 100));
  CHECK(centred_on(-100.9, -100));
  CHECK_FALSE(centred_on(-98.9, -100));
  CHECK(centred_on(5e-7, 0));
  CHECK_FALSE(centred_on(2e-6, 0));
  // A fixed parameter has no distribution to be off.
  CHECK(pimhsim::core::off_centre(number(3, Distribution::fixed(3))).empty());
  // The pension rate's former uniform: mean 0.1908 against 0.1438.
  const auto pension =
      pimhsim::core::off_centre(number(0.1438, Distribution::uniform(0.1438, 0.2378)));
  REQUIRE(pension.size() == 1);
  CHECK(pension[0].centre == doctest::Approx(0.1908).epsilon(kTight));
  // The births trend's former triangular: mean -0.00667 against 0.
  CHECK(pimhsim::core::off_centre(number(0, Distribution::triangular(-0.03, 0, 0.01))).size() == 1);
  CHECK(pimhsim::core::off_centre(number(0, Distribution::triangular(-0.03, 0, 0.03))).empty());
  // With `centre: median`, a Normal is judged by its median, the same as its mean.
  CHECK(pimhsim::core::off_centre(number(3, Distribution::normal(3, 1), Centre::kMedian)).empty());
}

TEST_CASE("centring: a Dirichlet is judged share by share") {
  Parameter p;
  p.components = {"a", "b", "c"};
  p.shares = {0.2, 0.3, 0.5};
  CHECK(pimhsim::core::off_centre(p).empty());  // no Dirichlet: fixed shares
  p.dirichlet = Dirichlet({4, 6, 10});          // n = 20 x share
  CHECK(pimhsim::core::off_centre(p).empty());
  p.dirichlet = Dirichlet({5, 5, 10});  // means 0.25, 0.25, 0.5
  const auto off = pimhsim::core::off_centre(p);
  REQUIRE(off.size() == 2);
  CHECK(off[0].component == "a");
  CHECK(off[0].centre == doctest::Approx(0.25).epsilon(kTight));
  CHECK(off[0].value == 0.2);
  CHECK(off[1].component == "b");
  // A share of 0 with an alpha of 0 stays 0: centred.
  p.shares = {0, 0.4, 0.6};
  p.dirichlet = Dirichlet({0, 8, 12});
  CHECK(pimhsim::core::off_centre(p).empty());
}
