// Sick-Sicker transition probabilities against the numbers of the specification (Krijkamp et
// al. 2018, as restated in docs/validation.md, "The model"), read from the shipped scenarios.
#include <doctest/doctest.h>

#include <cmath>

#include "models/sick_sicker/sick_sicker_fixture.h"
#include "pimhsim/models/sick_sicker/cohort.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace ss = pimhsim::models::sick_sicker;
using namespace sick_sicker_test;

TEST_CASE("sick_sicker transitions: basic sick mortality is 1 - 0.995^3 and 1 - 0.995^10") {
  for (std::size_t o : {kNoTreatment, kTreatment}) {
    const ss::Inputs in = basic(o);
    CHECK(std::abs(in.p_death(ss::kSick, 0) - 0.014925125) < 1e-9);
    CHECK(std::abs(in.p_death(ss::kSicker, 0) - 0.048889869534) < 1e-12);
    CHECK(std::abs(in.p_death(ss::kSick, 0) - (1 - std::pow(0.995, 3))) < 1e-15);
    CHECK(std::abs(in.p_death(ss::kSicker, 0) - (1 - std::pow(0.995, 10))) < 1e-15);
    CHECK(in.p_death(ss::kHealthy, 0) == 0.005);
    // Without time dependence the counter does not matter.
    for (int k : {1, 2, 5, 30}) {
      CHECK(in.p_death(ss::kSick, k) == in.p_death(ss::kSick, 0));
      CHECK(in.p_death(ss::kSicker, k) == in.p_death(ss::kSicker, 0));
    }
  }
}

TEST_CASE(
    "sick_sicker transitions: time-dependent mortality matches the check values for k = 1, 2, 5") {
  struct Check {
    int k;
    double s1, s2;
  };
  const Check checks[] = {
      {1, 0.017883312, 0.058377193}, {2, 0.020832615, 0.067769881}, {5, 0.029627491, 0.095389520}};
  for (std::size_t o : {kNoTreatment, kTreatment}) {
    const ss::Inputs in = extended(o);
    for (const Check& c : checks) {
      CAPTURE(c.k);
      CHECK(std::abs(in.p_death(ss::kSick, c.k) - c.s1) < 1e-9);
      CHECK(std::abs(in.p_death(ss::kSicker, c.k) - c.s2) < 1e-9);
    }
    // The formula itself: 1 - exp(-r (1 + 0.2 k)), r = hr * -ln(0.995).
    const double r_HD = -std::log(0.995);
    for (int k = 0; k <= 31; ++k) {
      CAPTURE(k);
      CHECK(std::abs(in.p_death(ss::kSick, k) - (1 - std::exp(-3 * r_HD * (1 + 0.2 * k)))) < 1e-15);
      CHECK(std::abs(in.p_death(ss::kSicker, k) - (1 - std::exp(-10 * r_HD * (1 + 0.2 * k)))) <
            1e-15);
      CHECK(in.p_death(ss::kHealthy, k) == 0.005);
    }
  }
}

TEST_CASE(
    "sick_sicker transitions: the 4x4 matrix has the specified entries and rows summing to 1") {
  const double p_S1D = 1 - std::pow(0.995, 3), p_S2D = 1 - std::pow(0.995, 10);
  // clang-format off
  const double expected[4][4] = {
      {1 - 0.15 - 0.005, 0.15,                      0,         0.005},
      {0.5,              1 - 0.5 - 0.105 - p_S1D,   0.105,     p_S1D},
      {0,                0,                         1 - p_S2D, p_S2D},
      {0,                0,                         0,         1}};
  // clang-format on
  for (std::size_t o : {kNoTreatment, kTreatment}) {
    const Eigen::Matrix4d P = ss::transition_matrix(basic(o));
    for (int i = 0; i < 4; ++i) {
      CAPTURE(i);
      CHECK(std::abs(P.row(i).sum() - 1.0) < 1e-15);
      for (int j = 0; j < 4; ++j) {
        CAPTURE(j);
        CHECK(P(i, j) >= 0.0);
        CHECK(std::abs(P(i, j) - expected[i][j]) < 1e-15);
      }
    }
  }
}

TEST_CASE("sick_sicker transitions: next_state cuts the uniform at the cumulative probabilities") {
  const double eps = 1e-12;
  SUBCASE("basic") {
    const ss::Inputs in = basic(kNoTreatment);
    const double d1 = in.p_death(ss::kSick, 0), d2 = in.p_death(ss::kSicker, 0);
    CHECK(ss::next_state(in, ss::kHealthy, 0, 0.15 - eps) == ss::kSick);
    CHECK(ss::next_state(in, ss::kHealthy, 0, 0.15 + eps) == ss::kDead);
    CHECK(ss::next_state(in, ss::kHealthy, 0, 0.155 - eps) == ss::kDead);
    CHECK(ss::next_state(in, ss::kHealthy, 0, 0.155 + eps) == ss::kHealthy);
    CHECK(ss::next_state(in, ss::kSick, 1, 0.5 - eps) == ss::kHealthy);
    CHECK(ss::next_state(in, ss::kSick, 1, 0.5 + eps) == ss::kSicker);
    CHECK(ss::next_state(in, ss::kSick, 1, 0.605 - eps) == ss::kSicker);
    CHECK(ss::next_state(in, ss::kSick, 1, 0.605 + eps) == ss::kDead);
    CHECK(ss::next_state(in, ss::kSick, 1, 0.605 + d1 - eps) == ss::kDead);
    CHECK(ss::next_state(in, ss::kSick, 1, 0.605 + d1 + eps) == ss::kSick);
    CHECK(ss::next_state(in, ss::kSicker, 1, d2 - eps) == ss::kDead);
    CHECK(ss::next_state(in, ss::kSicker, 1, d2 + eps) == ss::kSicker);
    CHECK(ss::next_state(in, ss::kSicker, 1, 1 - eps) == ss::kSicker);  // no recovery from S2
    for (double u : {eps, 0.3, 0.7, 1 - eps})
      CHECK(ss::next_state(in, ss::kDead, 0, u) == ss::kDead);
  }
  SUBCASE("extended: the sick death interval grows with k") {
    const ss::Inputs in = extended(kTreatment);
    for (int k : {1, 2, 5, 20}) {
      CAPTURE(k);
      const double d1 = in.p_death(ss::kSick, k), d2 = in.p_death(ss::kSicker, k);
      CHECK(ss::next_state(in, ss::kSick, k, 0.605 + d1 - eps) == ss::kDead);
      CHECK(ss::next_state(in, ss::kSick, k, 0.605 + d1 + eps) == ss::kSick);
      CHECK(ss::next_state(in, ss::kSicker, k, d2 - eps) == ss::kDead);
      CHECK(ss::next_state(in, ss::kSicker, k, d2 + eps) == ss::kSicker);
      // Leaving Sick for Healthy or Sicker does not depend on k.
      CHECK(ss::next_state(in, ss::kSick, k, 0.5 - eps) == ss::kHealthy);
      CHECK(ss::next_state(in, ss::kSick, k, 0.605 - eps) == ss::kSicker);
    }
  }
}
