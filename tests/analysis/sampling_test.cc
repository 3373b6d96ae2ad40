// PSA parameter sampling: Monte Carlo and Latin hypercube draws, the Gaussian copula, Dirichlet
// shares, and the addressing that makes iteration i's draws independent of everything else.
//
// Expected values are the families' closed forms written out here; every statistical check
// states its standard error and allows 4 of them (fixed seeds, so the outcome is reproducible).
#include "pimhsim/analysis/sampling.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "pimhsim/core/distribution.h"
#include "pimhsim/core/parameter.h"
#include "pimhsim/core/random.h"
#include "support/errors.h"
#include "support/statistics.h"

using pimhsim::analysis::Correlation;
using pimhsim::analysis::ParameterSampler;
using pimhsim::analysis::SamplingMethod;
using pimhsim::core::Dirichlet;
using pimhsim::core::Distribution;
using pimhsim::core::Parameter;
using pimhsim::core::ParameterSet;
using pimhsim::test::error_of;

using pimhsim::test::pearson;

namespace {

constexpr auto kMC = SamplingMethod::kMonteCarlo;
constexpr auto kLHS = SamplingMethod::kLatinHypercube;

Parameter number(const std::string& name, double value, Distribution d) {
  Parameter p;
  p.name = name;
  p.value = value;
  p.distribution = d;
  return p;
}

Parameter shares(const std::string& name, std::vector<std::string> components,
                 std::vector<double> values, std::optional<std::vector<double>> alpha) {
  Parameter p;
  p.name = name;
  p.components = std::move(components);
  p.shares = std::move(values);
  if (alpha) p.dirichlet = Dirichlet(*alpha);
  return p;
}

// A family with its closed-form mean, SD and excess kurtosis.
struct Family {
  const char* name;
  Distribution dist;
  double mean, sd, excess_kurtosis;
};

std::vector<Family> families() {
  const double s2 = 0.4 * 0.4;  // lognormal sdlog^2
  return {
      // Beta(a, b): mean a/(a+b), variance ab/((a+b)^2 (a+b+1)), excess kurtosis
      // 6 [(a-b)^2 (a+b+1) - ab (a+b+2)] / [ab (a+b+2)(a+b+3)].
      {"beta(2,5)", Distribution::beta(2, 5), 2.0 / 7.0, std::sqrt(10.0 / (49.0 * 8.0)),
       6.0 * (9.0 * 8.0 - 10.0 * 9.0) / (10.0 * 9.0 * 10.0)},
      // Gamma(shape k, scale t): mean k t, SD sqrt(k) t, excess kurtosis 6 / k.
      {"gamma(3,2)", Distribution::gamma(3, 2), 6.0, std::sqrt(3.0) * 2.0, 2.0},
      // Lognormal(m, s): mean exp(m + s^2/2), variance (exp(s^2) - 1) exp(2m + s^2), excess
      // kurtosis exp(4s^2) + 2 exp(3s^2) + 3 exp(2s^2) - 6.
      {"lognormal(0.5,0.4)", Distribution::lognormal(0.5, 0.4), std::exp(0.5 + s2 / 2),
       std::sqrt((std::exp(s2) - 1) * std::exp(1.0 + s2)),
       std::exp(4 * s2) + 2 * std::exp(3 * s2) + 3 * std::exp(2 * s2) - 6},
      {"normal(10,2)", Distribution::normal(10, 2), 10.0, 2.0, 0.0},
  };
}

// The four families as parameters a, b, c, d, with a fixed parameter between them.
ParameterSet four_families() {
  ParameterSet set;
  const auto f = families();
  set.set(number("a", f[0].mean, f[0].dist));
  set.set(number("fixed", 42, Distribution::fixed(42)));
  set.set(number("b", f[1].mean, f[1].dist));
  set.set(number("c", f[2].mean, f[2].dist));
  set.set(number("d", f[3].mean, f[3].dist));
  return set;
}

struct Sums {
  double n = 0, sum = 0, sum_sq = 0;
  void add(double x) {
    ++n;
    sum += x;
    sum_sq += x * x;
  }
  double mean() const { return sum / n; }
  double variance() const { return (sum_sq - n * mean() * mean()) / (n - 1); }
};

std::vector<double> ranks(const std::vector<double>& x) {
  std::vector<std::size_t> order(x.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return x[a] < x[b]; });
  std::vector<double> r(x.size());
  for (std::size_t k = 0; k < order.size(); ++k) r[order[k]] = static_cast<double>(k);
  return r;
}

