// The pathway's economic evaluation (economic_evaluation.cc) against identities that hold for any
// run, and against figures computed here independently from the tally and by hand: the
// definitions of NPV, ROI and benefit-cost ratio; perspectives that nest without counting a sector
// twice; budget impact rebuilt from the tally's whole-population totals; zero increments for
// identical options; ICER, net monetary and net health benefit and their delta-method standard
// errors; the cost of a post and of the posts over the horizon.
//
// Runs: England's defaults for Leeds (E08000035, 8,346 births) and County Durham (E06000047,
// 4,498 births) at a 20% sample, 10-year horizon, one replicate, two threads (results do not depend
// on the thread count). Each distinct run is simulated once and shared by the test cases.
//
// Tolerances. The identities are exact in real arithmetic; the evaluation sums per-dyad values
// through core::Moments (shifted sums, mean x n) and the test through plain sums, so they agree to
// rounding: a relative 1e-9 of the largest magnitude involved (about 1e6 times the double
// precision of sums of 1e5 terms). A wrong rule (a line in two sectors, a year out of place, the
// wrong payer) moves a figure by far more than that.
//
// And one exact check: the exit of a dyad to whom nothing happened, which a run does not value.

#include <array>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

#include "models/pathway/economics_support.h"
#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/exit_accounting.h"

using namespace pathway_test;
using namespace economics_test;
using nlohmann::json;

TEST_CASE(
    "economics: NPV = savings - investment, ROI = NPV / investment, BCR = savings / investment, "
    "ROI = BCR - 1") {
  const auto& e = evaluated();
  const auto& ev = e.economics;
  for (std::size_t o = 0; o < e.options(); ++o) {
    const auto& inv = ev["options"][o]["investment"];
    CAPTURE(o);
    CHECK_CLOSE(inv["total"].get<double>(),
                inv["staff"].get<double>() + inv["training"].get<double>());
    CHECK_CLOSE(inv["total"].get<double>(),
                total_all(e, o, pw::kStaffCost) + total_all(e, o, pw::kTrainingCost));
  }
  CHECK(ev["options"][0]["investment"]["total"].get<double>() == 0.0);
  for (std::size_t o = 1; o < e.options(); ++o) {
    const auto& inc = ev["increments"][o - 1];
    CAPTURE(inc["option"].get<std::string>());
    const double investment = inc["investment"].get<double>();
    CHECK_CLOSE(investment, ev["options"][o]["investment"]["total"].get<double>() -
                                ev["options"][0]["investment"]["total"].get<double>());
    REQUIRE(investment > 0);
    for (const char* p : kPerspectiveKeys) {
      INFO("perspective " << p);
      const auto& b = inc["by_perspective"][p];
      const double savings = b["savings"]["estimate"].get<double>();
      const double npv = b["npv_net_savings"]["estimate"].get<double>();
      const double roi = b["roi"]["estimate"].get<double>();
      const double bcr = b["benefit_cost_ratio"]["estimate"].get<double>();
      CHECK_CLOSE(npv, savings - investment, investment);
      CHECK_CLOSE(roi, npv / investment);
      CHECK_CLOSE(bcr, savings / investment);
      CHECK_CLOSE(roi, bcr - 1);
      // Savings are the fall in the perspective's dyad costs, the paired sum equal to the
      // difference of the options' sums; investment is not sampled, so NPV, ROI and BCR carry the
      // savings' SE.
      const double level_o = ev["options"][o]["costs"][p]["dyads"]["estimate"].get<double>();
      const double level_0 = ev["options"][0]["costs"][p]["dyads"]["estimate"].get<double>();
      CHECK_CLOSE(savings, level_0 - level_o, level_0);
      CHECK_CLOSE(ev["options"][o]["costs"][p]["total_with_investment"].get<double>(),
                  level_o + ev["options"][o]["investment"]["total"].get<double>());
      const double se = b["savings"]["se"].get<double>();
      CHECK(se > 0);
      CHECK(b["npv_net_savings"]["se"].get<double>() == se);
      CHECK_CLOSE(b["roi"]["se"].get<double>(), se / investment);
      CHECK_CLOSE(b["benefit_cost_ratio"]["se"].get<double>(), se / investment);
      // A payback year, when there is one, lies in or after the first year of the horizon.
      if (!b["payback_year"].is_null())
        CHECK(b["payback_year"].get<int>() >= e.scenario.run.start_year);
    }
  }
}

