// The pathway's economic evaluation, continued (economics_test.cc says how the runs are made and
// why the tolerances are what they are): identical options, ICER, NMB and NHB with their
// delta-method errors, and the cost of a post and of the posts over the horizon.
#include "models/pathway/economics_support.h"

using namespace pathway_test;
using namespace economics_test;
using nlohmann::json;

TEST_CASE("economics: two identical options have identical increments over the comparator") {
  // "One WTE per area plus one per 2,500 births" without the births term: "One WTE per area".
  const auto& e = evaluated({"options.2.set={parameters.staffing.wte_per_1000_births: 0}"});
  json a = e.economics["increments"][0], b = e.economics["increments"][1];
  REQUIRE(a["investment"].get<double>() > 0);
  a.erase("option");
  b.erase("option");
  CHECK(a == b);
}

TEST_CASE(
    "economics: ICER = incremental NHS+PSS cost / incremental QALYs, NMB = lambda dE - dC, NHB = "
    "NMB / lambda, delta-method SEs") {
  // Posts with four times the overheads, so that the specialist costs the NHS and PSS more than it
  // saves them and the ratio is in the north-east quadrant (at England's defaults it saves more).
  const auto& e = evaluated({"parameters.investment.overhead_rate.value=4",
                             "parameters.investment.overhead_rate.high=5"});
  const auto& ev = e.economics;
  const auto thresholds = e.scenario.economics.thresholds;
  REQUIRE(thresholds.size() == 2);
  for (std::size_t o = 1; o < e.options(); ++o) {
    const auto& inc = ev["increments"][o - 1];
    CAPTURE(inc["option"].get<std::string>());
    // Increments rebuilt from the options' own figures.
    const double d_cost =
        ev["options"][o]["costs"]["nhs_pss"]["total_with_investment"].get<double>() -
        ev["options"][0]["costs"]["nhs_pss"]["total_with_investment"].get<double>();
    const double d_qalys = ev["options"][o]["qalys"]["estimate"].get<double>() -
                           ev["options"][0]["qalys"]["estimate"].get<double>();
    const double dc = inc["incremental_cost_nhs_pss"]["estimate"].get<double>();
    const double de = inc["incremental_qalys"]["estimate"].get<double>();
    const double level_cost =
        ev["options"][0]["costs"]["nhs_pss"]["total_with_investment"].get<double>();
    CHECK_CLOSE(dc, d_cost, level_cost);
    CHECK_CLOSE(de, d_qalys, ev["options"][0]["qalys"]["estimate"].get<double>());
    CHECK_CLOSE(dc, dyad_total(e, o, pw::kCostNhsPss, true) + inc["investment"].get<double>());
    CHECK_CLOSE(de, dyad_total(e, o, pw::kQalysTotal, true));
    // The specialist costs more and gains QALYs: a ratio in the north-east quadrant.
    REQUIRE(de > 0);
    REQUIRE(dc > 0);
    REQUIRE(inc["icer"]["kind"] == "ratio");
    const double r = inc["icer"]["estimate"].get<double>();
    CHECK_CLOSE(r, dc / de);

    // Monte Carlo variances of the incremental totals, and their covariance recovered from the
    // per-dyad measure C - E: var(C - E) = var C + var E - 2 cov (an identity of sample moments).
    const double var_c = increment_variance(e, o, pw::kCostNhsPss);
    const double var_e = increment_variance(e, o, pw::kQalysTotal);
    const double var_d = increment_variance(e, o, pw::kCostMinusQalys);
    const double cov = (var_c + var_e - var_d) / 2;
    CHECK_CLOSE(inc["incremental_cost_nhs_pss"]["se"].get<double>(), std::sqrt(var_c));
    CHECK_CLOSE(inc["incremental_qalys"]["se"].get<double>(), std::sqrt(var_e));
    CHECK(std::abs(cov) <= std::sqrt(var_c * var_e) * (1 + 1e-9));  // a covariance (Cauchy-Schwarz)
    const double se_ratio = std::sqrt(var_c - 2 * r * cov + r * r * var_e) / std::abs(de);
    CHECK_CLOSE(inc["icer"]["se"].get<double>(), se_ratio);
    CHECK(se_ratio > 0);

    for (double wtp : thresholds) {
      const std::string key = fmt::format("{:g}", wtp);
      CAPTURE(key);
      const auto& nmb = inc["net_monetary_benefit"][key];
      const auto& nhb = inc["net_health_benefit"][key];
      CHECK_CLOSE(nmb["estimate"].get<double>(), wtp * de - dc, dc);
      CHECK_CLOSE(nhb["estimate"].get<double>(), nmb["estimate"].get<double>() / wtp);
      CHECK_CLOSE(nhb["estimate"].get<double>(), de - dc / wtp, dc / wtp);
      const double se = std::sqrt(wtp * wtp * var_e + var_c - 2 * wtp * cov);
      CHECK_CLOSE(nmb["se"].get<double>(), se);
      CHECK_CLOSE(nhb["se"].get<double>(), se / wtp);
      // NMB > 0 exactly when the ICER is below the threshold (north-east quadrant).
      CHECK((nmb["estimate"].get<double>() > 0) == (r < wtp));
    }
  }
}

