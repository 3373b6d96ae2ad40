// Internal to the PSA (psa.cc runs it, psa_outputs.cc writes its files and summary): the
// conventions both halves must share.
#pragma once

#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/core/special_values.h"

namespace pimhsim::analysis::psa_detail {

using core::kNaN;

// A number as written to CSV and the journal: the shortest text that reads back exactly.
inline std::string num(double x) {
  return std::isfinite(x) ? fmt::format("{}", x) : std::string();
}

// The decision's costs and effects per person (per birth for a model that counts its persons,
// l.persons), [iteration, option]; and each iteration's persons (1 without such a figure).
void per_person(const PsaLayout& l, const std::vector<PsaIteration>& its, Eigen::MatrixXd& costs,
                Eigen::MatrixXd& effects, std::vector<double>& persons);

}  // namespace pimhsim::analysis::psa_detail
