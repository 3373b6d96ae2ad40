// RandomSource: every draw is a pure function of (seed, address), lies strictly inside (0, 1)
// and behaves like an independent uniform.
//
// The statistical checks use fixed seeds and tolerances of 4 standard errors (or a 99.99%
// critical value), so each fails by chance with probability below about 1e-4.
#include "pimhsim/core/random.h"

#include <doctest/doctest.h>

#include <array>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>
#include <cstdint>
#include <tuple>
#include <vector>

#include "pimhsim/core/same_bits.h"
#include "support/statistics.h"

using pimhsim::core::DrawAddress;
using pimhsim::core::RandomSource;

using pimhsim::test::pearson;

namespace {

constexpr std::uint64_t kSeed = 20240601;
constexpr int kN = 100'000;

DrawAddress base_address() {
  return {.replicate = 3, .partition = 5, .individual = 7, .step = 11, .purpose = 13};
}

// kN + 1 uniforms for successive individuals of one (replicate, partition, step, purpose).
std::vector<double> successive_individuals(const RandomSource& rng) {
  std::vector<double> u(kN + 1);
  DrawAddress a = base_address();
  for (int i = 0; i <= kN; ++i) {
    a.individual = static_cast<std::uint32_t>(i);
    u[i] = rng.uniform(a);
  }
  return u;
}

}  // namespace

TEST_CASE("RandomSource: the same seed and address give the same bits every time") {
  const RandomSource rng(kSeed);
  const RandomSource twin(kSeed);
  const DrawAddress a = base_address();
  CHECK(rng.bits(a) == rng.bits(a));
  CHECK(rng.bits(a) == twin.bits(a));
  CHECK(rng.uniform(a) == twin.uniform(a));
  CHECK(rng.uniform2(a) == twin.uniform2(a));
  // uniform() is built from the first two words, so it equals the first value of uniform2().
  CHECK(rng.uniform(a) == rng.uniform2(a).first);
}

TEST_CASE("RandomSource: changing any one address field or the seed changes the draw") {
  const RandomSource rng(kSeed);
  const auto reference = rng.bits(base_address());
  auto differs = [&](const DrawAddress& a) { return rng.bits(a) != reference; };

  DrawAddress a = base_address();
  a.replicate += 1;
  CHECK(differs(a));
  a = base_address();
  a.partition += 1;
  CHECK(differs(a));
  a = base_address();
  a.individual += 1;
  CHECK(differs(a));
  a = base_address();
  a.step += 1;
  CHECK(differs(a));
  a = base_address();
  a.purpose += 1;
  CHECK(differs(a));

  // step and purpose share one counter word: swapping them must not give the same counter.
  const DrawAddress step_one{.step = 1, .purpose = 0};
  const DrawAddress purpose_one{.step = 0, .purpose = 1};
  CHECK(rng.bits(step_one) != rng.bits(purpose_one));

  // Both halves of the 64-bit seed are part of the key.
  CHECK(RandomSource(kSeed + 1).bits(base_address()) != reference);
  CHECK(RandomSource(kSeed + (std::uint64_t{1} << 32)).bits(base_address()) != reference);
}

TEST_CASE("RandomSource: to_unit maps the extreme words strictly inside (0, 1)") {
  const double lowest = RandomSource::to_unit(0, 0);
  const double highest = RandomSource::to_unit(0xffffffffu, 0xffffffffu);
  CHECK(lowest > 0.0);
  CHECK(lowest < 1e-15);
  CHECK(highest < 1.0);
  CHECK(highest > 1.0 - 1e-15);
  // The words just inside the extremes stay inside as well, and the map is monotone there.
  CHECK(RandomSource::to_unit(0xffffffffu, 0xfffff000u) < 1.0);
  CHECK(RandomSource::to_unit(0xffffffffu, 0xfffff000u) <= highest);
  CHECK(RandomSource::to_unit(0, 0x800u) > lowest);
}

