// Internal to the EVPPI estimator (evppi.cc): the regression both smoothers return, the
// addressed normal draws behind their posterior samples, and the two smoothers themselves
// (penalised cubic B-spline in evppi_spline.cc, Gaussian process in evppi_gp.cc).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <limits>
#include <vector>

#include "pimhsim/analysis/evppi.h"
#include "pimhsim/core/special_values.h"

namespace pimhsim::analysis::evppi_detail {

using core::kInf;
using core::kNaN;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

// Standard normal draws, addressed so that they do not depend on evaluation order.
MatrixXd normal_matrix(std::uint64_t seed, std::uint32_t stream, std::uint16_t purpose, Index rows,
                       Index cols);

// A fitted regression: the fitted values at every iteration, and draws from the posterior of
// the fitted values at `rows` (column s is basis * coefficients.col(s), or coefficients.col(s)
// itself when basis is empty). A constant fit has no draws of its own: every draw is the mean.

struct Regression {
  VectorXd fitted;
  FitSummary summary;
  bool constant = false;
  double constant_value = 0.0;
  MatrixXd basis;
  MatrixXd coefficients;
  std::vector<Index> rows;

  VectorXd draw(Index s, Index size) const {
    if (constant) return VectorXd::Constant(size, constant_value);
    if (basis.size() > 0) return basis * coefficients.col(s);
    return coefficients.col(s);
  }
};

std::vector<Index> evenly_spaced(Index n, Index m);
std::vector<Index> all_rows(Index n);
void finish_summary(Regression& r, const Eigen::Ref<const VectorXd>& y);
Regression constant_regression(const Eigen::Ref<const VectorXd>& y);

// Penalised cubic regression spline of y on one parameter (smoothing by GCV).
Regression spline_regression(const Eigen::Ref<const VectorXd>& x,
                             const Eigen::Ref<const VectorXd>& y, const EvppiOptions& options,
                             std::uint32_t stream);

// Gaussian-process regression of y on standardised parameters x (one per column).
Regression gp_regression(const MatrixXd& x, const Eigen::Ref<const VectorXd>& y,
                         const EvppiOptions& options, std::uint32_t stream);

}  // namespace pimhsim::analysis::evppi_detail
