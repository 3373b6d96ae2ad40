// Parameter sets for probabilistic sensitivity analysis (PSA): one full ParameterSet per
// iteration, drawn from every parameter's distribution by simple Monte Carlo or by Latin
// hypercube, optionally with a Gaussian copula among some number parameters.
//
// What a caller may rely on:
// - Iteration i's draws are a pure function of (seed, i, N for Latin hypercube, the parameter
//   set, the correlation): never of the order in which iterations are drawn or of the thread
//   that draws them. With Monte Carlo they do not depend on N either, so a PSA of 1,000
//   iterations is the first 1,000 of a PSA of 10,000. draw() is const and thread-safe.
// - A number parameter whose distribution is not fixed gets quantile(u); a shares parameter with
//   a Dirichlet gets Dirichlet::sample of one uniform per component (the shares are normalised);
//   everything else keeps its base value. Bounds (low, high) are for one-way analysis and are not
//   applied to draws.
//
// Addresses. Each sampled dimension's uniform for iteration i is RandomSource(seed).uniform at
// DrawAddress{replicate = i, partition = kParameterSamplingPartition, individual = index of the
// parameter in the set's declaration order, purpose = component index (0 for a number)}. The
// simulation addresses areas as partitions 0, 1, 2, ...; the partitions from 0xFFFF'FF00 up are
// reserved for parameter sampling, so a PSA's parameter draws never coincide with a model's
// draws even when iteration i also runs as replicate i. Because the address uses the parameter's
// index, inserting a parameter before another changes the other's draws (not their law).
//
// Latin hypercube (McKay, Beckman and Conover 1979). Each sampled dimension has its own random
// permutation of the N strata (Fisher-Yates driven by Philox at partition
// kLatinHypercubePartition, individual = parameter index, purpose = component, replicate = step
// of the shuffle), and u = (stratum + jitter) / N with the jitter from the addressed uniform
// above. Every stratum [k/N, (k+1)/N) is hit exactly once in every dimension: floor(u N) is a
// permutation of 0..N-1. For a Dirichlet the stratified uniforms are those of the components'
// gamma draws; the normalised shares are therefore not themselves exactly stratified.
//
// Correlation. The matrix is the correlation of the named parameters' normal scores
// Phi^-1(F(theta)), that is, of a Gaussian copula (Spearman's rho is then (6 / pi) asin(r / 2)).
// With Monte Carlo, the group's uniforms become normal scores z, z' = L z with L the Cholesky
// factor of the matrix, and u' = Phi(z'). With Latin hypercube the group is rearranged by
// Iman and Conover's (1982) method instead: target scores T = S F^-T L^T (S: the group's van der
// Waerden scores under their independent permutations, F F^T their sample correlation) and each
// dimension's strata are reassigned to iterations in the rank order of T's column. The marginals
// stay exactly stratified, and the normal scores' correlation matches the matrix up to the
// rank-transform error (small against 1 / sqrt(N)).
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/correlation.h"
#include "pimhsim/core/parameter.h"
#include "pimhsim/core/random.h"

namespace pimhsim::analysis {

// Draw-address partitions reserved for parameter sampling (see the file comment).
inline constexpr std::uint32_t kParameterSamplingPartition = 0xFFFF'FF00u;
inline constexpr std::uint32_t kLatinHypercubePartition = 0xFFFF'FF01u;

enum class SamplingMethod { kMonteCarlo, kLatinHypercube };

const char* method_name(SamplingMethod m);  // "Monte Carlo", "Latin hypercube"

using core::Correlation;
using core::correlation_problem;

class ParameterSampler {
 public:
  // Throws std::invalid_argument when iterations is 0, a Dirichlet does not match its
  // components, or the correlation has a problem (the message is correlation_problem's).
  ParameterSampler(core::ParameterSet base, SamplingMethod method, std::uint32_t iterations,
                   std::uint64_t seed, const std::optional<Correlation>& correlation = {});

  const core::ParameterSet& base() const { return base_; }
  SamplingMethod method() const { return method_; }
  std::uint32_t iterations() const { return n_; }
  std::uint64_t seed() const { return seed_; }

  // Iteration i's parameter set; throws std::out_of_range unless i < iterations().
  core::ParameterSet draw(std::uint32_t iteration) const;

  // The sampled dimensions, in declaration order: each number parameter with a non-fixed
  // distribution by its name, and each component of a shares parameter with a Dirichlet as
  // "name.component".
  const std::vector<std::string>& sampled_parameters() const { return names_; }

  // The values of the sampled dimensions in a parameter set (a draw, or the base case), in the
  // order of sampled_parameters(): for psa_parameters.csv and EVPPI regression.
  std::vector<double> values_of(const core::ParameterSet& set) const;
  std::vector<double> values(std::uint32_t iteration) const { return values_of(draw(iteration)); }

  // The uniforms iteration i feeds to each dimension's quantile function (after stratification
  // and the copula), in the order of sampled_parameters().
  std::vector<double> uniforms(std::uint32_t iteration) const;

 private:
  struct Sampled {
    std::size_t parameter;  // index in base_.all()
    std::size_t first;      // its first dimension
    std::size_t count;      // 1 for a number, the number of components for shares
  };

  core::DrawAddress address(std::uint32_t iteration, std::size_t dimension) const;
  void shuffle_strata();
  void rearrange_iman_conover();

  core::ParameterSet base_;
  SamplingMethod method_;
  std::uint32_t n_;
  std::uint64_t seed_;
  core::RandomSource rng_;
  std::vector<Sampled> sampled_;
  std::vector<std::string> names_;                  // per dimension
  std::vector<std::size_t> dim_parameter_;          // per dimension: index in base_.all()
  std::vector<std::uint16_t> dim_component_;        // per dimension
  std::vector<std::size_t> group_;                  // correlated dimensions, in the matrix's order
  Eigen::MatrixXd correlation_;                     // the target matrix
  Eigen::MatrixXd cholesky_;                        // its lower Cholesky factor
  std::vector<std::vector<std::uint32_t>> strata_;  // Latin hypercube: [dimension][iteration]
};

}  // namespace pimhsim::analysis
