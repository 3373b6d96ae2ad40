// Distribution families, method-of-moments fits and the Dirichlet, against closed forms.
//
// Expected values are written out here from the textbook formulas (not taken from the code);
// the sampling checks use fixed seeds and 4 Monte Carlo standard errors.
#include "pimhsim/core/distribution.h"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include "pimhsim/core/random.h"

using pimhsim::core::Dirichlet;
using pimhsim::core::Distribution;
using pimhsim::core::DrawAddress;
using pimhsim::core::Family;
using pimhsim::core::Fitted;
using pimhsim::core::RandomSource;

namespace {

constexpr double kZ975 = 1.959963984540054;  // standard normal 97.5% quantile
constexpr double kTight = 1e-12;
const double kNaN = std::nan("");

// A family with its closed-form mean, SD and kurtosis mu4 / sigma^4.
struct Case {
  const char* name;
  Distribution dist;
  double mean, sd, kurtosis;
};

std::vector<Case> cases() {
  const double ln_s2 = 0.4 * 0.4;
  const double beta_excess =
      6.0 * ((2.0 - 5.0) * (2.0 - 5.0) * 8.0 - 10.0 * 9.0) / (10.0 * 9.0 * 10.0);
  return {
      // Beta(a, b): mean a/(a+b), variance ab / ((a+b)^2 (a+b+1)).
      {"beta(2,5)", Distribution::beta(2, 5), 2.0 / 7.0, std::sqrt(10.0 / (49.0 * 8.0)),
       3.0 + beta_excess},
      // Gamma(shape k, scale t): mean k t, SD sqrt(k) t, kurtosis 3 + 6/k.
      {"gamma(3,2)", Distribution::gamma(3, 2), 6.0, std::sqrt(3.0) * 2.0, 3.0 + 6.0 / 3.0},
      // Lognormal(m, s): mean exp(m + s^2/2), variance (exp(s^2) - 1) exp(2m + s^2).
      {"lognormal(0.5,0.4)", Distribution::lognormal(0.5, 0.4), std::exp(0.5 + ln_s2 / 2),
       std::sqrt((std::exp(ln_s2) - 1) * std::exp(1.0 + ln_s2)),
       std::exp(4 * ln_s2) + 2 * std::exp(3 * ln_s2) + 3 * std::exp(2 * ln_s2) - 3},
      {"normal(10,2)", Distribution::normal(10, 2), 10.0, 2.0, 3.0},
      // Uniform(a, b): mean (a+b)/2, SD (b-a)/sqrt(12), kurtosis 9/5.
      {"uniform(2,6)", Distribution::uniform(2, 6), 4.0, 4.0 / std::sqrt(12.0), 9.0 / 5.0},
      // Triangular(a, c, b): mean (a+b+c)/3, variance (a^2+b^2+c^2-ab-ac-bc)/18, kurtosis 12/5.
      {"triangular(0,1,4)", Distribution::triangular(0, 1, 4), 5.0 / 3.0, std::sqrt(13.0 / 18.0),
       12.0 / 5.0},
  };
}

const Distribution& dist_of(const Fitted& f) {
  REQUIRE_MESSAGE(std::holds_alternative<Distribution>(f), std::get<std::string>(f));
  return std::get<Distribution>(f);
}

// An error message containing `words`.
bool is_error(const Fitted& f, const std::string& words) {
  const auto* message = std::get_if<std::string>(&f);
  return message != nullptr && message->find(words) != std::string::npos;
}

}  // namespace

TEST_CASE("Distribution: mean and sd match the closed forms of every family") {
  for (const auto& c : cases()) {
    CAPTURE(c.name);
    CHECK(c.dist.mean() == doctest::Approx(c.mean).epsilon(kTight));
    CHECK(c.dist.sd() == doctest::Approx(c.sd).epsilon(kTight));
  }
  const auto fixed = Distribution::fixed(7.5);
  CHECK(fixed.mean() == 7.5);
  CHECK(fixed.sd() == 0.0);
  CHECK(fixed.quantile(0.01) == 7.5);
  CHECK(fixed.cdf(7.4) == 0.0);
  CHECK(fixed.cdf(7.5) == 1.0);
}