TEST_CASE(
    "economics: the switch pension_basis chooses the pension rate of a post's cost, and neither "
    "rate is uncertain") {
  // employer_direct (the default): 14.38%, as in kPostCostBand7Middle.
  CHECK(inputs(england(), 1).post_cost_per_wte ==
        doctest::Approx(kPostCostBand7Middle).epsilon(1e-13));
  // full: 23.78%, 0.094 x 50,273 = 4,725.662 a year more:
  //   50,273 + 6,790.95 + (0.2378 + 0.005 + 0.20) x 50,273 = 50,273 + 6,790.95 + 22,260.8844.
  const auto full = england({"switches.pension_basis=full"});
  CHECK(inputs(full, 1).post_cost_per_wte == doctest::Approx(79324.8344).epsilon(1e-13));
  for (const char* name :
       {"investment.pension_rate.employer_direct", "investment.pension_rate.full"})
    CHECK(full.parameters.at(name).distribution.family() == pimhsim::core::Family::kFixed);
}

TEST_CASE("economics: the cost of a post, and of the posts over the horizon, by hand") {
  const auto& e = evaluated(kInstantSupply);
  const pw::Inputs& in = e.model->options()[1];
  CHECK(in.salary == 50273);
  CHECK(50273 + 0.15 * (50273 - 5000) + (0.1438 + 0.005 + 0.20) * 50273 ==
        doctest::Approx(kPostCostBand7Middle).epsilon(1e-15));
  CHECK(in.post_cost_per_wte == doctest::Approx(kPostCostBand7Middle).epsilon(1e-13));
  CHECK(in.awt_hours == doctest::Approx(1548.9804).epsilon(1e-13));
  CHECK(in.training_share * in.trained_per_training_wte() * in.hv_hours_per_training *
            in.hv_hourly_cost ==
        doctest::Approx(kHvTrainingPerWte).epsilon(1e-13));
  CHECK(in.training_cost_per_post == kTrainingPerNewPost);

  // Month t of the horizon is discounted at 1/1.035^(t/12) (constant 3.5%): over 120 months the
  // factors sum to (1 - 1.035^-10) / (1 - 1.035^(-1/12)) = 101.681347710...
  REQUIRE(e.horizon() == 10);
  for (double t : {0.5, 1.0, 7.25})
    REQUIRE(e.model->discounting().costs.factor(t) ==
            doctest::Approx(std::pow(1.035, -t)).epsilon(1e-14));
  const double factors = monthly_factor_sum(0.035, 120);
  CHECK(factors == doctest::Approx(101.68134771016).epsilon(1e-12));
  double by_loop = 0;
  for (int t = 0; t < 120; ++t) by_loop += 1.0 / std::pow(1.035, t / 12.0);
  CHECK(by_loop == doctest::Approx(factors).epsilon(1e-13));

  // One area (Leeds) simulated on its own: staff cost = WTE x post cost x sum of factors / 12.
  const pw::Model& model = *e.model;
  const pimhsim::core::RandomSource rng(e.scenario.run.seed);
  AreaRun run;
  run.layout = std::make_unique<pimhsim::core::TallyLayout>(std::vector<std::string>{"a", "b", "c"},
                                                            pw::measure_specs(10, "GBP"));
  run.tally = pimhsim::core::Tally(*run.layout);
  std::size_t leeds = 0;
  while (leeds < model.partitions() && model.partition_name(leeds) != "E08000035") ++leeds;
  REQUIRE(leeds < model.partitions());
  pw::simulate_area(model.options(), model.areas()[leeds], model.staffing(leeds), model.timeline(),
                    model.discounting(), rng, 0, static_cast<std::uint32_t>(leeds), run.tally);
  const double births = model.areas()[leeds].births;
  CHECK(births == 8346);
  const std::array<double, 3> wte = {0, 1, 1 + 0.4 * births / 1000};
  for (std::size_t o = 0; o < 3; ++o) {
    CAPTURE(o);
    CHECK(model.options()[o].specialist_wte(births) == doctest::Approx(wte[o]).epsilon(1e-14));
    CHECK(run.total(o, pw::kStaffCost) ==
          doctest::Approx(wte[o] * kPostCostBand7Middle * factors / 12).epsilon(1e-12));
    // Generic health visitors' training time monthly, and each new post's training in month 0
    // (undiscounted).
    CHECK(run.total(o, pw::kTrainingCost) ==
          doctest::Approx(wte[o] * kHvTrainingPerWte * factors / 12 + wte[o] * kTrainingPerNewPost)
              .epsilon(1e-12));
    CHECK(run.total(o, pw::kInvestmentFlow) ==
          doctest::Approx(wte[o] * (kPostCostBand7Middle + kHvTrainingPerWte) * 10 +
                          wte[o] * kTrainingPerNewPost)
              .epsilon(1e-12));
  }
  CHECK(wte[1] * kPostCostBand7Middle * factors / 12 ==
        doctest::Approx(632112.0323079).epsilon(1e-12));

  // The evaluation's investment for both areas: staff and training are whole-population figures
  // (not scaled by the 20% sample).
  for (std::size_t o = 0; o < 3; ++o) {
    double w = 0;
    for (const auto& a : model.areas()) w += model.options()[o].specialist_wte(a.births);
    const auto& inv = e.economics["options"][o]["investment"];
    CAPTURE(o);
    CHECK_CLOSE(inv["staff"].get<double>(), w * kPostCostBand7Middle * factors / 12);
    CHECK_CLOSE(inv["training"].get<double>(),
                w * (kHvTrainingPerWte * factors / 12 + kTrainingPerNewPost));
  }
}

