// Calibration (analysis/calibration.h, imis.h, calibration_targets.h): IMIS recovers a conjugate
// posterior; the point fit recovers a parameter from targets the model itself simulated; a target
// out of the model's reach is reported as such; a parameter the targets do not inform keeps its
// prior and is flagged; targets files are checked with their file:line:column.
#include "pimhsim/analysis/calibration.h"

#include <doctest/doctest.h>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

// One area (Leeds) at a tenth of its births over two years, with only the comparator.
scenario::Scenario small_area() {
  return test::load_shipped("scenarios/example_area.yaml",
                            {"run.scale=0.1", "run.horizon=2", "run.seed=11"});
}

TargetSet parse(const std::string& text) {
  scenario::Diagnostics d;
  auto t = parse_targets(text, "targets.yaml", d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(t);
  return *t;
}

std::string errors_of(const std::string& text) {
  scenario::Diagnostics d;
  const auto t = parse_targets(text, "targets.yaml", d);
  CHECK_FALSE(t);
  std::string all;
  for (const auto& e : d.sorted()) all += e.format() + "\n";
  return all;
}

// A normal target on the identified share of ill mothers.
std::string identified_target(double mean, double se) {
  return "targets:\n  - name: identified\n    measure: detected\n    per: mothers_ill\n"
         "    observed: {mean: " +
         std::to_string(mean) + ", se: " + std::to_string(se) + "}\n    source: synthetic\n";
}

}  // namespace

TEST_CASE("imis: a binomial likelihood with a beta prior gives the beta posterior") {
  // Prior Beta(2, 3) on p, 14 of 40: posterior Beta(16, 29), mean 16/45, variance
  // 16 x 29 / (45^2 x 46). The prior lives on normal scores z: p = F^-1(Phi(z)).
  const boost::math::beta_distribution<> prior(2, 3), post(16, 29);
  const boost::math::normal_distribution<> phi;
  auto p_of = [&](double z) { return boost::math::quantile(prior, boost::math::cdf(phi, z)); };
  const auto loglik = [&](const Eigen::MatrixXd& z) {
    std::vector<double> ll;
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
      const double p = p_of(z(i, 0));
      ll.push_back(14 * std::log(p) + 26 * std::log1p(-p));
    }
    return ll;
  };
  ImisSettings s;
  s.initial = 1000;
  s.per_round = 100;
  s.rounds = 10;
  s.resample = 1000;
  s.seed = 5;
  const auto r = run_imis(1, s, loglik);
  double mean = 0, m2 = 0;
  for (Eigen::Index i = 0; i < r.z.rows(); ++i) {
    const double p = p_of(r.z(i, 0));
    mean += r.weight[static_cast<std::size_t>(i)] * p;
    m2 += r.weight[static_cast<std::size_t>(i)] * p * p;
  }
  const double var = m2 - mean * mean;
  const double sd = boost::math::standard_deviation(post);
  // Monte Carlo SEs of a weighted mean and variance with effective size ESS.
  CHECK(r.ess > 300);
  CHECK(std::abs(mean - boost::math::mean(post)) < 4 * sd / std::sqrt(r.ess));
  CHECK(std::abs(var - sd * sd) < 4 * sd * sd * std::sqrt(2 / r.ess));
  CHECK(r.max_weight_share < 0.05);
}

TEST_CASE("calibration: the point fit recovers a parameter from targets the model simulated") {
  // Synthetic truth: detection.hidden_share = 0.40 (prior Beta, mean 0.25, SE 0.1). The observed
  // identified share is the model's own at the truth on other random numbers (block 7), with its
  // Monte Carlo SE; the fit (maximum likelihood) should land within the SE that the observation
  // and the fit's own simulation noise give the parameter, sqrt(2) se / |slope|.
  const auto s = small_area();
  auto seed =
      CalibrationProblem::make(s, parse(identified_target(0.5, 0.05)), {"detection.hidden_share"});
  REQUIRE(seed.ok());
  const auto& p0 = seed.value();
  const Evaluation truth = p0.evaluate(std::vector<double>{0.40}, 7);
  const double observed = truth.values[0].value, se = truth.values[0].se;
  const double slope = (p0.evaluate(std::vector<double>{0.45}).values[0].value -
                        p0.evaluate(std::vector<double>{0.35}).values[0].value) /
                       0.10;
  REQUIRE(slope < 0);
  auto problem = CalibrationProblem::make(s, parse(identified_target(observed, se)),
                                          {"detection.hidden_share"});
  REQUIRE(problem.ok());
  CalibrationSettings st;
  st.maximum_likelihood = true;
  st.restarts = 1;
  st.mc_replicates = 3;
  const auto r = calibrate(problem.value(), st, 2);
  REQUIRE(r.ok());
  const double tolerance = 4 * std::sqrt(2.0) * se / std::abs(slope);
  CHECK(std::abs(r->parameters[0].estimate - 0.40) < tolerance);
  CHECK(r->targets[0].reached);
  CHECK(std::abs(r->targets[0].fitted - observed) < 3 * se);
  CHECK(r->objective_mc_se >= 0);
  CHECK(r->warnings.empty());
}

