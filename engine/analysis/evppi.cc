#include "analysis/evppi.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "analysis/decision.h"
#include "core/random.h"

namespace pimhsim::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr Eigen::Index kMinIterations = 20;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// ---------------------------------------------------------------------------------------------
// Checks.

void check_finite(const Eigen::Ref<const MatrixXd>& m, std::string_view what) {
  for (Index j = 0; j < m.cols(); ++j)
    for (Index i = 0; i < m.rows(); ++i)
      if (!std::isfinite(m(i, j)))
        throw std::invalid_argument(fmt::format(
            "{}: the value at iteration {}, column {} is {}; it must be a finite number", what, i,
            j, m(i, j)));
}

void check_parameters(const Eigen::Ref<const MatrixXd>& parameters, Index iterations) {
  if (parameters.cols() < 1)
    throw std::invalid_argument("no parameters: give at least one column of parameter values");
  if (parameters.rows() != iterations)
    throw std::invalid_argument(fmt::format(
        "parameters have {} rows but the PSA has {} iterations; row i must hold the parameter "
        "values of iteration i",
        parameters.rows(), iterations));
  if (iterations < kMinIterations)
    throw std::invalid_argument(fmt::format(
        "{} iterations: EVPPI by regression needs at least {} (and about 1,000 for a useful "
        "estimate)",
        iterations, kMinIterations));
  check_finite(parameters, "parameters");
}

void check_options(const EvppiOptions& o, Index parameter_count) {
  if (o.method == EvppiMethod::kSpline && parameter_count != 1)
    throw std::invalid_argument(fmt::format(
        "the spline smoother takes one parameter, not {}; use the Gaussian process for a group",
        parameter_count));
  if (o.gp_fit_points < static_cast<std::size_t>(kMinIterations) ||
      o.gp_hyperparameter_points < static_cast<std::size_t>(kMinIterations))
    throw std::invalid_argument(
        fmt::format("gp_fit_points ({}) and gp_hyperparameter_points ({}) must be at least {}",
                    o.gp_fit_points, o.gp_hyperparameter_points, kMinIterations));
  if (o.posterior_draws == 1)
    throw std::invalid_argument("posterior_draws must be 0 (no regression SE) or at least 2");
}

void check_reference(std::size_t reference, Index options) {
  if (reference >= static_cast<std::size_t>(options))
    throw std::invalid_argument(
        fmt::format("reference option {} is out of range: there are {} options (0 to {})",
                    reference, options, options - 1));
}

EvppiMethod resolve(EvppiMethod method, Index parameter_count) {
  if (method != EvppiMethod::kAuto) return method;
  return parameter_count == 1 ? EvppiMethod::kSpline : EvppiMethod::kGaussianProcess;
}

// ---------------------------------------------------------------------------------------------
// Standard normal draws, addressed so that they do not depend on evaluation order.

MatrixXd normal_matrix(std::uint64_t seed, std::uint32_t stream, std::uint16_t purpose, Index rows,
                       Index cols) {
  const core::RandomSource source(seed);
  MatrixXd z(rows, cols);
  for (Index s = 0; s < cols; ++s)
    for (Index i = 0; i < rows; i += 2) {
      const core::DrawAddress a{static_cast<std::uint32_t>(s), stream,
                                static_cast<std::uint32_t>(i / 2), 0, purpose};
      const auto [u1, u2] = source.uniform2(a);  // Box-Muller: two normals per address
      const double r = std::sqrt(-2.0 * std::log(u1));
      z(i, s) = r * std::cos(2.0 * std::numbers::pi * u2);
      if (i + 1 < rows) z(i + 1, s) = r * std::sin(2.0 * std::numbers::pi * u2);
    }
  return z;
}

// ---------------------------------------------------------------------------------------------
// A fitted regression: the fitted values at every iteration, and draws from the posterior of
// the fitted values at `rows` (column s is basis * coefficients.col(s), or coefficients.col(s)
// itself when basis is empty). A constant fit has no draws of its own: every draw is the mean.

struct Regression {
  VectorXd fitted;
  FitSummary summary;
  bool constant = false;
  double constant_value = 0.0;
  MatrixXd basis;
  MatrixXd coefficients;
  std::vector<Index> rows;

  VectorXd draw(Index s, Index size) const {
    if (constant) return VectorXd::Constant(size, constant_value);
    if (basis.size() > 0) return basis * coefficients.col(s);
    return coefficients.col(s);
  }
};

std::vector<Index> evenly_spaced(Index n, Index m) {
  std::vector<Index> rows(static_cast<std::size_t>(std::min(n, m)));
  const Index k = static_cast<Index>(rows.size());
  for (Index j = 0; j < k; ++j) rows[static_cast<std::size_t>(j)] = j * n / k;
  return rows;
}

std::vector<Index> all_rows(Index n) {
  return evenly_spaced(n, n);
}

void finish_summary(Regression& r, const Eigen::Ref<const VectorXd>& y) {
  const double tss = (y.array() - y.mean()).square().sum();
  const double rss = (y - r.fitted).squaredNorm();
  r.summary.r_squared = tss > 0.0 ? 1.0 - rss / tss : 1.0;
}

