// The paired Monte Carlo error of a step between two options other than the comparator (the
// frontier's steps and the best option's lead): it must describe how the step varies from one
// run to the next. Forty runs of one area on different seeds give the step's spread across runs;
// the error each run reports must agree with it, within the sampling error of a standard
// deviation from 40 runs (about 11%, so 4 of those: 0.55 to 1.45).
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/statistics.h"
#include "pimhsim/output/frontier_table.h"

using namespace pathway_test;

TEST_CASE(
    "pathway frontier: a step's paired standard error matches its spread over independent runs") {
  constexpr int kRuns = 40;
  constexpr double kWtp = 30000;
  auto s = england({"run.scale=0.2", "run.horizon=3", "areas.include=[E08000035]"});
  Moments nmb_step;
  double mean_variance = 0;
  for (int k = 0; k < kRuns; ++k) {
    s.run.seed = 1000 + static_cast<std::uint64_t>(k);
    const auto r = pimhsim::analysis::run(s, 2);
    const auto one = r.model->cost_effect(r.tally, 1), two = r.model->cost_effect(r.tally, 2);
    const auto step = r.model->cost_effect_step(r.tally, 1, 2);
    REQUIRE(one);
    REQUIRE(two);
    REQUIRE(step);
    nmb_step.add((kWtp * two->effect - two->cost) - (kWtp * one->effect - one->cost));
    const double var = kWtp * kWtp * step->effect_se * step->effect_se +
                       step->cost_se * step->cost_se - 2 * kWtp * step->covariance;
    mean_variance += var / kRuns;
    // The paired error is far below what the options' level errors would suggest (shared noise).
    CHECK(step->effect_se < 0.5 * std::hypot(one->effect_se, two->effect_se));
  }
  const double ratio = std::sqrt(nmb_step.variance() / mean_variance);
  CAPTURE(ratio);
  CHECK(ratio > 0.55);
  CHECK(ratio < 1.45);
}

TEST_CASE(
    "frontier table: step errors give the ICER's delta-method error and the best option's lead") {
  using pimhsim::output::StepError;
  // Three options on a line of ICER 10,000 then 40,000; errors chosen by hand.
  const std::vector<pimhsim::output::CostEffectRow> rows = {
      {"a", 100, 1, 0, 1}, {"b", 200, 1, 0.01, 1}, {"c", 600, 1, 0.02, 1}};
  const auto errors = [](std::size_t from, std::size_t to) -> std::optional<StepError> {
    REQUIRE(from < to);
    return StepError{10.0 * static_cast<double>(to - from), 0.001,
                     0.002 * static_cast<double>(from + 1)};
  };
  const auto j = pimhsim::output::frontier_json(rows, {20000, 50000}, errors);
  const auto& b = j["rows"][1];
  REQUIRE(b["option"] == "b");
  CHECK(b["icer"]["estimate"].get<double>() == doctest::Approx(10000));
  // var = (10^2 - 2 R (0.002) + R^2 (0.001)^2) / 0.01^2 with R = 10,000.
  const double r = 10000, var_b = (100 - 2 * r * 0.002 + r * r * 1e-6) / 1e-4;
  CHECK(b["icer"]["se"].get<double>() == doctest::Approx(std::sqrt(var_b)).epsilon(1e-12));
  CHECK(b["step_cost_se"].get<double>() == 10.0);
  // At 20,000: NMB a = -100, b = 0, c = -200: b leads a by 100; the lead's error is that of b - a
  // (from 0 to 1): sqrt(w^2 0.001^2 + 10^2 - 2 w 0.002).
  const auto& m = j["optimal_margin"]["20000"];
  CHECK(m["option"] == "b");
  CHECK(m["runner_up"] == "a");
  CHECK(m["estimate"].get<double>() == doctest::Approx(100));
  CHECK(m["se"].get<double>() == doctest::Approx(std::sqrt(400 + 100 - 80)).epsilon(1e-12));
  // Without step errors (options of different scenario files) there are none to report.
  const auto plain = pimhsim::output::frontier_json(rows, {20000});
  CHECK(plain["rows"][1]["icer"]["se"].is_null());
  CHECK(plain["optimal_margin"]["20000"]["se"].is_null());
  // Keys are the thresholds exactly: two close ones that six digits would merge stay apart.
  const auto close = pimhsim::output::frontier_json(rows, {1234567, 1234570});
  CHECK(close["optimal_margin"].size() == 2);
  CHECK(close["optimal_at_threshold"].contains("1234567"));
  CHECK(close["rows"][0]["net_monetary_benefit"].contains("1234570"));
}

// cost_effect once kept a reference into the economic evaluation it had just computed, a
// temporary destroyed before the values were read: AddressSanitizer reports the read as a
// heap-use-after-free (scripts/sanitize.sh), and without it the values are whatever the freed
// memory then holds. They must be the evaluation's, as the PSA's figures give them.
TEST_CASE("pathway cost_effect: the cost and QALYs of the economic evaluation, as the figures") {
  const auto s = england({"run.scale=0.05", "run.horizon=2", "areas.include=[E08000035]"});
  const auto r = pimhsim::analysis::run(s, 1);
  const std::vector<double> thresholds = {20000};
  const auto layout = r.model->figures(thresholds);
  std::vector<double> value, se;
  r.model->figure_values(r.tally, layout, thresholds, value, se);
  const std::size_t figures = layout.figures.size();
  for (std::size_t o = 0; o < r.tally.layout().options().size(); ++o) {
    CAPTURE(o);
    const auto ce = r.model->cost_effect(r.tally, o);
    REQUIRE(ce);
    CHECK(ce->cost == value[o * figures + layout.cost]);
    CHECK(ce->cost_se == se[o * figures + layout.cost]);
    CHECK(ce->effect == value[o * figures + layout.effect]);
    CHECK(ce->effect_se == se[o * figures + layout.effect]);
  }
}
