// The training cascade: the trained share's steady state equals its closed form r / (r + tau),
// and without training the share decays with health-visitor turnover.
#include "pimhsim/workforce/cascade.h"

#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

namespace wf = pimhsim::workforce;

// r = training WTE x trained per specialist-year / health visitors = 0.25 x 40 / 50 = 0.2 a year;
// tau = 0.1 a year; steady state r / (r + tau) = 2/3. The monthly recursion's error shrinks by
// (1 - (r + tau)/12) a month, so after 600 months it is below 1e-6.
TEST_CASE("cascade: the trained share settles at training rate / (training rate + turnover)") {
  const wf::CascadeParameters p{50, 40, 0.1, 0.05};
  const auto s = wf::trained_share(std::vector<double>(600, 0.25), p);
  CHECK(wf::steady_trained_share(0.25, p) == doctest::Approx(2.0 / 3.0));
  CHECK(s.back() == doctest::Approx(2.0 / 3.0).epsilon(1e-6));
  for (std::size_t m = 1; m < s.size(); ++m) CHECK(s[m] >= s[m - 1]);  // rises from below
}

TEST_CASE("cascade: without training the trained share decays by turnover, (1 - tau/12)^m") {
  const wf::CascadeParameters p{50, 40, 0.12, 0.3};
  const auto s = wf::trained_share(std::vector<double>(37, 0.0), p);
  for (int m : {0, 12, 36})
    CHECK(s[m] == doctest::Approx(0.3 * std::pow(1 - 0.01, m)).epsilon(1e-12));
}

TEST_CASE("cascade: parameters out of range are refused") {
  CHECK_THROWS_AS(wf::trained_share({1.0}, {50, 40, 0.1, 1.5}), std::invalid_argument);
  CHECK_THROWS_AS(wf::trained_share({1.0}, {-1, 40, 0.1, 0.1}), std::invalid_argument);
}

// With other training at b = tau s0 / (1 - s0), the share stays at s0 without specialists, and
// specialist training lifts the steady state to (r + b) / (r + b + tau).
TEST_CASE(
    "cascade: other training holds the initial share, specialists lift it to (r + b) / (r + b + "
    "tau)") {
  const double s0 = 0.2, tau = 0.1;
  const double b = wf::maintaining_baseline(s0, tau);
  CHECK(b == doctest::Approx(0.025));
  wf::CascadeParameters p{50, 40, tau, s0, b};
  const auto flat = wf::trained_share(std::vector<double>(120, 0.0), p);
  for (double s : flat) CHECK(s == doctest::Approx(s0).epsilon(1e-12));
  const auto lifted = wf::trained_share(std::vector<double>(900, 0.25), p);
  const double r = 0.25 * 40 / 50.0;
  CHECK(wf::steady_trained_share(0.25, p) == doctest::Approx((r + b) / (r + b + tau)));
  CHECK(lifted.back() == doctest::Approx((r + b) / (r + b + tau)).epsilon(1e-6));
  CHECK(wf::trained_per_training_wte(1540, 20) == doctest::Approx(77));
  CHECK_THROWS_AS(wf::maintaining_baseline(1.0, tau), std::invalid_argument);
  CHECK_THROWS_AS(wf::trained_per_training_wte(1540, 0), std::invalid_argument);
}
