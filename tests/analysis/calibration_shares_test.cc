// Fitting a set of shares (analysis/calibration.h with core/dirichlet_scores.h): the routing of
// mild illness, a Dirichlet with a zero parameter, moves on two stick-breaking scores; every
// point's shares sum to exactly 1; IMIS recovers shares from targets the model itself simulated
// (the split of identified mothers between listening visits and talking therapies, which the
// routing feeds) within a tolerance from the posterior SD; the result does not depend on the
// thread count; a set of shares without a Dirichlet is refused.
#include <doctest/doctest.h>

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "pimhsim/analysis/calibration.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

// Leeds over two years (the options differ in the specialist, not in routing); with `mild`, nine
// in ten ill mothers' illness is mild, so that most identified mothers are routed by
// routing.mild and the targets below inform it.
scenario::Scenario shares_area(double scale, bool mild = false) {
  std::vector<std::string> sets{"run.scale=" + std::to_string(scale), "run.horizon=2",
                                "run.seed=7"};
  if (mild)
    for (const char* condition : {"depression", "anxiety", "comorbid", "ptsd"})
      sets.push_back(std::string("parameters.severity.") + condition +
                     ".value={mild: 0.9, moderate: 0.06, severe: 0.04}");
  return test::load_shipped("scenarios/example_area.yaml", sets);
}

// The shares of identified mothers who start listening visits and talking therapies.
std::string shares_targets(double lv, double lv_se, double tt, double tt_se) {
  return "targets:\n"
         "  - name: listening_visits\n    measure: treated_listening_visits\n    per: detected\n"
         "    observed: {mean: " +
         std::to_string(lv) + ", se: " + std::to_string(lv_se) +
         "}\n    source: synthetic\n"
         "  - name: talking_therapies\n    measure: treated_talking_therapies\n    per: detected\n"
         "    observed: {mean: " +
         std::to_string(tt) + ", se: " + std::to_string(tt_se) + "}\n    source: synthetic\n";
}

TargetSet shares_parse(const std::string& text) {
  scenario::Diagnostics d;
  auto t = parse_targets(text, "targets.yaml", d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(t);
  return *t;
}

double shares_sum(const std::vector<double>& x, std::size_t from, std::size_t n) {
  double s = 0;
  for (std::size_t k = from; k < from + n; ++k) s += x[k];
  return s;
}

}  // namespace

TEST_CASE("calibration shares: a set of shares moves on its stick-breaking scores") {
  const auto s = shares_area(0.1);
  auto p = CalibrationProblem::make(s, shares_parse(shares_targets(0.4, 0.05, 0.2, 0.05)),
                                    {"detection.hidden_share", "routing.mild"});
  REQUIRE(p.ok());
  // routing.mild {none 0.3, listening_visits 0.6, talking_therapies 0.1, specialist_pmh 0} with
  // n = 20: Dirichlet(6, 12, 2, 0), two free scores; its specialist share stays 0.
  CHECK(p->dimensions() == 5);
  CHECK(p->score_dimensions() == 3);
  CHECK(p->parameters()[1].name == "routing.mild.none");
  CHECK(p->parameters()[4].name == "routing.mild.specialist_pmh");
  CHECK(p->parameters()[2].shares == "routing.mild");
  CHECK(p->parameters()[2].prior.describe() == "Beta(12, 8)");
  CHECK(p->parameters()[4].prior.family() == core::Family::kFixed);
  CHECK(p->score_value(0) == 0);
  CHECK(p->score_value(1) == 1);
  CHECK(p->score_value(2) == 2);
  for (const auto& z :
       std::vector<std::vector<double>>{{0, 0, 0}, {1, -2.5, 4.9}, {-5, 5, -5}, {0.3, 5, 5}}) {
    const auto x = p->natural(z);
    CHECK(shares_sum(x, 1, 4) == 1.0);
    CHECK(x[4] == 0.0);
    const auto back = p->scores(x);
    for (std::size_t i = 0; i < 3; ++i)
      if (std::abs(z[i]) <= 3.5) CHECK(back[i] == doctest::Approx(z[i]).epsilon(1e-6));
    // The scenario at x carries the shares into the baseline and every option.
    const auto at = p->with(x);
    for (const auto& o : at.options)
      CHECK(o.parameters.shares("routing.mild") == std::vector<double>(x.begin() + 1, x.end()));
    CHECK(std::isfinite(p->log_prior(x)));
  }
  // The prior median's shares: each stick at its Beta median.
  const auto x0 = p->natural(std::vector<double>{0, 0, 0});
  CHECK(x0[1] == doctest::Approx(0.3).epsilon(0.1));
}

TEST_CASE("calibration shares: a set of shares without a Dirichlet is refused") {
  const auto s = test::load_shipped(
      "scenarios/example_area.yaml",
      {"run.scale=0.1", "run.horizon=2", "parameters.routing.mild.distribution={type: fixed}"});
  auto p = CalibrationProblem::make(s, shares_parse(shares_targets(0.4, 0.05, 0.2, 0.05)),
                                    {"routing.mild"});
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().message().find("`routing.mild` is a set of shares without a Dirichlet") !=
        std::string::npos);
}

