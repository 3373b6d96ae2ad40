#include "pimhsim/core/distribution.h"

#include <fmt/format.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "pimhsim/core/special_values.h"

namespace pimhsim::core {
namespace bm = boost::math;

namespace {
constexpr double kZ975 = 1.959963984540054;
}  // namespace

const char* family_name(Family f) {
  switch (f) {
    case Family::kFixed:
      return "fixed";
    case Family::kBeta:
      return "beta";
    case Family::kGamma:
      return "gamma";
    case Family::kLognormal:
      return "lognormal";
    case Family::kNormal:
      return "normal";
    case Family::kUniform:
      return "uniform";
    case Family::kTriangular:
      return "triangular";
  }
  return "?";
}

Distribution Distribution::fixed(double value) {
  return {Family::kFixed, value, 0, 0};
}
Distribution Distribution::beta(double a, double b) {
  return {Family::kBeta, a, b, 0};
}
Distribution Distribution::gamma(double shape, double scale) {
  return {Family::kGamma, shape, scale, 0};
}
Distribution Distribution::lognormal(double meanlog, double sdlog) {
  return {Family::kLognormal, meanlog, sdlog, 0};
}
Distribution Distribution::normal(double mean, double sd) {
  return {Family::kNormal, mean, sd, 0};
}
Distribution Distribution::uniform(double min, double max) {
  return {Family::kUniform, min, max, 0};
}
Distribution Distribution::triangular(double min, double mode, double max) {
  return {Family::kTriangular, min, mode, max};
}

double Distribution::quantile(double u) const {
  const auto [a, b, c] = p_;
  switch (family_) {
    case Family::kFixed:
      return a;
    case Family::kBeta:
      return bm::quantile(bm::beta_distribution<>(a, b), u);
    case Family::kGamma:
      return bm::quantile(bm::gamma_distribution<>(a, b), u);
    case Family::kLognormal:
      return bm::quantile(bm::lognormal_distribution<>(a, b), u);
    case Family::kNormal:
      return bm::quantile(bm::normal_distribution<>(a, b), u);
    case Family::kUniform:
      return a + (b - a) * u;
    case Family::kTriangular:
      return a == c ? a : bm::quantile(bm::triangular_distribution<>(a, b, c), u);
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::cdf(double x) const {
  const auto [a, b, c] = p_;
  const double lo = lower(), hi = upper();
  if (x <= lo) return family_ == Family::kFixed && x >= a ? 1.0 : 0.0;
  if (x >= hi) return 1.0;
  switch (family_) {
    case Family::kFixed:
      return x >= a ? 1.0 : 0.0;
    case Family::kBeta:
      return bm::cdf(bm::beta_distribution<>(a, b), x);
    case Family::kGamma:
      return bm::cdf(bm::gamma_distribution<>(a, b), x);
    case Family::kLognormal:
      return bm::cdf(bm::lognormal_distribution<>(a, b), x);
    case Family::kNormal:
      return bm::cdf(bm::normal_distribution<>(a, b), x);
    case Family::kUniform:
      return (x - a) / (b - a);
    case Family::kTriangular:
      return bm::cdf(bm::triangular_distribution<>(a, b, c), x);
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::pdf(double x) const {
  const auto [a, b, c] = p_;
  if (family_ == Family::kFixed || !std::isfinite(x) || x < lower() || x > upper()) return 0.0;
  switch (family_) {
    case Family::kFixed:
      return 0.0;
    case Family::kBeta:
      return bm::pdf(bm::beta_distribution<>(a, b), x);
    case Family::kGamma:
      return bm::pdf(bm::gamma_distribution<>(a, b), x);
    case Family::kLognormal:
      return bm::pdf(bm::lognormal_distribution<>(a, b), x);
    case Family::kNormal:
      return bm::pdf(bm::normal_distribution<>(a, b), x);
    case Family::kUniform:
      return 1.0 / (b - a);
    case Family::kTriangular:
      return a == c ? 0.0 : bm::pdf(bm::triangular_distribution<>(a, b, c), x);
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::mean() const {
  const auto [a, b, c] = p_;
  switch (family_) {
    case Family::kFixed:
      return a;
    case Family::kBeta:
      return a / (a + b);
    case Family::kGamma:
      return a * b;
    case Family::kLognormal:
      return std::exp(a + b * b / 2);
    case Family::kNormal:
      return a;
    case Family::kUniform:
      return (a + b) / 2;
    case Family::kTriangular:
      return (a + b + c) / 3;
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::median() const {
  const auto [a, b, c] = p_;
  switch (family_) {
    case Family::kFixed:
      return a;
    case Family::kBeta:
      return bm::median(bm::beta_distribution<>(a, b));
    case Family::kGamma:
      return bm::median(bm::gamma_distribution<>(a, b));
    case Family::kLognormal:
      return bm::median(bm::lognormal_distribution<>(a, b));
    case Family::kNormal:
      return a;
    case Family::kUniform:
      return (a + b) / 2;
    case Family::kTriangular:
      return a == c ? a : bm::median(bm::triangular_distribution<>(a, b, c));
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::sd() const {
  const auto [a, b, c] = p_;
  switch (family_) {
    case Family::kFixed:
      return 0.0;
    case Family::kBeta:
      return std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)));
    case Family::kGamma:
      return std::sqrt(a) * b;
    case Family::kLognormal:
      return std::sqrt((std::exp(b * b) - 1) * std::exp(2 * a + b * b));
    case Family::kNormal:
      return b;
    case Family::kUniform:
      return (b - a) / std::sqrt(12.0);
    case Family::kTriangular:
      return std::sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18);
  }
  throw std::logic_error("unknown distribution family");
}

double Distribution::lower() const {
  switch (family_) {
    case Family::kFixed:
      return p_[0];
    case Family::kBeta:
    case Family::kGamma:
    case Family::kLognormal:
      return 0.0;
    case Family::kNormal:
      return -kInf;
    case Family::kUniform:
    case Family::kTriangular:
      return p_[0];
  }
  return -kInf;
}

double Distribution::upper() const {
  switch (family_) {
    case Family::kFixed:
      return p_[0];
    case Family::kBeta:
      return 1.0;
    case Family::kGamma:
    case Family::kLognormal:
    case Family::kNormal:
      return kInf;
    case Family::kUniform:
      return p_[1];
    case Family::kTriangular:
      return p_[2];
  }
  return kInf;
}

std::string Distribution::describe() const {
  const auto [a, b, c] = p_;
  switch (family_) {
    case Family::kFixed:
      return fmt::format("fixed at {:g}", a);
    case Family::kBeta:
      return fmt::format("Beta({:g}, {:g})", a, b);
    case Family::kGamma:
      return fmt::format("Gamma(shape {:g}, scale {:g})", a, b);
    case Family::kLognormal:
      return fmt::format("Lognormal(meanlog {:g}, sdlog {:g})", a, b);
    case Family::kNormal:
      return fmt::format("Normal({:g}, {:g})", a, b);
    case Family::kUniform:
      return fmt::format("Uniform({:g}, {:g})", a, b);
    case Family::kTriangular:
      return fmt::format("Triangular({:g}, {:g}, {:g})", a, b, c);
  }
  return "?";
}

std::optional<Distribution> Distribution::scaled(double k) const {
  const auto [a, b, c] = p_;
  switch (family_) {
    case Family::kFixed:
      return fixed(a * k);
    case Family::kBeta:
      return std::nullopt;
    case Family::kGamma:
      return gamma(a, b * k);
    case Family::kLognormal:
      return lognormal(a + std::log(k), b);
    case Family::kNormal:
      return normal(a * k, b * k);
    case Family::kUniform:
      return uniform(a * k, b * k);
    case Family::kTriangular:
      return triangular(a * k, b * k, c * k);
  }
  return std::nullopt;
}

Fitted fit_beta_moments(double mean, double se) {
  if (!(mean > 0 && mean < 1)) return std::string("a beta mean must lie strictly between 0 and 1");
  if (!(se > 0)) return std::string("a standard error must be positive");
  const double v = se * se;
  if (!(v < mean * (1 - mean)))
    return fmt::format("a beta with mean {:g} needs a standard error below {:g}", mean,
                       std::sqrt(mean * (1 - mean)));
  const double k = mean * (1 - mean) / v - 1;
  return Distribution::beta(mean * k, (1 - mean) * k);
}

Fitted fit_gamma_moments(double mean, double se) {
  if (!(mean > 0)) return std::string("a gamma mean must be positive");
  if (!(se > 0)) return std::string("a standard error must be positive");
  return Distribution::gamma(mean * mean / (se * se), se * se / mean);
}

Fitted fit_lognormal_moments(double mean, double se) {
  if (!(mean > 0)) return std::string("a lognormal mean must be positive");
  if (!(se > 0)) return std::string("a standard error must be positive");
  const double s2 = std::log1p(se * se / (mean * mean));
  return Distribution::lognormal(std::log(mean) - s2 / 2, std::sqrt(s2));
}

Fitted fit_from_interval(Family family, double point, double low95, double high95) {
  if (!(low95 < high95))
    return std::string("the 95% interval's low end must be below its high end");
  if (!(low95 <= point && point <= high95))
    return fmt::format("the value {:g} lies outside its 95% interval [{:g}, {:g}]", point, low95,
                       high95);
  const double se = (high95 - low95) / (2 * kZ975);
  switch (family) {
    case Family::kBeta:
      return fit_beta_moments(point, se);
    case Family::kGamma:
      return fit_gamma_moments(point, se);
    case Family::kNormal:
      return Distribution::normal(point, se);
    case Family::kLognormal:
      if (!(low95 > 0)) return std::string("a lognormal interval must be positive");
      return Distribution::lognormal((std::log(low95) + std::log(high95)) / 2,
                                     (std::log(high95) - std::log(low95)) / (2 * kZ975));
    default:
      return fmt::format("a {} distribution cannot be given by a 95% interval",
                         family_name(family));
  }
}

Dirichlet::Dirichlet(std::vector<double> alpha) : alpha_(std::move(alpha)) {}

std::vector<double> Dirichlet::mean() const {
  const double total = std::accumulate(alpha_.begin(), alpha_.end(), 0.0);
  std::vector<double> m(alpha_.size());
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = alpha_[i] / total;
  return m;
}

std::vector<double> Dirichlet::sample(std::span<const double> uniforms) const {
  std::vector<double> x(alpha_.size());
  double total = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] =
        alpha_[i] > 0 ? bm::quantile(bm::gamma_distribution<>(alpha_[i], 1.0), uniforms[i]) : 0.0;
    total += x[i];
  }
  for (auto& v : x) v /= total;
  return x;
}

}  // namespace pimhsim::core
