// Shared helpers for the pathway tests: the England scenario and its options' inputs, one area
// simulated directly (simulate_area) into a tally of its own, and checks of a simulated mean
// against an analytic expectation within 4 Monte Carlo standard errors.
//
// Tolerances. With a fixed seed every check is deterministic. A correct model would put one
// check beyond 4 SE with probability 6.3e-5 over random seeds, while a wrong rule (an event a
// month early, a share taken from the wrong condition) shows up as tens of SE at these sizes.
#pragma once

#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pimhsim/core/random.h"
#include "pimhsim/core/statistics.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/inputs.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/scenario.h"
#include "support/scenarios.h"

namespace pathway_test {

namespace pw = pimhsim::models::pathway;
using pimhsim::core::Moments;

inline constexpr double kMaxZ = 4.0;

// scenarios/england.yaml with --set style overrides, loaded and validated as `pimhsim run` does.
inline pimhsim::scenario::Scenario england(const std::vector<std::string>& sets = {}) {
  auto s = pimhsim::test::load_shipped("scenarios/england.yaml", sets);
  REQUIRE(s.options.size() == 3);
  return s;
}

inline pw::Inputs inputs(const pimhsim::scenario::Scenario& s, std::size_t option) {
  return pw::Inputs::from(s.options[option].parameters, s.options[option].switches);
}

// Input shares recovered from the cumulative arrays Inputs holds.
template <std::size_t N>
std::array<double, N> shares_of(const std::array<double, N>& cum) {
  std::array<double, N> out{};
  double before = 0;
  for (std::size_t i = 0; i < N; ++i) {
    out[i] = cum[i] - before;
    before = cum[i];
  }
  return out;
}
inline std::array<double, pw::kConditions> prevalences(const pw::Inputs& in) {
  return shares_of(in.prevalence_cum);
}

inline void set_prevalences(pw::Inputs& in, const std::array<double, pw::kConditions>& p) {
  double running = 0;
  for (int c = 0; c < pw::kConditions; ++c) in.prevalence_cum[c] = running += p[c];
}

// Every onset of condition c in one band.
inline void set_onset_band(pw::Inputs& in, int c, int band) {
  for (int b = 0; b < pw::kOnsetBands; ++b) in.onset_cum[c][b] = b >= band ? 1.0 : 0.0;
}

// Probability that onset falls in month `a` of the dyad's life: the band's share spread evenly
// over its months (new_dyad draws the month uniformly inside the band).
inline double onset_month_probability(const pw::Inputs& in, int c, int a) {
  const auto band_share = shares_of(in.onset_cum[c]);
  for (int b = 0; b < pw::kOnsetBands; ++b)
    if (a >= pw::kOnsetBandStart[b] && a < pw::kOnsetBandStart[b + 1])
      return band_share[b] / (pw::kOnsetBandStart[b + 1] - pw::kOnsetBandStart[b]);
  return 0.0;
}

// One area simulated on its own tally.
struct AreaRun {
  std::unique_ptr<pimhsim::core::TallyLayout> layout;
  pimhsim::core::Tally tally;
  pw::AreaTrace trace;

  std::size_t years() const { return layout->measures()[pw::kDyads].periods; }
  // A per-dyad measure over every year of the horizon.
  Moments level(std::size_t option, std::size_t measure) const {
    Moments m;
    for (std::size_t y = 0; y < years(); ++y) m.merge(tally.level(option, measure, y));
    return m;
  }
  Moments increment(std::size_t option, std::size_t measure) const {
    Moments m;
    for (std::size_t y = 0; y < years(); ++y) m.merge(tally.increment(option, measure, y));
    return m;
  }
  double total(std::size_t option, std::size_t measure) const {
    double sum = 0;
    for (std::size_t y = 0; y < years(); ++y) sum += tally.total(option, measure, y);
    return sum;
  }
};

inline AreaRun run_area(const std::vector<pw::Inputs>& options, const pw::AreaInput& area,
                        const pw::Timeline& tl, std::uint64_t seed, std::uint32_t replicate = 0,
                        std::uint32_t partition = 0, const pw::Discounting& discounting = {}) {
  REQUIRE(tl.horizon_months % 12 == 0);
  AreaRun r;
  std::vector<std::string> names;
  for (std::size_t o = 0; o < options.size(); ++o) names.push_back("option " + std::to_string(o));
  r.layout = std::make_unique<pimhsim::core::TallyLayout>(
      names, pw::measure_specs(static_cast<std::size_t>(tl.horizon_months / 12), "GBP"));
  r.tally = pimhsim::core::Tally(*r.layout);
  const pimhsim::core::RandomSource rng(seed);
  pw::simulate_area(options, area, tl, discounting, rng, replicate, partition, r.tally, &r.trace);
  return r;
}

// A simulated share against its expectation p, with the binomial standard error of a share of
// n independent dyads, sqrt(p (1 - p) / n). p = 0 or 1 demands an exact match.
inline void check_share(const Moments& m, double p, const std::string& what) {
  const double n = static_cast<double>(m.count());
  const double se = std::sqrt(p * (1 - p) / n);
  const double z = se > 0 ? (m.mean() - p) / se : (m.mean() == p ? 0.0 : INFINITY);
  INFO(what << ": simulated " << m.mean() << ", expected " << p << ", SE " << se << ", n " << n
            << ", z " << z);
  CHECK(n > 0);
  CHECK(std::abs(m.mean() - p) <= kMaxZ * se);
}

// A simulated mean against an expectation whose variance per dyad is known analytically.
inline void check_mean(const Moments& m, double mean, double variance, const std::string& what) {
  const double n = static_cast<double>(m.count());
  const double se = std::sqrt(variance / n);
  const double z = se > 0 ? (m.mean() - mean) / se : (m.mean() == mean ? 0.0 : INFINITY);
  INFO(what << ": simulated " << m.mean() << ", expected " << mean << ", SE " << se << ", n " << n
            << ", z " << z);
  CHECK(n > 0);
  CHECK(std::abs(m.mean() - mean) <= kMaxZ * se);
}

}  // namespace pathway_test