TEST_CASE("economics: perspectives nest, and no perspective counts a line or sector twice") {
  const auto& e = evaluated();
  const auto& ev = e.economics;
  REQUIRE(ev["quality_of_life_in_societal"].get<bool>());
  for (std::size_t o = 0; o < e.options(); ++o) {
    CAPTURE(o);
    const auto& c = ev["options"][o]["costs"];
    const double nhs = c["nhs_pss"]["dyads"]["estimate"].get<double>();
    const double pub = c["public_sector"]["dyads"]["estimate"].get<double>();
    const double soc = c["societal"]["dyads"]["estimate"].get<double>();
    const double soc_no_qol = dyad_total(e, o, pw::kCostSocietal);
    CHECK(nhs > 0);
    CHECK(nhs <= pub);
    CHECK(pub <= soc_no_qol);
    CHECK(soc_no_qol <= soc);
    CHECK_CLOSE(nhs, dyad_total(e, o, pw::kCostNhsPss));
    CHECK_CLOSE(pub, dyad_total(e, o, pw::kCostPublicSector));
    CHECK_CLOSE(
        soc,
        dyad_total(e, o,
                   pw::kCostSocietalWithQol));  // quality of life monetised in the societal view

    // Lines and sectors, summed over dyads: every line in exactly one sector, sectors sum to lines.
    std::array<double, pw::kLines> line{};
    for (int l = 0; l < pw::kLines; ++l) line[l] = dyad_total(e, o, pw::kLongTermByLine + l);
    double all_lines = 0, all_sectors = 0;
    for (int l = 0; l < pw::kLines; ++l) all_lines += line[l];
    for (int s = 0; s < pw::kSectors; ++s) {
      double lines_in_s = 0;
      for (int l = 0; l < pw::kLines; ++l)
        if (pw::kLineSector[l] == s) lines_in_s += line[l];
      const double sector = dyad_total(e, o, pw::kLongTermBySector + s);
      INFO("pw::kSectorNames[s] = " << pw::kSectorNames[s]);
      CHECK_CLOSE(sector, lines_in_s, all_lines);
      all_sectors += sector;
    }
    CHECK_CLOSE(all_sectors, all_lines);
    CHECK_CLOSE(all_lines, dyad_total(e, o, pw::kLongTermCostMother) +
                               dyad_total(e, o, pw::kLongTermCostChild));

    // Each step between perspectives adds exactly its own lines.
    const double services = dyad_total(e, o, pw::kServiceCost);
    CHECK_CLOSE(services, dyad_total(e, o, pw::kServiceCostNhs) +
                              dyad_total(e, o, pw::kServiceCostLocalAuthority));
    CHECK_CLOSE(nhs - services, line[0] + line[1] + line[2] + line[3],
                nhs);  // adult MH, child MH, other health, social care
    CHECK_CLOSE(nhs - services, dyad_total(e, o, pw::kLongTermBySector + 0),
                nhs);  // = the health and social care sector
    CHECK_CLOSE(pub - nhs, line[pw::kEducationLine] + line[pw::kCriminalJusticeLine], pub);
    CHECK_CLOSE(soc_no_qol - pub, line[pw::kVictimsOfCrime] + line[pw::kProductivity],
                soc);  // victims, productivity
    CHECK_CLOSE(soc - soc_no_qol, line[pw::kQualityOfLife], soc);
    CHECK_CLOSE(line[pw::kQualityOfLife], dyad_total(e, o, pw::kCostQualityOfLife), soc);
    CHECK_CLOSE(dyad_total(e, o, pw::kQalysTotal),
                dyad_total(e, o, pw::kQalysMother) + dyad_total(e, o, pw::kQalysChild));
    CHECK_CLOSE(dyad_total(e, o, pw::kCostMinusQalys), nhs - dyad_total(e, o, pw::kQalysTotal),
                nhs);
  }
}

