// A calibration's posterior sample (posterior.csv) as the PSA reads it: `psa --parameter-sets
// FILE` draws the calibrated parameters jointly from it, the others from their priors.
//
// Iteration i takes the sample's point k with probability its weight (weighted resampling with
// replacement, by one uniform at the address {replicate i, partition kPosteriorPartition}), and
// sets every calibrated parameter to that point's value in the baseline and every option: the
// calibrated parameters keep their joint posterior, correlations included, and the draws of the
// others are those of an uncalibrated PSA with the same seed.
//
// A calibrated set of shares has a column per share, `name.component` (as psa_parameters.csv
// names them), every one of its components: a point's shares are set together. They must be
// >= 0 and sum to 1 within kPosteriorSharesTolerance; the sum is then made exactly 1 (added in
// component order) by setting the last positive share to 1 minus the sum of those before it,
// which leaves a calibration's own points (whose shares sum to exactly 1) bit for bit as written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/parameter.h"
#include "pimhsim/core/status.h"
#include "pimhsim/scenario/csv.h"

namespace pimhsim::analysis {

inline constexpr std::uint32_t kPosteriorPartition = 0xFFFF'FF12u;
// How far a point's shares may sum from 1 (a scenario's own shares: the same).
inline constexpr double kPosteriorSharesTolerance = 1e-9;

struct PosteriorSample {
  std::string file;
  std::string checksum;            // FNV-1a 64 of the file's bytes, for a resumed PSA's identity
  std::string sha256;              // SHA-256 of the file's bytes (as `sha256sum` prints it)
  std::vector<std::string> names;  // the parameters, in the file's column order
  std::vector<std::vector<double>> points;     // a row per point, in `names` order
  std::vector<double> cumulative;              // running sum of the normalised weights
  double ess = 0;                              // 1 / sum w^2
  std::vector<scenario::CsvTable::CellAt> at;  // where each value is in the file, row by row

  // The point iteration i of a PSA with `seed` takes.
  std::size_t pick(std::uint64_t seed, std::uint32_t iteration) const;
  // Where point k's value of column c is in the file.
  scenario::Location where(std::size_t k, std::size_t c) const;
};

// The sample's columns as parameters of a scenario: numbers, and sets of shares.
struct PosteriorColumns {
  std::vector<std::size_t> numbers;  // columns that are number parameters (named as the column)
  struct Shares {
    std::string parameter;
    std::vector<std::size_t> columns;  // in component order
  };
  std::vector<Shares> shares;
};
// Binds the sample's columns to the parameters of `base` (the scenario's baseline), checks every
// point's shares and makes each point's shares sum to exactly 1 (the file comment): bad input
// (file:line:column of the value, and its column) for a share below 0 or shares whose sum is off
// 1; nothing (and `why`) for a column that is neither a number parameter nor a share, or a set of
// shares some of whose components have no column.
core::Expected<PosteriorColumns> bind_posterior(PosteriorSample& sample,
                                                const core::ParameterSet& base);

// Reads posterior.csv: columns `weight` and one per parameter (besides scenario, variant, draw and
// log_likelihood); bad input, naming file:line:column, for a missing column, a field that is not
// a number, a negative weight, or weights that sum to 0.
core::Expected<PosteriorSample> read_posterior_sample(const std::string& path);

}  // namespace pimhsim::analysis