TEST_CASE("calibration: a target the model cannot reach is reported as not reached") {
  // However few mothers hide their illness, health visitors miss some and not every mother is
  // seen: 99% identified is beyond the model.
  auto problem = CalibrationProblem::make(small_area(), parse(identified_target(0.99, 0.005)),
                                          {"detection.hidden_share"});
  REQUIRE(problem.ok());
  CalibrationSettings st;
  st.restarts = 1;
  st.mc_replicates = 0;
  const auto r = calibrate(problem.value(), st, 2);
  REQUIRE(r.ok());
  CHECK_FALSE(r->targets[0].reached);
  CHECK(r->targets[0].fitted < 0.9);
  REQUIRE_FALSE(r->warnings.empty());
  CHECK(r->warnings.back().find("not reached") != std::string::npos);
}

TEST_CASE("calibration: imis shrinks an identified parameter and flags one the targets miss") {
  // The anxiety QALY decrement has no bearing on identification: its posterior is its prior.
  auto problem = CalibrationProblem::make(small_area(), parse(identified_target(0.45, 0.02)),
                                          {"detection.hidden_share", "qaly.decrement.anxiety"});
  REQUIRE(problem.ok());
  CalibrationSettings st;
  st.method = CalibrationMethod::kImis;
  st.imis.initial = 200;
  st.imis.per_round = 20;
  st.imis.rounds = 6;
  st.imis.resample = 200;
  st.mc_replicates = 0;
  const auto r = calibrate(problem.value(), st, 2);
  REQUIRE(r.ok());
  REQUIRE(r->parameters.size() == 2);
  CHECK(r->parameters[0].identified);
  CHECK(r->parameters[0].shrinkage > 0.5);
  CHECK_FALSE(r->parameters[1].identified);
  CHECK(std::abs(r->parameters[1].shrinkage) < 0.35);
  CHECK(r->targets[0].reached);
  CHECK(r->sample.rows() == static_cast<Eigen::Index>(r->weights.size()));
  bool flagged = false;
  for (const auto& w : r->warnings)
    flagged = flagged || w.find("`qaly.decrement.anxiety` is not identified") != std::string::npos;
  CHECK(flagged);
}

TEST_CASE("calibration: targets files are checked with their file, line and column") {
  const auto missing = errors_of(
      "targets:\n  - name: a\n    measure: detected\n    observed: {count: 5, denominator: 4}\n");
  CHECK(missing.find("targets.yaml:4:23: error: targets[0].observed.count") != std::string::npos);
  CHECK(missing.find("targets.yaml:2:5: error: targets[0].source: missing") != std::string::npos);
  const auto mean_without_se = errors_of(
      "targets:\n  - name: a\n    measure: detected\n    observed: {mean: 0.5}\n"
      "    source: x\n    colour: red\n");
  CHECK(mean_without_se.find("standard error") != std::string::npos);
  CHECK(mean_without_se.find("targets.yaml:6:5") != std::string::npos);
  // A measure the model does not report, and an area it does not simulate, at the target.
  scenario::Diagnostics d;
  const auto t = parse(
      "targets:\n  - name: a\n    measure: detectd\n    areas: [E09000001]\n"
      "    observed: {count: 5}\n    source: x\n");
  const auto s = small_area();
  CHECK_FALSE(bind_targets(t, s, *models::make(s), d));
  std::string all;
  for (const auto& e : d.sorted()) all += e.format() + "\n";
  CHECK(all.find("targets.yaml:2:5: error: targets[0].measure: model `pathway` reports no measure "
                 "`detectd`; did you mean `detected`?") != std::string::npos);
  CHECK(all.find("no area `E09000001`") != std::string::npos);
}

TEST_CASE("calibration: the likelihoods are the binomial, Poisson and normal log densities") {
  Target b;
  b.likelihood = Likelihood::kBinomial;
  b.count = 3;
  b.denominator = 10;
  CHECK(b.log_likelihood(0.3) ==
        doctest::Approx(std::log(120 * std::pow(0.3, 3) * std::pow(0.7, 7))));
  CHECK(std::isinf(b.log_likelihood(0.0)));
  Target p;
  p.likelihood = Likelihood::kPoisson;
  p.count = 4;
  CHECK(p.log_likelihood(2.5) == doctest::Approx(std::log(std::pow(2.5, 4) * std::exp(-2.5) / 24)));
  Target n;
  n.mean = 1;
  n.se = 0.5;
  CHECK(n.log_likelihood(2) ==
        doctest::Approx(-2 - std::log(0.5 * std::sqrt(2 * 3.141592653589793))));
}

TEST_CASE("calibration: the shipped England targets read and bind to the calibration example") {
  scenario::Diagnostics d;
  const auto t = read_targets(
      std::string(PIMHSIM_SOURCE_DIR) + "/scenarios/calibration/england_targets.yaml", d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(t);
  CHECK(t->targets.size() == 2);
  for (const auto& target : t->targets) CHECK_FALSE(target.source.empty());
  const auto s = test::load_shipped("scenarios/calibration/example_area.yaml");
  CHECK(bind_targets(*t, s, *models::make(s), d));
}

}  // namespace pimhsim::analysis
