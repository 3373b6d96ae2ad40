// Helpers for tests of accumulators and of the runner: a unit's cost-like Moments, and bitwise
// equality of two Moments.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

#include "pimhsim/core/random.h"
#include "pimhsim/core/statistics.h"

namespace pimhsim::test {

// Costs-like values: a large mean and a small spread, where summation order shows in the bits.
inline core::Moments unit_moments(std::size_t unit) {
  const core::RandomSource rng(99);
  core::Moments m;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const double u = rng.uniform({.partition = static_cast<std::uint32_t>(unit), .individual = i});
    m.add(1e6 + 1000.0 * u * u);
  }
  return m;
}

// Whether two accumulators agree to the bit in count, mean, variance and total.
inline bool same_bits(const core::Moments& a, const core::Moments& b) {
  return a.count() == b.count() &&
         std::bit_cast<std::uint64_t>(a.mean()) == std::bit_cast<std::uint64_t>(b.mean()) &&
         std::bit_cast<std::uint64_t>(a.variance()) == std::bit_cast<std::uint64_t>(b.variance()) &&
         std::bit_cast<std::uint64_t>(a.total()) == std::bit_cast<std::uint64_t>(b.total());
}

}  // namespace pimhsim::test