// Whether floor(u N) over the N iterations is a permutation of 0..N-1.
bool one_per_stratum(const std::vector<double>& u) {
  const auto n = u.size();
  std::vector<int> hits(n, 0);
  for (double x : u) {
    if (!(x > 0 && x < 1)) return false;
    const auto k = static_cast<std::size_t>(std::floor(x * static_cast<double>(n)));
    if (k >= n || hits[k]++ > 0) return false;
  }
  return true;
}

// The uniforms of every iteration, by dimension: [dimension][iteration].
std::vector<std::vector<double>> uniforms_by_dimension(const ParameterSampler& s) {
  std::vector<std::vector<double>> u(s.sampled_parameters().size());
  for (std::uint32_t i = 0; i < s.iterations(); ++i) {
    const auto row = s.uniforms(i);
    for (std::size_t d = 0; d < u.size(); ++d) u[d].push_back(row[d]);
  }
  return u;
}

Eigen::MatrixXd matrix3(double r01, double r02, double r12) {
  Eigen::MatrixXd m(3, 3);
  m << 1, r01, r02, r01, 1, r12, r02, r12, 1;
  return m;
}

}  // namespace

TEST_CASE("sampling: sampled dimensions are the non-fixed numbers and Dirichlet components") {
  auto set = four_families();
  set.set(shares("mix", {"x", "y"}, {0.5, 0.5}, std::vector<double>{4, 4}));
  set.set(shares("plain", {"p", "q"}, {0.3, 0.7}, std::nullopt));
  const ParameterSampler s(set, kMC, 10, 1);
  CHECK(s.sampled_parameters() == std::vector<std::string>{"a", "b", "c", "d", "mix.x", "mix.y"});
  CHECK(s.values_of(set) == std::vector<double>{set.value("a"), set.value("b"), set.value("c"),
                                                set.value("d"), 0.5, 0.5});
  const auto draw = s.draw(3);
  CHECK(draw.value("fixed") == 42);
  CHECK(draw.shares("plain") == std::vector<double>{0.3, 0.7});
  CHECK(draw.value("a") != set.value("a"));
  CHECK(s.values(3) == s.values_of(draw));
  CHECK_THROWS_AS(s.draw(10), std::out_of_range);
}

TEST_CASE("sampling: iteration i's uniform is Philox at the documented address") {
  const auto set = four_families();
  const ParameterSampler s(set, kMC, 5, 99);
  const pimhsim::core::RandomSource rng(99);
  for (std::uint32_t i = 0; i < 5; ++i) {
    const auto u = s.uniforms(i);
    // Dimension "b" is parameter index 2 (after a and fixed).
    CHECK(u[1] == rng.uniform({.replicate = i,
                               .partition = pimhsim::analysis::kParameterSamplingPartition,
                               .individual = 2,
                               .step = 0,
                               .purpose = 0}));
    CHECK(s.draw(i).value("b") == set.at("b").distribution.quantile(u[1]));
  }
}

TEST_CASE("sampling: 20,000 Monte Carlo draws have each family's mean and variance") {
  constexpr std::uint32_t n = 20'000;
  const ParameterSampler s(four_families(), kMC, n, 2026);
  const auto fam = families();
  std::vector<Sums> sums(fam.size());
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto v = s.values(i);
    for (std::size_t d = 0; d < fam.size(); ++d) sums[d].add(v[d]);
  }
  for (std::size_t d = 0; d < fam.size(); ++d) {
    CAPTURE(fam[d].name);
    const double var = fam[d].sd * fam[d].sd;
    // Mean: SE sigma / sqrt(n). Variance: SE of s^2 is sqrt((mu4 - sigma^4) / n) =
    // sigma^2 sqrt((excess kurtosis + 2) / n).
    CHECK(std::abs(sums[d].mean() - fam[d].mean) < 4 * fam[d].sd / std::sqrt(n));
    CHECK(std::abs(sums[d].variance() - var) <
          4 * var * std::sqrt((fam[d].excess_kurtosis + 2) / n));
  }
}

