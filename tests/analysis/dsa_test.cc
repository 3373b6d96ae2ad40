// The DSA driver (analysis/dsa.h) on the Sick-Sicker model, whose incremental net monetary
// benefit has known sensitivities: linear in the treatment cost and treated utility, and
// independent of the costs of Sick and Sicker and of the utility of Sicker (both options follow
// the same paths on common random numbers and differ only in treatment cost and utility of Sick).
#include "pimhsim/analysis/dsa.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <string>
#include <vector>

#include "pimhsim/analysis/sampling.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/dsa_summary_json.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

scenario::Scenario load(const std::vector<std::string>& sets) {
  return test::load_shipped("scenarios/validation/sick_sicker_psa.yaml", sets);
}

}  // namespace

TEST_CASE("dsa: tornado ordering follows the known sensitivities") {
  Dsa dsa(load({"run.population=3000"}), {DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"}, 1);
  const auto r = one_way_dsa(dsa).value();
  REQUIRE(r.tornado.size() == 1);
  const auto& t = r.tornado[0];
  REQUIRE(t.rows.size() == 8);
  for (std::size_t k = 1; k < t.rows.size(); ++k) CHECK(t.rows[k - 1].swing >= t.rows[k].swing);
  // No effect on the increment: zero swing (up to rounding in the sums), at the bottom.
  for (std::size_t k = 5; k < 8; ++k) {
    CHECK(t.rows[k].swing < 1e-9 * std::abs(t.base));
    CHECK((t.rows[k].name == "c_S1" || t.rows[k].name == "c_S2" || t.rows[k].name == "u_S2"));
  }
  // Linear in c_trt: NMB = w dq - c_trt k, with k = delta cost / c_trt at the base case.
  const auto base = dsa.evaluate(dsa.scenario().parameters);
  CHECK(base[0] == t.base);
  Dsa cost(dsa.scenario(), {DsaMeasure::kDeltaCost, 0, "nhs_pss"}, 1);
  const double k = cost.evaluate(dsa.scenario().parameters)[0] / 12000;
  for (const auto& row : t.rows)
    if (row.name == "c_trt") {
      CHECK(row.swing == doctest::Approx(k * (15000 - 9000)).epsilon(1e-9));
      CHECK(row.at_low > row.at_high);
    }
  // The varied parameter's evaluations and the base share random numbers: one more evaluation
  // at the base value gives the base exactly.
  CHECK(dsa.evaluate(dsa.scenario().parameters)[0] == t.base);
}

TEST_CASE("dsa: the threshold of the treatment cost is found to tolerance") {
  Dsa dsa(load({"run.population=3000"}), {DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"}, 1);
  const auto r = threshold_dsa(dsa, "c_trt", std::nullopt, std::nullopt, 4, 1e-6).value();
  REQUIRE(r.thresholds.size() == 1);
  REQUIRE(r.thresholds[0].roots.size() == 1);
  // Analytic root: c* = w dq / k from two evaluations (the model is exactly linear in c_trt).
  Dsa cost(dsa.scenario(), {DsaMeasure::kDeltaCost, 0, "nhs_pss"}, 1);
  Dsa effect(dsa.scenario(), {DsaMeasure::kDeltaEffect, 0, "nhs_pss"}, 1);
  const double k = cost.evaluate(dsa.scenario().parameters)[0] / 12000;
  const double dq = effect.evaluate(dsa.scenario().parameters)[0];
  CHECK(r.thresholds[0].roots[0] == doctest::Approx(100000 * dq / k).epsilon(1e-8));
  // With two strategies the preferred option changes exactly there: treatment (NMB > 0) below
  // the root, the comparator above it (NMB falls with the treatment cost).
  REQUIRE(r.preferred_changes.size() == 1);
  CHECK(r.preferred_changes[0].value == doctest::Approx(r.thresholds[0].roots[0]).epsilon(1e-8));
  CHECK(r.preferred_changes[0].from == 1);
  CHECK(r.preferred_changes[0].to == 0);
  CHECK(r.preferred_at_ends == std::vector<std::size_t>{1, 0});
  // Outside the range: none.
  const auto none = threshold_dsa(dsa, "c_trt", 20000.0, 30000.0, 4, 0).value();
  CHECK(none.thresholds[0].none_in_range());
  // Found nowhere: the threshold field is empty and in_range false, never text in a number.
  CHECK(threshold_csv(dsa, none).ends_with(",20000,30000,,false\n"));
}

// The preferred option is the decision's: the highest net benefit, the lowest cost for delta_cost
// (Sick-Sicker's treatment costs more at every treatment cost in range, so no treatment is
// preferred throughout), and none for an effect alone. The crossing of two options is refined to
// the threshold's own tolerance: with two options it is the threshold, to the bit.
TEST_CASE("dsa: the preferred option follows the outcome's decision rule") {
  const auto scenario = load({"run.population=2000"});
  Dsa nmb(scenario, {DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"}, 1);
  const auto r = threshold_dsa(nmb, "c_trt", std::nullopt, std::nullopt, 4, 0).value();
  REQUIRE(r.thresholds[0].roots.size() == 1);
  REQUIRE(r.preferred_changes.size() == 1);
  CHECK(r.preferred_changes[0].value == r.thresholds[0].roots[0]);

  Dsa cost(scenario, {DsaMeasure::kDeltaCost, 0, "nhs_pss"}, 1);
  const auto c = threshold_dsa(cost, "c_trt", std::nullopt, std::nullopt, 4, 0).value();
  CHECK(c.thresholds[0].none_in_range());
  REQUIRE(cost.evaluate(scenario.parameters)[0] > 0);
  CHECK(c.preferred_at_ends == std::vector<std::size_t>{0, 0});
  CHECK(c.preferred_changes.empty());

  Dsa effect(scenario, {DsaMeasure::kDeltaEffect, 0, "nhs_pss"}, 1);
  const auto e = threshold_dsa(effect, "c_trt", std::nullopt, std::nullopt, 4, 0).value();
  CHECK(e.preferred_at_ends.empty());
  CHECK(e.preferred_changes.empty());
}

// The ICER is a cost per QALY gained: defined only where the option gains QALYs. Sick-Sicker's
// treatment gains QALYs only through the treated utility of Sick (0.95 against 0.75 untreated):
// at 0.70 the treated live worse, and the ratio (positive there, with both increments negative
// or cost up and QALYs down) must not be reported as if it were a cost per QALY gained.
TEST_CASE(
    "dsa: the ICER is not defined where the option gains no QALYs, and its tornado and threshold "
    "say so") {
  Dsa dsa(load({"run.population=2000", "parameters.u_trt.low=0.7"}),
          {DsaMeasure::kIcer, 100000, "nhs_pss"}, 1);
  Dsa effect(dsa.scenario(), {DsaMeasure::kDeltaEffect, 0, "nhs_pss"}, 1);
  auto worse = dsa.scenario().parameters;
  worse.find("u_trt")->value = 0.7;
  REQUIRE(effect.evaluate(worse)[0] < 0);
  CHECK(std::isnan(dsa.evaluate(worse)[0]));
  const double base = dsa.evaluate(dsa.scenario().parameters)[0];
  CHECK(std::isfinite(base));
  CHECK(base > 0);
  // In the tornado the row whose end is undefined comes first; the rest are ordered by swing.
  const auto r = one_way_dsa(dsa).value();
  const auto& rows = r.tornado[0].rows;
  REQUIRE(rows.size() == 8);
  CHECK(rows[0].name == "u_trt");
  CHECK(std::isnan(rows[0].at_low));
  CHECK(std::isnan(rows[0].swing));
  for (std::size_t k = 1; k < rows.size(); ++k) CHECK_FALSE(std::isnan(rows[k].swing));
  for (std::size_t k = 2; k < rows.size(); ++k) CHECK(rows[k - 1].swing >= rows[k].swing);
  // A threshold of the ICER is refused: the root of the NMB at the same threshold is the answer.
  CHECK(threshold_dsa(dsa, "c_trt", std::nullopt, std::nullopt, 4, 0).status().code() ==
        core::StatusCode::kBadInput);
}

TEST_CASE("dsa: a two-way grid evaluates each point once for every option") {
  Dsa dsa(load({"run.population=1000"}), {DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"}, 1);
  const auto r = two_way_dsa(dsa, "c_trt", "u_trt", 3).value();
  REQUIRE(r.grids.size() == 1);
  CHECK(r.grids[0].values.size() == 9);
  CHECK(dsa.evaluations() == 9);
  // NMB falls with the treatment cost and rises with the treated utility.
  CHECK(r.grids[0].at(0, 1) > r.grids[0].at(2, 1));
  CHECK(r.grids[0].at(1, 2) > r.grids[0].at(1, 0));
}

TEST_CASE("dsa: memo keys, preloading and journal lines make a resumed analysis identical") {
  const auto s = load({"run.population=1000"});
  const DsaOutcome nmb{DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"};
  Dsa whole(s, nmb, 1);
  std::vector<std::string> journal;
  whole.set_on_evaluation([&](const std::string& key, const std::vector<double>& outcomes) {
    journal.push_back(dsa_journal_line(key, outcomes));
  });
  // Keys: the parameters that differ from the scenario's, exactly; "" for the base case.
  auto set = s.parameters;
  CHECK(whole.key(set) == "");
  set.find("c_trt")->value = 0.1 + 0.2;
  set.find("u_trt")->value = 0.9;
  CHECK(whole.key(set) == "c_trt=0.30000000000000004;u_trt=0.9");
  const auto r = two_way_dsa(whole, "c_trt", "u_trt", 3).value();
  const auto t = threshold_dsa(whole, "c_trt", std::nullopt, std::nullopt, 2, 0).value();
  // A memo hit is not a new evaluation: one journal line per simulation.
  CHECK(whole.evaluations() == journal.size());
  CHECK(whole.distinct_evaluations() == journal.size());
  REQUIRE(journal.size() >= 9);

  // Round trip: every line parses back to its key and outcomes; a damaged one does not.
  const auto parsed = parse_dsa_journal_line(journal[1], 1);
  REQUIRE(parsed);
  CHECK(dsa_journal_line(parsed->first, parsed->second) == journal[1]);
  std::string damaged = journal[1];
  damaged[2] = damaged[2] == '9' ? '8' : '9';
  CHECK_FALSE(parse_dsa_journal_line(damaged, 1));
  CHECK_FALSE(parse_dsa_journal_line(journal[1].substr(0, journal[1].size() / 2), 1));
  CHECK_FALSE(parse_dsa_journal_line(journal[1], 2));
  CHECK(parse_dsa_journal_line(dsa_journal_line("a=1,b=2", {1.5}), 1)->first == "a=1,b=2");

  // Resume from the first half of the journal: only the rest is simulated, and the results are
  // identical.
  Dsa resumed(s, nmb, 1);
  const std::size_t half = journal.size() / 2;
  for (std::size_t k = 0; k < half; ++k) {
    auto e = parse_dsa_journal_line(journal[k], 1);
    REQUIRE(e);
    resumed.preload(e->first, std::move(e->second));
  }
  std::size_t journalled = 0;
  resumed.set_on_evaluation([&](const std::string&, const std::vector<double>&) { ++journalled; });
  const auto r2 = two_way_dsa(resumed, "c_trt", "u_trt", 3).value();
  const auto t2 = threshold_dsa(resumed, "c_trt", std::nullopt, std::nullopt, 2, 0).value();
  CHECK(r2.grids[0].values == r.grids[0].values);
  CHECK(t2.thresholds[0].roots == t.thresholds[0].roots);
  CHECK(resumed.evaluations() == journal.size() - half);
  CHECK(journalled == journal.size() - half);
  CHECK(resumed.distinct_evaluations() == journal.size());
  const auto summary = dsa_summary(resumed, nullptr, &r2, &t2);
  CHECK(summary.evaluations == journal.size());
  CHECK(output::dsa_summary_json(summary) ==
        output::dsa_summary_json(dsa_summary(whole, nullptr, &r, &t)));
  CHECK_THROWS_AS(resumed.preload("x=1", {1, 2}), std::invalid_argument);
  // A second evaluation of a parameter set is a memo hit: no simulation, no journal line.
  const auto base = resumed.evaluate(s.parameters);
  const std::size_t before = resumed.evaluations();
  CHECK(resumed.evaluate(s.parameters) == base);
  CHECK(resumed.evaluations() == before);
  CHECK(journalled == before);
}

TEST_CASE("dsa: outcomes the model does not report are refused") {
  const auto s = load({});
  CHECK(outcome_problem(s, {DsaMeasure::kNetSavings, 0, "nhs_pss"}).find("net savings") !=
        std::string::npos);
  CHECK(outcome_problem(s, {DsaMeasure::kIcer, 0, "nhs_pss"}).empty());
  CHECK_THROWS_AS(Dsa(s, {DsaMeasure::kRoi, 0, "nhs_pss"}, 1), std::invalid_argument);
}

TEST_CASE("dsa: a stop request is a status, not an exception, and nothing more is simulated") {
  Dsa dsa(load({"run.population=1000"}), {DsaMeasure::kNetMonetaryBenefit, 100000, "nhs_pss"}, 1);
  std::atomic<bool> stop{true};
  dsa.set_stop(&stop);
  const auto one = one_way_dsa(dsa);
  CHECK(one.status().code() == core::StatusCode::kInterrupted);
  CHECK(two_way_dsa(dsa, "c_trt", "u_trt", 3).status().code() == core::StatusCode::kInterrupted);
  CHECK(threshold_dsa(dsa, "c_trt", std::nullopt, std::nullopt, 2, 0).status().code() ==
        core::StatusCode::kInterrupted);
  CHECK(dsa.evaluations() == 0);
}

}  // namespace pimhsim::analysis

namespace pimhsim::analysis {

TEST_CASE("dsa: the tornado varies by default the parameters the PSA samples, and all with all") {
  const auto s = test::load_shipped("scenarios/england.yaml", {"run.scale=0.01"});
  // The PSA's sampled dimensions, by parameter (a Dirichlet's components by their parent).
  const ParameterSampler sampler(s.parameters, SamplingMethod::kMonteCarlo, 2, 1);
  std::vector<std::string> sampled;
  for (const auto& name : sampler.sampled_parameters()) {
    std::string parent = name;
    if (!s.parameters.find(parent)) parent = name.substr(0, name.rfind('.'));
    if (sampled.empty() || sampled.back() != parent) sampled.push_back(parent);
  }
  DsaRequest request;
  request.outcome_name = "nmb";
  DsaOutcome outcome{DsaMeasure::kNetMonetaryBenefit, 0, "nhs_pss"};
  DsaPlan plan;
  REQUIRE(dsa_plan(s, request, outcome, plan).empty());
  CHECK(plan.parameters == sampled);
  CHECK(plan.parameters_text == "sampled");
  // England has parameters with bounds only (waits, on-costs): `all` adds them.
  request.parameters = "all";
  REQUIRE(dsa_plan(s, request, outcome, plan).empty());
  CHECK(plan.parameters.empty());
  Dsa dsa(s, outcome, 1);
  CHECK(one_way_evaluations(dsa, {}) > one_way_evaluations(dsa, sampled));
}

}  // namespace pimhsim::analysis
