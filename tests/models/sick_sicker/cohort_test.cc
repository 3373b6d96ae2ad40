// The Sick-Sicker Markov cohort (models/sick_sicker/cohort.h), the expected values the
// microsimulation is validated against, checked against independent hand-written recursions
// built from the specification's numbers.
#include "pimhsim/models/sick_sicker/cohort.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "models/sick_sicker/sick_sicker_fixture.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace ss = pimhsim::models::sick_sicker;
using namespace sick_sicker_test;

namespace {

constexpr int kHorizon = 30;

std::vector<double> weights() {
  std::vector<double> w;
  for (int t = 0; t <= kHorizon; ++t) w.push_back(std::pow(1.03, -t));
  return w;
}

// The specification's values per cycle, by state H, S1, S2, D.
std::array<double, 4> spec_cost(bool treated) {
  return {2000.0, 4000.0 + (treated ? 12000.0 : 0.0), 15000.0 + (treated ? 12000.0 : 0.0), 0.0};
}
std::array<double, 4> spec_utility(bool treated) {
  return {1.0, treated ? 0.95 : 0.75, 0.5, 0};
}

// Specification mortality: 1 - exp(-hr r_HD (1 + rp k)).
double spec_p_death(double hr, double rp, int k) {
  return 1 - std::exp(hr * std::log(0.995) * (1 + rp * k));
}

struct Expected {
  std::vector<std::array<double, 4>> trace;
  double cost = 0, qalys = 0;
};

// The basic model by hand: m(t+1)[j] = sum_i m(t)[i] P[i][j] over a plain 4 x 4 array.
Expected hand_basic(bool treated) {
  const double p_S1D = spec_p_death(3, 0, 0), p_S2D = spec_p_death(10, 0, 0);
  const double P[4][4] = {{1 - 0.15 - 0.005, 0.15, 0, 0.005},
                          {0.5, 1 - 0.5 - 0.105 - p_S1D, 0.105, p_S1D},
                          {0, 0, 1 - p_S2D, p_S2D},
                          {0, 0, 0, 1}};
  const auto c = spec_cost(treated), u = spec_utility(treated);
  Expected e;
  std::array<double, 4> m = {1, 0, 0, 0};
  for (int t = 0; t <= kHorizon; ++t) {
    e.trace.push_back(m);
    for (int s = 0; s < 4; ++s) {
      e.cost += m[s] * c[s] * std::pow(1.03, -t);
      e.qalys += m[s] * u[s] * std::pow(1.03, -t);
    }
    std::array<double, 4> next = {0, 0, 0, 0};
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) next[j] += m[i] * P[i][j];
    m = next;
  }
  return e;
}

// The extended model by hand: a forward recursion over Healthy, Sick and Sicker by the number of
// sick cycles k (counting the current one), and Dead. Treated Sick utility after k - 1 sick
// cycles is E[X] (0.95 - 0.03 (k - 1)) with E[X] = 1: X is independent of the path and enters
// linearly.
Expected hand_extended(bool treated, double rp, double ru) {
  constexpr int K = kHorizon + 2;
  double h = 1, d = 0;
  std::vector<double> s1(K + 1, 0.0), s2(K + 1, 0.0);
  const auto c = spec_cost(treated);
  Expected e;
  for (int t = 0; t <= kHorizon; ++t) {
    double in_s1 = 0, in_s2 = 0, u = h * 1.0;
    for (int k = 1; k <= K; ++k) {
      in_s1 += s1[k];
      in_s2 += s2[k];
      u += s1[k] * (treated ? 0.95 - ru * (k - 1) : 0.75) + s2[k] * 0.5;
    }
    e.trace.push_back({h, in_s1, in_s2, d});
    e.cost += (h * c[0] + in_s1 * c[1] + in_s2 * c[2]) * std::pow(1.03, -t);
    e.qalys += u * std::pow(1.03, -t);
    double h2 = h * (1 - 0.15 - 0.005), d2 = d + h * 0.005;
    std::vector<double> n1(K + 1, 0.0), n2(K + 1, 0.0);
    n1[1] = h * 0.15;
    for (int k = 1; k < K; ++k) {
      const double pd1 = spec_p_death(3, rp, k), pd2 = spec_p_death(10, rp, k);
      h2 += s1[k] * 0.5;
      n2[k + 1] += s1[k] * 0.105 + s2[k] * (1 - pd2);
      n1[k + 1] += s1[k] * (1 - 0.5 - 0.105 - pd1);
      d2 += s1[k] * pd1 + s2[k] * pd2;
    }
    h = h2;
    d = d2;
    s1 = n1;
    s2 = n2;
  }
  return e;
}

