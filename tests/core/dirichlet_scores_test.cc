// The stick-breaking normal scores of a Dirichlet (core/dirichlet_scores.h): shares drawn from the
// Dirichlet (by its own gamma sampler, another construction) have scores that are independent
// standard normals, standard normal scores give shares whose means are a_k / a_0, the two maps
// invert each other, and the shares always sum to exactly 1. Tolerances are four Monte Carlo
// standard errors of the statistic tested.
#include "pimhsim/core/dirichlet_scores.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "pimhsim/core/random.h"

namespace pimhsim::core {
namespace {

constexpr int kDirichletDraws = 20000;

// Draw i of Dirichlet(alpha) by its gamma sampler (distribution.h), on addressed uniforms.
std::vector<double> dirichlet_draw(const Dirichlet& d, const RandomSource& rng, std::uint32_t i) {
  std::vector<double> u(d.alpha().size());
  for (std::size_t k = 0; k < u.size(); ++k)
    u[k] = rng.uniform({i, 7, 0, 0, static_cast<std::uint16_t>(k)});
  return d.sample(u);
}

// A standard normal from an addressed uniform.
double dirichlet_normal(const RandomSource& rng, std::uint32_t i, std::size_t k) {
  return boost::math::quantile(boost::math::normal_distribution<>(),
                               rng.uniform({i, 8, 0, 0, static_cast<std::uint16_t>(k)}));
}

// The shares added in component order, as a model would.
double dirichlet_sum(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return s;
}

}  // namespace

TEST_CASE("dirichlet scores: a share with a zero parameter has no score and stays 0") {
  const DirichletScores d({6, 12, 2, 0});
  CHECK(d.components() == 4);
  CHECK(d.dimensions() == 2);
  const auto x = d.shares(std::vector<double>{0.3, -1.2});
  CHECK(x[3] == 0.0);
  CHECK(dirichlet_sum(x) == 1.0);
  CHECK(d.marginal(3).family() == Family::kFixed);
  CHECK(d.marginal(0).describe() == "Beta(6, 14)");
  CHECK(d.describe() == "Dirichlet(6, 12, 2, 0)");
  CHECK(DirichletScores({0, 3, 0, 1}).dimensions() == 1);
  CHECK_THROWS_AS(DirichletScores({0, 5, 0}), std::invalid_argument);
  CHECK_THROWS_AS(DirichletScores({1, -1, 2}), std::invalid_argument);
}

TEST_CASE("dirichlet scores: shares to scores and back round-trip and sum to exactly 1") {
  const RandomSource rng(20121);
  for (const auto& alpha : std::vector<std::vector<double>>{
           {6, 12, 2, 0}, {0.7, 3, 1.5, 4, 0.4}, {19, 1}, {4.5, 0, 9, 4.5, 6}}) {
    CAPTURE(DirichletScores(alpha).describe());
    const DirichletScores d(alpha);
    const Dirichlet dirichlet(alpha);
    for (std::uint32_t i = 0; i < 2000; ++i) {
      const auto x = dirichlet_draw(dirichlet, rng, i);
      const auto back = d.shares(d.scores(x));
      for (std::size_t k = 0; k < x.size(); ++k) REQUIRE(std::abs(back[k] - x[k]) < 1e-10);
      // Scores over the whole search space (|z| <= 5) give shares >= 0 that sum to 1 exactly;
      // within |z| <= 3.5 (where a Beta's tail is still resolved in doubles next to 1) they come
      // back.
      std::vector<double> z(d.dimensions());
      for (std::size_t k = 0; k < z.size(); ++k)
        z[k] = std::clamp(2 * dirichlet_normal(rng, i, k), -5.0, 5.0);
      const auto y = d.shares(z);
      REQUIRE(dirichlet_sum(y) == 1.0);
      for (double v : y) REQUIRE(v >= 0);
      const auto zz = d.scores(y);
      for (std::size_t k = 0; k < z.size(); ++k)
        if (std::abs(z[k]) <= 3.5) REQUIRE(std::abs(zz[k] - z[k]) < 1e-6);
    }
  }
}

TEST_CASE("dirichlet scores: Dirichlet draws have independent standard normal scores") {
  // Each score's mean (SE 1/sqrt(N)), variance (SE sqrt(2/N)), share below 1.96 (binomial SE) and
  // each pair's correlation (SE 1/sqrt(N)) against 0, 1, 0.975 and 0.
  const RandomSource rng(1969);
  const double n = kDirichletDraws;
  for (const auto& alpha :
       std::vector<std::vector<double>>{{6, 12, 2, 0}, {0.7, 3, 1.5, 4, 0.4}, {19, 1}}) {
    CAPTURE(DirichletScores(alpha).describe());
    const DirichletScores d(alpha);
    const Dirichlet dirichlet(alpha);
    const std::size_t m = d.dimensions();
    std::vector<double> sum(m, 0), below(m, 0);
    std::vector<std::vector<double>> cross(m, std::vector<double>(m, 0));
    for (std::uint32_t i = 0; i < kDirichletDraws; ++i) {
      const auto z = d.scores(dirichlet_draw(dirichlet, rng, i));
      for (std::size_t j = 0; j < m; ++j) {
        sum[j] += z[j];
        below[j] += z[j] < 1.959964;
        for (std::size_t k = 0; k < m; ++k) cross[j][k] += z[j] * z[k];
      }
    }
    for (std::size_t j = 0; j < m; ++j) {
      CAPTURE(j);
      const double mean = sum[j] / n;
      const double var = cross[j][j] / n - mean * mean;
      CHECK(std::abs(mean) < 4 / std::sqrt(n));
      CHECK(std::abs(var - 1) < 4 * std::sqrt(2 / n));
      CHECK(std::abs(below[j] / n - 0.975) < 4 * std::sqrt(0.975 * 0.025 / n));
      for (std::size_t k = j + 1; k < m; ++k)
        CHECK(std::abs(cross[j][k] / n - mean * sum[k] / n) < 4 / std::sqrt(n));
    }
  }
}

TEST_CASE("dirichlet scores: standard normal scores give shares of mean a_k over a_0") {
  const RandomSource rng(2012);
  const double n = kDirichletDraws;
  for (const auto& alpha :
       std::vector<std::vector<double>>{{6, 12, 2, 0}, {0.7, 3, 1.5, 4, 0.4}, {19, 1}}) {
    CAPTURE(DirichletScores(alpha).describe());
    const DirichletScores d(alpha);
    double a0 = 0;
    for (double a : alpha) a0 += a;
    std::vector<double> sum(alpha.size(), 0);
    for (std::uint32_t i = 0; i < kDirichletDraws; ++i) {
      std::vector<double> z(d.dimensions());
      for (std::size_t k = 0; k < z.size(); ++k) z[k] = dirichlet_normal(rng, i, k);
      const auto x = d.shares(z);
      for (std::size_t k = 0; k < x.size(); ++k) sum[k] += x[k];
    }
    for (std::size_t k = 0; k < alpha.size(); ++k) {
      CAPTURE(k);
      const double mean = alpha[k] / a0;
      const double sd = std::sqrt(mean * (1 - mean) / (a0 + 1));
      CHECK(std::abs(sum[k] / n - mean) <= 4 * sd / std::sqrt(n));
    }
  }
}

TEST_CASE("dirichlet scores: the log density is the Dirichlet's") {
  // As a product of the sticks' Beta densities (Connor and Mosimann 1969): Dir(x) =
  // Beta(x1; a1, a2 + a3) Beta(x2 / (1 - x1); a2, a3) / (1 - x1).
  namespace bm = boost::math;
  const DirichletScores d({2.5, 4, 1.5});
  const std::vector<double> x{0.2, 0.5, 0.3};
  const double expected = std::log(bm::pdf(bm::beta_distribution<>(2.5, 5.5), 0.2)) +
                          std::log(bm::pdf(bm::beta_distribution<>(4, 1.5), 0.5 / 0.8)) -
                          std::log(0.8);
  CHECK(d.log_density(x) == doctest::Approx(expected).epsilon(1e-12));
  // Two shares: the Beta of the first.
  CHECK(DirichletScores({2, 3}).log_density(std::vector<double>{0.3, 0.7}) ==
        doctest::Approx(std::log(bm::pdf(bm::beta_distribution<>(2, 3), 0.3))).epsilon(1e-12));
  CHECK(std::isinf(d.log_density(std::vector<double>{-0.1, 0.8, 0.3})));
  CHECK(std::isinf(
      DirichletScores({6, 12, 2, 0}).log_density(std::vector<double>{0.2, 0.5, 0.2, 0.1})));
}

}  // namespace pimhsim::core
