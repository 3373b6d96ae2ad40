// A third model added as a folder (tests/models/toy) plus one registry line (models::add), run
// through `run`, the PSA and the DSA and their writers, which know nothing of it. Its expected
// values are closed-form (toy.h), so the results are checked against them within a few Monte
// Carlo standard errors.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "models/toy/toy.h"
#include "pimhsim/analysis/dsa.h"
#include "pimhsim/analysis/psa.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/dsa_writer.h"
#include "pimhsim/output/psa_writer.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::test {
namespace {

namespace fs = std::filesystem;

constexpr double kPopulation = 40000, kP = 0.2, kCost = 5000, kProgramme = 100, kEffect = 0.3;

// A results directory of this process's own (the test cases run as processes at once, and a run
// of the whole suite once saw a removal here meet files that another process was writing).
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "toy" /
                       (name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

// The toy model registered (once per process) and a scenario of it loaded as `pimhsim` would.
scenario::Scenario toy_scenario() {
  static const bool registered = [] {
    models::add(toy::kEntry);  // the one registry line
    return true;
  }();
  CHECK(registered);
  // A directory of this process's own: ctest runs the test cases as processes at once, and one
  // rewriting the file another is reading gave it an empty scenario.
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "toy" /
                       ("scenario-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path file = dir / "toy.yaml";
  std::ofstream(file) << R"(model: toy
name: Toy programme
run: {seed: 7, replicates: 1, population: 40000, horizon: 1}
economics:
  discount: {costs: 0.035, effects: 0.035}
  thresholds: [20000]
  currency: GBP
parameters:
  p_ill:
    value: 0.2
    unit: probability
    source: test value
    distribution: {type: beta, mean: 0.2, se: 0.02}
    low: 0.15
    high: 0.25
  c_ill:
    value: 5000
    unit: GBP per illness
    source: test value
    distribution: {type: gamma, mean: 5000, se: 500}
  q_loss: {value: 0.1, unit: QALY, source: test value, low: 0.05, high: 0.15}
  c_programme: {value: 0, unit: GBP per person, source: test value}
  effect: {value: 0, unit: relative risk reduction, source: test value}
options:
  - name: No programme
  - name: Programme
    set:
      parameters.c_programme: 100
      parameters.effect: 0.3
)";
  scenario::Diagnostics d;
  auto s = scenario::load_scenario(file.string(), {}, models::specs(), d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(s.has_value());
  return *s;
}

// The paired increment in cost of the programme for one person: -c_ill for the share d ill
// without it and well with it, +programme cost for everyone.
double delta_cost(double p, double c) {
  return kProgramme - p * kEffect * c;
}
double delta_cost_se(double p, double c, double n) {
  const double d = p * kEffect;
  return c * std::sqrt(d * (1 - d) / n);
}

}  // namespace

TEST_CASE("toy model: run gives the closed-form means and is written like any model") {
  const auto s = toy_scenario();
  const auto outcome = analysis::run(s, 2);
  const auto& t = outcome.tally;
  for (std::size_t o = 0; o < 2; ++o) {
    const double risk = kP * (1 - (o == 1 ? kEffect : 0.0));
    const auto& cost = t.level(o, 0);
    const auto& ill = t.level(o, 2);
    CHECK(cost.count() == kPopulation);
    CHECK(std::abs(ill.mean() - risk) < 4 * std::sqrt(risk * (1 - risk) / kPopulation));
    CHECK(std::abs(cost.mean() - ((o == 1 ? kProgramme : 0.0) + risk * kCost)) <
          4 * kCost * std::sqrt(risk * (1 - risk) / kPopulation));
  }
  const auto& inc = t.increment(1, 0);
  CHECK(std::abs(inc.mean() - delta_cost(kP, kCost)) < 4 * delta_cost_se(kP, kCost, kPopulation));
  // The tally's paired SE is the closed form's, estimated.
  CHECK(inc.standard_error() ==
        doctest::Approx(delta_cost_se(kP, kCost, kPopulation)).epsilon(0.05));

  const auto dir = scratch("run");
  output::write_run(dir.string(), s, outcome, {"test", 2, 0});
  for (const char* f : {"summary.json", "results.csv", "manifest.json", "scenario.resolved.yaml"})
    CHECK(fs::exists(dir / f));
  const auto text = output::summary_text(s, outcome);
  CHECK(text.find("Programme vs No programme") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("toy model: each PSA iteration's increment is the closed form at its drawn parameters") {
  const auto s = toy_scenario();
  analysis::PsaSettings settings;
  settings.iterations = 30;
  const analysis::Psa psa(s, settings);
  const auto& l = psa.layout();
  // The default figures of a model with a cost and an effect.
  CHECK(l.figures.size() == 6);
  CHECK(l.figures[l.cost].name == "cost");
  CHECK(l.perspectives.empty());
  REQUIRE(l.parameters == std::vector<std::string>{"p_ill", "c_ill"});
  const auto its = analysis::run_psa(psa, {}, 2);
  REQUIRE(its.size() == 30);
  const std::size_t f = l.index_of("delta_cost");
  for (const auto& it : its) {
    const double p = it.parameters[0], c = it.parameters[1];
    CAPTURE(it.iteration);
    CHECK(std::abs(it.at(l, 1, f) - delta_cost(p, c)) < 5 * delta_cost_se(p, c, kPopulation));
    CHECK(it.se_at(l, 1, f) == doctest::Approx(delta_cost_se(p, c, kPopulation)).epsilon(0.1));
  }
  analysis::PsaReport report;
  report.thresholds = analysis::default_threshold_grid(s.economics.thresholds);
  const auto summary = analysis::summarise_psa(psa, its, report);
  // Cost-saving when delta_cost < 0: with the mean p c = 1,000 the programme saves 200 a person.
  REQUIRE(summary.options.size() == 2);
  REQUIRE(summary.options[1].probability_cost_saving);
  CHECK(*summary.options[1].probability_cost_saving > 0.8);
  const auto dir = scratch("psa");
  {
    output::AtomicDirectory out(dir);
    output::write_psa(out, s, psa, its, summary, output::manifest_json(s, {"test", 2, 0}));
    out.commit();
  }
  CHECK(fs::exists(dir / "psa.csv"));
  CHECK(fs::exists(dir / "ceac.csv"));
  fs::remove_all(dir);
}

TEST_CASE("toy model: the DSA's tornado of the cost increment has the closed-form ends") {
  const auto s = toy_scenario();
  const analysis::Dsa dsa(s, {analysis::DsaMeasure::kDeltaCost, 0, "nhs_pss"}, 1);
  const auto r = analysis::one_way_dsa(dsa).value();
  REQUIRE(r.tornado.size() == 1);
  const auto& rows = r.tornado[0].rows;
  bool saw_p = false, saw_q = false;
  for (const auto& row : rows) {
    if (row.name == "p_ill") {
      saw_p = true;
      CHECK(std::abs(row.at_low - delta_cost(0.15, kCost)) <
            4 * delta_cost_se(0.15, kCost, kPopulation));
      CHECK(std::abs(row.at_high - delta_cost(0.25, kCost)) <
            4 * delta_cost_se(0.25, kCost, kPopulation));
    }
    // QALYs lost do not change who is ill: on common random numbers no swing at all.
    if (row.name == "q_loss") {
      saw_q = true;
      CHECK(row.swing == 0);
    }
  }
  CHECK(saw_p);
  CHECK(saw_q);
  // Net savings and ROI need perspectives, which the toy model does not declare.
  CHECK(analysis::outcome_problem(s, {analysis::DsaMeasure::kNetSavings, 0, "nhs_pss"}) ==
        "model `toy` reports no net savings or ROI (use nmb, icer, delta_cost or delta_qalys)");
  const auto dir = scratch("dsa");
  {
    output::AtomicDirectory out(dir);
    output::write_dsa(out, s, dsa, &r, nullptr, nullptr,
                      analysis::dsa_summary(dsa, &r, nullptr, nullptr),
                      output::manifest_json(s, {"test", 1, 0}));
    out.commit();
  }
  CHECK(fs::exists(dir / "tornado.csv"));
  fs::remove_all(dir);
}

TEST_CASE("toy model: an option's NMB standard error counts the covariance of its cost and QALYs") {
  // A person's cost c_p + ill c_ill and QALYs 1 - ill q_loss are linear in one indicator, so the
  // NMB at w, w - c_p - ill (w q_loss + c_ill), has the standard error (w q_loss + c_ill) x the
  // sample's standard error of `ill`, exactly; without the covariance the error would be
  // sqrt((w q_loss)^2 + c_ill^2) x it, about 0.73 of that at w = 20,000 here.
  const auto s = toy_scenario();
  const auto outcome = analysis::run(s, 2);
  const auto& model = *outcome.model;
  const std::vector<double> thresholds = {20000, 50000};
  const auto l = model.figures(thresholds);
  std::vector<double> value, se;
  model.figure_values(outcome.tally, l, thresholds, value, se);
  const std::size_t F = l.figures.size();
  for (std::size_t o = 0; o < 2; ++o) {
    const double ill_se = outcome.tally.level(o, 2).standard_error();
    const auto ce = model.cost_effect(outcome.tally, o);
    REQUIRE(ce.has_value());
    CHECK(ce->covariance == doctest::Approx(-0.1 * kCost * ill_se * ill_se).epsilon(1e-9));
    for (const double w : thresholds) {
      const std::size_t f = l.index_of(fmt::format("nmb_{}", w));
      CHECK(se[o * F + f] == doctest::Approx((w * 0.1 + kCost) * ill_se).epsilon(1e-9));
      CHECK(se[o * F + f] == doctest::Approx(core::nmb_standard_error(*ce, w)).epsilon(1e-12));
    }
  }
}

}  // namespace pimhsim::test
