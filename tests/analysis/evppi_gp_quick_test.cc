// The Gaussian-process smoother of EVPPI (Strong, Oakley & Brennan 2014) fitted on a few hundred
// points: the quick relatives of evppi_test.cc's checks on 1,000 fit points, which take from a
// quarter to half a minute each under AddressSanitizer and are labelled `slow` for it
// (tests/unit_labels.cmake), so that the sanitized suite still runs the Gaussian process's code.
// The same targets: a known surface, and the identities of a group of all the parameters (whose
// check on 1,000 fit points is here too, one function for both sizes).
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numbers>

#include "pimhsim/analysis/decision.h"
#include "pimhsim/analysis/evppi.h"
#include "pimhsim/core/random.h"

namespace {

// A standard normal draw addressed by (row, column), by Box-Muller from the engine's source.
double gp_quick_normal(const pimhsim::core::RandomSource& source, int row, std::uint16_t column) {
  const auto [u1, u2] =
      source.uniform2(pimhsim::core::DrawAddress{5, static_cast<std::uint32_t>(row), 0, 0, column});
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

pimhsim::analysis::EvppiOptions few_points(std::size_t fit, std::size_t hyperparameters) {
  pimhsim::analysis::EvppiOptions options;
  options.gp_fit_points = fit;
  options.gp_hyperparameter_points = hyperparameters;
  return options;
}

// With every parameter in the group, E(INB | theta) is the INB itself, so EVPPI = EVPI. The INB
// has an interaction, INB = theta1 + theta2 + 0.5 theta1 theta2 with theta1 ~ N(0.2, 1) and
// theta2 ~ N(0, 4), so the Gaussian process has to learn a curved surface from `fit` of the `n`
// iterations. EVPPI is 1-Lipschitz in each fitted value twice over (the mean of the maxima and the
// maximum of the means), so |EVPPI - EVPI| <= 2 mean |fitted - INB|, and by Cauchy-Schwarz
// mean |fitted - INB| <= sqrt((1 - R^2) var(INB)), with the fit's own R^2: an identity of the fit
// whatever the sample. A linear INB is fitted exactly by the Gaussian process's linear mean, with
// 3 effective df.
void check_group_of_all_parameters(int n, const pimhsim::analysis::EvppiOptions& options) {
  const pimhsim::core::RandomSource source(31);
  Eigen::MatrixXd nmb = Eigen::MatrixXd::Zero(n, 2), theta(n, 2);
  for (int i = 0; i < n; ++i) {
    theta(i, 0) = 0.2 + gp_quick_normal(source, i, 0);
    theta(i, 1) = 2.0 * gp_quick_normal(source, i, 1);
    nmb(i, 1) = theta(i, 0) + theta(i, 1) + 0.5 * theta(i, 0) * theta(i, 1);
  }
  const auto r = pimhsim::analysis::evppi(nmb, theta, 0, options);
  const double full = pimhsim::analysis::evpi(nmb).per_person;
  const double variance = (nmb.col(1).array() - nmb.col(1).mean()).square().mean();
  CHECK(r.method == pimhsim::analysis::EvppiMethod::kGaussianProcess);
  CHECK(r.fits[1].fit_points ==
        std::min<std::size_t>(static_cast<std::size_t>(n), options.gp_fit_points));
  CHECK(r.fits[1].r_squared > 0.999);
  CHECK(std::abs(r.evppi - full) <=
        2.0 * std::sqrt((1.0 - r.fits[1].r_squared) * variance) + 1e-9 * full);
  CHECK(r.evppi == doctest::Approx(full).epsilon(0.02));

  Eigen::MatrixXd linear = nmb;
  linear.col(1) = theta.col(0) + theta.col(1);
  const auto l = pimhsim::analysis::evppi(linear, theta, 0, options);
  CHECK(l.evppi == doctest::Approx(pimhsim::analysis::evpi(linear).per_person).epsilon(1e-9));
  CHECK(l.fits[1].effective_df == 3.0);
}

}  // namespace

TEST_CASE("evppi: the Gaussian process on 250 of 400 points recovers a smooth surface") {
  // y = x1 + sin(2 x2) + e, x ~ N(0, I), e ~ N(0, 0.5^2). The variance part of the mean squared
  // error against the truth is about sigma^2 edf / M (M = 250 fit points); on so few points the
  // smoothing bias adds to it. Development runs over 20 seeds gave MSE / (sigma^2 edf / M) from
  // 0.63 to 4.9 (mean 1.5), edf from 7.7 to 14.0, and a residual SD from 0.449 to 0.564 (SD 0.03).
  const pimhsim::core::RandomSource source(21);
  const int n = 400;
  Eigen::MatrixXd x(n, 2);
  Eigen::VectorXd y(n), truth(n);
  for (int i = 0; i < n; ++i) {
    x(i, 0) = gp_quick_normal(source, i, 0);
    x(i, 1) = gp_quick_normal(source, i, 1);
    truth[i] = x(i, 0) + std::sin(2.0 * x(i, 1));
    y[i] = truth[i] + 0.5 * gp_quick_normal(source, i, 2);
  }
  const auto fit = pimhsim::analysis::fit_gaussian_process(x, y, few_points(250, 150));
  const double mse = (fit.fitted - truth).squaredNorm() / n;
  CHECK(fit.summary.fit_points == 250);
  CHECK(fit.summary.effective_df > 3.0);
  CHECK(fit.summary.effective_df < 40.0);
  CHECK(mse < 6.0 * 0.25 * fit.summary.effective_df / 250.0);
  CHECK(fit.summary.residual_sd == doctest::Approx(0.5).epsilon(0.2));  // over 3 SDs
}

TEST_CASE("evppi: on 300 fit points a Gaussian process group of all the parameters gives EVPI") {
  // 300 of 600 iterations: development runs over 20 seeds gave R^2 of at least 0.99992 and EVPPI
  // within 0.008% of EVPI.
  check_group_of_all_parameters(600, few_points(300, 150));
}

TEST_CASE("evppi: a group of all the parameters, by Gaussian process, has EVPPI = EVPI") {
  // The default fit: 1,000 of 5,000 iterations (labelled slow: half a minute under
  // AddressSanitizer).
  check_group_of_all_parameters(5000, pimhsim::analysis::EvppiOptions{});
}
