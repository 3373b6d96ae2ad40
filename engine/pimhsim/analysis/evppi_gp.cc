// EVPPI smoother: Gaussian-process regression on several parameters, hyperparameters by
// restricted likelihood (Strong, Oakley and Brennan 2014, section 3.2). Internal to evppi.cc.
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

}  // namespace

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

}  // namespace pimhsim::analysis::evppi_detail