Regression constant_regression(const Eigen::Ref<const VectorXd>& y) {
  Regression r;
  r.constant = true;
  r.constant_value = y.mean();
  r.fitted = VectorXd::Constant(y.size(), r.constant_value);
  r.summary.effective_df = 1.0;
  r.summary.fit_points = static_cast<std::size_t>(y.size());
  const double n = static_cast<double>(y.size());
  r.summary.residual_sd = std::sqrt((y.array() - r.constant_value).square().sum() / (n - 1.0));
  finish_summary(r, y);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Penalised cubic regression spline.

// Values of all the B-splines of degree p on knots t at x in [t.front(), t.back()].
VectorXd bspline(const std::vector<double>& t, int p, double x) {
  const auto m = static_cast<Index>(t.size());
  Index s = static_cast<Index>(std::upper_bound(t.begin(), t.end(), x) - t.begin()) - 1;
  while (s >= m - 1 ||
         (s > 0 && t[static_cast<std::size_t>(s)] == t[static_cast<std::size_t>(s + 1)]))
    --s;  // x at the right end belongs to the last non-empty interval
  VectorXd b = VectorXd::Zero(m - 1);
  b[s] = 1.0;
  for (int d = 1; d <= p; ++d) {
    VectorXd next = VectorXd::Zero(m - d - 1);
    for (Index i = 0; i < m - d - 1; ++i) {
      const auto u = static_cast<std::size_t>(i);
      const auto ud = static_cast<std::size_t>(d);
      double v = 0.0;
      const double left = t[u + ud] - t[u];
      if (left > 0.0) v += (x - t[u]) / left * b[i];
      const double right = t[u + ud + 1] - t[u + 1];
      if (right > 0.0) v += (t[u + ud + 1] - x) / right * b[i + 1];
      next[i] = v;
    }
    b = std::move(next);
  }
  return b;
}

// Second derivatives of the cubic B-splines on knots t at x, from the derivative recursion
// B'_{i,p} = p (B_{i,p-1} / (t_{i+p} - t_i) - B_{i+1,p-1} / (t_{i+p+1} - t_{i+1})).
VectorXd bspline_second_derivative(const std::vector<double>& t, double x) {
  const auto m = static_cast<Index>(t.size());
  auto ratio = [&](double value, std::size_t hi, std::size_t lo) {
    const double width = t[hi] - t[lo];
    return width > 0.0 ? value / width : 0.0;
  };
  const VectorXd b1 = bspline(t, 1, x);  // m - 2 values
  VectorXd d2(m - 3);                    // first derivatives of the quadratic B-splines
  for (Index j = 0; j < m - 3; ++j) {
    const auto u = static_cast<std::size_t>(j);
    d2[j] = 2.0 * (ratio(b1[j], u + 2, u) - ratio(b1[j + 1], u + 3, u + 1));
  }
  VectorXd dd(m - 4);
  for (Index i = 0; i < m - 4; ++i) {
    const auto u = static_cast<std::size_t>(i);
    dd[i] = 3.0 * (ratio(d2[i], u + 3, u) - ratio(d2[i + 1], u + 4, u + 1));
  }
  return dd;
}

// Four boundary knots at each end and up to `max_interior` interior knots at quantiles of the
// distinct values, at most one per 4 distinct values.
std::vector<double> spline_knots(const Eigen::Ref<const VectorXd>& x, std::size_t max_interior) {
  std::vector<double> v(x.data(), x.data() + x.size());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  const std::size_t m = std::min(max_interior, v.size() / 4);
  std::vector<double> t(4, v.front());
  for (std::size_t j = 1; j <= m; ++j) {
    const double h =
        static_cast<double>(v.size() - 1) * static_cast<double>(j) / static_cast<double>(m + 1);
    const auto lo = static_cast<std::size_t>(h);
    const double q =
        v[lo] + (h - static_cast<double>(lo)) * (v[std::min(lo + 1, v.size() - 1)] - v[lo]);
    if (q > t.back() && q < v.back()) t.push_back(q);
  }
  t.insert(t.end(), 4, v.back());
  return t;
}

// The curvature penalty S_ij = integral B_i'' B_j'': B'' is linear on each knot interval, so
// two-point Gauss-Legendre quadrature per interval is exact.
MatrixXd curvature_penalty(const std::vector<double>& t) {
  const auto p = static_cast<Index>(t.size()) - 4;
  MatrixXd s = MatrixXd::Zero(p, p);
  const double offset = 0.5 / std::sqrt(3.0);
  for (std::size_t k = 0; k + 1 < t.size(); ++k) {
    const double h = t[k + 1] - t[k];
    if (h <= 0.0) continue;
    const double mid = 0.5 * (t[k] + t[k + 1]);
    for (double x : {mid - offset * h, mid + offset * h}) {
      const VectorXd d = bspline_second_derivative(t, x);
      s.noalias() += 0.5 * h * d * d.transpose();
    }
  }
  return s;
}

Regression spline_regression(const Eigen::Ref<const VectorXd>& x,
                             const Eigen::Ref<const VectorXd>& y, const EvppiOptions& options,
                             std::uint32_t stream) {
  const Index n = x.size();
  const double y_mean = y.mean();
  const VectorXd yc = y.array() - y_mean;
  if (x.minCoeff() == x.maxCoeff() || yc.squaredNorm() == 0.0) return constant_regression(y);

  const std::vector<double> knots = spline_knots(x, options.spline_knots);
  const Index p = static_cast<Index>(knots.size()) - 4;
  MatrixXd basis(n, p);
  for (Index i = 0; i < n; ++i) basis.row(i) = bspline(knots, 3, x[i]).transpose();
  const MatrixXd penalty = curvature_penalty(knots);
  const MatrixXd btb = basis.transpose() * basis;
  const VectorXd bty = basis.transpose() * yc;
  // lambda = rho * tr(B'B) / tr(S) makes rho free of the scales of x and of the knot spacing.
  const double scale = btb.trace() / std::max(penalty.trace(), std::numeric_limits<double>::min());

  struct Candidate {
    double gcv = kInf;
    double edf = 0.0;
    double rss = 0.0;
    VectorXd beta;
  };
  auto evaluate = [&](double log10_rho) {
    Candidate c;
    const MatrixXd a = btb + std::pow(10.0, log10_rho) * scale * penalty;
    const Eigen::LLT<MatrixXd> llt(a);
    if (llt.info() != Eigen::Success) return c;
    c.beta = llt.solve(bty);
    c.edf = llt.solve(btb).trace();
    c.rss = (yc - basis * c.beta).squaredNorm();
    const double dn = static_cast<double>(n);
    if (dn - c.edf > 0.5) c.gcv = dn * c.rss / ((dn - c.edf) * (dn - c.edf));
    return c;
  };

  // A grid over rho = 1e-8 .. 1e8, then golden-section search between the best point's
  // neighbours.
  constexpr double kLow = -8.0, kHigh = 8.0, kStep = 0.25;
  double best_at = kLow;
  double best_gcv = kInf;
  for (int i = 0; kLow + i * kStep <= kHigh; ++i) {
    const double g = evaluate(kLow + i * kStep).gcv;
    if (g < best_gcv) best_gcv = g, best_at = kLow + i * kStep;
  }
  double lo = std::max(kLow, best_at - kStep), hi = std::min(kHigh, best_at + kStep);
  const double golden = 0.5 * (std::sqrt(5.0) - 1.0);
  double x1 = hi - golden * (hi - lo), x2 = lo + golden * (hi - lo);
  double f1 = evaluate(x1).gcv, f2 = evaluate(x2).gcv;
  for (int it = 0; it < 30; ++it) {
    if (f1 <= f2) {
      hi = x2, x2 = x1, f2 = f1;
      x1 = hi - golden * (hi - lo);
      f1 = evaluate(x1).gcv;
    } else {
      lo = x1, x1 = x2, f1 = f2;
      x2 = lo + golden * (hi - lo);
      f2 = evaluate(x2).gcv;
    }
  }
  double chosen = best_at;
  if (std::min(f1, f2) < best_gcv) chosen = f1 <= f2 ? x1 : x2;
  Candidate c = evaluate(chosen);
  if (!std::isfinite(c.gcv)) return constant_regression(y);

  Regression r;
  // B-splines sum to one, so adding the mean to every coefficient adds it to the function.
  const VectorXd beta = c.beta.array() + y_mean;
  r.fitted = basis * beta;
  r.summary.effective_df = c.edf;
  r.summary.fit_points = static_cast<std::size_t>(n);
  const double sigma2 = c.rss / (static_cast<double>(n) - c.edf);
  r.summary.residual_sd = std::sqrt(sigma2);
  finish_summary(r, y);

  const auto draws = static_cast<Index>(options.posterior_draws);
  if (draws > 0) {
    // beta_s = beta_hat + sigma U^-1 z with A = U'U: covariance sigma^2 A^-1.
    const MatrixXd a = btb + std::pow(10.0, chosen) * scale * penalty;
    const Eigen::LLT<MatrixXd> llt(a);
    const MatrixXd z = normal_matrix(options.seed, stream, 1, p, draws);
    const MatrixXd spread = std::sqrt(sigma2) * llt.matrixU().solve(z);
    r.coefficients = spread.colwise() + beta;
    r.basis = std::move(basis);
    r.rows = all_rows(n);
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// Gaussian-process regression.

// exp(-0.5 |a_i - b_j|^2) for rows a_i of a and b_j of b (already divided by the length-scales).
MatrixXd se_kernel(const MatrixXd& a, const MatrixXd& b) {
  const VectorXd an = a.rowwise().squaredNorm();
  const VectorXd bn = b.rowwise().squaredNorm();
  MatrixXd d = -2.0 * a * b.transpose();
  d.colwise() += an;
  d.rowwise() += bn.transpose();
  return (-0.5 * d.array().max(0.0)).exp().matrix();
}

MatrixXd with_intercept(const MatrixXd& x) {
  MatrixXd h(x.rows(), x.cols() + 1);
  h.col(0).setOnes();
  h.rightCols(x.cols()) = x;
  return h;
}

MatrixXd scaled(const MatrixXd& x, const VectorXd& length) {
  return x * length.cwiseInverse().asDiagonal();
}

// The GP with linear mean h(x)'beta, covariance sigma^2 (k(x, x') + g [x = x']), beta flat,
// sigma^2 profiled: minus the restricted log likelihood, up to a constant, is
//   (M - m)/2 log(y'Py) + 1/2 log|C| + 1/2 log|H'C^-1 H|,
// with C = K + g I and P = C^-1 - C^-1 H (H'C^-1 H)^-1 H'C^-1.
double gp_objective(const MatrixXd& x, const VectorXd& y, const MatrixXd& h, const VectorXd& length,
                    double g) {
  MatrixXd c = se_kernel(scaled(x, length), scaled(x, length));
  c.diagonal().array() += g;
  const Eigen::LLT<MatrixXd> llt(c);
  if (llt.info() != Eigen::Success) return kInf;
  const MatrixXd cih = llt.solve(h);
  const VectorXd ciy = llt.solve(y);
  const MatrixXd q = h.transpose() * cih;
  const Eigen::LLT<MatrixXd> qllt(q);
  if (qllt.info() != Eigen::Success) return kInf;
  const VectorXd hty = h.transpose() * ciy;
  const double ypy = std::max(y.dot(ciy) - hty.dot(qllt.solve(hty)), 1e-300);
  const double log_det_c = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
  const double log_det_q = 2.0 * qllt.matrixLLT().diagonal().array().log().sum();
  const double dof = static_cast<double>(x.rows() - h.cols());
  return 0.5 * dof * std::log(ypy) + 0.5 * log_det_c + 0.5 * log_det_q;
}

template <typename F>
VectorXd nelder_mead(F&& f, VectorXd start, double step, int max_evaluations, double tolerance) {
  const Index d = start.size();
  std::vector<VectorXd> x(static_cast<std::size_t>(d + 1), start);
  std::vector<double> fx(static_cast<std::size_t>(d + 1));
  for (Index i = 0; i < d; ++i) x[static_cast<std::size_t>(i + 1)][i] += step;
  for (std::size_t i = 0; i < x.size(); ++i) fx[i] = f(x[i]);
  int evaluations = static_cast<int>(x.size());
  std::vector<std::size_t> order(x.size());
  while (true) {
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return fx[a] < fx[b] || (fx[a] == fx[b] && a < b);
    });
    const std::size_t best = order.front(), worst = order.back(), second = order[order.size() - 2];
    if (fx[worst] - fx[best] <= tolerance || evaluations >= max_evaluations) return x[best];
    VectorXd centroid = VectorXd::Zero(d);
    for (std::size_t i = 0; i < x.size(); ++i)
      if (i != worst) centroid += x[i];
    centroid /= static_cast<double>(d);
    const VectorXd reflected = centroid + (centroid - x[worst]);
    const double fr = f(reflected);
    ++evaluations;
    if (fr < fx[best]) {
      const VectorXd expanded = centroid + 2.0 * (centroid - x[worst]);
      const double fe = f(expanded);
      ++evaluations;
      if (fe < fr)
        x[worst] = expanded, fx[worst] = fe;
      else
        x[worst] = reflected, fx[worst] = fr;
    } else if (fr < fx[second]) {
      x[worst] = reflected, fx[worst] = fr;
    } else {
      const bool outside = fr < fx[worst];
      const VectorXd contracted = outside ? VectorXd(centroid + 0.5 * (reflected - centroid))
                                          : VectorXd(centroid + 0.5 * (x[worst] - centroid));
      const double fc = f(contracted);
      ++evaluations;
      if (fc < std::min(fr, fx[worst])) {
        x[worst] = contracted, fx[worst] = fc;
      } else {
        for (std::size_t i = 0; i < x.size(); ++i) {
          if (i == best) continue;
          x[i] = x[best] + 0.5 * (x[i] - x[best]);
          fx[i] = f(x[i]);
          ++evaluations;
        }
      }
    }
  }
}

// Hyperparameters on standardised inputs and outcome: length-scales, noise-to-signal ratio g.
struct GpHyperparameters {
  VectorXd length;
  double ratio = 1.0;
};

constexpr double kMinLength = 0.02, kMaxLength = 100.0;  // standardised parameter units
constexpr double kMinRatio = 1e-6, kMaxRatio = 1e4;

GpHyperparameters estimate_hyperparameters(const MatrixXd& x, const VectorXd& y) {
  const Index p = x.cols();
  const MatrixXd h = with_intercept(x);
  const double lo_l = std::log(kMinLength), hi_l = std::log(kMaxLength);
  const double lo_g = std::log(kMinRatio), hi_g = std::log(kMaxRatio);
  // eta = (log lengths, log ratio); outside the box, the value at the nearest point plus a
  // quadratic penalty, so that the search comes back.
  auto objective = [&](const VectorXd& eta) {
    VectorXd clamped = eta;
    for (Index j = 0; j < p; ++j) clamped[j] = std::clamp(eta[j], lo_l, hi_l);
    clamped[p] = std::clamp(eta[p], lo_g, hi_g);
    const double excess = (eta - clamped).squaredNorm();
    return gp_objective(x, y, h, clamped.head(p).array().exp().matrix(), std::exp(clamped[p])) +
           10.0 * excess;
  };
  VectorXd best = VectorXd::Zero(p + 1);
  double best_value = kInf;
  for (double length : {0.3, 1.0, 3.0, 10.0})
    for (double ratio : {1e-3, 1e-2, 0.1, 1.0, 10.0, 100.0}) {
      VectorXd eta(p + 1);
      eta.head(p).setConstant(std::log(length));
      eta[p] = std::log(ratio);
      const double v = objective(eta);
      if (v < best_value) best_value = v, best = eta;
    }
  const int budget = 40 * static_cast<int>(p + 2);
  best = nelder_mead(objective, best, 1.0, budget, 1e-4);
  best = nelder_mead(objective, best, 0.5, budget, 1e-4);
  GpHyperparameters out;
  out.length = best.head(p).array().exp().cwiseMax(kMinLength).cwiseMin(kMaxLength);
  out.ratio = std::clamp(std::exp(best[p]), kMinRatio, kMaxRatio);
  return out;
}

// `x` holds the varying parameters, standardised, for every iteration.
Regression gp_regression(const MatrixXd& x, const Eigen::Ref<const VectorXd>& y,
                         const EvppiOptions& options, std::uint32_t stream) {
  const Index n = x.rows();
  const double y_mean = y.mean();
  const double y_sd = std::sqrt((y.array() - y_mean).square().sum() / static_cast<double>(n - 1));
  if (x.cols() == 0 || !(y_sd > 0.0)) return constant_regression(y);
  const VectorXd ys = (y.array() - y_mean) / y_sd;

  const std::vector<Index> fit_rows = evenly_spaced(n, static_cast<Index>(options.gp_fit_points));
  const Index m = static_cast<Index>(fit_rows.size());
  const std::vector<Index> hyper_rows = evenly_spaced(
      n, static_cast<Index>(std::min(options.gp_hyperparameter_points, options.gp_fit_points)));

  // An outcome that is exactly linear in the parameters is its own fit; the likelihood would be
  // flat in the hyperparameters (rounding noise only), so the search is skipped.
  const MatrixXd h_all = with_intercept(x);
  const VectorXd linear = h_all.colPivHouseholderQr().solve(ys);
  const double linear_rss = (ys - h_all * linear).squaredNorm();
  if (linear_rss <= 1e-20 * static_cast<double>(n)) {
    Regression r;
    VectorXd coefficients = linear * y_sd;
    coefficients[0] += y_mean;
    r.fitted = h_all * coefficients;
    r.summary.effective_df = static_cast<double>(h_all.cols());
    r.summary.fit_points = static_cast<std::size_t>(n);
    r.summary.residual_sd = y_sd * std::sqrt(linear_rss / static_cast<double>(n - h_all.cols()));
    finish_summary(r, y);
    if (options.posterior_draws > 0) {
      r.basis = h_all(fit_rows, Eigen::all);
      r.coefficients = coefficients.replicate(1, static_cast<Index>(options.posterior_draws));
      r.rows = fit_rows;
    }
    return r;
  }
  const GpHyperparameters hp = estimate_hyperparameters(x(hyper_rows, Eigen::all), ys(hyper_rows));
  const double g = hp.ratio;

  const MatrixXd xf = scaled(x(fit_rows, Eigen::all), hp.length);
  const VectorXd yf = ys(fit_rows);
  const MatrixXd hf = with_intercept(x(fit_rows, Eigen::all));
  const MatrixXd k = se_kernel(xf, xf);
  MatrixXd c = k;
  c.diagonal().array() += g;
  const Eigen::LLT<MatrixXd> llt(c);
  if (llt.info() != Eigen::Success) return constant_regression(y);
  const MatrixXd cih = llt.solve(hf);
  const MatrixXd q = hf.transpose() * cih;
  const Eigen::LLT<MatrixXd> qllt(q);
  const VectorXd ciy = llt.solve(yf);
  const VectorXd beta = qllt.solve(hf.transpose() * ciy);
  const VectorXd alpha = llt.solve(yf - hf * beta);

  // Posterior mean at every iteration, in blocks to bound memory.
  VectorXd f(n);
  const MatrixXd xs = scaled(x, hp.length);
  constexpr Index kBlock = 2048;
  for (Index start = 0; start < n; start += kBlock) {
    const Index rows = std::min(kBlock, n - start);
    const MatrixXd kx = se_kernel(xs.middleRows(start, rows), xf);
    f.segment(start, rows) = with_intercept(x.middleRows(start, rows)) * beta + kx * alpha;
  }

  Regression r;
  r.fitted = (f.array() * y_sd + y_mean).matrix();
  const double dof = static_cast<double>(m - hf.cols());
  const double sigma2 = std::max(yf.dot(ciy) - (hf.transpose() * ciy).dot(beta), 0.0) / dof;
  // edf = tr(I - gP) = M - g (tr C^-1 - tr((H'C^-1 H)^-1 (C^-1 H)'(C^-1 H))).
  const MatrixXd l_inverse = llt.matrixL().solve(MatrixXd::Identity(m, m));
  const double trace_p = l_inverse.squaredNorm() - qllt.solve(cih.transpose() * cih).trace();
  r.summary.effective_df = static_cast<double>(m) - g * trace_p;
  r.summary.fit_points = static_cast<std::size_t>(m);
  r.summary.residual_sd = y_sd * std::sqrt(sigma2 * g);
  finish_summary(r, y);

  const auto draws = static_cast<Index>(options.posterior_draws);
  if (draws > 0) {
    // Posterior draws of the latent function at the fit points (Matheron's rule, with beta
    // integrated out): f_s = f_hat - e + g P (u + e), u ~ N(0, sigma^2 K), e ~ N(0, sigma^2 g I),
    // whose covariance is sigma^2 g (I - g P), the posterior covariance.
    Eigen::LLT<MatrixXd> kllt;
    for (double jitter = 1e-10; jitter <= 1e-3; jitter *= 10.0) {
      MatrixXd kj = k;
      kj.diagonal().array() += jitter;
      kllt.compute(kj);
      if (kllt.info() == Eigen::Success) break;
    }
    if (kllt.info() == Eigen::Success) {
      const double sigma = std::sqrt(sigma2);
      MatrixXd u = kllt.matrixL() * normal_matrix(options.seed, stream, 2, m, draws);
      u *= sigma;
      const MatrixXd e = sigma * std::sqrt(g) * normal_matrix(options.seed, stream, 3, m, draws);
      const MatrixXd civ = llt.solve(u + e);
      const MatrixXd pv = civ - cih * qllt.solve(hf.transpose() * civ);
      const VectorXd f_fit = f(fit_rows);
      r.coefficients = ((g * pv - e).colwise() + f_fit) * y_sd;
      r.coefficients.array() += y_mean;
      r.rows = fit_rows;
    } else {
      r.coefficients = r.fitted(fit_rows).replicate(1, draws);
      r.rows = fit_rows;
    }
  }
  return r;
}

// The parameters that vary, standardised to mean 0 and SD 1.
MatrixXd standardised(const Eigen::Ref<const MatrixXd>& parameters) {
  const Index n = parameters.rows();
  std::vector<Index> varying;
  for (Index j = 0; j < parameters.cols(); ++j)
    if (parameters.col(j).minCoeff() < parameters.col(j).maxCoeff()) varying.push_back(j);
  MatrixXd x(n, static_cast<Index>(varying.size()));
  for (std::size_t c = 0; c < varying.size(); ++c) {
    const auto col = parameters.col(varying[c]);
    const double mean = col.mean();
    const double sd = std::sqrt((col.array() - mean).square().sum() / static_cast<double>(n - 1));
    x.col(static_cast<Index>(c)) = (col.array() - mean) / sd;
  }
  return x;
}

// One regression of y on the parameters by the resolved method.
class Regressor {
 public:
  Regressor(const Eigen::Ref<const MatrixXd>& parameters, EvppiMethod method,
            const EvppiOptions& options)
      : method_(method), options_(options), x_(standardised(parameters)) {}

  Regression operator()(const Eigen::Ref<const VectorXd>& y, std::uint32_t stream) const {
    if (x_.cols() == 0) return constant_regression(y);
    if (method_ == EvppiMethod::kSpline) return spline_regression(x_.col(0), y, options_, stream);
    return gp_regression(x_, y, options_, stream);
  }

 private:
  EvppiMethod method_;
  EvppiOptions options_;
  MatrixXd x_;
};

// ---------------------------------------------------------------------------------------------
// EVPPI from fitted regressions. Option k's fitted incremental NMB at threshold t is
// weight_a[t] * a[k] + weight_b * b[k]; a null regression counts as 0 (the reference).

struct Estimate {
  double value = 0.0;
  double se_regression = kNaN;
  double se_sampling = 0.0;
};

std::vector<Estimate> combine(const std::vector<const Regression*>& a,
                              const std::vector<const Regression*>& b,
                              const std::vector<double>& weight_a, double weight_b, Index n,
                              Index draws) {
  const auto k = static_cast<Index>(a.size());
  std::vector<Estimate> out(weight_a.size());
  for (std::size_t t = 0; t < weight_a.size(); ++t) {
    MatrixXd g = MatrixXd::Zero(n, k);
    for (Index j = 0; j < k; ++j) {
      const auto u = static_cast<std::size_t>(j);
      if (a[u] != nullptr) g.col(j) += weight_a[t] * a[u]->fitted;
      if (b[u] != nullptr) g.col(j) += weight_b * b[u]->fitted;
    }
    const Evpi e = evpi(g);
    out[t].value = e.per_person;
    out[t].se_sampling = e.standard_error;
  }
  if (draws < 2) return out;

  // The draws of every non-constant regression share their rows (same method, same N).
  Index size = 0;
  for (const auto* list : {&a, &b})
    for (const Regression* r : *list)
      if (r != nullptr && !r->constant) size = static_cast<Index>(r->rows.size());
  if (size == 0) {
    for (Estimate& e : out) e.se_regression = 0.0;  // every fit is constant: no uncertainty
    return out;
  }
  std::vector<double> sum(weight_a.size(), 0.0), sum_sq(weight_a.size(), 0.0);
  std::vector<VectorXd> da(a.size()), db(b.size());
  for (Index s = 0; s < draws; ++s) {
    for (std::size_t j = 0; j < a.size(); ++j) {
      if (a[j] != nullptr) da[j] = a[j]->draw(s, size);
      if (b[j] != nullptr) db[j] = b[j]->draw(s, size);
    }
    for (std::size_t t = 0; t < weight_a.size(); ++t) {
      MatrixXd g = MatrixXd::Zero(size, k);
      for (std::size_t j = 0; j < a.size(); ++j) {
        if (a[j] != nullptr) g.col(static_cast<Index>(j)) += weight_a[t] * da[j];
        if (b[j] != nullptr) g.col(static_cast<Index>(j)) += weight_b * db[j];
      }
      const double v = evpi(g).per_person;
      sum[t] += v;
      sum_sq[t] += v * v;
    }
  }
  const double s = static_cast<double>(draws);
  for (std::size_t t = 0; t < weight_a.size(); ++t) {
    const double mean = sum[t] / s;
    out[t].se_regression = std::sqrt(std::max(sum_sq[t] / s - mean * mean, 0.0) * s / (s - 1.0));
  }
  return out;
}

double combined_se(const Estimate& e) {
  const double reg = std::isnan(e.se_regression) ? 0.0 : e.se_regression;
  return std::sqrt(reg * reg + e.se_sampling * e.se_sampling);
}

FitSummary missing_fit() {
  FitSummary f;
  f.r_squared = f.effective_df = f.residual_sd = kNaN;
  return f;
}

void check_smoother_inputs(const Eigen::Ref<const MatrixXd>& x,
                           const Eigen::Ref<const VectorXd>& y) {
  check_parameters(x, y.size());
  check_finite(y, "outcome");
}

}  // namespace

