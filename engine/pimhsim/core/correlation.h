// A Gaussian copula's correlation among a scenario's number parameters, and the rules a valid
// one obeys. The scenario reader checks a `correlations:` section with these rules and the PSA
// sampler (analysis/sampling.h) applies the correlation; both use this one definition.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

#include "pimhsim/core/parameter.h"

namespace pimhsim::core {

// A Gaussian copula among number parameters: their names, and the correlation matrix of their
// normal scores in the same order.
struct Correlation {
  std::vector<std::string> names;
  Eigen::MatrixXd matrix;
};

// Why `c` cannot correlate parameters of `base` (one sentence a person can act on), or "" if it
// can: the names must be distinct number parameters with non-fixed distributions, and the matrix
// square of their number, symmetric, with unit diagonal, entries in [-1, 1], positive definite.
std::string correlation_problem(const ParameterSet& base, const Correlation& c);

}  // namespace pimhsim::core
