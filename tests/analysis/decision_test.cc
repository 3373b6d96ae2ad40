// Decision analysis of PSA samples: the acceptability curves, frontier and EVPI on small samples
// worked by hand (the arithmetic is in the comments), the properties that must hold on any
// sample, the normal toy whose EVPI is known in closed form, and the refusal of bad input.
#include "pimhsim/analysis/decision.h"

#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include "pimhsim/core/discount.h"
#include "support/errors.h"

using pimhsim::analysis::analyse_decision;
using pimhsim::analysis::annuity_factor;
using pimhsim::analysis::ce_plane;
using pimhsim::analysis::DecisionAnalysis;
using pimhsim::analysis::evpi;
using pimhsim::analysis::net_monetary_benefit;
using pimhsim::analysis::optimal_option;
using pimhsim::analysis::population_evpi;
using pimhsim::analysis::probability_cost_effective;
using pimhsim::analysis::probability_most_cost_effective;
using pimhsim::analysis::quantile;
using pimhsim::analysis::summarise;
using pimhsim::analysis::summarise_options;
using pimhsim::analysis::Summary;
using pimhsim::test::error_of;

namespace {

// Four iterations, three options (A = reference, B, C); costs in pounds, effects in QALYs.
//
//   iteration   A: cost  QALY    B: cost  QALY    C: cost  QALY
//       0          1000   1.0       3000   1.1       6000   1.2
//       1          1000   1.0       2000   1.0       5000   1.3
//       2          2000   1.1       2500   1.2       4000   1.1
//       3          1500   0.9       4500   1.1       9500   1.1
Eigen::MatrixXd worked_costs() {
  Eigen::MatrixXd c(4, 3);
  c << 1000, 3000, 6000,  //
      1000, 2000, 5000,   //
      2000, 2500, 4000,   //
      1500, 4500, 9500;
  return c;
}

Eigen::MatrixXd worked_effects() {
  Eigen::MatrixXd e(4, 3);
  e << 1.0, 1.1, 1.2,  //
      1.0, 1.0, 1.3,   //
      1.1, 1.2, 1.1,   //
      0.9, 1.1, 1.1;
  return e;
}

double nan() {
  return std::numeric_limits<double>::quiet_NaN();
}

// The normal unit loss: E[max(0, X)] - max(0, E X) for X ~ N(mu, sigma^2).
double normal_unit_loss(double mu, double sigma) {
  const double z = std::abs(mu) / sigma;
  const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
  const double cdf_minus = 0.5 * std::erfc(z / std::sqrt(2.0));
  return sigma * pdf - std::abs(mu) * cdf_minus;
}

}  // namespace

TEST_CASE("decision: summaries use type-7 quantiles and sd/sqrt(N) standard errors") {
  // Costs of option A: 1000, 1000, 2000, 1500. Sorted: 1000 1000 1500 2000.
  //   mean 1375; median h = 3 * 0.5 = 1.5 -> 1000 + 0.5 * 500 = 1250;
  //   2.5%: h = 0.075 -> 1000; 97.5%: h = 2.925 -> 1500 + 0.925 * 500 = 1962.5;
  //   deviations -375 -375 625 125, sum of squares 687500, sd^2 = 687500/3, SE = sd/2.
  const Summary s = summarise(worked_costs().col(0));
  CHECK(s.mean == doctest::Approx(1375.0));
  CHECK(s.median == doctest::Approx(1250.0));
  CHECK(s.lower == doctest::Approx(1000.0));
  CHECK(s.upper == doctest::Approx(1962.5));
  CHECK(s.standard_error == doctest::Approx(std::sqrt(687500.0 / 3.0) / 2.0));

  // 1..5: quantiles at h = 4p.
  const Eigen::VectorXd x = Eigen::VectorXd::LinSpaced(5, 1.0, 5.0);
  CHECK(quantile(x, 0.025) == doctest::Approx(1.1));
  CHECK(quantile(x, 0.975) == doctest::Approx(4.9));
  CHECK(quantile(x, 0.0) == 1.0);
  CHECK(quantile(x, 1.0) == 5.0);
  CHECK(summarise(x).standard_error == doctest::Approx(std::sqrt(2.5 / 5.0)));

  // One iteration: every summary is the value, and the SE is not a number.
  const Summary one = summarise(Eigen::VectorXd::Constant(1, 7.0));
  CHECK(one.mean == 7.0);
  CHECK(one.lower == 7.0);
  CHECK(one.upper == 7.0);
  CHECK(std::isnan(one.standard_error));  // one value: no estimate of its error, not 0
}