TEST_CASE(
    "economics: without monetised quality of life the societal view is costs to the public sector "
    "plus victims and productivity") {
  const auto& e = evaluated({"economics.quality_of_life_in_societal=false"});
  const auto& ev = e.economics;
  CHECK_FALSE(ev["quality_of_life_in_societal"].get<bool>());
  for (std::size_t o = 0; o < e.options(); ++o) {
    CAPTURE(o);
    const double soc = ev["options"][o]["costs"]["societal"]["dyads"]["estimate"].get<double>();
    CHECK_CLOSE(soc, dyad_total(e, o, pw::kCostSocietal));
    CHECK_CLOSE(soc,
                dyad_total(e, o, pw::kCostPublicSector) +
                    dyad_total(e, o, pw::kLongTermByLine + pw::kVictimsOfCrime) +
                    dyad_total(e, o, pw::kLongTermByLine + pw::kProductivity),
                soc);
  }
  // The cost-effectiveness figures never include monetised QALYs: the same as with them.
  const auto& with = evaluated().economics;
  for (std::size_t i = 0; i + 1 < e.options(); ++i) {
    CHECK(ev["increments"][i]["icer"] == with["increments"][i]["icer"]);
    CHECK(ev["increments"][i]["net_monetary_benefit"] ==
          with["increments"][i]["net_monetary_benefit"]);
    CHECK(ev["increments"][i]["by_perspective"]["nhs_pss"] ==
          with["increments"][i]["by_perspective"]["nhs_pss"]);
    CHECK(ev["increments"][i]["by_perspective"]["public_sector"] ==
          with["increments"][i]["by_perspective"]["public_sector"]);
    CHECK(ev["increments"][i]["budget_impact"] == with["increments"][i]["budget_impact"]);
  }
}
