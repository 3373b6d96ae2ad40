#include "pimhsim/core/correlation.h"

#include <fmt/format.h>

#include <cmath>
#include <unordered_set>

namespace pimhsim::core {
namespace {

constexpr double kExact = 1e-12;  // symmetry and unit diagonal, for matrices typed or computed
constexpr double kSmallestEigenvalue = 1e-10;

}  // namespace

std::string correlation_problem(const ParameterSet& base, const Correlation& c) {
  const auto k = static_cast<Eigen::Index>(c.names.size());
  if (c.matrix.rows() != k || c.matrix.cols() != k)
    return fmt::format("the correlation names {} parameter(s) but its matrix is {}x{}", k,
                       c.matrix.rows(), c.matrix.cols());
  std::unordered_set<std::string> seen;
  for (const auto& name : c.names) {
    const auto* p = base.find(name);
    if (p == nullptr)
      return fmt::format("the correlation names `{}`, which is not a parameter", name);
    if (p->is_shares())
      return fmt::format("`{}` is a set of shares; only number parameters can be correlated", name);
    if (p->distribution.family() == Family::kFixed)
      return fmt::format("`{}` has a fixed distribution; only sampled parameters can be correlated",
                         name);
    if (!seen.insert(name).second)
      return fmt::format("`{}` is named twice in the correlation", name);
  }
  const auto& m = c.matrix;
  for (Eigen::Index i = 0; i < k; ++i) {
    const auto& a = c.names[static_cast<std::size_t>(i)];
    for (Eigen::Index j = 0; j < k; ++j) {
      const auto& b = c.names[static_cast<std::size_t>(j)];
      if (!std::isfinite(m(i, j)))
        return fmt::format("the correlation between `{}` and `{}` is not a number", a, b);
      if (i == j && std::abs(m(i, i) - 1.0) > kExact)
        return fmt::format("the correlation of `{}` with itself is {:g}, not 1", a, m(i, i));
      if (std::abs(m(i, j)) > 1.0)
        return fmt::format("the correlation between `{}` and `{}` is {:g}, outside [-1, 1]", a, b,
                           m(i, j));
      if (std::abs(m(i, j) - m(j, i)) > kExact)
        return fmt::format(
            "the correlation matrix is not symmetric: `{}` with `{}` is {:g} but `{}` with `{}` is "
            "{:g}",
            a, b, m(i, j), b, a, m(j, i));
    }
  }
  if (k == 0) return "";
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(m, Eigen::EigenvaluesOnly);
  const double smallest = eigen.eigenvalues().minCoeff();
  if (eigen.info() != Eigen::Success || !(smallest > kSmallestEigenvalue) ||
      Eigen::LLT<Eigen::MatrixXd>(m).info() != Eigen::Success)
    return fmt::format(
        "the correlation matrix is not positive definite (smallest eigenvalue {:.3g}): no set of "
        "parameters can have these correlations together",
        smallest);
  return "";
}

}  // namespace pimhsim::core
