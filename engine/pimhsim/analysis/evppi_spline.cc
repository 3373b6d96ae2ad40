// EVPPI smoother: penalised cubic regression spline of one parameter, smoothing chosen by GCV
// (Strong, Oakley and Brennan 2014, section 3.1). Internal to evppi.cc.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "pimhsim/analysis/evppi_internal.h"

namespace pimhsim::analysis::evppi_detail {
namespace {

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

}  // namespace

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

}  // namespace pimhsim::analysis::evppi_detail
