// core::Remainder against the % operator: exact for every 32-bit dividend and divisor.
#include "pimhsim/core/remainder.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

using pimhsim::core::Remainder;

TEST_CASE("remainder: equals x % d at the edges and for a million random pairs") {
  const std::vector<std::uint32_t> divisors = {
      1, 2, 3, 7, 10, 47011, 65536, 65537, 1u << 31, (1u << 31) + 1, UINT32_MAX - 1, UINT32_MAX};
  for (const std::uint32_t d : divisors) {
    CAPTURE(d);
    const Remainder r(d);
    CHECK(r.divisor() == d);
    // Zero, the largest dividend, and each side of the first multiples and of the largest.
    std::vector<std::uint32_t> xs = {0, 1, UINT32_MAX, UINT32_MAX - 1};
    for (const std::uint64_t k :
         {std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{UINT32_MAX} / d})
      for (const std::int64_t step : {-1, 0, 1}) {
        const std::int64_t x = static_cast<std::int64_t>(k * d) + step;
        if (x >= 0 && x <= static_cast<std::int64_t>(UINT32_MAX))
          xs.push_back(static_cast<std::uint32_t>(x));
      }
    for (const std::uint32_t x : xs) {
      CAPTURE(x);
      CHECK(r(x) == x % d);
    }
  }
  std::mt19937_64 engine(20261207);
  std::uniform_int_distribution<std::uint32_t> any(1, UINT32_MAX), small(1, 1u << 20);
  std::size_t wrong = 0;
  for (int i = 0; i < 1000000; ++i) {
    const std::uint32_t d = i % 2 ? any(engine) : small(engine);
    const auto x = static_cast<std::uint32_t>(engine());
    wrong += Remainder(d)(x) == x % d ? 0 : 1;
  }
  CHECK(wrong == 0);
}

TEST_CASE("remainder: every dividend below a few multiples of small divisors") {
  for (std::uint32_t d = 1; d <= 300; ++d) {
    const Remainder r(d);
    std::size_t wrong = 0;
    for (std::uint32_t x = 0; x < 5 * d + 1000; ++x) wrong += r(x) == x % d ? 0 : 1;
    CHECK(wrong == 0);
  }
}

TEST_CASE("remainder: a divisor of 0 or above 2^32 - 1 is refused") {
  CHECK_THROWS_AS(Remainder(0), std::invalid_argument);
  CHECK_THROWS_AS(Remainder(std::uint64_t{UINT32_MAX} + 1), std::invalid_argument);
}
