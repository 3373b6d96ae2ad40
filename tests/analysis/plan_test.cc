// Staffing plans: targets parsed or refused with the accepted forms; the known answer of a
// constructed monotone case found exactly; a Monte Carlo target stable across seeds within the
// uncertainty the plan reports.
#include "pimhsim/analysis/plan.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cmath>
#include <string>
#include <vector>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/registry.h"

using namespace pathway_test;
namespace an = pimhsim::analysis;

TEST_CASE("plan: targets are read, and bad ones refused with the accepted forms") {
  std::string why;
  const auto a = an::parse_target("detection >= 0.7", &why);
  REQUIRE(a);
  CHECK(a->measure == "detection");
  CHECK(a->kind == an::PlanTarget::Kind::kAtLeast);
  CHECK(a->value == 0.7);
  const auto& model = *pimhsim::models::staffable_of("pathway");
  auto resolved = *a;
  CHECK(an::resolve_target(resolved, model) == "");
  CHECK(resolved.rises);
  CHECK(model.measures()[resolved.index].name == "detection");
  auto b = *an::parse_target("max nmb@20000", &why);
  CHECK(b.kind == an::PlanTarget::Kind::kMaximise);
  CHECK(b.threshold == 20000);
  CHECK(an::resolve_target(b, model) == "");
  CHECK_FALSE(b.rises);
  auto c = *an::parse_target("roi_societal >= 1", &why);
  CHECK(an::resolve_target(c, model) == "");
  CHECK_FALSE(c.rises);
  // Forms that cannot be read, whatever the model.
  for (const char* bad : {"detection", "detection > 0.7", "", "detection >= 0.5.1", "max nmb@2e4e4",
                          "max nmb@20000 >= 1", "nmb@0 >= 1"}) {
    CAPTURE(bad);
    why.clear();
    CHECK_FALSE(an::parse_target(bad, &why));
    CHECK(why.find("expected") != std::string::npos);
  }
  // Forms the pathway's measures refuse, each saying why.
  for (const auto& refused : std::vector<std::pair<const char*, const char*>>{
           {"detections >= 0.7", "one of detection, timely_specialist"},
           {"detection >= 1.5", "a value in [0, 1]"},
           {"nmb >= 0", "needs a threshold"},
           {"max detection", "rises with staffing"},
           {"roi@20000 >= 1", "takes no @threshold"}}) {
    const char *bad = refused.first, *says = refused.second;
    CAPTURE(bad);
    auto t = an::parse_target(bad, &why);
    REQUIRE(t);
    CHECK(an::resolve_target(*t, model).find(says) != std::string::npos);
  }
  CHECK(an::parse_rule("births") == an::PlanRule::kBirths);
  CHECK_FALSE(an::parse_rule("per area"));
}

