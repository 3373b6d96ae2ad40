#include "pimhsim/core/statistics.h"

#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

using pimhsim::core::Moments;

TEST_CASE("Moments: mean, variance and standard error match the textbook formulas") {
  Moments m;
  for (double x : {2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0}) m.add(x);
  CHECK(m.count() == 8);
  CHECK(m.mean() == doctest::Approx(5.0));
  CHECK(m.variance() == doctest::Approx(32.0 / 7.0));
  CHECK(m.standard_error() == doctest::Approx(std::sqrt(32.0 / 7.0 / 8.0)));
}

TEST_CASE("Moments: merging two halves equals accumulating the whole") {
  Moments whole, a, b;
  for (int i = 0; i < 1000; ++i) {
    const double x = 1e6 + (i % 17) * 0.25;  // large mean, small spread
    whole.add(x);
    (i < 400 ? a : b).add(x);
  }
  a.merge(b);
  CHECK(a.count() == whole.count());
  CHECK(a.mean() == doctest::Approx(whole.mean()).epsilon(1e-14));
  CHECK(a.variance() == doctest::Approx(whole.variance()).epsilon(1e-9));
}
