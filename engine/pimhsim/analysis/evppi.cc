#include "pimhsim/analysis/evppi.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "pimhsim/analysis/decision.h"
#include "pimhsim/analysis/evppi_internal.h"
#include "pimhsim/core/random.h"

namespace pimhsim::analysis {
namespace {

using namespace evppi_detail;
constexpr Eigen::Index kMinIterations = 20;

// ---------------------------------------------------------------------------------------------
// Checks.

void check_finite_matrix(const Eigen::Ref<const MatrixXd>& m, std::string_view what) {
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
  check_finite_matrix(parameters, "parameters");
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

EvppiMethod resolve(EvppiMethod method, Index parameter_count) {
  if (method != EvppiMethod::kAuto) return method;
  return parameter_count == 1 ? EvppiMethod::kSpline : EvppiMethod::kGaussianProcess;
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
  check_finite_matrix(y, "outcome");
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
  check_finite_matrix(nmb, "net monetary benefit");
  check_reference_option(reference, nmb.cols());
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
  check_finite_matrix(costs, "costs");
  check_finite_matrix(effects, "effects");
  check_reference_option(reference, costs.cols());
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
        check_reference_option(reference, v.size());
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