// One dyad through exit_values with a single non-zero line at a time: the line reaches exactly one
// sector, once, and exactly the perspectives from its own on; its payer matches.
TEST_CASE(
    "economics: per dyad, each line lands in one sector and in the perspectives from its own on, "
    "once") {
  const auto s = england({"areas.include=[E08000035]"});
  const pw::Inputs base = inputs(s, 0);
  // nhs_pss = 0, public_sector = 1, societal = 2 (monetised quality of life apart, 3).
  const std::map<std::string, int> first_perspective = {
      {"adult_mental_health", 0}, {"child_mental_health", 0}, {"other_health", 0},
      {"social_care", 0},         {"education", 1},           {"criminal_justice", 1},
      {"victims_of_crime", 2},    {"productivity", 2},        {"quality_of_life", 3}};
  for (int l = 0; l < pw::kLines; ++l) {
    INFO("pw::kLineNames[l] = " << pw::kLineNames[l]);
    pw::Inputs in = base;
    for (auto& condition : in.case_cost)
      for (auto& person : condition) person.fill(0.0);
    in.case_cost[pw::kDepression][0][l] = 1000;
    in.case_cost[pw::kDepression][1][l] = 3000;
    pw::Dyad d;
    d.condition = pw::kDepression;
    d.flags = pw::kEverIll;
    d.months_untreated = 7;
    d.months_treated = 3;
    d.service_cost = {120, 45};
    pw::BirthFactors birth;
    for (auto& person : birth.cost) person.fill(0.8);
    in.undiscounted_per_pv[0].fill(1.25);
    in.undiscounted_per_pv[1].fill(1.5);
    birth.child_qaly = 0.9;
    std::vector<double> out(pw::kPerDyadEnd, -1.0);  // [measure][option], one option
    std::array<std::array<double, pw::kLines>, 2> amounts{};
    pw::exit_values(in, d, birth, pw::ExitTiming{}, 0, 1, out, amounts);

    const pw::History h{7, 3, false};
    const double mother = 1000 * pw::cost_share(in, 0, pw::kDepression, h),
                 child = 3000 * pw::cost_share(in, 1, pw::kDepression, h);
    const double v = 0.8 * (mother + child);
    REQUIRE(v > 0);
    // Undiscounted amounts are the profile's flows: present value x undiscounted per present value.
    CHECK(amounts[0][l] == doctest::Approx(1.25 * mother).epsilon(1e-12));
    CHECK(amounts[1][l] == doctest::Approx(1.5 * child).epsilon(1e-12));
    for (int k = 0; k < pw::kLines; ++k)
      CHECK(out[pw::kLongTermByLine + k] == doctest::Approx(k == l ? v : 0.0).epsilon(1e-12));
    int sectors_holding = 0;
    for (int sct = 0; sct < pw::kSectors; ++sct) {
      const double x = out[pw::kLongTermBySector + sct];
      if (x != 0) {
        ++sectors_holding;
        CHECK(sct == pw::kLineSector[l]);
        CHECK(x == doctest::Approx(v).epsilon(1e-12));
      }
    }
    CHECK(sectors_holding == 1);
    const int from = first_perspective.at(pw::kLineNames[l]);
    const double services = 165;
    CHECK(out[pw::kServiceCost] == doctest::Approx(services));
    CHECK(out[pw::kCostNhsPss] == doctest::Approx(services + (from <= 0 ? v : 0.0)).epsilon(1e-12));
    CHECK(out[pw::kCostPublicSector] ==
          doctest::Approx(services + (from <= 1 ? v : 0.0)).epsilon(1e-12));
    CHECK(out[pw::kCostSocietal] ==
          doctest::Approx(services + (from <= 2 ? v : 0.0)).epsilon(1e-12));
    CHECK(out[pw::kCostSocietalWithQol] == doctest::Approx(services + v).epsilon(1e-12));
    CHECK(out[pw::kCostQualityOfLife] == doctest::Approx(from == 3 ? v : 0.0).epsilon(1e-12));
    // Budget payers: the lines costed to the NHS and PSS are paid by the NHS or the local
    // authority; education and criminal justice by their own sectors; the rest by no public payer.
    const int payer = pw::kLinePayer[l];
    if (from == 0) CHECK((payer == pw::kNhs || payer == pw::kLocalAuthority));
    if (from == 1) CHECK((payer == pw::kEducation || payer == pw::kCriminalJustice));
    if (from >= 2) CHECK(payer == -1);
  }
}

