// A Dirichlet's shares as independent standard-normal scores, by stick-breaking: how a calibration
// moves a set of shares (analysis/calibration.h) on the same normal-score scale as a number.
//
// For Dirichlet(a_1, ..., a_K) the stick-breaking fractions V_k = x_k / (1 - x_1 - ... - x_{k-1}),
// k = 1..K-1, are independent, V_k ~ Beta(a_k, a_{k+1} + ... + a_K) (Connor and Mosimann 1969,
// Concepts of independence for proportions with a generalization of the Dirichlet distribution,
// JASA 64:194-206; the same construction as the Stan Reference Manual's "Unit simplex"
// transform, and Betancourt 2012, Cruising the simplex: Hamiltonian Monte Carlo and the Dirichlet
// distribution, AIP Conf Proc 1443:157-64). Each becomes a normal score
// z_k = Phi^-1(F_Beta(V_k)), so that under the Dirichlet the K-1 scores are exactly independent
// N(0, 1); back, V_k = F_Beta^-1(Phi(z_k)) and x_k = V_k (1 - x_1 - ... - x_{k-1}).
//
// What a caller may rely on:
// - A share whose a_k is 0 is 0 under the Dirichlet: it has no score and is always exactly 0.
//   The others (at least two) are the sticks, in component order; the last of them has no score
//   either: it is what the others leave.
// - shares(z) are >= 0 and sum to exactly 1 in double arithmetic, added in component order: the
//   last positive share is 1 - s, s the running sum of those before it (s + (1 - s) rounds to 1
//   for any double s in [0, 1]). The same z gives the same bits on every machine of one build.
// - scores(shares(z)) is z up to the Beta quantile's rounding, and shares(scores(x)) is x.
// - Phi(z) is kept within 1e-15 of 0 and 1, as for a number parameter's normal score.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/core/distribution.h"

namespace pimhsim::core {

class DirichletScores {
 public:
  // Throws std::invalid_argument unless every a_k is finite and >= 0 and at least two are > 0.
  explicit DirichletScores(std::vector<double> alpha);

  const std::vector<double>& alpha() const { return alpha_; }
  std::size_t components() const { return alpha_.size(); }   // K
  std::size_t dimensions() const { return sticks_.size(); }  // the scores: positive a_k - 1

  // The shares (components()) at scores z (dimensions()).
  std::vector<double> shares(std::span<const double> z) const;
  // The scores (dimensions()) of shares x (components()).
  std::vector<double> scores(std::span<const double> x) const;
  // The Dirichlet's log density at x over its free shares (those with a_k > 0 but the last),
  // normalising constant included; -infinity when x is outside the simplex (a negative share,
  // or a share with a_k = 0 that is not 0).
  double log_density(std::span<const double> x) const;
  // Share k's marginal: Beta(a_k, a_0 - a_k), or fixed at 0 when a_k is 0.
  Distribution marginal(std::size_t k) const;
  // E.g. "Dirichlet(6, 12, 2, 0)".
  std::string describe() const;

 private:
  struct Stick {
    std::size_t component;  // the share it breaks off
    double a, b;            // its Beta(a_k, a_{k+1} + ... + a_K)
  };
  std::vector<double> alpha_;
  std::vector<Stick> sticks_;
  std::size_t last_ = 0;  // the last share with a_k > 0: what the sticks leave
};

}  // namespace pimhsim::core
