// Calibration's synthetic-recovery coverage (analysis/calibration.h, imis.h): over repeated
// synthetic datasets, each simulated by the model itself at a parameter value drawn from its prior,
// the 95% posterior interval that IMIS gives covers the true value in 95% of datasets, within the
// binomial error of the coverage over that many datasets.
//
// Why coverage is exactly 95% here: when the true value is drawn from the prior and the data from
// the likelihood the calibration uses, a Bayesian 95% interval covers the truth with probability
// 0.95 averaged over the prior (Cook, Gelman and Rubin 2006, Validation of software for Bayesian
// models using posterior quantiles, J Comput Graph Stat 15:675-92). Each dataset's model value is
// the model's own at the truth on the random numbers the fit uses (the run's seed, block 0), and
// the observation adds normal noise with the target's SE: the likelihood treats the model value as
// exact, so the test checks the inference (the normal-score scale, the likelihood, IMIS's weights
// and the weighted quantiles), not the model's Monte Carlo error. Each dataset has its own seed,
// hence its own common random numbers and its own IMIS draws. With 100 datasets the coverage's
// binomial SE is 0.022, and the test accepts 95% +- 3 SE; over 400 datasets (kDatasets = 400, a
// minute) the coverage was 0.9575 (SE 0.011) when this test was written.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "pimhsim/analysis/calibration.h"
#include "pimhsim/core/random.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

TargetSet parse(const std::string& text) {
  scenario::Diagnostics d;
  auto t = parse_targets(text, "targets.yaml", d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(t);
  return *t;
}

// The share of time in Sick under no treatment, every cycle pooled: it rises with p_HS1.
std::string sick_share_target(double mean, double se) {
  return fmt::format(
      "targets:\n  - name: sick_share\n    measure: occupancy_S1\n"
      "    observed: {{mean: {:.17g}, se: {:.17g}}}\n    source: synthetic\n",
      mean, se);
}

}  // namespace

TEST_CASE("calibration: imis 95% intervals cover the true parameter in 95% of synthetic datasets") {
  constexpr int kDatasets = 100;
  constexpr double kObservedSe = 0.01;  // about half the prior spread of the sick share
  const boost::math::normal_distribution<> phi;
  const core::RandomSource truth_rng(20260105);
  int covered = 0;
  double shrinkage = 0;
  for (int k = 0; k < kDatasets; ++k) {
    const auto s = test::load_shipped(
        "scenarios/validation/sick_sicker_psa.yaml",
        {"run.population=1000", "run.horizon=10", fmt::format("run.seed={}", 1000 + k)});
    auto seed_problem =
        CalibrationProblem::make(s, parse(sick_share_target(0.2, kObservedSe)), {"p_HS1"});
    REQUIRE(seed_problem.ok());
    const auto& prior = seed_problem.value().parameters()[0].prior;
    const auto uk = static_cast<std::uint32_t>(k);
    const double truth = prior.quantile(truth_rng.uniform({uk, 0, 0, 0, 0}));
    const Evaluation at_truth = seed_problem.value().evaluate(std::vector<double>{truth});
    REQUIRE(at_truth.values.size() == 1);
    const double observed =
        at_truth.values[0].value +
        kObservedSe * boost::math::quantile(phi, truth_rng.uniform({uk, 0, 0, 0, 1}));
    auto problem =
        CalibrationProblem::make(s, parse(sick_share_target(observed, kObservedSe)), {"p_HS1"});
    REQUIRE(problem.ok());
    CalibrationSettings st;
    st.method = CalibrationMethod::kImis;
    st.imis.initial = 200;
    st.imis.per_round = 20;
    st.imis.rounds = 8;
    st.imis.resample = 200;
    st.mc_replicates = 0;
    const auto r = calibrate(problem.value(), st, 2);
    REQUIRE(r.ok());
    const auto& f = r->parameters[0];
    if (f.lower <= truth && truth <= f.upper) ++covered;
    shrinkage += f.shrinkage / kDatasets;
  }
  const double coverage = static_cast<double>(covered) / kDatasets;
  const double se = std::sqrt(0.95 * 0.05 / kDatasets);
  MESSAGE("coverage " << coverage << " over " << kDatasets << " datasets (binomial SE " << se
                      << "); mean shrinkage " << shrinkage);
  CHECK(std::abs(coverage - 0.95) <= 3 * se);
  // The target informs the parameter: intervals narrower than the prior's, else coverage is idle.
  CHECK(shrinkage > 0.3);
}

}  // namespace pimhsim::analysis
