// Net savings, ROI, benefit-cost ratio, payback and cost-effectiveness from a cost ledger, against
// figures worked by hand from their definitions (economics/return_on_investment.h).
#include "pimhsim/economics/return_on_investment.h"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using pimhsim::core::DiscountSchedule;
using namespace pimhsim::economics;

TEST_CASE("investment return: savings, NPV, ROI and BCR per unit of extra investment") {
  const std::vector<double> flows = {100, -60, -60};  // invest 100, then save 60 a year
  const auto r = investment_return({-300, 10}, 100, flows, DiscountSchedule::constant(0), 2025);
  CHECK(r.savings.value == 300);
  CHECK(r.net_savings.value == 200);
  CHECK(r.net_savings.se == 10);
  REQUIRE(r.roi.has_value());
  CHECK(r.roi->value == 2);
  CHECK(r.roi->se == doctest::Approx(0.1));
  REQUIRE(r.benefit_cost_ratio.has_value());
  CHECK(r.benefit_cost_ratio->value == 3);
  // Cumulative net savings -100, -40, +20: paid back in the third year.
  REQUIRE(r.payback_year.has_value());
  CHECK(*r.payback_year == 2027);
}

TEST_CASE("investment return: payback discounts each year's flow at mid-year") {
  const std::vector<double> flows = {100, -110};
  // 110 / 1.035 = 106.3 >= 100: paid back in the second year at 3.5%.
  CHECK(investment_return({0, 0}, 100, flows, DiscountSchedule::constant(0.035), 0).payback_year ==
        1);
  // 110 / 1.15 = 95.7 < 100: never, at 15%.
  CHECK_FALSE(investment_return({0, 0}, 100, flows, DiscountSchedule::constant(0.15), 0)
                  .payback_year.has_value());
}

TEST_CASE("investment return: no extra investment, no ratio and no payback") {
  const auto r =
      investment_return({-50, 5}, 0, std::vector<double>{-50.0}, DiscountSchedule::constant(0), 0);
  CHECK(r.net_savings.value == 50);
  CHECK_FALSE(r.roi.has_value());
  CHECK_FALSE(r.benefit_cost_ratio.has_value());
  CHECK_FALSE(r.payback_year.has_value());
}

TEST_CASE("cost-effectiveness: ICER with its delta-method SE, NMB and NHB at each threshold") {
  // Independent increments: var(C - E) = var C + var E, so the covariance is 0.
  const double dd = std::sqrt(30.0 * 30.0 + 0.01 * 0.01);
  const auto ce = cost_effectiveness({1000, 30}, {0.1, 0.01}, dd, {20000, 30000});
  CHECK(ce.icer.kind == Icer::Kind::kRatio);
  CHECK(ce.icer.value == doctest::Approx(10000));
  REQUIRE(ce.icer_se.has_value());
  // sqrt(var C + R^2 var E) / E = sqrt(900 + 1e8 x 1e-4) / 0.1.
  CHECK(*ce.icer_se == doctest::Approx(std::sqrt(900.0 + 10000.0) / 0.1));
  REQUIRE(ce.at.size() == 2);
  CHECK(ce.at[0].net_monetary_benefit.value == doctest::Approx(1000));
  CHECK(ce.at[0].net_monetary_benefit.se == doctest::Approx(std::sqrt(40000.0 + 900.0)));
  CHECK(ce.at[0].net_health_benefit.value == doctest::Approx(0.05));
  CHECK(ce.at[1].net_monetary_benefit.value == doctest::Approx(2000));
  // A dominant option has no ratio to report.
  const auto dominant = cost_effectiveness({-10, 1}, {0.1, 0.01}, 1, {20000});
  CHECK(dominant.icer.kind == Icer::Kind::kDominant);
  CHECK_FALSE(dominant.icer_se.has_value());
}
