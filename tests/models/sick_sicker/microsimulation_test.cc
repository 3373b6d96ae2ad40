// The Sick-Sicker microsimulation against its Markov cohort: the shipped validation scenarios
// (100,000 individuals, their own seed) are run as `pimhsim run` runs them, and every simulated
// mean must lie within 4 Monte Carlo standard errors of the cohort's expected value.
//
// The cohort itself is checked against hand-written recursions in cohort_test.cc. With a fixed
// seed these checks are deterministic; over random seeds a correct model would exceed 4 SE in
// any one check with probability 6.3e-5, so a few hundred checks pass together with high
// probability, while a wrong rule (a counter off by one cycle, a misplaced discount) shows up
// as tens of SE.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "models/sick_sicker/sick_sicker_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/sick_sicker/cohort.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace ss = pimhsim::models::sick_sicker;
using namespace sick_sicker_test;

namespace {

constexpr double kMaxZ = 4.0;

struct Simulated {
  pimhsim::scenario::Scenario scenario;
  pimhsim::analysis::RunOutcome outcome;
  std::vector<ss::CohortResult> cohort;  // by option

  const pimhsim::core::Tally& tally() const { return outcome.tally; }
  std::size_t measure(const std::string& name) const {
    return outcome.tally.layout().measure_index(name);
  }
};

Simulated simulate(const std::string& file) {
  Simulated r{load(file), {}, {}};
  REQUIRE(r.scenario.run.population == 100000);
  REQUIRE(r.scenario.run.replicates == 1);
  REQUIRE(r.scenario.run.horizon == 30);
  REQUIRE(r.scenario.run.seed == 20180301);
  r.outcome = pimhsim::analysis::run(r.scenario, 1);
  const auto wc = ss::discount_weights(r.scenario.economics.cost_discount, r.scenario.run.horizon);
  const auto we =
      ss::discount_weights(r.scenario.economics.effect_discount, r.scenario.run.horizon);
  for (std::size_t o = 0; o < r.scenario.options.size(); ++o)
    r.cohort.push_back(ss::cohort(inputs(r.scenario, o), r.scenario.run.horizon, wc, we));
  return r;
}

const std::string kFiles[] = {"sick_sicker.yaml", "sick_sicker_extended.yaml"};

}  // namespace

TEST_CASE(
    "sick_sicker microsimulation: mean cost and QALYs per strategy are within 4 SE of the cohort") {
  for (const std::string& file : kFiles) {
    CAPTURE(file);
    const Simulated r = simulate(file);
    for (std::size_t o : {kNoTreatment, kTreatment}) {
      CAPTURE(o);
      const auto& cost = r.tally().level(o, r.measure("cost"));
      const auto& qalys = r.tally().level(o, r.measure("qalys"));
      REQUIRE(cost.count() == 100000);
      REQUIRE(cost.standard_error() > 0);
      REQUIRE(qalys.standard_error() > 0);
      const double z_cost = (cost.mean() - r.cohort[o].cost) / cost.standard_error();
      const double z_qalys = (qalys.mean() - r.cohort[o].qalys) / qalys.standard_error();
      MESSAGE(file << " option " << o << ": cost z = " << z_cost << ", QALYs z = " << z_qalys);
      CHECK(std::abs(z_cost) <= kMaxZ);
      CHECK(std::abs(z_qalys) <= kMaxZ);
    }
  }
}

