// Expected values of the Sick-Sicker model without simulation, for validating the
// microsimulation: the Markov cohort trace m(t+1) = m(t) P (Eigen), and with time dependence a
// cohort over tunnel states (sick for k cycles), which is exact because the effect modifier
// enters utility linearly with mean 1.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace pimhsim::models::sick_sicker {

struct CohortResult {
  Eigen::MatrixXd trace;  // (horizon + 1) x 4: share in H, S1, S2, D at each cycle
  double cost = 0;        // expected discounted cost per individual
  double qalys = 0;       // expected discounted QALYs per individual
};

// The 4 x 4 annual transition matrix of the time-homogeneous (basic) model.
Eigen::Matrix4d transition_matrix(const Inputs& in);

CohortResult cohort(const Inputs& in, std::uint32_t horizon, const std::vector<double>& cost_weight,
                    const std::vector<double>& effect_weight);

}  // namespace pimhsim::models::sick_sicker