const char* method_name(EvppiMethod method) {
  switch (method) {
    case EvppiMethod::kAuto:
      return "auto";
    case EvppiMethod::kSpline:
      return "penalised cubic regression spline";
    case EvppiMethod::kGaussianProcess:
      return "Gaussian process";
  }
  return "?";
}

SmootherFit fit_spline(const Eigen::Ref<const MatrixXd>& x, const Eigen::Ref<const VectorXd>& y,
                       const EvppiOptions& options) {
  check_smoother_inputs(x, y);
  EvppiOptions o = options;
  o.method = EvppiMethod::kSpline;
  o.posterior_draws = 0;
  check_options(o, x.cols());
  const Regression r = Regressor(x, EvppiMethod::kSpline, o)(y, 0);
  return {r.fitted, r.summary};
}

SmootherFit fit_gaussian_process(const Eigen::Ref<const MatrixXd>& x,
                                 const Eigen::Ref<const VectorXd>& y, const EvppiOptions& options) {
  check_smoother_inputs(x, y);
  EvppiOptions o = options;
  o.method = EvppiMethod::kGaussianProcess;
  o.posterior_draws = 0;
  check_options(o, x.cols());
  const Regression r = Regressor(x, EvppiMethod::kGaussianProcess, o)(y, 0);
  return {r.fitted, r.summary};
}

