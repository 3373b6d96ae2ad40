// Addressable randomness: every random number in PIMHsim is a pure function of the scenario
// seed and the address of the event it decides.
//
// A draw never depends on which thread made it, in what order, or how much work was split
// across processes. Two options of one scenario that address the same event (the same dyad's
// onset in the same month, say) see the same number: common random numbers by construction.
//
// The generator is Random123's Philox4x32-10 (Salmon et al. 2011), a counter-based generator:
// the 64-bit seed is the key and the 128-bit address is the counter.
#pragma once

#include <Random123/philox.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <utility>

namespace pimhsim::core {

// Where a draw belongs. Models choose the meaning of `partition` (an area, a batch of
// individuals, a parameter of a sensitivity analysis) and of `purpose` (which decision the draw
// makes); the rest is the same everywhere.
struct DrawAddress {
  std::uint32_t replicate = 0;   // independent replicate or PSA iteration
  std::uint32_t partition = 0;   // independent unit of work inside a replicate
  std::uint32_t individual = 0;  // individual (dyad, person) inside the partition
  std::uint16_t step = 0;        // time step (cycle, month)
  std::uint16_t purpose = 0;     // what the draw decides; models number their own purposes
};

class RandomSource {
 public:
  explicit RandomSource(std::uint64_t seed)
      : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}} {}

  // The four 32-bit words at an address.
  std::array<std::uint32_t, 4> bits(const DrawAddress& a) const {
    const r123::Philox4x32::ctr_type counter{
        {a.replicate, a.partition, a.individual,
         (static_cast<std::uint32_t>(a.step) << 16) | static_cast<std::uint32_t>(a.purpose)}};
    const auto out = generator_(counter, key_);
    return {out.v[0], out.v[1], out.v[2], out.v[3]};
  }

  // A uniform number in the open interval (0, 1) with 53 random bits: safe for inverse CDFs.
  double uniform(const DrawAddress& a) const {
    const auto w = bits(a);
    return to_unit(w[0], w[1]);
  }

  // Two independent uniforms in (0, 1) from one address.
  std::pair<double, double> uniform2(const DrawAddress& a) const {
    const auto w = bits(a);
    return {to_unit(w[0], w[1]), to_unit(w[2], w[3])};
  }

  // Four independent uniforms in (0, 1) with 32 random bits each, from one address: for
  // categorical and Bernoulli decisions, where 2^-32 resolution is far below any probability used.
  std::array<double, 4> uniform4(const DrawAddress& a) const {
    const auto w = bits(a);
    return {to_unit32(w[0]), to_unit32(w[1]), to_unit32(w[2]), to_unit32(w[3])};
  }

  // The first two of uniform4's four uniforms at an address, for a decision that needs no more.
  std::array<double, 2> uniform4_first2(const DrawAddress& a) const {
    const auto w = bits(a);
    return {to_unit32(w[0]), to_unit32(w[1])};
  }

  static double to_unit32(std::uint32_t w) { return (static_cast<double>(w) + 0.5) * 0x1.0p-32; }

  static double to_unit(std::uint32_t hi, std::uint32_t lo) {
    const std::uint64_t x = ((static_cast<std::uint64_t>(hi) << 32) | lo) >> 11;  // 53 bits
    // Above 2^52, x + 0.5 rounds to even, and for the largest x it rounds up to 2^53, which would
    // give exactly 1: clamp to the largest double below 1 (every other value is unchanged).
    return std::min((static_cast<double>(x) + 0.5) * 0x1.0p-53, 0x1.fffffffffffffp-1);
  }

 private:
  r123::Philox4x32::key_type key_;
  r123::Philox4x32 generator_;
};

}  // namespace pimhsim::core