TEST_CASE(
    "economics: budget impact by payer equals cash flows rebuilt from the tally's totals, years "
    "1-5") {
  const auto& e = evaluated();
  REQUIRE(e.horizon() >=
          pw::kBudgetYears + 3);  // every dyad with in-period cash in years 1-5 is counted
  const auto& ev = e.economics;
  std::vector<std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers>> expected(
      e.options());
  for (std::size_t o = 0; o < e.options(); ++o) {
    CAPTURE(o);
    expected[o] = independent_budget(e, o);
    const auto got = budget_of(ev["options"][o]["budget"]);
    for (int y = 0; y < pw::kBudgetYears; ++y) {
      CAPTURE(y);
      double all = 0, all_expected = 0;
      for (int p = 0; p < pw::kBudgetPayers; ++p) {
        INFO("pw::kPayerNames[p] = " << pw::kPayerNames[p]);
        CHECK_CLOSE(got[p][y], expected[o][p][y]);
        all += got[p][y];
        all_expected += expected[o][p][y];
      }
      const auto& row = ev["options"][o]["budget"]["all_payers"][y];
      CHECK(row["year"].get<int>() == e.scenario.run.start_year + y);
      CHECK_CLOSE(row["estimate"].get<double>(), all);
      CHECK_CLOSE(all, all_expected);
    }
  }
  // The NHS pays in years 1-5, and so does the local authority (health visitors' assessments and
  // listening visits); education from the first children's school age; the posts only where funded.
  CHECK(expected[0][pw::kNhs][0] > 0);
  CHECK(expected[0][pw::kLocalAuthority][0] > 0);
  // Increments: each option minus the comparator, payer by payer.
  for (std::size_t o = 1; o < e.options(); ++o) {
    const auto got = budget_of(ev["increments"][o - 1]["budget_impact"]);
    CAPTURE(o);
    for (int p = 0; p < pw::kBudgetPayers; ++p)
      for (int y = 0; y < pw::kBudgetYears; ++y) {
        INFO("pw::kPayerNames[p] = " << pw::kPayerNames[p]);
        CAPTURE(y);
        CHECK_CLOSE(got[p][y], expected[o][p][y] - expected[0][p][y], expected[0][p][y]);
      }
    // The posts are the local authority's: its increment in year 1 is at least the new posts'
    // cost, year-one training included.
    CHECK(got[pw::kLocalAuthority][0] > 0.99 * total_at(e, o, pw::kInvestmentFlow, 0));
  }
}

// Regression: with a horizon shorter than the five budget years, the local authority's rows for
// years after the horizon read past investment_flow's periods into the next measure's (the NHS's
// in-period care), putting millions on the comparator, which funds no posts. Beyond the horizon
// the rows hold only the long-term flows of dyads counted in it.
TEST_CASE(
    "economics: budget years after a short horizon carry no posts and no other measure's flows") {
  const auto& e = evaluated({"run.horizon=3"});
  REQUIRE(e.horizon() == 3);
  const auto& ev = e.economics;
  for (std::size_t o = 0; o < e.options(); ++o) {
    CAPTURE(o);
    const auto got = budget_of(ev["options"][o]["budget"]);
    const auto expected = independent_budget(e, o);
    for (int y = e.horizon(); y < pw::kBudgetYears; ++y)
      for (int p = 0; p < pw::kBudgetPayers; ++p) {
        CAPTURE(y);
        INFO("pw::kPayerNames[p] = " << pw::kPayerNames[p]);
        CHECK_CLOSE(got[p][y], expected[p][y]);
      }
  }
  for (std::size_t o = 1; o < e.options(); ++o) {
    const auto got = budget_of(ev["increments"][o - 1]["budget_impact"]);
    CAPTURE(o);
    for (int y = 0; y < e.horizon(); ++y)
      CHECK(got[pw::kLocalAuthority][y] > 0.99 * total_at(e, o, pw::kInvestmentFlow, y));
    for (int y = e.horizon(); y < pw::kBudgetYears; ++y)
      CHECK(std::abs(got[pw::kLocalAuthority][y]) < 0.01 * total_at(e, o, pw::kInvestmentFlow, 0));
  }
}

