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
// investment in the wrong payer) moves figures by thousands of pounds on totals of 1e6-1e9.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/random.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/outcomes.h"
#include "pimhsim/models/pathway/pathway.h"

using namespace pathway_test;
using nlohmann::json;

namespace {

const std::vector<std::string> kBase = {"areas.include=[E08000035,E06000047]", "run.scale=0.2"};
constexpr std::array<const char*, 3> kPerspectiveKeys = {"nhs_pss", "public_sector", "societal"};

// One run of England with overrides, its model and its economic evaluation (summary "economics").
struct Evaluated {
  pimhsim::scenario::Scenario scenario;
  pimhsim::analysis::RunOutcome run;
  const pw::Model* model = nullptr;
  json economics;

  const pimhsim::core::Tally& tally() const { return run.tally; }
  std::size_t options() const { return scenario.options.size(); }
  int horizon() const { return static_cast<int>(scenario.run.horizon); }
};

const Evaluated& evaluated(const std::vector<std::string>& extra = {}) {
  static std::map<std::vector<std::string>, std::unique_ptr<Evaluated>> cache;
  auto sets = kBase;
  sets.insert(sets.end(), extra.begin(), extra.end());
  auto& slot = cache[sets];
  if (!slot) {
    auto e = std::make_unique<Evaluated>();
    e->scenario = england(sets);
    e->run = pimhsim::analysis::run(e->scenario, 2);
    e->model = dynamic_cast<const pw::Model*>(e->run.model.get());
    REQUIRE(e->model != nullptr);
    REQUIRE(e->model->areas().size() == 2);
    json summary = {{"options", json::array()}, {"increments", json::array()}};
    for (std::size_t o = 0; o < e->options(); ++o) summary["options"].push_back(json::object());
    for (std::size_t o = 1; o < e->options(); ++o) summary["increments"].push_back(json::object());
    e->model->extend_summary(e->run.tally, summary);
    REQUIRE(summary.contains("economics"));
    e->economics = summary["economics"];
    REQUIRE(e->economics["options"].size() == e->options());
    REQUIRE(e->economics["increments"].size() == e->options() - 1);
    slot = std::move(e);
  }
  return *slot;
}

bool close(double a, double b, double scale = 0) {
  const double m = std::max({1.0, std::abs(a), std::abs(b), std::abs(scale)});
  return std::abs(a - b) <= 1e-9 * m;
}

// CHECK_CLOSE(a, b) or CHECK_CLOSE(a, b, scale): a and b agree to a relative 1e-9 of the largest
// of |a|, |b|, |scale| and 1.
#define CHECK_CLOSE(a, b, ...)                                                         \
  do {                                                                                 \
    const double check_a_ = (a), check_b_ = (b);                                       \
    CHECK_MESSAGE(close(check_a_, check_b_ __VA_OPT__(, ) __VA_ARGS__),                \
                  #a " = " << check_a_ << ", " #b " = " << check_b_ << ", difference " \
                           << check_a_ - check_b_);                                    \
  } while (0)

// A per-dyad measure summed over every simulated dyad and period, as a population total.
double dyad_total(const Evaluated& e, std::size_t o, std::size_t measure, bool increment = false) {
  const auto& t = e.tally();
  Moments m;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    m.merge(increment ? t.increment(o, measure, y) : t.level(o, measure, y));
  return m.total() * e.model->population_factor();
}
// The Monte Carlo variance of an increment's population total: (se x n x factor)^2.
double increment_variance(const Evaluated& e, std::size_t o, std::size_t measure) {
  const auto& t = e.tally();
  Moments m;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    m.merge(t.increment(o, measure, y));
  const double se =
      m.standard_error() * static_cast<double>(m.count()) * e.model->population_factor();
  return se * se;
}
// A whole-population total measure in one period (0 outside its periods), one realisation.
double total_at(const Evaluated& e, std::size_t o, std::size_t measure, int period) {
  const auto& t = e.tally();
  if (period < 0 || period >= static_cast<int>(t.layout().measures()[measure].periods)) return 0;
  return t.total(o, measure, static_cast<std::size_t>(period)) * e.model->total_factor();
}
double total_all(const Evaluated& e, std::size_t o, std::size_t measure) {
  double sum = 0;
  for (int y = 0; y < static_cast<int>(e.tally().layout().measures()[measure].periods); ++y)
    sum += total_at(e, o, measure, y);
  return sum;
}

// Undiscounted cash by public payer and budget year (0-4), rebuilt from the tally's totals: the
// posts (local authority), in-period care by payer, and each long-term line's undiscounted amounts
// by birth year spread evenly over its profile years (the floors of the scenario's start and end,
// after the birth year), amounts outside years 0-4 left out. Lines without a public payer
// (victims of crime, productivity, quality of life) are not budget items.
std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> independent_budget(
    const Evaluated& e, std::size_t o) {
  std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> b{};
  for (int y = 0; y < pw::kBudgetYears; ++y) {
    b[pw::kLocalAuthority][y] += total_at(e, o, pw::kInvestmentFlow, y);
    b[pw::kNhs][y] += total_at(e, o, pw::kServiceFlowNhs, y);
    b[pw::kLocalAuthority][y] += total_at(e, o, pw::kServiceFlowLocalAuthority, y);
  }
  const pw::Inputs& in = e.model->options()[o];
  // Each line's payer, by name.
  const std::map<std::string, int> payer_of = {{"adult_mental_health", pw::kNhs},
                                               {"child_mental_health", pw::kNhs},
                                               {"other_health", pw::kNhs},
                                               {"social_care", pw::kLocalAuthority},
                                               {"education", pw::kEducation},
                                               {"criminal_justice", pw::kCriminalJustice},
                                               {"victims_of_crime", -1},
                                               {"productivity", -1},
                                               {"quality_of_life", -1}};
  for (int person = 0; person < 2; ++person)
    for (int l = 0; l < pw::kLines; ++l) {
      const int payer = payer_of.at(pw::kLineNames[l]);
      if (payer < 0) continue;
      const int first = static_cast<int>(std::floor(in.years[person][l][0]));
      const int last = static_cast<int>(std::floor(in.years[person][l][1]));
      for (int k = 0; k <= e.horizon(); ++k) {  // period k = birth year + 2
        const double amount = total_at(e, o, pw::kLongTermAmount + person * pw::kLines + l, k);
        for (int y = k - 2 + first; y <= k - 2 + last; ++y)
          if (y >= 0 && y < pw::kBudgetYears) b[payer][y] += amount / (last - first + 1);
      }
    }
  return b;
}

// The budget block of an option or increment as [payer][year] amounts.
std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> budget_of(const json& block) {
  std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> b{};
  for (int p = 0; p < pw::kBudgetPayers; ++p) {
    const auto& rows = block.at(pw::kPayerNames[p]);
    REQUIRE(rows.size() == static_cast<std::size_t>(pw::kBudgetYears));
    for (int y = 0; y < pw::kBudgetYears; ++y) b[p][y] = rows[y]["amount"].get<double>();
  }
  return b;
}

// The sum of geometric monthly factors 1/1.035^(t/12), t = 0..months-1, in closed form.
double monthly_factor_sum(double rate, int months) {
  const double q = std::pow(1.0 + rate, -1.0 / 12.0);
  return (1.0 - std::pow(q, months)) / (1.0 - q);
}

// Band 7 middle (GBP 50,273) with England's on-costs: NI 15% above GBP 5,000, pension 14.38%,
// apprenticeship levy 0.5% and overheads 20% of salary:
//   50,273 + 0.15 x 45,273 + (0.1438 + 0.005 + 0.20) x 50,273 = 50,273 + 6,790.95 + 17,535.2224.
constexpr double kPostCostBand7Middle = 74599.1724;
// Generic health visitors' time in the specialists' training, per specialist WTE a year: a
// quarter of the available working time (WISN step 2: [260.7 - 29 - 8] x (1 - 0.0544) - 5 =
// 206.53072 days x 7.5 h = 1,548.9804 h) trains 1,548.9804 / 20 h = 77.44902 health visitors a
// year per training WTE, each spending 15 h at GBP 34:
//   0.25 x 77.44902 x 15 x 34 = 9,874.75005.
constexpr double kHvTrainingPerWte = 9874.75005;
constexpr double kTrainingPerNewPost = 5000;
// Posts filled at once and kept: the supply model then has every funded WTE in post and
// competent from the first month of the horizon, hired in that month.
const std::vector<std::string> kInstantSupply = {
    "parameters.supply.recruitment_months={value: 0, unit: months, source: test}",
    "parameters.supply.competence_months={value: 0, unit: months, source: test}",
    "parameters.supply.attrition_per_year={value: 0, unit: share a year, source: test}"};

}  // namespace

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
      const double savings = b["savings"]["total"].get<double>();
      const double npv = b["npv_net_savings"]["total"].get<double>();
      const double roi = b["roi"]["value"].get<double>();
      const double bcr = b["benefit_cost_ratio"]["value"].get<double>();
      CHECK_CLOSE(npv, savings - investment, investment);
      CHECK_CLOSE(roi, npv / investment);
      CHECK_CLOSE(bcr, savings / investment);
      CHECK_CLOSE(roi, bcr - 1);
      // Savings are the fall in the perspective's dyad costs, the paired sum equal to the
      // difference of the options' sums; investment is not sampled, so NPV, ROI and BCR carry the
      // savings' SE.
      const double level_o = ev["options"][o]["costs"][p]["dyads"]["total"].get<double>();
      const double level_0 = ev["options"][0]["costs"][p]["dyads"]["total"].get<double>();
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
    const double nhs = c["nhs_pss"]["dyads"]["total"].get<double>();
    const double pub = c["public_sector"]["dyads"]["total"].get<double>();
    const double soc = c["societal"]["dyads"]["total"].get<double>();
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
    std::array<std::vector<double>, pw::kMeasureCount> out;
    for (auto& v : out) v.assign(1, -1.0);
    std::array<std::array<double, pw::kLines>, 2> amounts{};
    pw::exit_values(in, d, birth, pw::ExitTiming{}, 0, out, amounts);

    const pw::History h{7, 3, false};
    const double mother = 1000 * pw::cost_share(in, 0, pw::kDepression, h),
                 child = 3000 * pw::cost_share(in, 1, pw::kDepression, h);
    const double v = 0.8 * (mother + child);
    REQUIRE(v > 0);
    // Undiscounted amounts are the profile's flows: present value x undiscounted per present value.
    CHECK(amounts[0][l] == doctest::Approx(1.25 * mother).epsilon(1e-12));
    CHECK(amounts[1][l] == doctest::Approx(1.5 * child).epsilon(1e-12));
    for (int k = 0; k < pw::kLines; ++k)
      CHECK(out[pw::kLongTermByLine + k][0] == doctest::Approx(k == l ? v : 0.0).epsilon(1e-12));
    int sectors_holding = 0;
    for (int sct = 0; sct < pw::kSectors; ++sct) {
      const double x = out[pw::kLongTermBySector + sct][0];
      if (x != 0) {
        ++sectors_holding;
        CHECK(sct == pw::kLineSector[l]);
        CHECK(x == doctest::Approx(v).epsilon(1e-12));
      }
    }
    CHECK(sectors_holding == 1);
    const int from = first_perspective.at(pw::kLineNames[l]);
    const double services = 165;
    CHECK(out[pw::kServiceCost][0] == doctest::Approx(services));
    CHECK(out[pw::kCostNhsPss][0] ==
          doctest::Approx(services + (from <= 0 ? v : 0.0)).epsilon(1e-12));
    CHECK(out[pw::kCostPublicSector][0] ==
          doctest::Approx(services + (from <= 1 ? v : 0.0)).epsilon(1e-12));
    CHECK(out[pw::kCostSocietal][0] ==
          doctest::Approx(services + (from <= 2 ? v : 0.0)).epsilon(1e-12));
    CHECK(out[pw::kCostSocietalWithQol][0] == doctest::Approx(services + v).epsilon(1e-12));
    CHECK(out[pw::kCostQualityOfLife][0] == doctest::Approx(from == 3 ? v : 0.0).epsilon(1e-12));
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
      CHECK_CLOSE(row["amount"].get<double>(), all);
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
      CHECK(b[figure]["total"].get<double>() == 0.0);
      CHECK(b[figure]["se"].get<double>() == 0.0);
    }
    CHECK(b["roi"]["value"].is_null());
    CHECK(b["roi"]["se"].is_null());
    CHECK(b["benefit_cost_ratio"]["value"].is_null());
    CHECK(b["benefit_cost_ratio"]["se"].is_null());
    CHECK(b["payback_year"].is_null());
  }
  CHECK(inc["incremental_cost_nhs_pss"]["total"].get<double>() == 0.0);
  CHECK(inc["incremental_cost_nhs_pss"]["se"].get<double>() == 0.0);
  CHECK(inc["incremental_qalys"]["total"].get<double>() == 0.0);
  CHECK(inc["incremental_qalys"]["se"].get<double>() == 0.0);
  CHECK(inc["icer"]["kind"] == "no difference");
  CHECK_FALSE(inc["icer"].contains("value"));
  for (const char* key : {"net_monetary_benefit", "net_health_benefit"})
    for (const auto& [wtp, v] : inc[key].items()) {
      CAPTURE(wtp);
      CHECK(v["total"].get<double>() == 0.0);
      CHECK(v["se"].get<double>() == 0.0);
    }
  for (const auto& [payer, rows] : inc["budget_impact"].items())
    for (const auto& r : rows) {
      CAPTURE(payer);
      CHECK(r["amount"].get<double>() == 0.0);
      if (r.contains("se")) CHECK(r["se"].get<double>() == 0.0);
    }
  // And the two options' own figures are the same, number for number.
  json a = e.economics["options"][0], b = e.economics["options"][1];
  a.erase("name");
  b.erase("name");
  CHECK(a == b);
}

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
    const double d_qalys = ev["options"][o]["qalys"]["total"].get<double>() -
                           ev["options"][0]["qalys"]["total"].get<double>();
    const double dc = inc["incremental_cost_nhs_pss"]["total"].get<double>();
    const double de = inc["incremental_qalys"]["total"].get<double>();
    const double level_cost =
        ev["options"][0]["costs"]["nhs_pss"]["total_with_investment"].get<double>();
    CHECK_CLOSE(dc, d_cost, level_cost);
    CHECK_CLOSE(de, d_qalys, ev["options"][0]["qalys"]["total"].get<double>());
    CHECK_CLOSE(dc, dyad_total(e, o, pw::kCostNhsPss, true) + inc["investment"].get<double>());
    CHECK_CLOSE(de, dyad_total(e, o, pw::kQalysTotal, true));
    // The specialist costs more and gains QALYs: a ratio in the north-east quadrant.
    REQUIRE(de > 0);
    REQUIRE(dc > 0);
    REQUIRE(inc["icer"]["kind"] == "ratio");
    const double r = inc["icer"]["value"].get<double>();
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
    CHECK_CLOSE(inc["icer"]["se_delta_method"].get<double>(), se_ratio);
    CHECK(se_ratio > 0);

    for (double wtp : thresholds) {
      const std::string key = fmt::format("{:g}", wtp);
      CAPTURE(key);
      const auto& nmb = inc["net_monetary_benefit"][key];
      const auto& nhb = inc["net_health_benefit"][key];
      CHECK_CLOSE(nmb["total"].get<double>(), wtp * de - dc, dc);
      CHECK_CLOSE(nhb["total"].get<double>(), nmb["total"].get<double>() / wtp);
      CHECK_CLOSE(nhb["total"].get<double>(), de - dc / wtp, dc / wtp);
      const double se = std::sqrt(wtp * wtp * var_e + var_c - 2 * wtp * cov);
      CHECK_CLOSE(nmb["se"].get<double>(), se);
      CHECK_CLOSE(nhb["se"].get<double>(), se / wtp);
      // NMB > 0 exactly when the ICER is below the threshold (north-east quadrant).
      CHECK((nmb["total"].get<double>() > 0) == (r < wtp));
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
    const double soc = ev["options"][o]["costs"]["societal"]["dyads"]["total"].get<double>();
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