TEST_CASE("decision: CEAC, CEAF and EVPI of the worked example at 0, 20,000 and 50,000 per QALY") {
  const DecisionAnalysis d =
      analyse_decision(worked_costs(), worked_effects(), {0.0, 20000.0, 50000.0});
  REQUIRE(d.thresholds.size() == 3);
  CHECK(d.iterations == 4);
  CHECK(d.options == 3);

  SUBCASE("at 0 per QALY the cheapest option, A, wins every iteration") {
    // NMB = -cost; A is the cheapest in every row.
    const auto& t = d.thresholds[0];
    CHECK(std::isnan(t.probability_cost_effective[0]));
    CHECK(t.probability_cost_effective[1] == 0.0);
    CHECK(t.probability_cost_effective[2] == 0.0);
    CHECK(t.probability_most_cost_effective == std::vector<double>{1.0, 0.0, 0.0});
    CHECK(t.optimal_option == 0);
    CHECK(t.frontier_probability == 1.0);
    CHECK(t.evpi == 0.0);
    CHECK(t.evpi_standard_error == 0.0);
  }

  SUBCASE("at 20,000 per QALY") {
    // NMB = 20000 E - C:
    //   iteration 0: A 19000  B 19000  C 18000  -> A and B tie; the tie goes to A (index 0)
    //   iteration 1: A 19000  B 18000  C 21000  -> C
    //   iteration 2: A 20000  B 21500  C 18000  -> B
    //   iteration 3: A 16500  B 17500  C 12500  -> B
    // Most cost-effective: A 1/4, B 2/4, C 1/4.
    // Against A: B's INB 0, -1000, 1500, 1000 -> 2/4 (0 is not > 0); C's -1000, 2000, -2000,
    //   -4000 -> 1/4.
    // Means: A 74500/4 = 18625, B 76000/4 = 19000, C 69500/4 = 17375 -> B on the frontier.
    // EVPI: mean of the row maxima 19000 21000 21500 17500 = 19750, minus 19000 = 750; the loss
    //   against B per row is 0, 3000, 0, 0: sd 1500 (squares 3*750^2 + 2250^2 = 6,750,000 over 3),
    //   SE 1500/2 = 750.
    const auto& t = d.thresholds[1];
    CHECK(t.wtp == 20000.0);
    CHECK(t.probability_most_cost_effective == std::vector<double>{0.25, 0.5, 0.25});
    CHECK(std::isnan(t.probability_cost_effective[0]));
    CHECK(t.probability_cost_effective[1] == 0.5);
    CHECK(t.probability_cost_effective[2] == 0.25);
    CHECK(t.nmb[0].mean == doctest::Approx(18625.0));
    CHECK(t.nmb[1].mean == doctest::Approx(19000.0));
    CHECK(t.nmb[2].mean == doctest::Approx(17375.0));
    CHECK(t.delta_nmb[0].mean == 0.0);
    CHECK(t.delta_nmb[1].mean == doctest::Approx(375.0));
    CHECK(t.delta_nmb[2].mean == doctest::Approx(-1250.0));
    CHECK(t.optimal_option == 1);
    CHECK(t.frontier_probability == 0.5);
    CHECK(t.evpi == doctest::Approx(750.0));
    CHECK(t.evpi_standard_error == doctest::Approx(750.0));
  }

  SUBCASE("at 50,000 per QALY") {
    // NMB = 50000 E - C:
    //   iteration 0: A 49000  B 52000  C 54000  -> C
    //   iteration 1: A 49000  B 48000  C 60000  -> C
    //   iteration 2: A 53000  B 57500  C 51000  -> B
    //   iteration 3: A 43500  B 50500  C 45500  -> B
    // Most cost-effective: A 0, B 1/2, C 1/2. Against A: B 3000 -1000 4500 7000 -> 3/4;
    //   C 5000 11000 -2000 2000 -> 3/4 (the pairwise curves sum to 1.5: they are not shares).
    // Means: A 48625, B 52000, C 52625 -> C. EVPI: row maxima 54000 60000 57500 50500, mean
    //   55500, minus 52625 = 2875; losses against C 0 0 6500 5000, deviations from 2875 give a
    //   sum of squares 34,187,500, so SE = sqrt(34187500 / 3) / 2.
    const auto& t = d.thresholds[2];
    CHECK(t.probability_most_cost_effective == std::vector<double>{0.0, 0.5, 0.5});
    CHECK(t.probability_cost_effective[1] == 0.75);
    CHECK(t.probability_cost_effective[2] == 0.75);
    CHECK(t.optimal_option == 2);
    CHECK(t.frontier_probability == 0.5);
    CHECK(t.evpi == doctest::Approx(2875.0));
    CHECK(t.evpi_standard_error == doctest::Approx(std::sqrt(34187500.0 / 3.0) / 2.0));
  }
}