TEST_CASE("RandomSource: 100,000 uniforms have mean 1/2 and pass a 20-bin chi-square test") {
  const RandomSource rng(kSeed);
  const auto u = successive_individuals(rng);
  std::array<int, 20> bins{};
  double sum = 0;
  for (int i = 0; i < kN; ++i) {
    REQUIRE(u[i] > 0.0);
    REQUIRE(u[i] < 1.0);
    sum += u[i];
    ++bins[static_cast<std::size_t>(u[i] * 20)];
  }
  // Mean: expectation 1/2, variance of one draw 1/12, so SE = sqrt(1/12 / n); allow 4 SE.
  const double se = std::sqrt(1.0 / 12.0 / kN);
  CHECK(std::abs(sum / kN - 0.5) < 4 * se);

  // Chi-square: each bin expects n/20 draws; the statistic is chi2(19) under uniformity. The
  // critical value is its 99.99% quantile (about 49.4).
  const double expected = kN / 20.0;
  double chi2 = 0;
  for (int count : bins) chi2 += (count - expected) * (count - expected) / expected;
  const double critical =
      boost::math::quantile(boost::math::chi_squared_distribution<>(19), 0.9999);
  CHECK(chi2 < critical);
}

TEST_CASE("RandomSource: draws of successive individuals are uncorrelated") {
  const RandomSource rng(kSeed);
  const auto u = successive_individuals(rng);
  const std::vector<double> x(u.begin(), u.end() - 1), y(u.begin() + 1, u.end());
  // Under independence the sample correlation of n pairs has SE 1/sqrt(n); allow 4 SE.
  CHECK(std::abs(pearson(x, y)) < 4.0 / std::sqrt(static_cast<double>(kN)));
}

TEST_CASE("RandomSource: the two values of uniform2 are uncorrelated and each uniform") {
  const RandomSource rng(kSeed);
  std::vector<double> first(kN), second(kN);
  DrawAddress a = base_address();
  double sum1 = 0, sum2 = 0;
  for (int i = 0; i < kN; ++i) {
    a.individual = static_cast<std::uint32_t>(i);
    std::tie(first[i], second[i]) = rng.uniform2(a);
    REQUIRE(first[i] > 0.0);
    REQUIRE(second[i] < 1.0);
    sum1 += first[i];
    sum2 += second[i];
  }
  // Correlation: SE 1/sqrt(n) under independence; means: SE sqrt(1/12 / n). Both 4 SE.
  CHECK(std::abs(pearson(first, second)) < 4.0 / std::sqrt(static_cast<double>(kN)));
  const double se = std::sqrt(1.0 / 12.0 / kN);
  CHECK(std::abs(sum1 / kN - 0.5) < 4 * se);
  CHECK(std::abs(sum2 / kN - 0.5) < 4 * se);
}

TEST_CASE(
    "RandomSource: uniform4 gives the four words of an address, each strictly inside (0, 1)") {
  CHECK(RandomSource::to_unit32(0) > 0.0);
  CHECK(RandomSource::to_unit32(0xffffffffu) < 1.0);
  const RandomSource rng(kSeed);
  const DrawAddress a = base_address();
  const auto w = rng.bits(a);
  const auto u = rng.uniform4(a);
  for (std::size_t k = 0; k < 4; ++k) {
    CHECK(u[k] == RandomSource::to_unit32(w[k]));
    // to_unit32 keeps the order of the words: the draw is in the word's 2^-32-wide cell.
    CHECK(u[k] * 0x1.0p32 > static_cast<double>(w[k]));
    CHECK(u[k] * 0x1.0p32 < static_cast<double>(w[k]) + 1.0);
  }
}

TEST_CASE("RandomSource: uniform4_first2 is the first two of uniform4's uniforms, bit for bit") {
  const RandomSource rng(77);
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const DrawAddress a{i % 3, i % 7, i, static_cast<std::uint16_t>(i % 33), 16};
    const auto four = rng.uniform4(a);
    const auto two = rng.uniform4_first2(a);
    CHECK(pimhsim::core::same_bits(two[0], four[0]));
    CHECK(pimhsim::core::same_bits(two[1], four[1]));
  }
}