EvppiResult evppi(const Eigen::Ref<const MatrixXd>& nmb,
                  const Eigen::Ref<const MatrixXd>& parameters, std::size_t reference,
                  const EvppiOptions& options) {
  if (nmb.cols() < 2)
    throw std::invalid_argument(
        fmt::format("net monetary benefit has {} column(s); a decision needs at least two options",
                    nmb.cols()));
  check_parameters(parameters, nmb.rows());
  check_finite(nmb, "net monetary benefit");
  check_reference(reference, nmb.cols());
  check_options(options, parameters.cols());

  EvppiResult out;
  out.method = resolve(options.method, parameters.cols());
  const Regressor regress(parameters, out.method, options);
  const auto r = static_cast<Index>(reference);
  std::vector<Regression> fits(static_cast<std::size_t>(nmb.cols()));
  std::vector<const Regression*> a(fits.size(), nullptr), b(fits.size(), nullptr);
  for (Index k = 0; k < nmb.cols(); ++k) {
    const auto u = static_cast<std::size_t>(k);
    if (k == r) {
      out.fits.push_back(missing_fit());
      continue;
    }
    fits[u] = regress(nmb.col(k) - nmb.col(r), static_cast<std::uint32_t>(k));
    a[u] = &fits[u];
    out.fits.push_back(fits[u].summary);
  }
  const Estimate e =
      combine(a, b, {1.0}, 0.0, nmb.rows(), static_cast<Index>(options.posterior_draws))[0];
  out.evppi = e.value;
  out.standard_error_regression = e.se_regression;
  out.standard_error_sampling = e.se_sampling;
  out.standard_error = combined_se(e);
  return out;
}