TEST_CASE("calibration shares: imis recovers shares from targets the model simulated") {
  // Truth: routing.mild = {none 0.30, listening_visits 0.40, talking_therapies 0.30,
  // specialist_pmh 0}, against prior means 0.3, 0.6 and 0.1 (SDs 0.10, 0.107, 0.065). The
  // observed shares are the model's own at the truth on other random numbers (block 3), with
  // their Monte Carlo SEs as the observations' SEs. The posterior mean then differs from the truth
  // by the observation's noise (SD about the posterior SD) and by the fit's own simulation noise
  // (about as much again, the runs being of the same size): 4 sqrt(2) posterior SDs.
  const auto s = shares_area(1.0, true);
  const std::vector<double> truth{0.30, 0.40, 0.30, 0.0};
  auto seed = CalibrationProblem::make(s, shares_parse(shares_targets(0.4, 0.05, 0.2, 0.05)),
                                       {"routing.mild"});
  REQUIRE(seed.ok());
  const Evaluation e = seed->evaluate(truth, 3);
  REQUIRE(e.problem.empty());
  MESSAGE("observed: listening visits ", e.values[0].value, " (SE ", e.values[0].se,
          "), talking therapies ", e.values[1].value, " (SE ", e.values[1].se, ")");
  auto problem =
      CalibrationProblem::make(s,
                               shares_parse(shares_targets(e.values[0].value, e.values[0].se,
                                                           e.values[1].value, e.values[1].se)),
                               {"routing.mild"});
  REQUIRE(problem.ok());
  CalibrationSettings st;
  st.method = CalibrationMethod::kImis;
  st.imis.initial = 400;
  st.imis.per_round = 40;
  st.imis.rounds = 8;
  st.mc_replicates = 2;
  const auto r = calibrate(problem.value(), st, 2);
  REQUIRE(r.ok());
  MESSAGE("ESS ", r->ess, ", ", r->evaluations, " model runs");
  REQUIRE(r->parameters.size() == 4);
  for (std::size_t k = 0; k < 3; ++k) {
    const auto& f = r->parameters[k];
    CAPTURE(f.name);
    MESSAGE(f.name, ": ", f.estimate, " (SD ", f.sd, ", prior mean ", f.prior_mean, ", shrinkage ",
            f.shrinkage, ")");
    const double tolerance = 4 * std::sqrt(2.0) * f.sd;
    CHECK(std::abs(f.estimate - truth[k]) < tolerance);
  }
  // The listening visits' and talking therapies' shares are informed: the tolerance is narrower
  // than the truth's distance from the prior, so a fit that kept the prior would fail.
  for (std::size_t k : {1, 2}) {
    const auto& f = r->parameters[k];
    CAPTURE(f.name);
    CHECK(4 * std::sqrt(2.0) * f.sd < std::abs(truth[k] - f.prior_mean));
    CHECK(f.identified);
  }
  CHECK(r->parameters[3].estimate == 0.0);
  CHECK(r->parameters[3].identified);
  for (const auto& t : r->targets) CHECK(t.reached);
  // Every point of the sample is a set of shares summing to exactly 1.
  for (Eigen::Index i = 0; i < r->sample.rows(); ++i) {
    double sum = 0;
    for (Eigen::Index k = 0; k < 4; ++k) sum += r->sample(i, k);
    REQUIRE(sum == 1.0);
  }
}

TEST_CASE("calibration shares: the fit is the same on 1 and 2 threads") {
  const auto s = shares_area(0.05);
  auto p = CalibrationProblem::make(s, shares_parse(shares_targets(0.45, 0.03, 0.15, 0.03)),
                                    {"detection.hidden_share", "routing.mild"});
  REQUIRE(p.ok());
  CalibrationSettings imis;
  imis.method = CalibrationMethod::kImis;
  imis.imis.initial = 40;
  imis.imis.per_round = 10;
  imis.imis.rounds = 2;
  imis.mc_replicates = 2;
  const auto a = calibrate(p.value(), imis, 1), b = calibrate(p.value(), imis, 2);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(a->sample.rows() == b->sample.rows());
  CHECK((a->sample.array() == b->sample.array()).all());
  CHECK(a->weights == b->weights);
  CalibrationSettings optimise;
  optimise.restarts = 2;
  optimise.max_evaluations = 15;
  optimise.mc_replicates = 2;
  const auto c = calibrate(p.value(), optimise, 1), d = calibrate(p.value(), optimise, 2);
  REQUIRE(c.ok());
  REQUIRE(d.ok());
  for (std::size_t j = 0; j < c->parameters.size(); ++j)
    CHECK(c->parameters[j].estimate == d->parameters[j].estimate);
  CHECK(shares_sum(std::vector<double>{c->parameters[1].estimate, c->parameters[2].estimate,
                                       c->parameters[3].estimate, c->parameters[4].estimate},
                   0, 4) == 1.0);
}

}  // namespace pimhsim::analysis