TEST_CASE("sampling: Latin hypercube hits each of the N strata exactly once in every dimension") {
  auto set = four_families();
  set.set(shares("mix", {"x", "y", "z"}, {0.2, 0.3, 0.5}, std::vector<double>{2, 3, 5}));
  for (std::uint32_t n : {1u, 2u, 7u, 1000u}) {
    CAPTURE(n);
    const ParameterSampler s(set, kLHS, n, 17);
    const auto u = uniforms_by_dimension(s);
    REQUIRE(u.size() == 7);
    for (std::size_t d = 0; d < u.size(); ++d) {
      CAPTURE(s.sampled_parameters()[d]);
      CHECK(one_per_stratum(u[d]));
    }
    if (n == 1000) {
      // Independent permutations: the strata of two dimensions are uncorrelated; the rank
      // correlation of two independent permutations has SE 1 / sqrt(n - 1).
      for (std::size_t d = 1; d < u.size(); ++d)
        CHECK(std::abs(pearson(u[0], u[d])) < 4 / std::sqrt(n - 1.0));
    }
  }
}

TEST_CASE("sampling: Latin hypercube estimates a smooth mean far better than Monte Carlo") {
  // f = a + b + c + d, whose mean is the sum of the families' means. Over 20 seeds of N = 500
  // each, Monte Carlo's root-mean-square error is about sd(f) / sqrt(500); Latin hypercube
  // removes the additive part of the variance, leaving only within-stratum noise.
  constexpr std::uint32_t n = 500;
  constexpr int seeds = 20;
  double truth = 0;
  for (const auto& f : families()) truth += f.mean;
  const auto set = four_families();
  double mse_mc = 0, mse_lhs = 0;
  for (int seed = 1; seed <= seeds; ++seed) {
    for (const auto method : {kMC, kLHS}) {
      const ParameterSampler s(set, method, n, static_cast<std::uint64_t>(seed));
      double mean = 0;
      for (std::uint32_t i = 0; i < n; ++i) {
        const auto v = s.values(i);
        mean += (v[0] + v[1] + v[2] + v[3]) / n;
      }
      (method == kMC ? mse_mc : mse_lhs) += (mean - truth) * (mean - truth) / seeds;
    }
  }
  double var_f = 0;
  for (const auto& f : families()) var_f += f.sd * f.sd;
  // The MC check: 20 squared errors estimate the MSE to within a factor of about 1 +- 0.3.
  CHECK(mse_mc > 0.4 * var_f / n);
  CHECK(mse_mc < 2.0 * var_f / n);
  CHECK(std::sqrt(mse_lhs) < 0.1 * std::sqrt(mse_mc));
}

TEST_CASE("sampling: draws are Dirichlet with the right means and sum to one") {
  ParameterSet set;
  set.set(shares("mix", {"x", "y", "z"}, {0.2, 0.3, 0.5}, std::vector<double>{2, 3, 5}));
  const std::vector<double> alpha{2, 3, 5};
  const double a0 = 10;
  constexpr std::uint32_t n = 20'000;
  for (const auto method : {kMC, kLHS}) {
    CAPTURE(pimhsim::analysis::method_name(method));
    const ParameterSampler s(set, method, n, 5);
    std::vector<Sums> sums(3);
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto x = s.draw(i).shares("mix");
      REQUIRE(x.size() == 3);
      CHECK(std::abs(x[0] + x[1] + x[2] - 1.0) < 1e-12);
      for (std::size_t k = 0; k < 3; ++k) sums[k].add(x[k]);
    }
    for (std::size_t k = 0; k < 3; ++k) {
      CAPTURE(k);
      // X_k is Beta(alpha_k, a0 - alpha_k): Var = alpha_k (a0 - alpha_k) / (a0^2 (a0 + 1)), SE
      // of the mean sqrt(Var / n); SE of s^2 Var sqrt((excess kurtosis + 2) / n).
      const double ak = alpha[k], bk = a0 - alpha[k];
      const double var = ak * bk / (a0 * a0 * (a0 + 1));
      const double excess = 6 * ((ak - bk) * (ak - bk) * (a0 + 1) - ak * bk * (a0 + 2)) /
                            (ak * bk * (a0 + 2) * (a0 + 3));
      CHECK(std::abs(sums[k].mean() - ak / a0) < 4 * std::sqrt(var / n));
      CHECK(std::abs(sums[k].variance() - var) < 4 * var * std::sqrt((excess + 2) / n));
    }
  }
}