EvppiCurve evppi_curve(const Eigen::Ref<const MatrixXd>& costs,
                       const Eigen::Ref<const MatrixXd>& effects,
                       const Eigen::Ref<const MatrixXd>& parameters,
                       const std::vector<double>& thresholds, std::size_t reference,
                       const EvppiOptions& options) {
  if (costs.rows() != effects.rows() || costs.cols() != effects.cols())
    throw std::invalid_argument(
        fmt::format("costs are {} x {} but effects are {} x {}; both must be iterations x options",
                    costs.rows(), costs.cols(), effects.rows(), effects.cols()));
  if (costs.cols() < 2)
    throw std::invalid_argument(fmt::format(
        "costs have {} column(s); a decision needs at least two options", costs.cols()));
  check_parameters(parameters, costs.rows());
  check_finite(costs, "costs");
  check_finite(effects, "effects");
  check_reference(reference, costs.cols());
  check_options(options, parameters.cols());
  if (thresholds.empty())
    throw std::invalid_argument("no thresholds: give at least one willingness to pay per QALY");
  for (double wtp : thresholds)
    if (!std::isfinite(wtp) || wtp < 0.0)
      throw std::invalid_argument(fmt::format(
          "threshold {} is not a willingness to pay: it must be a finite number >= 0 (per QALY)",
          wtp));

  EvppiCurve out;
  out.method = resolve(options.method, parameters.cols());
  const Regressor regress(parameters, out.method, options);
  const auto r = static_cast<Index>(reference);
  const auto k_count = static_cast<std::size_t>(costs.cols());
  std::vector<Regression> cost_fits(k_count), effect_fits(k_count);
  std::vector<const Regression*> a(k_count, nullptr), b(k_count, nullptr);
  for (Index k = 0; k < costs.cols(); ++k) {
    const auto u = static_cast<std::size_t>(k);
    if (k == r) {
      out.cost_fits.push_back(missing_fit());
      out.effect_fits.push_back(missing_fit());
      continue;
    }
    effect_fits[u] = regress(effects.col(k) - effects.col(r), static_cast<std::uint32_t>(2 * k));
    cost_fits[u] = regress(costs.col(k) - costs.col(r), static_cast<std::uint32_t>(2 * k + 1));
    a[u] = &effect_fits[u];
    b[u] = &cost_fits[u];
    out.effect_fits.push_back(effect_fits[u].summary);
    out.cost_fits.push_back(cost_fits[u].summary);
  }
  const std::vector<Estimate> estimates =
      combine(a, b, thresholds, -1.0, costs.rows(), static_cast<Index>(options.posterior_draws));
  for (std::size_t t = 0; t < thresholds.size(); ++t) {
    out.wtp.push_back(thresholds[t]);
    out.evppi.push_back(estimates[t].value);
    out.standard_error.push_back(combined_se(estimates[t]));
    out.standard_error_regression.push_back(estimates[t].se_regression);
    out.standard_error_sampling.push_back(estimates[t].se_sampling);
  }
  return out;
}

