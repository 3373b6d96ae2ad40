// Targets at a child's age (calibration_targets.h): `measure: ill_at_age` with `child_age: 12`
// reads the pathway's share of mothers ill when the child is 12 months old; a parameter is
// recovered from such a target that the model itself simulated; an age the model does not measure,
// a measure it does not report by age and an age that is not a whole number of months are refused
// at `child_age` with its file:line:column.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "pimhsim/analysis/calibration.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

// One area (Leeds) at a tenth of its births over two years, with only the comparator.
scenario::Scenario small_area() {
  return test::load_shipped("scenarios/example_area.yaml",
                            {"run.scale=0.1", "run.horizon=2", "run.seed=11"});
}

std::string ill_at_twelve_months(double mean, double se) {
  return "targets:\n  - name: ill_at_1y\n    measure: ill_at_age\n    child_age: 12\n"
         "    observed: {mean: " +
         std::to_string(mean) + ", se: " + std::to_string(se) + "}\n    source: synthetic\n";
}

TargetSet parse(const std::string& text) {
  scenario::Diagnostics d;
  auto t = parse_targets(text, "targets.yaml", d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(t);
  return *t;
}

// The errors binding `text` to the small area (or to `s`) gives, one a line.
std::string bind_errors(const std::string& text, const scenario::Scenario& s) {
  scenario::Diagnostics d;
  auto t = parse_targets(text, "targets.yaml", d);
  if (t) CHECK_FALSE(bind_targets(*t, s, *models::make(s), d));
  std::string all;
  for (const auto& e : d.sorted()) all += e.format() + "\n";
  return all;
}

}  // namespace

TEST_CASE("calibration: a target at a child age reads the measure at that age") {
  const auto s = small_area();
  const auto t = parse(ill_at_twelve_months(0.1, 0.01));
  REQUIRE(t.targets[0].child_age == 12);
  CHECK(t.targets[0].model_measure() == "ill_at_age_12m");
  auto problem = CalibrationProblem::make(s, t, {"recovery.untreated.recovered"});
  REQUIRE(problem.ok());
  // The target's value is the run's own ill_at_age_12m, at the scenario's values.
  const auto e =
      problem->evaluate(std::vector<double>{s.parameters.value("recovery.untreated.recovered")});
  REQUIRE(e.values.size() == 1);
  const auto outcome = run_model(models::make(problem->scenario()), s.run.seed, s.run.replicates,
                                 core::ExecutorRef(1));
  const auto& layout = outcome.model->layout();
  std::size_t m = 0;
  while (layout.measures()[m].name != "ill_at_age_12m") ++m;
  core::Moments pooled;
  for (std::size_t p = 0; p < layout.measures()[m].periods; ++p)
    pooled.merge(outcome.tally.level(0, m, p));
  CHECK(e.values[0].value == doctest::Approx(pooled.mean()).epsilon(1e-12));
}

TEST_CASE("calibration: the point fit recovers a parameter from a target at a child age") {
  // Synthetic truth: recovery.untreated.recovered = 0.50 (prior Beta, mean 0.375, SE 0.099): the
  // share of ill mothers recovered untreated 3 months after identification. The observed
  // share of mothers ill at 12 months is the model's own at the truth on other random numbers
  // (block 5), with its Monte Carlo SE; the maximum-likelihood fit should land within the SE that
  // the observation and the fit's own simulation noise give the parameter, sqrt(2) se / |slope|.
  // Every birth of the area, so that this is narrower than the truth's distance from the prior.
  const auto s = test::load_shipped("scenarios/example_area.yaml",
                                    {"run.scale=1", "run.horizon=2", "run.seed=11"});
  auto seed = CalibrationProblem::make(s, parse(ill_at_twelve_months(0.1, 0.01)),
                                       {"recovery.untreated.recovered"});
  REQUIRE(seed.ok());
  const auto& p0 = seed.value();
  const Evaluation truth = p0.evaluate(std::vector<double>{0.50}, 5);
  REQUIRE(truth.problem.empty());
  const double observed = truth.values[0].value, se = truth.values[0].se;
  const double slope = (p0.evaluate(std::vector<double>{0.55}).values[0].value -
                        p0.evaluate(std::vector<double>{0.45}).values[0].value) /
                       0.10;
  MESSAGE("ill at 12 months: ", observed, " (SE ", se, "), slope ", slope);
  REQUIRE(slope < 0);  // more recover untreated, fewer mothers ill at a year
  auto problem = CalibrationProblem::make(s, parse(ill_at_twelve_months(observed, se)),
                                          {"recovery.untreated.recovered"});
  REQUIRE(problem.ok());
  CalibrationSettings st;
  st.maximum_likelihood = true;
  st.restarts = 1;
  st.mc_replicates = 3;
  const auto r = calibrate(problem.value(), st, 2);
  REQUIRE(r.ok());
  const double tolerance = 4 * std::sqrt(2.0) * se / std::abs(slope);
  REQUIRE(tolerance < 0.5 - 0.375);
  CHECK(std::abs(r->parameters[0].estimate - 0.50) < tolerance);
  CHECK(r->targets[0].reached);
  CHECK(std::abs(r->targets[0].fitted - observed) < 3 * se);
}

TEST_CASE("calibration: a child age the model does not measure is refused at child_age") {
  const auto s = small_area();
  const std::string observed = "    observed: {mean: 0.1, se: 0.01}\n    source: x\n";
  const auto nine = bind_errors(
      "targets:\n  - name: a\n    measure: ill_at_age\n    child_age: 9\n" + observed, s);
  CHECK(nine.find("targets.yaml:4:16: error: targets[0].child_age: `ill_at_age` is not measured "
                  "at a child age of 9 months") != std::string::npos);
  CHECK(nine.find("(a child age of 3, 6, 12, 18 or 24 months)") != std::string::npos);
  const auto unknown = bind_errors(
      "targets:\n  - name: a\n    measure: detected\n    child_age: 12\n" + observed, s);
  CHECK(unknown.find("targets.yaml:4:16: error: targets[0].child_age: model `pathway` reports no "
                     "measure `detected` by child age") != std::string::npos);
  CHECK(unknown.find("`ill_at_age` `recovered_by_age`") != std::string::npos);
  const auto sick_sicker = test::load_shipped("scenarios/validation/sick_sicker_psa.yaml");
  const auto none = bind_errors(
      "targets:\n  - name: a\n    measure: occupancy_S1\n    child_age: 12\n" + observed,
      sick_sicker);
  CHECK(none.find("reports no measure by child age") != std::string::npos);
  scenario::Diagnostics d;
  CHECK_FALSE(parse_targets(
      "targets:\n  - name: a\n    measure: ill_at_age\n    child_age: 1.5\n" + observed,
      "targets.yaml", d));
  std::string all;
  for (const auto& e : d.sorted()) all += e.format() + "\n";
  CHECK(all.find("targets.yaml:4:16: error: targets[0].child_age") != std::string::npos);
}

}  // namespace pimhsim::analysis
