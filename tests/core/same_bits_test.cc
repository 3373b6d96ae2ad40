// core/same_bits.h: equality of values' bytes, which tells apart what == does not.
#include "pimhsim/core/same_bits.h"

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <limits>
#include <vector>

using pimhsim::core::same_bits;

TEST_CASE("same bits: zeros of either sign differ, a NaN equals its own bits") {
  CHECK(same_bits(0.0, 0.0));
  CHECK_FALSE(same_bits(0.0, -0.0));  // 0.0 == -0.0
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(same_bits(nan, nan));  // nan != nan
  CHECK_FALSE(same_bits(1.0, std::nextafter(1.0, 2.0)));
  CHECK(same_bits(std::array<int, 3>{1, 2, 3}, std::array<int, 3>{1, 2, 3}));
  CHECK_FALSE(same_bits(std::array<int, 3>{1, 2, 3}, std::array<int, 3>{1, 2, 4}));
}

TEST_CASE("same bits: vectors of numbers by length and bytes") {
  CHECK(same_bits(std::vector<double>{}, std::vector<double>{}));
  CHECK(same_bits(std::vector<double>{1, 2}, std::vector<double>{1, 2}));
  CHECK_FALSE(same_bits(std::vector<double>{1, 2}, std::vector<double>{1, 2, 3}));
  CHECK_FALSE(same_bits(std::vector<double>{1, 0.0}, std::vector<double>{1, -0.0}));
}