TEST_CASE("decision: option summaries, increments and the cost-effectiveness plane") {
  const auto s = summarise_options(worked_costs(), worked_effects(), 0);
  REQUIRE(s.size() == 3);
  // B - A costs: 2000 1000 500 3000 (mean 1625); QALYs 0.1 0 0.1 0.2 (mean 0.1).
  CHECK(s[1].delta_cost.mean == doctest::Approx(1625.0));
  CHECK(s[1].delta_effect.mean == doctest::Approx(0.1));
  CHECK(s[1].probability_cost_saving == 0.0);
  CHECK(std::isnan(s[0].probability_cost_saving));
  CHECK(s[0].delta_cost.mean == 0.0);
  CHECK(s[0].cost.mean == doctest::Approx(1375.0));

  const auto plane = ce_plane(worked_costs(), worked_effects(), 1);  // against B
  CHECK(plane.delta_cost(3, 0) == -3000.0);
  CHECK(plane.delta_cost(3, 2) == 5000.0);
  CHECK(plane.delta_effect(1, 2) == doctest::Approx(0.3));
  CHECK(plane.delta_cost.col(1).isZero());
  CHECK(plane.delta_effect.col(1).isZero());

  // Cost-saving means strictly cheaper: increments -1, 0, 2, -3 give 2/4.
  Eigen::MatrixXd c(4, 2), e = Eigen::MatrixXd::Zero(4, 2);
  c << 10, 9, 10, 10, 10, 12, 10, 7;
  CHECK(summarise_options(c, e)[1].probability_cost_saving == 0.5);
}

TEST_CASE("decision: the frontier follows expected NMB, not the option most often best") {
  // B's incremental NMB over A is +1 in four iterations and -10 in one (effects 0, so at any
  // threshold): B is best 4 times in 5, but its mean is (4 - 10)/5 = -1.2 < 0, so A is the
  // decision and the frontier sits on A at P = 0.2. EVPI = mean max(0, INB) - 0 = 4/5.
  Eigen::MatrixXd c(5, 2), e = Eigen::MatrixXd::Zero(5, 2);
  c << 0, -1, 0, -1, 0, -1, 0, -1, 0, 10;
  const DecisionAnalysis d = analyse_decision(c, e, {30000.0});
  const auto& t = d.thresholds[0];
  CHECK(t.probability_most_cost_effective[1] == doctest::Approx(0.8));
  CHECK(t.probability_cost_effective[1] == doctest::Approx(0.8));  // two options: the same
  CHECK(t.delta_nmb[1].mean == doctest::Approx(-1.2));
  CHECK(t.optimal_option == 0);
  CHECK(t.frontier_probability == doctest::Approx(0.2));
  CHECK(t.evpi == doctest::Approx(0.8));
}

