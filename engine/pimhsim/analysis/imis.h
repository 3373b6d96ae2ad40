// Incremental mixture importance sampling (IMIS; Raftery and Bao 2010, Biometrics 66:1162-73;
// as used for model calibration by Menzies et al. 2017, PharmacoEconomics 35:613-24), on a space
// where the prior is a standard normal (calibration.h's normal scores).
//
// Round 0 draws `initial` points from the prior; each point's importance weight is proportional
// to its likelihood. Each later round k centres a normal at the point of largest weight, with the
// weighted covariance of the `per_round` points nearest it (weights the average of the importance
// weights and 1 / N), draws `per_round` points from it, and re-weights every point by
// L(z) p(z) / q(z) with the mixture q = (initial p + per_round sum_k N(mu_k, S_k)) / N. It stops
// after `rounds` rounds, or sooner once the expected share of distinct points in a resample of
// `resample` points reaches 1 - 1/e (Raftery and Bao's rule).
//
// Draws are addressed (RandomSource at partition kImisPartition, replicate = round, individual =
// point, purpose = dimension), so the sample depends only on the seed and the likelihoods, never
// on threads.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <functional>
#include <vector>

namespace pimhsim::analysis {

inline constexpr std::uint32_t kImisPartition = 0xFFFF'FF11u;

struct ImisSettings {
  std::uint32_t initial = 400;
  std::uint32_t per_round = 40;
  std::uint32_t rounds = 20;
  std::uint32_t resample = 400;
  std::uint64_t seed = 0;
};

struct ImisRound {
  std::uint32_t round = 0;
  std::uint32_t points = 0;  // evaluated so far
  double ess = 0, max_weight_share = 0, unique_share = 0;
  Eigen::VectorXd centre;  // the round's mixture component centre (empty for round 0)
};

struct ImisResult {
  Eigen::MatrixXd z;  // a row per point
  std::vector<double> log_likelihood;
  std::vector<double> weight;  // normalised, summing to 1
  std::vector<ImisRound> rounds;
  double ess = 0, max_weight_share = 0;
};

// The effective sample size of normalised weights, 1 / sum w^2 (Kish).
double effective_sample_size(const std::vector<double>& w);

// Runs IMIS in `dimensions` dimensions. `log_likelihood` evaluates a batch of points (rows) and
// returns their log-likelihoods (-infinity where impossible); after each batch,
// on_round(round) is called.
ImisResult run_imis(
    std::size_t dimensions, const ImisSettings& settings,
    const std::function<std::vector<double>(const Eigen::MatrixXd&)>& log_likelihood,
    const std::function<void(const ImisRound&)>& on_round = {});

}  // namespace pimhsim::analysis