NestedEvppi evppi_nested(const NestedModel& model, std::size_t outer, std::size_t inner,
                         std::size_t reference) {
  if (!model.draw_focal || !model.draw_rest || !model.net_benefit)
    throw std::invalid_argument(
        "nested EVPPI needs all three callbacks: draw_focal, draw_rest and net_benefit");
  if (outer < 2 || inner < 2)
    throw std::invalid_argument(fmt::format(
        "nested EVPPI needs at least 2 outer and 2 inner draws (got {} and {})", outer, inner));
  MatrixXd means;  // outer x K: the inner means of NMB
  double inner_var_sum = 0.0;
  const double j_count = static_cast<double>(inner);
  for (std::size_t i = 0; i < outer; ++i) {
    const VectorXd focal = model.draw_focal(i);
    VectorXd sum, sum_sq;  // of NMB_k, and of (NMB_k - NMB_ref)^2
    VectorXd sum_inc;      // of NMB_k - NMB_ref
    for (std::size_t j = 0; j < inner; ++j) {
      const VectorXd v = model.net_benefit(focal, model.draw_rest(i, j, focal));
      if (means.size() == 0) {
        if (v.size() < 2)
          throw std::invalid_argument(fmt::format(
              "net_benefit returned {} value(s); a decision needs at least two options", v.size()));
        check_reference(reference, v.size());
        means.resize(static_cast<Index>(outer), v.size());
      }
      if (v.size() != means.cols())
        throw std::invalid_argument(fmt::format(
            "net_benefit returned {} values at outer draw {}, inner draw {}, but {} before",
            v.size(), i, j, means.cols()));
      for (Index k = 0; k < v.size(); ++k)
        if (!std::isfinite(v[k]))
          throw std::invalid_argument(
              fmt::format("net_benefit returned {} for option {} at outer draw {}, inner draw {}",
                          v[k], k, i, j));
      const VectorXd inc = v.array() - v[static_cast<Index>(reference)];
      if (j == 0) {
        sum = v, sum_inc = inc, sum_sq = inc.cwiseProduct(inc);
      } else {
        sum += v, sum_inc += inc, sum_sq += inc.cwiseProduct(inc);
      }
    }
    means.row(static_cast<Index>(i)) = (sum / j_count).transpose();
    const VectorXd var =
        ((sum_sq - sum_inc.cwiseProduct(sum_inc) / j_count) / (j_count - 1.0)).cwiseMax(0.0);
    inner_var_sum += var.maxCoeff() / j_count;
  }
  const Evpi e = evpi(means);
  NestedEvppi out;
  out.evppi = e.per_person;
  out.standard_error = e.standard_error;
  out.inner_standard_error = std::sqrt(inner_var_sum / static_cast<double>(outer));
  return out;
}

}  // namespace pimhsim::analysis
