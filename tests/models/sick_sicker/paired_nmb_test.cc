// The paired error of Sick-Sicker's incremental NMB: from the tally's cost-minus-QALYs measure,
// the covariance of the cost and QALY increments is known, so the error of w dQ - dC is that of
// the paired per-individual differences. Forty runs on different seeds give the increment's
// spread across runs; the error each run reports must agree with it within the sampling error of
// a standard deviation from 40 runs (about 11%, so 4 of those: 0.55 to 1.45). Treating the two
// increments as independent would overstate it.
#include <doctest/doctest.h>

#include <cmath>

#include "models/sick_sicker/sick_sicker_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/statistics.h"

using namespace sick_sicker_test;

TEST_CASE(
    "sick-sicker: the paired error of the NMB increment matches its spread over independent runs") {
  constexpr int kRuns = 40;
  constexpr double kWtp = 100000;
  auto s = load("sick_sicker.yaml");
  s.run.population = 1000;
  pimhsim::core::Moments nmb;
  double mean_variance = 0, mean_independent = 0;
  for (int k = 0; k < kRuns; ++k) {
    s.run.seed = 500 + static_cast<std::uint64_t>(k);
    const auto r = pimhsim::analysis::run(s, 1);
    const auto no = r.model->cost_effect(r.tally, kNoTreatment),
               yes = r.model->cost_effect(r.tally, kTreatment);
    const auto step = r.model->cost_effect_step(r.tally, kNoTreatment, kTreatment);
    REQUIRE(no);
    REQUIRE(yes);
    REQUIRE(step);
    nmb.add((kWtp * yes->effect - yes->cost) - (kWtp * no->effect - no->cost));
    mean_variance += (kWtp * kWtp * step->effect_se * step->effect_se +
                      step->cost_se * step->cost_se - 2 * kWtp * step->covariance) /
                     kRuns;
    mean_independent +=
        (kWtp * kWtp * step->effect_se * step->effect_se + step->cost_se * step->cost_se) / kRuns;
  }
  const double ratio = std::sqrt(nmb.variance() / mean_variance);
  CAPTURE(ratio);
  CHECK(ratio > 0.55);
  CHECK(ratio < 1.45);
  CHECK(mean_variance < mean_independent);  // the increments are positively correlated
}