TEST_CASE("decision: on random samples, shares of being best sum to 1 and EVPI >= 0") {
  // Properties that hold on any sample, checked against a direct reading of the definitions.
  // Costs are rounded to whole pounds and effects to 0.01 QALY so that ties occur.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> cost(1000.0, 300.0), effect(1.0, 0.05);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 50 + trial, k = 2 + trial % 4;
    Eigen::MatrixXd c(n, k), e(n, k);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < k; ++j) {
        c(i, j) = std::round(cost(rng));
        e(i, j) = std::round(100.0 * effect(rng)) / 100.0;
      }
    for (double wtp : {0.0, 1000.0, 20000.0, 100000.0}) {
      const Eigen::MatrixXd nmb = net_monetary_benefit(c, e, wtp);
      const auto most = probability_most_cost_effective(nmb);
      double total = 0.0;
      for (double p : most) total += p;
      CHECK(total == doctest::Approx(1.0).epsilon(1e-12));

      // Brute force: the first index of the row maximum, and the column means.
      std::vector<int> wins(static_cast<std::size_t>(k), 0);
      for (int i = 0; i < n; ++i) {
        int best = 0;
        for (int j = 1; j < k; ++j)
          if (nmb(i, j) > nmb(i, best)) best = j;
        ++wins[static_cast<std::size_t>(best)];
      }
      for (int j = 0; j < k; ++j)
        CHECK(most[static_cast<std::size_t>(j)] ==
              static_cast<double>(wins[static_cast<std::size_t>(j)]) / n);

      const auto e_result = evpi(nmb);
      CHECK(e_result.per_person >= 0.0);
      CHECK(e_result.optimal_option == optimal_option(nmb));
      const double direct = nmb.rowwise().maxCoeff().mean() - nmb.colwise().mean().maxCoeff();
      CHECK(e_result.per_person == doctest::Approx(direct).epsilon(1e-9).scale(1000.0));

      const auto pairwise = probability_cost_effective(nmb, 0);
      for (int j = 1; j < k; ++j) {
        const double p = pairwise[static_cast<std::size_t>(j)];
        CHECK(p >= most[static_cast<std::size_t>(j)]);  // best of all implies better than A
        CHECK(p <= 1.0);
      }
    }
  }
}

TEST_CASE("decision: EVPI of the two-option normal toy matches the normal unit loss") {
  // INB = NMB_1 - NMB_0 ~ N(mu, sigma^2) (option 0's NMB is 0) gives
  //   EVPI = E max(0, INB) - max(0, mu) = sigma phi(mu/sigma) - |mu| Phi(-|mu|/sigma).
  // With mu = 500, sigma = 2000: 2000 * 0.386668 - 500 * 0.401294 = 572.69.
  // The estimate's SE is sd(loss)/sqrt(N); the loss is max(0, -INB) (option 1 is the decision),
  // whose second moment is E[(-INB)^2; INB < 0] = (mu^2 + sigma^2) Phi(-mu/sigma)
  // - mu sigma phi(mu/sigma). The max-of-means bias is negligible here: mu is 80 Monte Carlo
  // SEs of the mean from 0.
  const double mu = 500.0, sigma = 2000.0;
  const int n = 100000;
  std::mt19937_64 rng(20240607);
  std::normal_distribution<double> inb(mu, sigma);
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(n, 2), e = Eigen::MatrixXd::Zero(n, 2);
  for (int i = 0; i < n; ++i) c(i, 1) = -inb(rng);  // effects 0: NMB_1 = -cost = INB
  const auto d = analyse_decision(c, e, {20000.0});
  const auto& t = d.thresholds[0];

  const double expected = normal_unit_loss(mu, sigma);
  CHECK(expected == doctest::Approx(572.69).epsilon(1e-4));
  const double z = mu / sigma;
  const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi);
  const double cdf_minus = 0.5 * std::erfc(z / std::sqrt(2.0));
  const double second_moment = (mu * mu + sigma * sigma) * cdf_minus - mu * sigma * pdf;
  const double true_se = std::sqrt(second_moment - expected * expected) / std::sqrt(double(n));

  CHECK(t.optimal_option == 1);
  CHECK(std::abs(t.evpi - expected) < 4.0 * true_se);
  // The reported SE estimates true_se; with N = 100,000 its relative error is about 1%.
  CHECK(t.evpi_standard_error == doctest::Approx(true_se).epsilon(0.05));
  // And the CEAC: P(INB > 0) = Phi(mu/sigma) = 0.598706, binomial SE 0.0016.
  CHECK(std::abs(t.probability_cost_effective[1] - 0.598706) < 4.0 * 0.0016);
}