void check_equal(const ss::CohortResult& r, const Expected& e) {
  REQUIRE(r.trace.rows() == kHorizon + 1);
  REQUIRE(r.trace.cols() == 4);
  double worst = 0;
  for (int t = 0; t <= kHorizon; ++t)
    for (int s = 0; s < 4; ++s) worst = std::max(worst, std::abs(r.trace(t, s) - e.trace[t][s]));
  CHECK(worst < 1e-14);
  CHECK(r.cost == doctest::Approx(e.cost).epsilon(1e-13));
  CHECK(r.qalys == doctest::Approx(e.qalys).epsilon(1e-13));
}

}  // namespace

TEST_CASE("sick_sicker cohort: trace rows are shares summing to 1, starting all in H") {
  const auto w = weights();
  for (const bool ext : {false, true})
    for (std::size_t o : {kNoTreatment, kTreatment}) {
      CAPTURE(ext);
      CAPTURE(o);
      const auto r = ss::cohort(ext ? extended(o) : basic(o), kHorizon, w, w);
      REQUIRE(r.trace.rows() == kHorizon + 1);
      CHECK(r.trace(0, ss::kHealthy) == 1.0);
      for (int t = 0; t <= kHorizon; ++t) {
        CAPTURE(t);
        CHECK(std::abs(r.trace.row(t).sum() - 1.0) < 1e-14);
        CHECK(r.trace.row(t).minCoeff() >= 0.0);
      }
    }
}

TEST_CASE("sick_sicker cohort: the basic trace, cost and QALYs equal a hand-written 4x4 loop") {
  const auto w = weights();
  for (std::size_t o : {kNoTreatment, kTreatment}) {
    CAPTURE(o);
    check_equal(ss::cohort(basic(o), kHorizon, w, w), hand_basic(o == kTreatment));
  }
}

TEST_CASE(
    "sick_sicker cohort: the extended tunnel cohort equals a hand-written recursion over time "
    "sick") {
  const auto w = weights();
  for (std::size_t o : {kNoTreatment, kTreatment}) {
    CAPTURE(o);
    check_equal(ss::cohort(extended(o), kHorizon, w, w), hand_extended(o == kTreatment, 0.2, 0.03));
  }
}

TEST_CASE("sick_sicker cohort: with rp = ru = 0 the tunnel cohort reduces to the 4x4 cohort") {
  const auto w = weights();
  for (std::size_t o : {kNoTreatment, kTreatment}) {
    CAPTURE(o);
    ss::Inputs in = extended(o);
    in.rp = 0;
    in.ru = 0;
    check_equal(ss::cohort(in, kHorizon, w, w), hand_basic(o == kTreatment));
    check_equal(ss::cohort(basic(o), kHorizon, w, w), hand_extended(o == kTreatment, 0, 0));
  }
}

TEST_CASE("sick_sicker cohort: expected discounted cost and QALYs are the trace-weighted sums") {
  const auto w = weights();
  for (const bool ext : {false, true})
    for (std::size_t o : {kNoTreatment, kTreatment}) {
      CAPTURE(ext);
      CAPTURE(o);
      const bool treated = o == kTreatment;
      const auto r = ss::cohort(ext ? extended(o) : basic(o), kHorizon, w, w);
      const auto c = spec_cost(treated), u = spec_utility(treated);
      double cost = 0, qalys = 0;
      for (int t = 0; t <= kHorizon; ++t)
        for (int s = 0; s < 4; ++s) {
          cost += r.trace(t, s) * c[s] * w[t];
          qalys += r.trace(t, s) * u[s] * w[t];
        }
      CHECK(r.cost == doctest::Approx(cost).epsilon(1e-13));
      // Utility depends on the state alone except in the extended model's treated Sick, where
      // it falls with time sick: there the trace-weighted sum at 0.95 is an upper bound.
      if (ext && treated)
        CHECK(r.qalys < qalys);
      else
        CHECK(r.qalys == doctest::Approx(qalys).epsilon(1e-13));
    }
}