TEST_CASE(
    "sick_sicker microsimulation: occupancy of every state at every cycle is within 4 SE of the "
    "trace") {
  for (const std::string& file : kFiles) {
    CAPTURE(file);
    const Simulated r = simulate(file);
    const std::uint32_t horizon = r.scenario.run.horizon;
    double max_z = 0;
    int checked = 0, exact = 0;
    for (std::size_t o : {kNoTreatment, kTreatment})
      for (int s = 0; s < ss::kStates; ++s) {
        const std::size_t m = r.measure(std::string("occupancy_") + ss::kStateNames[s]);
        for (std::uint32_t t = 0; t <= horizon; ++t) {
          CAPTURE(o);
          CAPTURE(s);
          CAPTURE(t);
          const auto& share = r.tally().level(o, m, t);
          REQUIRE(share.count() == 100000);
          const double p = r.cohort[o].trace(t, s);
          if (p == 0.0 || p == 1.0) {  // no spread: the simulation must agree exactly
            CHECK(share.mean() == p);
            ++exact;
            continue;
          }
          const double se = std::sqrt(p * (1 - p) / static_cast<double>(share.count()));
          const double z = (share.mean() - p) / se;
          max_z = std::max(max_z, std::abs(z));
          ++checked;
          CHECK(std::abs(z) <= kMaxZ);
        }
      }
    MESSAGE(file << ": " << checked << " occupancy checks, max |z| = " << max_z << "; " << exact
                 << " exact (p = 0 or 1)");
    CHECK(checked + exact == 2 * ss::kStates * static_cast<int>(horizon + 1));
  }
}

TEST_CASE(
    "sick_sicker microsimulation: increments Treatment - No Treatment are within 4 paired SE of "
    "the cohort difference") {
  for (const std::string& file : kFiles) {
    CAPTURE(file);
    const Simulated r = simulate(file);
    for (const std::string name : {"cost", "qalys"}) {
      CAPTURE(name);
      const auto& inc = r.tally().increment(kTreatment, r.measure(name));
      const double expected = name == "cost"
                                  ? r.cohort[kTreatment].cost - r.cohort[kNoTreatment].cost
                                  : r.cohort[kTreatment].qalys - r.cohort[kNoTreatment].qalys;
      REQUIRE(inc.count() == 100000);
      REQUIRE(inc.standard_error() > 0);
      const double z = (inc.mean() - expected) / inc.standard_error();
      MESSAGE(file << " increment " << name << ": " << inc.mean() << " vs " << expected
                   << ", z = " << z);
      CHECK(std::abs(z) <= kMaxZ);
    }
  }
}

TEST_CASE(
    "sick_sicker microsimulation: common random numbers make the paired SE of the cost increment "
    "below the unpaired SE") {
  for (const std::string& file : kFiles) {
    CAPTURE(file);
    const Simulated r = simulate(file);
    const std::size_t m = r.measure("cost");
    const double se_a = r.tally().level(kNoTreatment, m).standard_error();
    const double se_b = r.tally().level(kTreatment, m).standard_error();
    const double paired = r.tally().increment(kTreatment, m).standard_error();
    const double unpaired = std::sqrt(se_a * se_a + se_b * se_b);
    MESSAGE(file << ": paired SE " << paired << ", unpaired SE " << unpaired);
    CHECK(paired > 0);
    CHECK(paired < unpaired);
  }
}

TEST_CASE("sick_sicker microsimulation: trajectories are identical across strategies") {
  for (const std::string& file : kFiles) {
    CAPTURE(file);
    const Simulated r = simulate(file);
    // Treatment changes no transition probability and both strategies use the same draws, so
    // every individual lives exactly as long under both: the increment is 0 for everyone.
    const auto& ly = r.tally().increment(kTreatment, r.measure("life_years"));
    REQUIRE(ly.count() == 100000);
    CHECK(ly.mean() == 0.0);
    CHECK(ly.standard_error() == 0.0);
    CHECK(r.tally().level(kTreatment, r.measure("life_years")).mean() ==
          r.tally().level(kNoTreatment, r.measure("life_years")).mean());
    // ... and every state's share at every cycle is the same number in both.
    for (int s = 0; s < ss::kStates; ++s) {
      const std::size_t m = r.measure(std::string("occupancy_") + ss::kStateNames[s]);
      for (std::uint32_t t = 0; t <= r.scenario.run.horizon; ++t) {
        CAPTURE(s);
        CAPTURE(t);
        CHECK(r.tally().level(kTreatment, m, t).mean() ==
              r.tally().level(kNoTreatment, m, t).mean());
      }
    }
    // Cost moves with treatment: the comparison is not vacuous.
    CHECK(r.tally().increment(kTreatment, r.measure("cost")).mean() > 0);
  }
}