// A deterministic target with a closed form: the trained share of health visitors in the final
// year under a uniform WTE x in every area, with posts filled at once and kept. Area a's share
// follows s(t) = s* + (s0 - s*) q^t (see workforce_test.cc) with r_a = x x training share x AWT /
// specialist hours per trainee / HV_a; England's share is the HV-weighted mean. The test finds
// the smallest grid value meeting the target by scanning the closed form, and plan must return it.
TEST_CASE(
    "plan: the known answer of a monotone case (the cascade's closed form), found by bisection") {
  std::vector<std::string> sets = {"run.scale=0.05", "run.horizon=5",
                                   "areas.include=[E08000035, E06000047, E09000012]"};
  for (const char* p : {"recruitment_months", "competence_months", "attrition_per_year"})
    sets.push_back(fmt::format("parameters.supply.{}={{value: 0, unit: x, source: test}}", p));
  const auto s = england(sets);
  const pw::Model model(s);
  const auto& in = model.options()[0];
  auto final_year_share = [&](double x) {
    double trained = 0, hv = 0;
    for (std::size_t a = 0; a < 3; ++a) {
      const double h = model.staffing(a)[0].hv_wte, s0 = in.initial_trained_share,
                   tau = in.hv_turnover;
      const double b = tau * s0 / (1 - s0);
      const double r = x * in.training_share * in.awt_hours / in.specialist_hours_per_hv / h;
      const double star = (r + b) / (r + b + tau), q = 1 - (r + b + tau) / 12;
      for (int t = 48; t < 60; ++t) {
        trained += h * (star + (s0 - star) * std::pow(q, t));
        hv += h;
      }
    }
    return trained / hv;
  };
  const double step = 0.1;
  // A target halfway between the shares at 1.2 and 1.3 WTE: the answer is 1.3.
  const double target = (final_year_share(1.2) + final_year_share(1.3)) / 2;
  int expected = 0;
  while (final_year_share(expected * step) < target) ++expected;
  REQUIRE(expected == 13);
  std::string why;
  an::PlanSettings settings;
  settings.target = *an::parse_target(fmt::format("trained_share >= {:.17g}", target), &why);
  settings.rule = an::PlanRule::kUniform;
  settings.step = step;
  settings.maximum = 5;
  settings.executor = 2u;
  settings.sweep = an::PlanSettings::Sweep{1.2, 1.4, 0.1};
  const auto planned = an::plan(s, settings);
  REQUIRE(planned.ok());
  const auto& result = planned.value();
  CHECK(result.solution_x == doctest::Approx(1.3).epsilon(1e-12));
  CHECK(result.measure.value == doctest::Approx(final_year_share(1.3)).epsilon(1e-9));
  CHECK(result.target_met);
  // Bisection over 50 grid steps: the two ends, then about log2(50) = 6 halvings, then the two
  // points of the slope and the solution itself; then the sweep's 3 points.
  CHECK(result.evaluations <= 2 + 6 + 2 + 1 + 3);
  CHECK(result.areas.size() == 3);
  for (const auto& a : result.areas) CHECK(a.wte == doctest::Approx(1.3));

  // The dose-response sweep runs on the same common random numbers: its point at the solution
  // reproduces the solution's measures exactly, and each point the closed form.
  REQUIRE(result.sweep.size() == 3);
  std::size_t trained = result.achieves.size();
  for (std::size_t i = 0; i < result.achieves.size(); ++i)
    if (result.achieves[i].name() == "trained_share") trained = i;
  REQUIRE(trained < result.achieves.size());
  for (const auto& p : result.sweep) {
    CAPTURE(p.x);
    CHECK(p.values[trained].value == doctest::Approx(final_year_share(p.x)).epsilon(1e-9));
  }
  CHECK(result.sweep[1].x == doctest::Approx(1.3));
  for (std::size_t i = 0; i < result.achieves.size(); ++i) {
    CAPTURE(result.achieves[i].name());
    const auto& a = result.achieves[i].value;
    const auto& b = result.sweep[1].values[i];
    CHECK((a.value == b.value || (!a.defined() && !b.defined())));
  }
  // The reconciliation puts the target's answer beside the workload's requirement.
  REQUIRE(result.reconciliation.size() >= 2);
  CHECK(result.reconciliation[1].total_wte == doctest::Approx(3 * 1.3));
  CHECK(result.reconciliation[1].question.find("smallest staffing that meets trained_share") !=
        std::string::npos);

  // A target above what the top of the search reaches: no plan, and the best reachable (the top,
  // for a measure that rises with staffing) with its value, never the top as a solution.
  an::PlanSettings high = settings;
  high.sweep.reset();
  high.maximum = 1;
  const double beyond = (final_year_share(1.0) + final_year_share(1.1)) / 2;
  high.target = *an::parse_target(fmt::format("trained_share >= {:.17g}", beyond), &why);
  const auto out_of_reach = an::plan(s, high);
  REQUIRE(out_of_reach.ok());
  CHECK_FALSE(out_of_reach->reachable);
  CHECK_FALSE(out_of_reach->target_met);
  CHECK_FALSE(out_of_reach->solution_x);
  REQUIRE(out_of_reach->best_x);
  CHECK(*out_of_reach->best_x == doctest::Approx(1.0));
  CHECK(out_of_reach->measure.value == doctest::Approx(final_year_share(1.0)).epsilon(1e-9));

  // A budget: the most staffing it pays for, 3 areas x x WTE x the post cost <= budget, on the
  // grid: 3 x 1.25 WTE's cost buys 1.2 WTE per area.
  const double post_cost = model.options()[1].post_cost_per_wte;
  an::PlanSettings budget = settings;
  budget.sweep.reset();
  budget.target = {};
  budget.budget = 3 * 1.25 * post_cost;
  const auto bought = an::plan(s, budget);
  REQUIRE(bought.ok());
  REQUIRE(bought->solution_x);
  CHECK(*bought->solution_x == doctest::Approx(1.2));
  CHECK(bought->annual_post_cost == doctest::Approx(3 * 1.2 * post_cost));
  CHECK(bought->evaluations == 1);
  // Refused: a budget below the least staffing's cost, and one per-area budget for three areas.
  budget.budget = 3 * 0.5 * post_cost;
  budget.minimum_wte = 1;
  CHECK(an::plan(s, budget).status().code() == pimhsim::core::StatusCode::kBadInput);
  budget.minimum_wte = 0;
  budget.rule = an::PlanRule::kPerArea;
  CHECK(an::plan(s, budget).status().code() == pimhsim::core::StatusCode::kBadInput);
}

// The share of specialist referrals seen within 4 weeks is a Monte Carlo measure whose noise
// comes mostly from the caseload queue (dyads of an area compete for places), so its SE is the
// spread of 8 replicates, not a binomial one. Planned with two seeds, each solution meets the
// target, the two measures agree within the combined standard errors the plan reports, and the two
// staffing solutions within the combined standard errors of the solution (SE of the measure over
// its slope), plus one grid step for rounding. The measure is flat near 80% (more places change
// little once most referrals are seen at once), so a small noise in it moves the solution by a WTE
// or more: the SE says so.
TEST_CASE("plan: a Monte Carlo target is stable across seeds within its reported uncertainty") {
  std::vector<double> value, se, wte, wte_se;
  for (const char* seed : {"run.seed=11", "run.seed=12"}) {
    const auto s = england(
        {"run.scale=1", "run.horizon=6", "run.replicates=8", "areas.include=[E08000035]", seed});
    std::string why;
    an::PlanSettings settings;
    settings.target = *an::parse_target("timely_specialist >= 0.8", &why);
    settings.rule = an::PlanRule::kPerArea;
    settings.step = 0.25;
    settings.maximum = 20;
    settings.executor = 2u;
    const auto r = an::plan(s, settings);
    REQUIRE(r.ok());
    const auto& area = r->areas[0];
    CHECK(area.target_met);
    value.push_back(area.measure.value);
    se.push_back(area.measure.se);
    wte.push_back(area.wte);
    REQUIRE(std::isfinite(area.wte_se));
    wte_se.push_back(area.wte_se);
    CHECK(se.back() > 0);
    CHECK(se.back() < 0.05);
  }
  MESSAGE("timely share " << value[0] << " +- " << se[0] << " at " << wte[0] << " +- " << wte_se[0]
                          << " WTE; " << value[1] << " +- " << se[1] << " at " << wte[1] << " +- "
                          << wte_se[1] << " WTE");
  CHECK(std::abs(value[0] - value[1]) <= 4 * std::hypot(se[0], se[1]));
  CHECK(std::abs(wte[0] - wte[1]) <= 4 * std::hypot(wte_se[0], wte_se[1]) + 0.25);
}
