// The PSA driver (analysis/psa.h) on the Sick-Sicker model with a small population: it recovers
// the analytic mean and spread of an outcome linear in one uncertain parameter, every iteration
// is a pure function of its address (thread count, order, resumption), the journal round-trips
// exactly, and options share their parameter draws.
#include "pimhsim/analysis/psa.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "pimhsim/analysis/decision.h"
#include "pimhsim/models/registry.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

scenario::Scenario load(const std::vector<std::string>& sets) {
  return test::load_shipped("scenarios/validation/sick_sicker_psa.yaml", sets);
}

// Sick-Sicker with only the treatment cost uncertain.
scenario::Scenario load_linear() {
  const std::string file = std::string(PIMHSIM_BINARY_DIR) + "/psa_test_linear.yaml";
  {
    std::ofstream out(file);
    out << "extends: " << PIMHSIM_SOURCE_DIR << "/scenarios/validation/sick_sicker.yaml\n"
        << "run: {population: 2000}\n"
        << "parameters:\n  c_trt:\n    distribution: {type: gamma, mean: 12000, se: 1200}\n";
  }
  scenario::Diagnostics d;
  auto s = scenario::load_scenario(file, {}, models::specs(), d);
  REQUIRE(s);
  return *s;
}

// Equal values, a NaN matching any NaN.
bool same_values(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

bool same(const PsaIteration& a, const PsaIteration& b) {
  return a.iteration == b.iteration && same_values(a.value, b.value) && same_values(a.se, b.se) &&
         same_values(a.parameters, b.parameters);
}

}  // namespace

TEST_CASE("psa: an increment linear in one uncertain parameter has the analytic mean and spread") {
  // Only c_trt is uncertain (Gamma, mean 12000, SE 1200). Treatment costs c_trt per cycle sick,
  // and both options follow the same paths (common random numbers), so delta_cost = c_trt x k
  // with k the iteration's discounted sick cycles per person: E = 12000 E[k], SD ~ 1200 k.
  auto s = load_linear();
  Psa psa(s, {200, SamplingMethod::kLatinHypercube});
  const auto& l = psa.layout();
  REQUIRE(l.parameters == std::vector<std::string>{"c_trt"});
  const auto its = run_psa(psa, {}, 2);
  REQUIRE(its.size() == 200);
  const std::size_t dc = l.index_of("delta_cost");
  double mean = 0, mean_k = 0, mean_c = 0;
  std::vector<double> x;
  for (const auto& it : its) {
    const double c = it.parameters[0], d = it.at(l, 1, dc);
    // Exactly linear within the iteration: the increment is c_trt times the sick cycles.
    const double k = d / c;
    CHECK(it.at(l, 1, l.cost) - it.at(l, 0, l.cost) == doctest::Approx(d).epsilon(1e-12));
    mean += d / 200;
    mean_k += k / 200;
    mean_c += c / 200;
    x.push_back(d);
  }
  CHECK(mean_c == doctest::Approx(12000).epsilon(0.002));  // Latin hypercube: nearly exact
  CHECK(mean == doctest::Approx(12000 * mean_k).epsilon(0.02));
  double var = 0;
  for (double d : x) var += (d - mean) * (d - mean) / 199;
  // 1200 k, plus a little first-order noise in k; the sample SD of 200 draws is within ~10%.
  CHECK(std::sqrt(var) == doctest::Approx(1200 * mean_k).epsilon(0.2));
  const auto summary = summarise_psa(
      psa, its, {default_threshold_grid(s.economics.thresholds), {{"c_trt"}}, std::nullopt, 10});
  REQUIRE(summary.options.size() == 2);
  const auto& figures = summary.options[1].figures;
  const auto f = std::find_if(figures.begin(), figures.end(),
                              [](const PsaFigureSummary& x) { return x.figure == "delta_cost"; });
  REQUIRE(f != figures.end());
  CHECK(f->estimate.mean == doctest::Approx(mean));
  CHECK(f->estimate.standard_error == doctest::Approx(std::sqrt(var / 200)).epsilon(1e-9));
  CHECK(f->estimate.n == 200);
  CHECK(f->inner_share < 0.1);
  CHECK(summary.options[1].probability_cost_saving == 0.0);
  // EVPPI of the only uncertain parameter is the EVPI (up to the regression's error).
  REQUIRE(summary.decision);
  for (const auto& t : summary.decision->thresholds) {
    REQUIRE(t.evppi.size() == 1);
    CHECK_FALSE(t.evppi[0].skipped);
    CHECK(t.evppi[0].per_person == doctest::Approx(t.evpi.per_person).epsilon(0.1).scale(50));
  }
}

