// A calibration's posterior sample (posterior.csv) as the PSA reads it: `psa --parameter-sets
// FILE` draws the calibrated parameters jointly from it, the others from their priors.
//
// Iteration i takes the sample's point k with probability its weight (weighted resampling with
// replacement, by one uniform at the address {replicate i, partition kPosteriorPartition}), and
// sets every calibrated parameter to that point's value in the baseline and every option: the
// calibrated parameters keep their joint posterior, correlations included, and the draws of the
// others are those of an uncalibrated PSA with the same seed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/status.h"

namespace pimhsim::analysis {

inline constexpr std::uint32_t kPosteriorPartition = 0xFFFF'FF12u;

struct PosteriorSample {
  std::string file;
  std::string checksum;            // FNV-1a 64 of the file's bytes, for a resumed PSA's identity
  std::string sha256;              // SHA-256 of the file's bytes (as `sha256sum` prints it)
  std::vector<std::string> names;  // the parameters, in the file's column order
  std::vector<std::vector<double>> points;  // a row per point, in `names` order
  std::vector<double> cumulative;           // running sum of the normalised weights
  double ess = 0;                           // 1 / sum w^2

  // The point iteration i of a PSA with `seed` takes.
  std::size_t pick(std::uint64_t seed, std::uint32_t iteration) const;
};

// Reads posterior.csv: columns `weight` and one per parameter (besides scenario, variant, draw and
// log_likelihood); bad input, naming file:line:column, for a missing column, a field that is not
// a number, a negative weight, or weights that sum to 0.
core::Expected<PosteriorSample> read_posterior_sample(const std::string& path);

}  // namespace pimhsim::analysis
