#include "pimhsim/analysis/sampling.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace pimhsim::analysis {
namespace {

constexpr double kBelowOne = 0x1.fffffffffffffp-1;
constexpr double kAboveZero = std::numeric_limits<double>::min();

const boost::math::normal_distribution<> kStandardNormal;

double clamp_unit(double u) {
  return std::clamp(u, kAboveZero, kBelowOne);
}

// A uniform in stratum k of n, [k/n, (k+1)/n), at `jitter` (in (0, 1)) across it. Rounding in
// (k + jitter) / n can land on a neighbour's edge; nudge back so that floor(u n) == k holds in
// double arithmetic, as the stratification promises.
double in_stratum(std::uint32_t k, double jitter, std::uint32_t n) {
  const double dn = n;
  double u = (k + jitter) / dn;
  while (u * dn >= k + 1.0) u = std::nextafter(u, 0.0);
  while (u * dn < k) u = std::nextafter(u, 1.0);
  return clamp_unit(u);
}

bool is_sampled_number(const core::Parameter& p) {
  return !p.is_shares() && p.distribution.family() != core::Family::kFixed;
}

}  // namespace

const char* method_name(SamplingMethod m) {
  switch (m) {
    case SamplingMethod::kMonteCarlo:
      return "Monte Carlo";
    case SamplingMethod::kLatinHypercube:
      return "Latin hypercube";
  }
  return "?";
}

ParameterSampler::ParameterSampler(core::ParameterSet base, SamplingMethod method,
                                   std::uint32_t iterations, std::uint64_t seed,
                                   const std::optional<Correlation>& correlation)
    : base_(std::move(base)), method_(method), n_(iterations), seed_(seed), rng_(seed) {
  if (n_ == 0) throw std::invalid_argument("a parameter sample needs at least one iteration");
  const auto& all = base_.all();
  for (std::size_t j = 0; j < all.size(); ++j) {
    const auto& p = all[j];
    if (is_sampled_number(p)) {
      sampled_.push_back({j, names_.size(), 1});
      names_.push_back(p.name);
      dim_parameter_.push_back(j);
      dim_component_.push_back(0);
    } else if (p.is_shares() && p.dirichlet) {
      const auto& alpha = p.dirichlet->alpha();
      if (alpha.size() != p.components.size())
        throw std::invalid_argument(
            fmt::format("`{}` has {} components but its Dirichlet has {} parameters", p.name,
                        p.components.size(), alpha.size()));
      if (alpha.size() > std::numeric_limits<std::uint16_t>::max())
        throw std::invalid_argument(fmt::format("`{}` has too many components to sample", p.name));
      const bool valid = std::all_of(alpha.begin(), alpha.end(),
                                     [](double a) { return std::isfinite(a) && a >= 0; }) &&
                         std::any_of(alpha.begin(), alpha.end(), [](double a) { return a > 0; });
      if (!valid)
        throw std::invalid_argument(fmt::format(
            "`{}`'s Dirichlet parameters must be non-negative and not all zero", p.name));
      sampled_.push_back({j, names_.size(), alpha.size()});
      for (std::size_t c = 0; c < alpha.size(); ++c) {
        names_.push_back(fmt::format("{}.{}", p.name, p.components[c]));
        dim_parameter_.push_back(j);
        dim_component_.push_back(static_cast<std::uint16_t>(c));
      }
    }
  }

  if (correlation && !correlation->names.empty()) {
    if (const auto problem = correlation_problem(base_, *correlation); !problem.empty())
      throw std::invalid_argument(problem);
    for (const auto& name : correlation->names) {
      const auto parameter = static_cast<std::size_t>(base_.find(name) - all.data());
      const auto it = std::find(dim_parameter_.begin(), dim_parameter_.end(), parameter);
      group_.push_back(static_cast<std::size_t>(it - dim_parameter_.begin()));
    }
    correlation_ = correlation->matrix;
    cholesky_ = Eigen::LLT<Eigen::MatrixXd>(correlation_).matrixL();
  }

  if (method_ == SamplingMethod::kLatinHypercube) {
    shuffle_strata();
    if (group_.size() >= 2) rearrange_iman_conover();
  }
}

core::DrawAddress ParameterSampler::address(std::uint32_t iteration, std::size_t dimension) const {
  return {.replicate = iteration,
          .partition = kParameterSamplingPartition,
          .individual = static_cast<std::uint32_t>(dim_parameter_[dimension]),
          .step = 0,
          .purpose = dim_component_[dimension]};
}

void ParameterSampler::shuffle_strata() {
  strata_.assign(names_.size(), {});
  for (std::size_t d = 0; d < names_.size(); ++d) {
    auto& perm = strata_[d];
    perm.resize(n_);
    std::iota(perm.begin(), perm.end(), 0u);
    for (std::uint32_t k = n_ - 1; k >= 1; --k) {
      const double u = rng_.uniform({.replicate = k,
                                     .partition = kLatinHypercubePartition,
                                     .individual = static_cast<std::uint32_t>(dim_parameter_[d]),
                                     .step = 0,
                                     .purpose = dim_component_[d]});
      const auto j = std::min(static_cast<std::uint32_t>(u * (k + 1.0)), k);
      std::swap(perm[k], perm[j]);
    }
  }
}