TEST_CASE("sampling: a Gaussian copula gives the target correlation of normal scores") {
  // Target r; estimates of r have Fisher z = atanh(r) with SE 1 / sqrt(N - 3). Spearman's rho
  // of the values is (6 / pi) asin(r / 2), its Fisher z with SE about 1.06 / sqrt(N - 3)
  // (Fieller, Hartley and Pearson 1957).
  constexpr std::uint32_t n = 20'000;
  auto set = four_families();
  const Correlation c{{"d", "a", "c"}, matrix3(0.6, -0.3, 0.2)};
  const double se_z = 1 / std::sqrt(n - 3.0);
  const auto standard_normal = Distribution::normal(0, 1);
  for (const auto method : {kMC, kLHS}) {
    CAPTURE(pimhsim::analysis::method_name(method));
    const ParameterSampler s(set, method, n, 31, c);
    // Dimensions: a = 0, b = 1, c = 2, d = 3; the matrix's order is d, a, c.
    const std::vector<std::size_t> dims{3, 0, 2};
    const auto u = uniforms_by_dimension(s);
    std::vector<std::vector<double>> z(3), values(3);
    for (std::size_t k = 0; k < 3; ++k)
      for (std::uint32_t i = 0; i < n; ++i) z[k].push_back(standard_normal.quantile(u[dims[k]][i]));
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto v = s.values(i);
      for (std::size_t k = 0; k < 3; ++k) values[k].push_back(v[dims[k]]);
    }
    for (std::size_t p = 0; p < 3; ++p)
      for (std::size_t q = p + 1; q < 3; ++q) {
        CAPTURE(p);
        CAPTURE(q);
        const double target = c.matrix(static_cast<Eigen::Index>(p), static_cast<Eigen::Index>(q));
        CHECK(std::abs(std::atanh(pearson(z[p], z[q])) - std::atanh(target)) < 4 * se_z);
        const double rho = 6 / std::numbers::pi * std::asin(target / 2);
        const double spearman = pearson(ranks(values[p]), ranks(values[q]));
        CHECK(std::abs(std::atanh(spearman) - std::atanh(rho)) < 4 * 1.06 * se_z);
      }
    // The uncorrelated parameter b stays uncorrelated (r = 0).
    std::vector<double> zb;
    for (std::uint32_t i = 0; i < n; ++i) zb.push_back(standard_normal.quantile(u[1][i]));
    CHECK(std::abs(std::atanh(pearson(zb, z[0]))) < 4 * se_z);
    // The marginals are unchanged: each mean within 4 SE of the family's.
    const auto fam = families();
    for (std::size_t k = 0; k < 3; ++k) {
      Sums m;
      for (double x : values[k]) m.add(x);
      CHECK(std::abs(m.mean() - fam[dims[k]].mean) < 4 * fam[dims[k]].sd / std::sqrt(n));
    }
    // Iman-Conover keeps Latin hypercube's stratification.
    if (method == kLHS)
      for (std::size_t d = 0; d < u.size(); ++d) CHECK(one_per_stratum(u[d]));
  }
}

TEST_CASE("sampling: invalid correlations are refused with a reason") {
  auto set = four_families();
  set.set(shares("mix", {"x", "y"}, {0.5, 0.5}, std::vector<double>{1, 1}));
  const auto refused = [&](const std::vector<std::string>& names, const Eigen::MatrixXd& m) {
    const Correlation c{names, m};
    const auto problem = pimhsim::analysis::correlation_problem(set, c);
    CHECK(error_of([&] { ParameterSampler(set, kMC, 10, 1, c); }) == problem);
    return problem;
  };
  const std::vector<std::string> abc{"a", "b", "c"};
  CHECK(refused(abc, matrix3(0.5, 0.2, 0.1)) == "");
  CHECK(refused(abc, matrix3(0.9, -0.9, 0.9)).find("not positive definite") != std::string::npos);
  Eigen::MatrixXd asymmetric = matrix3(0.5, 0.2, 0.1);
  asymmetric(1, 0) = 0.4;
  CHECK(refused(abc, asymmetric).find("not symmetric") != std::string::npos);
  Eigen::MatrixXd diagonal = matrix3(0.5, 0.2, 0.1);
  diagonal(2, 2) = 0.9;
  CHECK(refused(abc, diagonal) == "the correlation of `c` with itself is 0.9, not 1");
  CHECK(refused(abc, matrix3(1.2, 0, 0)) ==
        "the correlation between `a` and `b` is 1.2, outside [-1, 1]");
  CHECK(refused(abc, matrix3(std::nan(""), 0, 0)).find("not a number") != std::string::npos);
  CHECK(refused({"a", "b"}, Eigen::MatrixXd::Ones(2, 2)).find("not positive definite") !=
        std::string::npos);
  CHECK(refused({"a", "b"}, matrix3(0, 0, 0)) ==
        "the correlation names 2 parameter(s) but its matrix is 3x3");
  CHECK(refused({"a", "b", "nope"}, matrix3(0, 0, 0)) ==
        "the correlation names `nope`, which is not a parameter");
  CHECK(refused({"a", "b", "mix"}, matrix3(0, 0, 0)).find("set of shares") != std::string::npos);
  CHECK(refused({"a", "b", "fixed"}, matrix3(0, 0, 0)).find("fixed distribution") !=
        std::string::npos);
  CHECK(refused({"a", "b", "a"}, matrix3(0, 0, 0)) == "`a` is named twice in the correlation");
}

