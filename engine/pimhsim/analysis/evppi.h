// The expected value of partial perfect information (EVPPI) of a parameter, or a group of
// parameters, from the PSA samples alone, by the non-parametric regression method of Strong,
// Oakley & Brennan (Med Decis Making 2014;34:311-326); and a nested Monte Carlo estimator for
// models that can be rerun, used as the reference in tests.
//
// Method. With phi the parameters of interest and NMB_k the net monetary benefit of option k,
//     EVPPI(phi) = E_phi[max_k E(NMB_k | phi)] - max_k E(NMB_k).
// The inner conditional expectations are what a regression of the PSA's NMB on phi estimates:
// for each option k other than the reference, the incremental NMB_k - NMB_ref of each iteration
// is regressed on that iteration's phi, giving fitted values g_k(phi_i) (g_ref = 0), and
//     EVPPI ~ mean_i max_k g_k(phi_i) - max_k mean_i g_k(phi_i).
// The estimate is >= 0 by construction. Only the iterations' inputs and outputs are needed, so
// the EVPPI of any number of parameter groups costs no more model runs than the PSA itself.
//
// Smoothers (kAuto picks the first for one parameter and the second for two or more):
//  * kSpline, one parameter: a penalised cubic regression spline. Cubic B-splines with up to
//    `spline_knots` interior knots at quantiles of the distinct parameter values (fewer when
//    there are fewer than 4 distinct values per knot), with the exact curvature penalty
//    lambda * integral f''(x)^2 dx (whose null space is the straight lines, so a strong penalty
//    gives linear regression, not a constant). lambda minimises the generalised cross-validation
//    score N * RSS / (N - edf)^2 over a log grid, refined by golden-section search. It fits all
//    N iterations. Strong et al. fit mgcv's gam(y ~ s(x)): in one dimension its thin-plate
//    spline has the same curvature penalty and mgcv's default also chooses lambda by GCV, so
//    the two differ only in the basis (rank and knots).
//  * kGaussianProcess, two or more parameters (it also works for one): Gaussian-process
//    regression as in Strong et al.: a linear mean function in the parameters plus a
//    squared-exponential covariance exp(-0.5 * sum_j (x_j - x'_j)^2 / l_j^2) on standardised
//    parameters (one length-scale each), and white noise. The regression coefficients are
//    integrated out under a flat prior and the signal variance is profiled out, leaving the
//    length-scales and the noise-to-signal ratio, chosen by maximising the restricted marginal
//    likelihood: a coarse grid of isotropic values, then Nelder-Mead from the best, restarted
//    once. To bound cost (each likelihood needs a Cholesky factorisation, O(M^3)), the
//    hyperparameters are estimated on at most `gp_hyperparameter_points` iterations and the
//    posterior mean on at most `gp_fit_points`; the posterior mean is then predicted at every
//    iteration. The subsamples are fixed: M evenly spaced iterations, i = floor(j * N / M) for
//    j = 0..M-1 (PSA iterations are exchangeable, so this is a random subsample).
// Parameters that do not vary (every iteration equal) carry no information and are dropped; if
// none varies, the fitted values are the mean and the EVPPI is 0. An outcome that is exactly
// linear in the parameters (to rounding) is fitted by least squares, skipping the GP's search.
//
// Uncertainty. Two sources are reported, and combined as if independent:
//  * standard_error_regression: as Strong et al. propose, fitted values are drawn from the
//    smoother's approximate posterior (spline: coefficients ~ N(beta_hat, sigma^2 (B'B +
//    lambda S)^-1); GP: the posterior of the latent function at the fit points), the EVPPI is
//    recomputed for each draw, and the SD over draws is reported. For the GP the draws are at
//    the fit points only. Draws are addressed by `seed` (core::RandomSource), so results are
//    deterministic.
//  * standard_error_sampling: sd/sqrt(N) of the fitted opportunity loss max_k g_k - g_k*, as for
//    the EVPI (decision.h): the Monte Carlo error from the finite sample of phi.
// Both are approximate; neither captures the bias below.
//
// Limitations. The estimate is biased UPWARDS when a smoother fits noise (a maximum of noisy
// fitted values exceeds the maximum of the truth on average), most at small N and for groups of
// many parameters with the GP; it needs N of about 1,000 or more, and the fit's R^2 and effective
// degrees of freedom should be looked at: an EVPPI from a fit with R^2 near 0 is noise. With few
// distinct values of a parameter (a discrete one), the spline has few knots and amounts to a
// low-order polynomial. The GP is fitted on a subsample, so at large N it smooths more than a full
// fit would. For a parameter that enters the model through a threshold or with strong interactions
// among many parameters, the smoothers may underfit, biasing the EVPPI downwards; compare with
// evppi_nested where the model can be rerun.
//
// Thresholds. evppi_curve regresses the incremental costs and effects separately (2(K-1) fits
// whatever the number of thresholds) and combines the fitted values as
// lambda * g_effect - g_cost at each threshold. For a linear smoother with a fixed smoothing
// parameter this would be exactly the regression of the incremental NMB; here each fit chooses
// its own smoothing, so the two differ slightly. Its regression SE treats the cost and effect
// fits as independent.
//
// Nested Monte Carlo (evppi_nested). For a model that can be rerun: for each of `outer` draws of
// phi, `inner` draws of the other parameters given phi, and the model's NMB per option; the
// inner means estimate E(NMB_k | phi). Its standard error is that of the outer mean (as for the
// EVPI). It is biased UPWARDS by the noise in the inner means (Oakley et al., J Health Econ
// 2010;29:468-477). For two options the bias is at most inner_standard_error / sqrt(2 pi): the
// excess of E max(0, m + e) over max(0, m) for a normal error e is largest at m = 0. It shrinks
// as 1/sqrt(inner) or faster.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace pimhsim::analysis {

