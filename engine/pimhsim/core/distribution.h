// Probability distributions for parameter uncertainty, on Boost.Math.
//
// A Distribution is sampled by its quantile function, so one uniform number gives one draw:
// that keeps draws addressable and lets Latin hypercube sampling stratify any family. The
// fitting functions accept the parametrisations health economists publish (mean and standard
// error, or a 95% interval) and convert them by the method of moments; each returns an error
// message instead of a distribution when the inputs cannot define one.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace pimhsim::core {

enum class Family { kFixed, kBeta, kGamma, kLognormal, kNormal, kUniform, kTriangular };

const char* family_name(Family f);

class Distribution {
 public:
  static Distribution fixed(double value);
  static Distribution beta(double alpha, double beta);
  static Distribution gamma(double shape, double scale);
  static Distribution lognormal(double meanlog, double sdlog);
  static Distribution normal(double mean, double sd);
  static Distribution uniform(double min, double max);
  static Distribution triangular(double min, double mode, double max);

  Family family() const { return family_; }
  double quantile(double u) const;  // u in (0, 1)
  double cdf(double x) const;
  // The density at x (0 outside the support; for a fixed value, 0 everywhere): a calibration's
  // prior.
  double pdf(double x) const;
  double mean() const;
  double median() const;  // the 50% quantile
  double sd() const;
  double lower() const;  // bounds of the support (may be infinite)
  double upper() const;
  const double* parameters() const { return p_; }
  std::string describe() const;  // e.g. "Beta(19, 9)"
  // The distribution of k X for k > 0 (a change of price year, say); nothing for a beta, whose
  // support is fixed.
  std::optional<Distribution> scaled(double k) const;

 private:
  Distribution(Family f, double a, double b, double c) : family_(f), p_{a, b, c} {}
  Family family_ = Family::kFixed;
  double p_[3] = {0, 0, 0};
};

// A distribution, or why the inputs do not define one.
using Fitted = std::variant<Distribution, std::string>;

Fitted fit_beta_moments(double mean, double se);
Fitted fit_gamma_moments(double mean, double se);
Fitted fit_lognormal_moments(double mean, double se);
// A 95% interval: the standard error is (high - low) / (2 * 1.959964) on the natural scale
// (beta, gamma, normal) or on the log scale (lognormal, centred on the interval's geometric mean).
Fitted fit_from_interval(Family family, double point, double low95, double high95);

// Dirichlet distribution for shares that sum to one, sampled from gamma quantiles.
class Dirichlet {
 public:
  explicit Dirichlet(std::vector<double> alpha);
  const std::vector<double>& alpha() const { return alpha_; }
  std::vector<double> mean() const;
  // One draw from one uniform per component.
  std::vector<double> sample(std::span<const double> uniforms) const;

 private:
  std::vector<double> alpha_;
};

}  // namespace pimhsim::core