TEST_CASE("sampling: other invalid inputs are refused") {
  const auto set = four_families();
  CHECK(error_of([&] { ParameterSampler(set, kMC, 0, 1); }).find("at least one iteration") !=
        std::string::npos);
  ParameterSet bad;
  bad.set(shares("mix", {"x", "y"}, {0.5, 0.5}, std::vector<double>{1, 1, 1}));
  CHECK(error_of([&] { ParameterSampler(bad, kMC, 5, 1); }) ==
        "`mix` has 2 components but its Dirichlet has 3 parameters");
  bad.set(shares("mix", {"x", "y"}, {0.5, 0.5}, std::vector<double>{0, 0}));
  CHECK(error_of([&] { ParameterSampler(bad, kMC, 5, 1); }).find("not all zero") !=
        std::string::npos);
}

TEST_CASE("sampling: iteration i's draw depends on neither order, threads nor (for MC) N") {
  auto set = four_families();
  set.set(shares("mix", {"x", "y", "z"}, {0.2, 0.3, 0.5}, std::vector<double>{2, 3, 5}));
  const Correlation c{{"a", "b", "d"}, matrix3(0.4, 0.1, -0.2)};
  for (const auto method : {kMC, kLHS}) {
    CAPTURE(pimhsim::analysis::method_name(method));
    const ParameterSampler s(set, method, 200, 8, c);
    std::vector<std::vector<double>> forward(200), backward(200), threaded(200);
    for (std::uint32_t i = 0; i < 200; ++i) forward[i] = s.values(i);
    for (std::uint32_t i = 200; i-- > 0;) backward[i] = s.values(i);
    {
      // Two threads, interleaved iterations.
      std::thread t1([&] {
        for (std::uint32_t i = 0; i < 200; i += 2) threaded[i] = s.values(i);
      });
      std::thread t2([&] {
        for (std::uint32_t i = 1; i < 200; i += 2) threaded[i] = s.values(i);
      });
      t1.join();
      t2.join();
    }
    CHECK(forward == backward);
    CHECK(forward == threaded);
    // Rebuilding the sampler gives the same draws.
    const ParameterSampler again(set, method, 200, 8, c);
    for (std::uint32_t i = 0; i < 200; ++i) CHECK(again.values(i) == forward[i]);
    if (method == kMC) {
      const ParameterSampler longer(set, method, 5000, 8, c);
      for (std::uint32_t i = 0; i < 200; ++i) CHECK(longer.values(i) == forward[i]);
    }
    // Another seed gives other draws.
    const ParameterSampler other(set, method, 200, 9, c);
    CHECK(other.values(0) != forward[0]);
  }
}

TEST_CASE("sampling: a PSA of a linear model recovers its analytic mean and variance") {
  // f = 1000 + 100 a - 3 b + 7 c + 0.5 d with independent a..d: E f = 1000 + sum b_j mu_j,
  // Var f = sum b_j^2 sigma_j^2, and the fourth cumulant k4 = sum b_j^4 k4_j with
  // k4_j = excess_j sigma_j^4, so the SE of the sample variance is sqrt((k4 + 2 Var^2) / N).
  constexpr std::uint32_t n = 20'000;
  const std::vector<double> b{100, -3, 7, 0.5};
  const std::vector<std::string> names{"a", "b", "c", "d"};
  const auto fam = families();
  double mean = 1000, var = 0, k4 = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    mean += b[j] * fam[j].mean;
    var += b[j] * b[j] * fam[j].sd * fam[j].sd;
    k4 += std::pow(b[j] * fam[j].sd, 4) * fam[j].excess_kurtosis;
  }
  const ParameterSampler s(four_families(), kMC, n, 4242);
  Sums f;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto p = s.draw(i);
    double x = 1000;
    for (std::size_t j = 0; j < 4; ++j) x += b[j] * p.value(names[j]);
    f.add(x);
  }
  CHECK(std::abs(f.mean() - mean) < 4 * std::sqrt(var / n));
  CHECK(std::abs(f.variance() - var) < 4 * std::sqrt((k4 + 2 * var * var) / n));
}