TEST_CASE("psa: an iteration depends only on its address, not on threads, order or resumption") {
  auto s = load({"run.population=1500"});
  Psa psa(s, {6, SamplingMethod::kMonteCarlo});
  const auto a = psa.run_iteration(3, 1), b = psa.run_iteration(3, 2);
  CHECK(same(a, b));
  const auto all = run_psa(psa, {}, 1);
  // Resume with iterations 1 and 4 done: the same results, in order.
  std::vector<PsaIteration> journaled;
  std::vector<std::uint32_t> ran;
  for (const auto i : {4u, 1u})
    journaled.push_back(*parse_journal_line(journal_line(all[i]), psa.layout()));
  const auto resumed =
      run_psa(psa, journaled, 2, [&](const PsaIteration& it) { ran.push_back(it.iteration); });
  CHECK(ran == std::vector<std::uint32_t>{0, 2, 3, 5});
  REQUIRE(resumed.size() == all.size());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(same(all[i], resumed[i]));
  CHECK(psa_csv(psa, all) == psa_csv(psa, resumed));
  // Different iterations draw different parameters and different people.
  CHECK(all[0].parameters != all[1].parameters);
  // A stop flag already set runs nothing more.
  std::atomic<bool> stop{true};
  CHECK(run_psa(psa, journaled, 1, {}, {}, &stop).size() == 2);
}

TEST_CASE("psa: whole iterations at once on many threads give the iterations of one thread") {
  auto s = load({"run.population=1500"});
  Psa psa(s, {7, SamplingMethod::kMonteCarlo});
  REQUIRE(psa.units_per_iteration() < 5);  // so 5 threads take whole iterations at once
  const auto one = run_psa(psa, {}, 1);
  std::vector<std::uint32_t> ran;
  const auto many =
      run_psa(psa, {}, 5, [&](const PsaIteration& it) { ran.push_back(it.iteration); });
  CHECK(ran == std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6});  // journaled in order
  REQUIRE(many.size() == one.size());
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(same(one[i], many[i]));
  // Resumed with some done, across threads: the same again.
  std::vector<PsaIteration> journaled{one[2], one[5]};
  const auto resumed = run_psa(psa, journaled, 5);
  REQUIRE(resumed.size() == one.size());
  for (std::size_t i = 0; i < one.size(); ++i) CHECK(same(one[i], resumed[i]));
  std::atomic<bool> stop{true};
  CHECK(run_psa(psa, journaled, 5, {}, {}, &stop).size() == 2);
}

TEST_CASE("psa: journal lines round-trip exactly and damaged lines are refused") {
  auto s = load({"run.population=1000"});
  Psa psa(s, {3, SamplingMethod::kMonteCarlo});
  const auto it = psa.run_iteration(2, 1);
  const std::string line = journal_line(it);
  REQUIRE(line.back() == '\n');
  const auto back = parse_journal_line(line, psa.layout());
  REQUIRE(back);
  CHECK(same(*back, it));
  CHECK_FALSE(
      parse_journal_line(line.substr(0, line.size() / 2), psa.layout()));  // cut short by SIGKILL
  std::string flipped = line;
  flipped[5] = flipped[5] == '1' ? '2' : '1';
  CHECK_FALSE(parse_journal_line(flipped, psa.layout()));  // checksum
  CHECK_FALSE(parse_journal_line("", psa.layout()));
}

TEST_CASE("psa: options share each parameter's draw, an option's own setting is not sampled") {
  auto s = load(
      {"run.population=1000", "options.1.set={switches.treatment: true, parameters.c_trt: 10000}"});
  Psa psa(s, {4, SamplingMethod::kLatinHypercube});
  for (std::uint32_t i = 0; i < 4; ++i) {
    const auto drawn = psa.draw(i);
    for (const auto& p : drawn.options[0].parameters.all()) {
      if (p.name == "c_trt") continue;
      CHECK(drawn.options[1].parameters.value(p.name) == p.value);
    }
    CHECK(drawn.options[1].parameters.value("c_trt") == 10000);
    CHECK(drawn.options[0].parameters.value("c_trt") != 12000);
  }
}

TEST_CASE(
    "psa: the default threshold grid spans twice the largest threshold and holds the scenario's") {
  const auto g = default_threshold_grid({20000, 30000});
  CHECK(g.front() == 0);
  CHECK(g.back() == 60000);
  CHECK(std::count(g.begin(), g.end(), 20000.0) == 1);
  CHECK(std::count(g.begin(), g.end(), 30000.0) == 1);
  // A grid asked for keeps the scenario's thresholds too, each once, so that the decision at
  // them (the report's verdict) is there.
  CHECK(threshold_grid(std::string("25000,30000"), {20000, 30000}).value() ==
        std::vector<double>{20000, 25000, 30000});
  CHECK(threshold_grid(std::string("0:10000:5000"), {20000}).value() ==
        std::vector<double>{0, 5000, 10000, 20000});
  // So does the PSA's own grid (`psa --wtp`).
  const auto s = test::load_shipped("scenarios/validation/sick_sicker_psa.yaml", {});
  REQUIRE(s.economics.thresholds == std::vector<double>{50000, 100000});
  const Psa psa(s, {2, SamplingMethod::kMonteCarlo});
  PsaRequest request;
  request.thresholds = std::vector<double>{75000};
  PsaReport report;
  REQUIRE(psa_report(request, s, psa, report).ok());
  CHECK(report.thresholds == std::vector<double>{50000, 75000, 100000});
}

