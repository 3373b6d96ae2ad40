#include "pimhsim/models/sick_sicker/cohort.h"

namespace pimhsim::models::sick_sicker {

Eigen::Matrix4d transition_matrix(const Inputs& in) {
  const double p_S1D = in.p_death(kSick, 0);
  const double p_S2D = in.p_death(kSicker, 0);
  Eigen::Matrix4d P;
  // clang-format off
  P << 1 - in.p_HS1 - in.p_HD, in.p_HS1,                            0,           in.p_HD,
       in.p_S1H,               1 - in.p_S1H - in.p_S1S2 - p_S1D,    in.p_S1S2,   p_S1D,
       0,                      0,                                   1 - p_S2D,   p_S2D,
       0,                      0,                                   0,           1;
  // clang-format on
  return P;
}

namespace {

// The time-homogeneous model: four states, m(t+1) = m(t) P.
CohortResult basic(const Inputs& in, std::uint32_t horizon, const std::vector<double>& cw,
                   const std::vector<double>& ew) {
  const Eigen::Matrix4d P = transition_matrix(in);
  Eigen::Vector4d cost, utility;
  for (int s = 0; s < kStates; ++s) {
    cost(s) = in.cycle_cost(static_cast<State>(s));
    utility(s) = in.cycle_utility(static_cast<State>(s), 0, 1.0);
  }
  CohortResult r;
  r.trace.resize(horizon + 1, kStates);
  Eigen::RowVector4d m(in.initial[0], in.initial[1], in.initial[2], 0.0);
  for (std::uint32_t t = 0; t <= horizon; ++t) {
    r.trace.row(t) = m;
    r.cost += m.dot(cost) * cw[t];
    r.qalys += m.dot(utility) * ew[t];
    m = m * P;
  }
  return r;
}

// Time dependence: H, S1 after k sick cycles (k = 1..K), S2 likewise, D; the run of sick
// cycles is capped at K = horizon + 1, the longest it can get.
CohortResult tunnels(const Inputs& in, std::uint32_t horizon, const std::vector<double>& cw,
                     const std::vector<double>& ew) {
  const int K = static_cast<int>(horizon) + 1;
  const int n = 2 * K + 2;
  const int H = 0, D = n - 1;
  auto S1 = [&](int k) { return std::min(k, K); };
  auto S2 = [&](int k) { return K + std::min(k, K); };
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(n, n);
  P(H, S1(1)) = in.p_HS1;
  P(H, D) = in.p_HD;
  P(H, H) = 1 - in.p_HS1 - in.p_HD;
  for (int k = 1; k <= K; ++k) {
    const double pd1 = in.p_death(kSick, k), pd2 = in.p_death(kSicker, k);
    P(S1(k), H) += in.p_S1H;
    P(S1(k), S2(k + 1)) += in.p_S1S2;
    P(S1(k), D) += pd1;
    P(S1(k), S1(k + 1)) += 1 - in.p_S1H - in.p_S1S2 - pd1;
    P(S2(k), D) += pd2;
    P(S2(k), S2(k + 1)) += 1 - pd2;
  }
  P(D, D) = 1;
  Eigen::VectorXd cost(n), utility(n);
  cost(H) = in.cycle_cost(kHealthy);
  utility(H) = in.cycle_utility(kHealthy, 0, 1.0);
  for (int k = 1; k <= K; ++k) {
    cost(S1(k)) = in.cycle_cost(kSick);
    cost(S2(k)) = in.cycle_cost(kSicker);
    utility(S1(k)) = in.cycle_utility(kSick, k - 1, 1.0);  // E[X] = 1
    utility(S2(k)) = in.cycle_utility(kSicker, k - 1, 1.0);
  }
  cost(D) = in.cycle_cost(kDead);
  utility(D) = 0;
  CohortResult r;
  r.trace.resize(horizon + 1, kStates);
  Eigen::RowVectorXd m = Eigen::RowVectorXd::Zero(n);
  m(H) = in.initial[0];
  m(S1(1)) = in.initial[1];
  m(S2(1)) = in.initial[2];
  for (std::uint32_t t = 0; t <= horizon; ++t) {
    r.trace(t, kHealthy) = m(H);
    r.trace(t, kSick) = m.segment(1, K).sum();
    r.trace(t, kSicker) = m.segment(1 + K, K).sum();
    r.trace(t, kDead) = m(D);
    r.cost += m.dot(cost) * cw[t];
    r.qalys += m.dot(utility) * ew[t];
    m = m * P;
  }
  return r;
}

}  // namespace

CohortResult cohort(const Inputs& in, std::uint32_t horizon, const std::vector<double>& cost_weight,
                    const std::vector<double>& effect_weight) {
  return in.time_dependence ? tunnels(in, horizon, cost_weight, effect_weight)
                            : basic(in, horizon, cost_weight, effect_weight);
}

}  // namespace pimhsim::models::sick_sicker
