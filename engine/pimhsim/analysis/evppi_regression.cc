// The regression record both EVPPI smoothers return, and the addressed normal draws behind
// their posterior samples. Internal to evppi.cc.
#include <cmath>
#include <numbers>

#include "pimhsim/analysis/evppi_internal.h"
#include "pimhsim/core/random.h"

namespace pimhsim::analysis::evppi_detail {

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

}  // namespace pimhsim::analysis::evppi_detail
