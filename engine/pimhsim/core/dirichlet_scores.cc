#include "pimhsim/core/dirichlet_scores.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "pimhsim/core/log_gamma.h"
#include "pimhsim/core/special_values.h"

namespace pimhsim::core {
namespace {

namespace bm = boost::math;
// Phi(z) is kept this far from 0 and 1, as a number parameter's (analysis/calibration.cc).
constexpr double kEdge = 1e-15;

}  // namespace

DirichletScores::DirichletScores(std::vector<double> alpha) : alpha_(std::move(alpha)) {
  std::vector<std::size_t> positive;
  for (std::size_t k = 0; k < alpha_.size(); ++k) {
    if (!std::isfinite(alpha_[k]) || alpha_[k] < 0)
      throw std::invalid_argument(
          fmt::format("a Dirichlet parameter must be a finite number >= 0, not {:g}", alpha_[k]));
    if (alpha_[k] > 0) positive.push_back(k);
  }
  if (positive.size() < 2)
    throw std::invalid_argument(
        "a Dirichlet with fewer than two positive parameters fixes its shares: nothing to fit");
  last_ = positive.back();
  // The Beta of stick i: a_k against the sum of the positive a_j after it.
  double rest = 0;
  std::vector<Stick> reversed;
  for (std::size_t i = positive.size() - 1; i-- > 0;) {
    rest += alpha_[positive[i + 1]];
    reversed.push_back({positive[i], alpha_[positive[i]], rest});
  }
  sticks_.assign(reversed.rbegin(), reversed.rend());
}

std::vector<double> DirichletScores::shares(std::span<const double> z) const {
  if (z.size() != sticks_.size())
    throw std::invalid_argument(
        fmt::format("{} scores for a Dirichlet of {} free shares", z.size(), sticks_.size()));
  const bm::normal_distribution<> phi;
  std::vector<double> x(alpha_.size(), 0.0);
  double s = 0;  // the shares so far, added in component order
  for (std::size_t i = 0; i < sticks_.size(); ++i) {
    const auto& st = sticks_[i];
    const double u = std::clamp(bm::cdf(phi, z[i]), kEdge, 1 - kEdge);
    const double v = bm::quantile(bm::beta_distribution<>(st.a, st.b), u);
    // v <= 1 and 1 - s >= 0, so x <= 1 - s and the running sum stays <= 1.
    x[st.component] = v * (1 - s);
    s += x[st.component];
  }
  x[last_] = 1 - s;
  return x;
}

std::vector<double> DirichletScores::scores(std::span<const double> x) const {
  if (x.size() != alpha_.size())
    throw std::invalid_argument(
        fmt::format("{} shares for a Dirichlet of {} components", x.size(), alpha_.size()));
  const bm::normal_distribution<> phi;
  std::vector<double> z(sticks_.size());
  double s = 0;
  std::size_t next = 0;  // the next component to add to s
  for (std::size_t i = 0; i < sticks_.size(); ++i) {
    const auto& st = sticks_[i];
    for (; next < st.component; ++next) s += x[next];
    const double left = 1 - s;
    // A stick of nothing left (earlier shares took it all) breaks at 0.
    const double v = left > 0 ? std::clamp(x[st.component] / left, 0.0, 1.0) : 0.0;
    const double u = std::clamp(bm::cdf(bm::beta_distribution<>(st.a, st.b), v), kEdge, 1 - kEdge);
    z[i] = bm::quantile(phi, u);
  }
  return z;
}

double DirichletScores::log_density(std::span<const double> x) const {
  if (x.size() != alpha_.size()) return kNegInf;
  double total = 0, lp = 0;
  for (std::size_t k = 0; k < alpha_.size(); ++k) {
    if (!(x[k] >= 0)) return kNegInf;
    if (alpha_[k] == 0) {
      if (x[k] != 0) return kNegInf;
      continue;
    }
    total += alpha_[k];
    lp -= log_gamma(alpha_[k]);
    // (a - 1) log x, with 0 log 0 = 0 for a = 1.
    if (alpha_[k] != 1) lp += (alpha_[k] - 1) * std::log(x[k]);
  }
  return lp + log_gamma(total);
}

Distribution DirichletScores::marginal(std::size_t k) const {
  if (alpha_.at(k) == 0) return Distribution::fixed(0);
  double total = 0;
  for (double a : alpha_) total += a;
  return Distribution::beta(alpha_[k], total - alpha_[k]);
}

std::string DirichletScores::describe() const {
  std::string out = "Dirichlet(";
  for (std::size_t k = 0; k < alpha_.size(); ++k)
    out += fmt::format("{}{:g}", k == 0 ? "" : ", ", alpha_[k]);
  return out + ")";
}

}  // namespace pimhsim::core