enum class EvppiMethod { kAuto, kSpline, kGaussianProcess };

const char* method_name(EvppiMethod method);

struct EvppiOptions {
  EvppiMethod method = EvppiMethod::kAuto;
  std::size_t spline_knots = 25;               // interior knots of the spline, at most
  std::size_t gp_fit_points = 1000;            // iterations in the GP's posterior mean, at most
  std::size_t gp_hyperparameter_points = 500;  // iterations to estimate its hyperparameters
  std::size_t posterior_draws = 200;           // for standard_error_regression; 0 skips it
  std::uint64_t seed = 20140311;               // of those draws
};

// How well a regression fitted.
struct FitSummary {
  double r_squared = 0.0;     // 1 - RSS/TSS over all iterations (1 when the outcome is constant)
  double effective_df = 0.0;  // trace of the smoother matrix at the fit points
  double residual_sd = 0.0;   // estimated SD of the outcome around the fitted function
  std::size_t fit_points = 0;
};

struct SmootherFit {
  Eigen::VectorXd fitted;  // at every iteration
  FitSummary summary;
};

// The smoothers on their own: `x` is N x p (p = 1 for the spline), `y` has N values. Throw
// std::invalid_argument for sizes that do not match, fewer than 20 iterations, non-finite
// values, or (spline) more than one column.
SmootherFit fit_spline(const Eigen::Ref<const Eigen::MatrixXd>& x,
                       const Eigen::Ref<const Eigen::VectorXd>& y,
                       const EvppiOptions& options = {});
SmootherFit fit_gaussian_process(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                 const Eigen::Ref<const Eigen::VectorXd>& y,
                                 const EvppiOptions& options = {});

struct EvppiResult {
  double evppi = 0.0;                      // per person, at the NMB's threshold
  double standard_error = 0.0;             // sqrt(regression^2 + sampling^2)
  double standard_error_regression = 0.0;  // NaN when posterior_draws = 0
  double standard_error_sampling = 0.0;
  EvppiMethod method = EvppiMethod::kAuto;  // the smoother used (never kAuto)
  std::vector<FitSummary> fits;  // per option, of NMB_k - NMB_ref; the reference's is NaN
};

// EVPPI of the parameters in `parameters` (N x p: row i holds the parameter values of PSA
// iteration i) from the N x K net monetary benefit at one threshold. Throws
// std::invalid_argument for mismatched rows, no parameter columns, fewer than 20 iterations or
// two options, non-finite values, a reference out of range, or kSpline with p > 1.
EvppiResult evppi(const Eigen::Ref<const Eigen::MatrixXd>& nmb,
                  const Eigen::Ref<const Eigen::MatrixXd>& parameters, std::size_t reference = 0,
                  const EvppiOptions& options = {});

// EVPPI over a grid of thresholds, one column per quantity.
struct EvppiCurve {
  std::vector<double> wtp;
  std::vector<double> evppi;
  std::vector<double> standard_error;
  std::vector<double> standard_error_regression;
  std::vector<double> standard_error_sampling;
  EvppiMethod method = EvppiMethod::kAuto;
  std::vector<FitSummary> cost_fits;    // per option, of cost_k - cost_ref (the reference's NaN)
  std::vector<FitSummary> effect_fits;  // per option, of effect_k - effect_ref
};
EvppiCurve evppi_curve(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                       const Eigen::Ref<const Eigen::MatrixXd>& effects,
                       const Eigen::Ref<const Eigen::MatrixXd>& parameters,
                       const std::vector<double>& thresholds, std::size_t reference = 0,
                       const EvppiOptions& options = {});

// A model for nested Monte Carlo. The callbacks are given the draw's indices so that they can
// address their random numbers (core::RandomSource) and stay deterministic.
struct NestedModel {
  // The parameters of interest for outer draw `outer`.
  std::function<Eigen::VectorXd(std::size_t outer)> draw_focal;
  // The other parameters for inner draw `inner` of outer draw `outer`, given the focal ones
  // (which a model with correlated parameters conditions on).
  std::function<Eigen::VectorXd(std::size_t outer, std::size_t inner, const Eigen::VectorXd& focal)>
      draw_rest;
  // The net monetary benefit of each option (K >= 2 values, the same K every time).
  std::function<Eigen::VectorXd(const Eigen::VectorXd& focal, const Eigen::VectorXd& rest)>
      net_benefit;
};

struct NestedEvppi {
  double evppi = 0.0;
  double standard_error = 0.0;  // of the outer mean; excludes the upward bias
  // The inner means' Monte Carlo error: the root mean square, over outer draws, of the largest
  // standard error of an inner mean of NMB_k - NMB_ref. It sets the scale of the upward bias.
  double inner_standard_error = 0.0;
};

// Throws std::invalid_argument for missing callbacks, fewer than 2 outer or inner draws, or a
// callback returning a different or too small number of options or a non-finite NMB.
NestedEvppi evppi_nested(const NestedModel& model, std::size_t outer, std::size_t inner,
                         std::size_t reference = 0);

}  // namespace pimhsim::analysis