TEST_CASE(
    "economics: an option identical to the comparator has every increment exactly 0, ROI and BCR "
    "null") {
  // "One WTE per area" funded at 0 WTE: the same inputs as "No specialist", on the same random
  // numbers.
  const auto& e = evaluated({"options.1.set.parameters.staffing.wte_per_area=0"});
  const auto& inc = e.economics["increments"][0];
  REQUIRE(inc["option"] == "One WTE per area");
  CHECK(inc["investment"].get<double>() == 0.0);
  for (const char* p : kPerspectiveKeys) {
    INFO("perspective " << p);
    const auto& b = inc["by_perspective"][p];
    for (const char* figure : {"savings", "npv_net_savings"}) {
      CHECK(b[figure]["estimate"].get<double>() == 0.0);
      CHECK(b[figure]["se"].get<double>() == 0.0);
    }
    CHECK(b["roi"]["estimate"].is_null());
    CHECK(b["roi"]["se"].is_null());
    CHECK(b["benefit_cost_ratio"]["estimate"].is_null());
    CHECK(b["benefit_cost_ratio"]["se"].is_null());
    CHECK(b["payback_year"].is_null());
  }
  CHECK(inc["incremental_cost_nhs_pss"]["estimate"].get<double>() == 0.0);
  CHECK(inc["incremental_cost_nhs_pss"]["se"].get<double>() == 0.0);
  CHECK(inc["incremental_qalys"]["estimate"].get<double>() == 0.0);
  CHECK(inc["incremental_qalys"]["se"].get<double>() == 0.0);
  CHECK(inc["icer"]["kind"] == "no difference");
  CHECK(inc["icer"]["estimate"].is_null());
  for (const char* key : {"net_monetary_benefit", "net_health_benefit"})
    for (const auto& item : inc[key].items()) {
      const std::string& wtp = item.key();
      const json& v = item.value();
      CAPTURE(wtp);
      CHECK(v["estimate"].get<double>() == 0.0);
      CHECK(v["se"].get<double>() == 0.0);
    }
  for (const auto& item : inc["budget_impact"].items())
    for (const auto& r : item.value()) {
      const std::string& payer = item.key();
      CAPTURE(payer);
      CHECK(r["estimate"].get<double>() == 0.0);
      if (!r["se"].is_null()) CHECK(r["se"].get<double>() == 0.0);
    }
  // And the two options' own figures are the same, number for number.
  json a = e.economics["options"][0], b = e.economics["options"][1];
  a.erase("name");
  b.erase("name");
  CHECK(a == b);
}