TEST_CASE("decision: population EVPI discounts annual cohorts from the start of each year") {
  // Sum_{t=0}^{H-1} 1.035^-t = (1 - 1.035^-10) / (1 - 1/1.035) = 8.60769 for H = 10.
  CHECK(annuity_factor(10, 0.035) ==
        doctest::Approx((1.0 - std::pow(1.035, -10.0)) / (1.0 - 1.0 / 1.035)));
  CHECK(annuity_factor(10, 0.035) == doctest::Approx(8.60769).epsilon(1e-5));
  CHECK(annuity_factor(1, 0.035) == 1.0);  // the first cohort is undiscounted
  CHECK(annuity_factor(0, 0.035) == 0.0);
  CHECK(annuity_factor(7, 0.0) == 7.0);
  // 12.50 per birth, 600,000 births a year, 10 years at 3.5%.
  CHECK(population_evpi(12.5, 600000.0, 10, 0.035) ==
        doctest::Approx(12.5 * 600000.0 * 8.6076866).epsilon(1e-6));
  // A constant schedule gives the same factors as the rate.
  const auto schedule = pimhsim::core::DiscountSchedule::constant(0.035);
  CHECK(annuity_factor(10, schedule) == doctest::Approx(annuity_factor(10, 0.035)));
  CHECK(population_evpi(12.5, 600000.0, 10, schedule) ==
        doctest::Approx(population_evpi(12.5, 600000.0, 10, 0.035)));
}

TEST_CASE("decision: bad input is refused with a message that says what is wrong") {
  const Eigen::MatrixXd c = worked_costs(), e = worked_effects();
  CHECK(error_of([&] { analyse_decision(c, e.leftCols(2), {20000.0}); }) ==
        "costs are 4 x 3 but effects are 4 x 2; both must be iterations x options");
  CHECK(error_of([&] {
          analyse_decision(Eigen::MatrixXd(0, 3), Eigen::MatrixXd(0, 3), {1.0});
        }).find("at least one iteration") != std::string::npos);
  CHECK(error_of([&] {
          analyse_decision(c.leftCols(1), e.leftCols(1), {1.0});
        }).find("two options") != std::string::npos);
  Eigen::MatrixXd bad = c;
  bad(2, 1) = nan();
  CHECK(error_of([&] { analyse_decision(bad, e, {1.0}); }) ==
        "costs: the value at iteration 2, option 1 is nan; PSA samples must be finite numbers");
  bad = e;
  bad(0, 0) = std::numeric_limits<double>::infinity();
  CHECK(error_of([&] { net_monetary_benefit(c, bad, 1.0); }).find("effects: the value at") == 0);
  CHECK(error_of([&] { analyse_decision(c, e, {}); }) ==
        "no thresholds: give at least one willingness to pay per QALY");
  CHECK(error_of([&] { analyse_decision(c, e, {20000.0, -1.0}); }).find("threshold -1") == 0);
  CHECK(error_of([&] { analyse_decision(c, e, {nan()}); }).find("threshold nan") == 0);
  CHECK(error_of([&] { analyse_decision(c, e, {1.0}, 3); }) ==
        "reference option 3 is out of range: there are 3 options (0 to 2)");
  CHECK(error_of([&] { probability_cost_effective(c, 5); }).find("reference option 5") == 0);
  CHECK(error_of([&] { summarise(Eigen::VectorXd(0)); }) == "cannot summarise an empty sample");
  CHECK(error_of([&] { quantile(Eigen::VectorXd::Ones(3), 1.5); }) ==
        "quantile probability 1.5 is outside [0, 1]");
  CHECK(error_of([&] { annuity_factor(10, -1.0); }).find("discount rate -1") == 0);
  CHECK(error_of([&] { population_evpi(-1.0, 10.0, 10, 0.035); }).find("per-person EVPI") == 0);
  CHECK(error_of([&] { population_evpi(1.0, nan(), 10, 0.035); }).find("annual population") == 0);
}
