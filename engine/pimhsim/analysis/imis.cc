#include "pimhsim/analysis/imis.h"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>

#include "pimhsim/core/random.h"
#include "pimhsim/core/special_values.h"

namespace pimhsim::analysis {
namespace {

using core::kNegInf;

// A normal component: its mean, the lower Cholesky factor of its covariance, and the log of its
// density's constant.
struct Component {
  Eigen::VectorXd mean;
  Eigen::MatrixXd lower;
  double log_constant = 0;
  double log_density(const Eigen::VectorXd& z) const {
    const Eigen::VectorXd u = lower.triangularView<Eigen::Lower>().solve(z - mean);
    return log_constant - 0.5 * u.squaredNorm();
  }
};

Component component(const Eigen::VectorXd& mean, Eigen::MatrixXd cov) {
  const auto d = mean.size();
  // A ridge keeps a covariance from nearly collinear neighbours positive definite.
  const double ridge = 1e-9 + 1e-6 * cov.diagonal().cwiseAbs().maxCoeff();
  Eigen::LLT<Eigen::MatrixXd> llt(cov + ridge * Eigen::MatrixXd::Identity(d, d));
  if (llt.info() != Eigen::Success) {
    cov = cov.diagonal().cwiseAbs().cwiseMax(1e-6).asDiagonal();
    llt.compute(cov);
  }
  Component c;
  c.mean = mean;
  c.lower = llt.matrixL();
  c.log_constant = -0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi) -
                   c.lower.diagonal().array().log().sum();
  return c;
}

double log_sum_exp(const std::vector<double>& v) {
  const double m = *std::max_element(v.begin(), v.end());
  if (!std::isfinite(m)) return m;
  double s = 0;
  for (double x : v) s += std::exp(x - m);
  return m + std::log(s);
}

// Standard normals for the points [first, first + n) of a round.
Eigen::MatrixXd normals(const core::RandomSource& rng, std::uint32_t round, std::size_t n,
                        std::size_t d) {
  const boost::math::normal_distribution<> phi;
  Eigen::MatrixXd z(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j)
      z(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = boost::math::quantile(
          phi, rng.uniform({round, kImisPartition, static_cast<std::uint32_t>(i), 0,
                            static_cast<std::uint16_t>(j)}));
  return z;
}

}  // namespace

double effective_sample_size(const std::vector<double>& w) {
  double s = 0;
  for (double x : w) s += x * x;
  return s > 0 ? 1.0 / s : 0.0;
}

ImisResult run_imis(
    std::size_t dimensions, const ImisSettings& settings,
    const std::function<std::vector<double>(const Eigen::MatrixXd&)>& log_likelihood,
    const std::function<void(const ImisRound&)>& on_round) {
  if (dimensions == 0 || settings.initial < 2 || settings.per_round < 2)
    throw std::invalid_argument("IMIS needs a dimension, and at least 2 points a round");
  const auto d = static_cast<Eigen::Index>(dimensions);
  const core::RandomSource rng(settings.seed);
  ImisResult out;
  out.z = normals(rng, 0, settings.initial, dimensions);
  out.log_likelihood = log_likelihood(out.z);
  const double log_norm_constant = -0.5 * static_cast<double>(d) * std::log(2 * std::numbers::pi);
  std::vector<double> log_prior, log_mixture_sum;  // per point; the components' density sum
  std::vector<Component> components;
  auto prior_of = [&](const Eigen::VectorXd& z) {
    return log_norm_constant - 0.5 * z.squaredNorm();
  };
  for (Eigen::Index i = 0; i < out.z.rows(); ++i) {
    log_prior.push_back(prior_of(out.z.row(i).transpose()));
    log_mixture_sum.push_back(kNegInf);
  }
  const double target_unique = (1 - std::exp(-1.0)) * settings.resample;
  for (std::uint32_t round = 0;; ++round) {
    // Weights: L p / q, q = (N0 p + B sum_k phi_k) / N.
    const std::size_t n = out.log_likelihood.size();
    const double n0 = settings.initial, b = settings.per_round, nn = static_cast<double>(n);
    std::vector<double> lw(n);
    for (std::size_t i = 0; i < n; ++i) {
      const double lq = components.empty() ? log_prior[i]
                                           : log_sum_exp({std::log(n0 / nn) + log_prior[i],
                                                          std::log(b / nn) + log_mixture_sum[i]});
      lw[i] = std::isfinite(out.log_likelihood[i]) ? out.log_likelihood[i] + log_prior[i] - lq
                                                   : kNegInf;
    }
    const double total = log_sum_exp(lw);
    if (!std::isfinite(total))
      throw std::runtime_error(
          "every point IMIS drew has a likelihood of 0: the targets are out of the model's reach "
          "over the whole prior (see the optimise method's fit)");
    out.weight.assign(n, 0.0);
    for (std::size_t i = 0; i < n; ++i) out.weight[i] = std::exp(lw[i] - total);
    ImisRound r;
    r.round = round;
    r.points = static_cast<std::uint32_t>(n);
    r.ess = effective_sample_size(out.weight);
    r.max_weight_share = *std::max_element(out.weight.begin(), out.weight.end());
    double unique = 0;
    for (double w : out.weight) unique += 1 - std::pow(1 - w, settings.resample);
    r.unique_share = unique / settings.resample;
    const bool done = unique >= target_unique || round >= settings.rounds;
    if (!done) {
      // The next component: centred on the largest weight, with the weighted covariance of its
      // per_round nearest neighbours (Euclidean: the prior is a standard normal here).
      const auto best = static_cast<Eigen::Index>(
          std::max_element(out.weight.begin(), out.weight.end()) - out.weight.begin());
      const Eigen::VectorXd centre = out.z.row(best).transpose();
      std::vector<std::pair<double, std::size_t>> dist(n);
      for (std::size_t i = 0; i < n; ++i)
        dist[i] = {(out.z.row(static_cast<Eigen::Index>(i)).transpose() - centre).squaredNorm(), i};
      const std::size_t k = std::min<std::size_t>(settings.per_round, n);
      std::partial_sort(dist.begin(), dist.begin() + static_cast<std::ptrdiff_t>(k), dist.end());
      Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(d, d);
      double wsum = 0;
      for (std::size_t j = 0; j < k; ++j) {
        const std::size_t i = dist[j].second;
        const double w = 0.5 * (out.weight[i] + 1.0 / nn);
        const Eigen::VectorXd dz = out.z.row(static_cast<Eigen::Index>(i)).transpose() - centre;
        cov += w * dz * dz.transpose();
        wsum += w;
      }
      cov /= wsum;
      components.push_back(component(centre, cov));
      r.centre = centre;
    }
    if (on_round) on_round(r);
    out.rounds.push_back(r);
    if (done) break;
    // Draw the round's points, and bring every point's mixture sum up to date.
    const Component& c = components.back();
    const Eigen::MatrixXd e = normals(rng, round + 1, settings.per_round, dimensions);
    Eigen::MatrixXd fresh(e.rows(), d);
    for (Eigen::Index i = 0; i < e.rows(); ++i)
      fresh.row(i) = (c.mean + c.lower * e.row(i).transpose()).transpose();
    const auto ll = log_likelihood(fresh);
    for (std::size_t i = 0; i < n; ++i)
      log_mixture_sum[i] = log_sum_exp(
          {log_mixture_sum[i], c.log_density(out.z.row(static_cast<Eigen::Index>(i)).transpose())});
    Eigen::MatrixXd grown(out.z.rows() + fresh.rows(), d);
    grown << out.z, fresh;
    out.z = std::move(grown);
    for (Eigen::Index i = 0; i < fresh.rows(); ++i) {
      const Eigen::VectorXd z = fresh.row(i).transpose();
      log_prior.push_back(prior_of(z));
      std::vector<double> parts;
      for (const auto& comp : components) parts.push_back(comp.log_density(z));
      log_mixture_sum.push_back(log_sum_exp(parts));
      out.log_likelihood.push_back(ll.at(static_cast<std::size_t>(i)));
    }
  }
  out.ess = out.rounds.back().ess;
  out.max_weight_share = out.rounds.back().max_weight_share;
  return out;
}

}  // namespace pimhsim::analysis