// The exit of a dyad to whom nothing happened (exits_plain) is not valued in a run: its row is
// the area's fixed one, a new Dyad's. That holds only if no input, birth factor, exit timing or
// field the illness alone reads (condition, severity, onset, hidden, chronic, trained uniform)
// changes it: checked bit for bit here.
TEST_CASE(
    "economics: a dyad never ill leaves one row, or that row with its screens, whatever else it "
    "holds") {
  const auto s = england({"areas.include=[E08000035]"});
  const pw::Inputs base = inputs(s, 0);
  std::vector<double> fixed(pw::kPerDyadEnd);
  std::array<std::array<double, pw::kLines>, 2> amounts{};
  pw::exit_values(base, pw::Dyad{}, pw::BirthFactors{}, pw::ExitTiming{}, 0, 1, fixed, amounts);
  CHECK(pw::exits_plain(pw::Dyad{}));
  CHECK(fixed[pw::kDyads] == 1.0);
  std::mt19937_64 gen(20261207);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < 200; ++i) {
    pw::Dyad d;
    d.entry = static_cast<int>(gen() % 200);
    d.condition = static_cast<std::uint8_t>(gen() % pw::kConditions);
    d.severity = static_cast<std::uint8_t>(gen() % 3);
    d.onset = static_cast<std::uint8_t>(gen() % pw::kLifeMonths);
    d.trained_u = u(gen);
    if (gen() % 2) d.flags |= pw::kHidden;
    if (gen() % 2) d.flags |= pw::kChronic;
    REQUIRE(pw::exits_plain(d));
    pw::Inputs in = base;
    for (auto& condition : in.case_cost)
      for (auto& person : condition)
        for (double& x : person) x *= 1 + u(gen);
    for (double& x : in.decrement) x = u(gen);
    in.post_exit_months = 1 + 24 * u(gen);
    pw::BirthFactors birth;
    for (auto& person : birth.cost) person.fill(u(gen));
    birth.child_qaly = u(gen);
    const pw::ExitTiming timing{24, 24 + static_cast<int>(gen() % 120), u(gen)};
    std::vector<double> out(pw::kPerDyadEnd, -1.0);
    pw::exit_values(in, d, birth, timing, 0, 1, out, amounts);
    for (std::size_t m = 0; m < pw::kPerDyadEnd; ++m) {
      INFO("measure " << m);
      CHECK(std::bit_cast<std::uint64_t>(out[m]) == std::bit_cast<std::uint64_t>(fixed[m]));
    }
    for (const auto& person : amounts)
      for (const double x : person) CHECK(std::bit_cast<std::uint64_t>(x) == 0);
  }
  // A never-ill dyad with false-positive screens and their cost: the fixed row with
  // never_ill_changes made to it.
  for (int i = 0; i < 200; ++i) {
    pw::Dyad d;
    d.entry = static_cast<int>(gen() % 200);
    d.condition = static_cast<std::uint8_t>(gen() % pw::kConditions);
    if (gen() % 2) d.flags |= pw::kHidden;
    d.false_positives = static_cast<std::uint8_t>(gen() % 4);
    if (i % 5 != 0) d.service_cost[pw::kPayLocalAuthority] = 200 * u(gen);
    d.service_flow[gen() % 4][pw::kPayLocalAuthority] = 150 * u(gen);
    REQUIRE(pw::exits_never_ill(d));
    CHECK(pw::exits_plain(d) == false);
    std::vector<double> expected = fixed;
    for (const auto& change : pw::never_ill_changes(d)) expected.at(change.column) = change.value;
    std::vector<double> out(pw::kPerDyadEnd, -1.0);
    pw::BirthFactors birth;
    for (auto& person : birth.cost) person.fill(u(gen));
    pw::exit_values(base, d, birth, pw::ExitTiming{24, 100, u(gen)}, 0, 1, out, amounts);
    for (std::size_t m = 0; m < pw::kPerDyadEnd; ++m) {
      INFO("measure " << m);
      CHECK(std::bit_cast<std::uint64_t>(out[m]) == std::bit_cast<std::uint64_t>(expected[m]));
    }
  }
  // Anything that happened makes the dyad one to value.
  pw::Dyad d;
  d.false_positives = 1;
  CHECK_FALSE(pw::exits_plain(d));
  for (const auto flag : {pw::kEverIll, pw::kIdentified, pw::kAtContact, pw::kReferred,
                          pw::kServiceStarted, pw::kSpecialist}) {
    d = pw::Dyad{};
    d.flags = flag;
    CHECK_FALSE(pw::exits_plain(d));
  }
  d = pw::Dyad{};
  d.service_cost[pw::kPayLocalAuthority] = 12.5;
  CHECK_FALSE(pw::exits_plain(d));
  d = pw::Dyad{};
  d.service_flow[1][pw::kPayNhs] = -0.0;
  CHECK_FALSE(pw::exits_plain(d));
  CHECK_FALSE(pw::exits_never_ill(d));  // an NHS flow: care
  d = pw::Dyad{};
  d.service_cost[pw::kPayNhs] = 30;
  CHECK_FALSE(pw::exits_never_ill(d));
  d = pw::Dyad{};
  d.months_untreated = 1;
  CHECK_FALSE(pw::exits_never_ill(d));
  d = pw::Dyad{};
  d.false_positives = 2;
  CHECK(pw::exits_never_ill(d));
  CHECK_FALSE(pw::exits_plain(d));
}