TEST_CASE("Distribution: medians and 95% quantiles match known values") {
  const auto std_normal = Distribution::normal(0, 1);
  CHECK(std_normal.quantile(0.5) == doctest::Approx(0.0).epsilon(kTight));
  CHECK(std_normal.quantile(0.975) == doctest::Approx(1.959964).epsilon(1e-6));
  CHECK(std_normal.quantile(0.025) == doctest::Approx(-kZ975).epsilon(kTight));
  CHECK(Distribution::normal(10, 2).quantile(0.975) ==
        doctest::Approx(10 + 2 * kZ975).epsilon(kTight));

  for (double u : {0.025, 0.5, 0.975}) {
    CAPTURE(u);
    // Uniform(2, 6): 2 + 4u.
    CHECK(Distribution::uniform(2, 6).quantile(u) == doctest::Approx(2 + 4 * u).epsilon(kTight));
    // Triangular(0, 1, 4): F(mode) = 1/4; below it x = sqrt(u (b-a)(c-a)), above it
    // x = b - sqrt((1-u)(b-a)(b-c)).
    const double tri = u < 0.25 ? std::sqrt(u * 4 * 1) : 4 - std::sqrt((1 - u) * 4 * 3);
    CHECK(Distribution::triangular(0, 1, 4).quantile(u) == doctest::Approx(tri).epsilon(1e-10));
    // Beta(1, 1) is Uniform(0, 1); Beta(2, 1) has cdf x^2, so quantile sqrt(u).
    CHECK(Distribution::beta(1, 1).quantile(u) == doctest::Approx(u).epsilon(kTight));
    CHECK(Distribution::beta(2, 1).quantile(u) == doctest::Approx(std::sqrt(u)).epsilon(kTight));
    // Gamma(1, theta) is exponential with mean theta: -theta ln(1 - u).
    CHECK(Distribution::gamma(1, 3).quantile(u) ==
          doctest::Approx(-3 * std::log(1 - u)).epsilon(kTight));
  }
  CHECK(Distribution::beta(2, 2).quantile(0.5) == doctest::Approx(0.5).epsilon(kTight));
  // Lognormal(m, s): median exp(m); 97.5% quantile exp(m + 1.959964 s).
  const auto ln = Distribution::lognormal(0.5, 0.4);
  CHECK(ln.quantile(0.5) == doctest::Approx(std::exp(0.5)).epsilon(kTight));
  CHECK(ln.quantile(0.975) == doctest::Approx(std::exp(0.5 + 0.4 * kZ975)).epsilon(kTight));
  CHECK(ln.quantile(0.025) == doctest::Approx(std::exp(0.5 - 0.4 * kZ975)).epsilon(kTight));
}

TEST_CASE("Distribution: cdf inverts quantile for every family") {
  for (const auto& c : cases()) {
    CAPTURE(c.name);
    for (double u : {1e-6, 0.025, 0.3, 0.5, 0.9, 0.975, 1 - 1e-6}) {
      CAPTURE(u);
      const double x = c.dist.quantile(u);
      CHECK(x >= c.dist.lower());
      CHECK(x <= c.dist.upper());
      CHECK(std::abs(c.dist.cdf(x) - u) < 1e-12);
    }
  }
}

TEST_CASE("Distribution: method-of-moments fits reproduce the requested mean and se") {
  const auto beta = dist_of(pimhsim::core::fit_beta_moments(0.3, 0.05));
  CHECK(beta.family() == Family::kBeta);
  CHECK(beta.mean() == doctest::Approx(0.3).epsilon(kTight));
  CHECK(beta.sd() == doctest::Approx(0.05).epsilon(kTight));

  const auto gamma = dist_of(pimhsim::core::fit_gamma_moments(1500, 300));
  CHECK(gamma.family() == Family::kGamma);
  CHECK(gamma.mean() == doctest::Approx(1500).epsilon(kTight));
  CHECK(gamma.sd() == doctest::Approx(300).epsilon(kTight));

  const auto lognormal = dist_of(pimhsim::core::fit_lognormal_moments(2.5, 0.8));
  CHECK(lognormal.family() == Family::kLognormal);
  CHECK(lognormal.mean() == doctest::Approx(2.5).epsilon(kTight));
  CHECK(lognormal.sd() == doctest::Approx(0.8).epsilon(kTight));
}

TEST_CASE("Distribution: fits from a 95% interval use se = (high - low) / 3.919928") {
  using pimhsim::core::fit_from_interval;
  const double width = 2 * kZ975;  // 3.919928
  const auto beta = dist_of(fit_from_interval(Family::kBeta, 0.3, 0.2, 0.4));
  CHECK(beta.mean() == doctest::Approx(0.3).epsilon(kTight));
  CHECK(beta.sd() == doctest::Approx(0.2 / 3.919928).epsilon(1e-6));
  CHECK(beta.sd() == doctest::Approx(0.2 / width).epsilon(kTight));

  const auto gamma = dist_of(fit_from_interval(Family::kGamma, 1500, 1000, 2000));
  CHECK(gamma.mean() == doctest::Approx(1500).epsilon(kTight));
  CHECK(gamma.sd() == doctest::Approx(1000 / width).epsilon(kTight));

  // A normal fitted to [3, 7] has exactly those 2.5% and 97.5% quantiles.
  const auto normal = dist_of(fit_from_interval(Family::kNormal, 5, 3, 7));
  CHECK(normal.quantile(0.025) == doctest::Approx(3).epsilon(kTight));
  CHECK(normal.quantile(0.975) == doctest::Approx(7).epsilon(kTight));

  // A lognormal fitted to [2, 8] has those quantiles and median sqrt(2 * 8) = 4.
  const auto ln = dist_of(fit_from_interval(Family::kLognormal, 4, 2, 8));
  CHECK(ln.quantile(0.025) == doctest::Approx(2).epsilon(kTight));
  CHECK(ln.quantile(0.975) == doctest::Approx(8).epsilon(kTight));
  CHECK(ln.quantile(0.5) == doctest::Approx(4).epsilon(kTight));
}