void ParameterSampler::rearrange_iman_conover() {
  const auto n = static_cast<Eigen::Index>(n_);
  const auto k = static_cast<Eigen::Index>(group_.size());
  if (n < 2) return;
  // van der Waerden scores of the strata, under each dimension's independent permutation.
  std::vector<double> score(n_);
  for (std::uint32_t r = 0; r < n_; ++r)
    score[r] = boost::math::quantile(kStandardNormal, (r + 1.0) / (n_ + 1.0));
  Eigen::MatrixXd s(n, k);
  for (Eigen::Index c = 0; c < k; ++c)
    for (Eigen::Index i = 0; i < n; ++i)
      s(i, c) = score[strata_[group_[static_cast<std::size_t>(c)]][static_cast<std::size_t>(i)]];

  // Remove the scores' chance correlation (F^-1), then impose the target's (L). With too few
  // iterations for a positive definite sample correlation, impose the target alone.
  const Eigen::MatrixXd centred = s.rowwise() - s.colwise().mean();
  const Eigen::MatrixXd cov = centred.transpose() * centred / static_cast<double>(n - 1);
  const Eigen::VectorXd inv_sd = cov.diagonal().cwiseSqrt().cwiseInverse();
  const Eigen::MatrixXd sample_corr = inv_sd.asDiagonal() * cov * inv_sd.asDiagonal();
  const Eigen::LLT<Eigen::MatrixXd> sample_llt(sample_corr);
  Eigen::MatrixXd t;  // k x n: the target scores, one column per iteration
  if (n > k && sample_llt.info() == Eigen::Success && sample_corr.allFinite())
    t = cholesky_ * sample_llt.matrixL().solve(s.transpose());
  else
    t = cholesky_ * s.transpose();

  std::vector<std::uint32_t> order(n_);
  for (Eigen::Index c = 0; c < k; ++c) {
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return t(c, a) < t(c, b); });
    auto& perm = strata_[group_[static_cast<std::size_t>(c)]];
    for (std::uint32_t r = 0; r < n_; ++r) perm[order[r]] = r;
  }
}

std::vector<double> ParameterSampler::uniforms(std::uint32_t iteration) const {
  if (iteration >= n_)
    throw std::out_of_range(
        fmt::format("iteration {} of a sample of {} iterations", iteration, n_));
  std::vector<double> u(names_.size());
  for (std::size_t d = 0; d < u.size(); ++d) {
    const double jitter = rng_.uniform(address(iteration, d));
    u[d] = method_ == SamplingMethod::kLatinHypercube
               ? in_stratum(strata_[d][iteration], jitter, n_)
               : jitter;
  }
  if (method_ == SamplingMethod::kMonteCarlo && !group_.empty()) {
    const auto k = static_cast<Eigen::Index>(group_.size());
    Eigen::VectorXd z(k);
    for (Eigen::Index c = 0; c < k; ++c)
      z(c) = boost::math::quantile(kStandardNormal, u[group_[static_cast<std::size_t>(c)]]);
    const Eigen::VectorXd correlated = cholesky_.triangularView<Eigen::Lower>() * z;
    for (Eigen::Index c = 0; c < k; ++c)
      u[group_[static_cast<std::size_t>(c)]] =
          clamp_unit(boost::math::cdf(kStandardNormal, correlated(c)));
  }
  return u;
}

core::ParameterSet ParameterSampler::draw(std::uint32_t iteration) const {
  const auto u = uniforms(iteration);
  core::ParameterSet out = base_;
  for (const auto& s : sampled_) {
    auto& p = *out.find(base_.all()[s.parameter].name);
    if (p.is_shares()) {
      const std::span<const double> component_uniforms(u.data() + s.first, s.count);
      p.shares = p.dirichlet->sample(component_uniforms);
    } else {
      p.value = p.distribution.quantile(u[s.first]);
    }
  }
  return out;
}

std::vector<double> ParameterSampler::values_of(const core::ParameterSet& set) const {
  std::vector<double> v;
  v.reserve(names_.size());
  for (const auto& s : sampled_) {
    const auto& p = set.at(base_.all()[s.parameter].name);
    if (s.count == 1 && !p.is_shares()) {
      v.push_back(p.value);
    } else {
      if (p.shares.size() != s.count)
        throw std::invalid_argument(
            fmt::format("`{}` has {} shares, not {}", p.name, p.shares.size(), s.count));
      v.insert(v.end(), p.shares.begin(), p.shares.end());
    }
  }
  return v;
}

}  // namespace pimhsim::analysis