// The pathway's values per birth are shares of totals already discounted to the start of the
// horizon, so its population EVPI must be the EVPI of the population totals: the value of
// resolving the uncertainty for the births the run simulates. With the births fixed (no trend
// uncertainty) every iteration counts the same dyads, and the two agree to rounding; discounting
// the births again (the annuity of a one-cohort model) would give 0.86 of it at 10 years.
TEST_CASE(
    "psa: the pathway's population EVPI is the EVPI of its population totals, not discounted "
    "again") {
  const auto s = test::load_shipped(
      "scenarios/england.yaml",
      {"run.scale=0.02", "run.horizon=10", "areas.include=[E06000047]",
       "parameters.births.annual_trend={value: 0, unit: share a year, source: test}"});
  Psa psa(s, {24, SamplingMethod::kMonteCarlo});
  const auto its = run_psa(psa, {}, 2);
  const auto& l = psa.layout();
  REQUIRE(l.persons);
  const double dyads = its[0].at(l, 0, *l.persons);
  for (const auto& it : its) REQUIRE(it.at(l, 0, *l.persons) == dyads);
  PsaReport report;
  report.thresholds = {20000};
  const auto summary = summarise_psa(psa, its, report);
  REQUIRE(summary.decision);
  const auto& decision = *summary.decision;
  CHECK(decision.per == "birth");
  CHECK(decision.horizon_years == 10);
  REQUIRE(decision.persons_over_horizon);
  CHECK(*decision.persons_over_horizon == doctest::Approx(dyads).epsilon(1e-12));
  CHECK_FALSE(decision.annuity_factor);
  const std::size_t n = its.size(), k = l.options.size();
  Eigen::MatrixXd totals(n, k);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t o = 0; o < k; ++o)
      totals(i, o) = 20000 * its[i].at(l, o, l.effect) - its[i].at(l, o, l.cost);
  const double of_totals = evpi(totals).per_person;
  REQUIRE(of_totals >
          0);  // the options' order changes between iterations, so information has value
  for (const auto& t : decision.thresholds)
    if (t.threshold == 20000) {
      REQUIRE(t.evpi.population);
      CHECK(*t.evpi.population == doctest::Approx(of_totals).epsilon(1e-9));
    }
}

// With three options the decision also turns on the step between the two staffed ones: the PSA
// records it, paired, so that its first-order noise is measured and warned about like the
// increments over the comparator.
TEST_CASE(
    "psa: the steps between options other than the comparator are recorded, paired, with their "
    "inner share") {
  const auto s = test::load_shipped(
      "scenarios/england.yaml", {"run.scale=0.02", "run.horizon=3", "areas.include=[E06000047]"});
  REQUIRE(s.options.size() == 3);
  Psa psa(s, {6, SamplingMethod::kMonteCarlo});
  const auto& l = psa.layout();
  const std::size_t pair = l.index_of("pair_delta_nmb_20000_over_option_2");
  const std::size_t d20 = l.index_of("delta_nmb_20000");
  const auto its = run_psa(psa, {}, 2);
  for (const auto& it : its) {
    CHECK(std::isnan(it.at(l, 1, pair)));  // only for the options after option 2
    CHECK(it.at(l, 2, pair) == doctest::Approx(it.at(l, 2, d20) - it.at(l, 1, d20)).epsilon(1e-9));
    // Paired on common random numbers: far below the error of two independent increments.
    CHECK(it.se_at(l, 2, pair) > 0);
    // (Equal when option 1's increment has no noise in an iteration: no dyad's outcome changed.)
    if (it.se_at(l, 1, d20) > 0)
      CHECK(it.se_at(l, 2, pair) < std::hypot(it.se_at(l, 2, d20), it.se_at(l, 1, d20)));
    else
      CHECK(it.se_at(l, 2, pair) == doctest::Approx(it.se_at(l, 2, d20)).epsilon(1e-12));
  }
  PsaReport report;
  report.thresholds = {20000};
  report.inner_share_warning = 0;  // every decision figure with any noise is reported
  const auto summary = summarise_psa(psa, its, report);
  bool warned = false;
  for (const auto& w : summary.warnings)
    warned = warned || w.find("pair_delta_nmb_20000_over_option_2") != std::string::npos;
  CHECK(warned);
}

}  // namespace pimhsim::analysis