TEST_CASE("Distribution: invalid fitting inputs give an error message, not a distribution") {
  using namespace pimhsim::core;
  for (double mean : {0.0, 1.0, 1.5, -0.1, kNaN}) {
    CAPTURE(mean);
    CHECK(is_error(fit_beta_moments(mean, 0.1), "strictly between 0 and 1"));
  }
  // A beta's variance must be below mean (1 - mean) = 0.25 here, so se must be below 0.5.
  CHECK(is_error(fit_beta_moments(0.5, 0.5), "needs a standard error below 0.5"));
  CHECK(is_error(fit_beta_moments(0.5, 0.7), "needs a standard error below"));
  CHECK(std::holds_alternative<Distribution>(fit_beta_moments(0.5, 0.49)));
  for (double se : {0.0, -0.1, kNaN}) {
    CAPTURE(se);
    CHECK(is_error(fit_beta_moments(0.3, se), "positive"));
    CHECK(is_error(fit_gamma_moments(10, se), "positive"));
    CHECK(is_error(fit_lognormal_moments(10, se), "positive"));
  }
  CHECK(is_error(fit_gamma_moments(0, 1), "gamma mean must be positive"));
  CHECK(is_error(fit_lognormal_moments(-2, 1), "lognormal mean must be positive"));

  CHECK(is_error(fit_from_interval(Family::kNormal, 5, 7, 3), "low end must be below"));
  CHECK(is_error(fit_from_interval(Family::kNormal, 5, 5, 5), "low end must be below"));
  CHECK(is_error(fit_from_interval(Family::kNormal, 9, 3, 7), "outside its 95% interval"));
  CHECK(is_error(fit_from_interval(Family::kLognormal, 1, 0, 8), "must be positive"));
  CHECK(
      is_error(fit_from_interval(Family::kUniform, 1, 0, 2), "cannot be given by a 95% interval"));
  CHECK(is_error(fit_from_interval(Family::kTriangular, 1, 0, 2),
                 "cannot be given by a 95% interval"));
}

TEST_CASE("Distribution: 50,000 quantile draws have the family's mean and sd") {
  constexpr int n = 50'000;
  const RandomSource rng(7);
  for (const auto& c : cases()) {
    CAPTURE(c.name);
    double sum = 0, sum_sq = 0;
    for (int i = 0; i < n; ++i) {
      const double x = c.dist.quantile(rng.uniform({.individual = static_cast<std::uint32_t>(i)}));
      sum += x;
      sum_sq += x * x;
    }
    const double mean = sum / n;
    const double sd = std::sqrt((sum_sq - n * mean * mean) / (n - 1));
    // Mean: SE = sigma / sqrt(n). SD: by the delta method SE(s) = sqrt((mu4 - sigma^4) / n) /
    // (2 sigma) = sigma sqrt((kurtosis - 1) / n) / 2. Both within 4 SE.
    CHECK(std::abs(mean - c.mean) < 4 * c.sd / std::sqrt(n));
    CHECK(std::abs(sd - c.sd) < 4 * c.sd * std::sqrt((c.kurtosis - 1) / n) / 2);
  }
}

TEST_CASE("Dirichlet: samples sum to one and their means are alpha_i / sum(alpha)") {
  const Dirichlet dir({2, 3, 5});
  const std::vector<double> expected{0.2, 0.3, 0.5};
  for (std::size_t k = 0; k < 3; ++k)
    CHECK(dir.mean()[k] == doctest::Approx(expected[k]).epsilon(kTight));

  constexpr int n = 20'000;
  const double a0 = 10;
  const RandomSource rng(11);
  std::vector<double> sums(3, 0.0);
  for (int i = 0; i < n; ++i) {
    std::vector<double> u(3);
    for (std::size_t k = 0; k < 3; ++k)
      u[k] = rng.uniform(
          {.individual = static_cast<std::uint32_t>(i), .purpose = static_cast<std::uint16_t>(k)});
    const auto x = dir.sample(u);
    REQUIRE(x.size() == 3);
    CHECK(std::abs(x[0] + x[1] + x[2] - 1.0) < 1e-12);
    for (std::size_t k = 0; k < 3; ++k) {
      REQUIRE(x[k] >= 0.0);
      REQUIRE(x[k] <= 1.0);
      sums[k] += x[k];
    }
  }
  for (std::size_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    // Var(X_k) = alpha_k (a0 - alpha_k) / (a0^2 (a0 + 1)); SE of the mean sqrt(Var / n); 4 SE.
    const double alpha = a0 * expected[k];
    const double se = std::sqrt(alpha * (a0 - alpha) / (a0 * a0 * (a0 + 1)) / n);
    CHECK(std::abs(sums[k] / n - expected[k]) < 4 * se);
  }
}

TEST_CASE("Dirichlet: a component with alpha zero always draws zero") {
  const Dirichlet dir({0, 1, 1});
  const std::vector<double> u{0.3, 0.6, 0.9};
  const auto x = dir.sample(u);
  CHECK(x[0] == 0.0);
  CHECK(x[1] + x[2] == doctest::Approx(1.0).epsilon(kTight));
  CHECK(dir.mean()[0] == 0.0);
}
