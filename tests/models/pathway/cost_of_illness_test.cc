// The comparator reproduces the published per-case costs it is given: its cost-of-illness table
// (cost_of_illness.csv) gives, for every condition, person and line, a present value at the birth
// per case equal to the input (Bauer et al. 2014's figures as split in the scenario), at the
// source's own discount rate; the undiscounted flows are larger by the profile's factor; payers are
// those of the lines, and victims of crime have none.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/outcomes.h"
#include "pimhsim/models/pathway/pathway.h"

using namespace pathway_test;

namespace {

struct Row {
  std::string condition, person, line, payer, basis;
  double cases = 0, births = 0, total = 0, per_case = 0, per_birth = 0;
};

std::vector<Row> read_rows(const std::string& csv) {
  std::vector<Row> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  REQUIRE(line == "option,condition,person,line,payer,basis,cases,births,total,per_case,per_birth");
  while (std::getline(in, line)) {
    // The option (quoted, first) holds no comma in England's scenario.
    std::vector<std::string> f;
    std::stringstream ss(line);
    for (std::string x; std::getline(ss, x, ',');) f.push_back(x);
    REQUIRE(f.size() == 11);
    rows.push_back({f[1], f[2], f[3], f[4], f[5], std::stod(f[6]), std::stod(f[7]), std::stod(f[8]),
                    f[9].empty() ? 0.0 : std::stod(f[9]), std::stod(f[10])});
  }
  return rows;
}

// The table prints money to the penny: equal up to half a penny (and a relative 1e-12).
void check_penny(double printed, double exact) {
  CHECK(std::abs(printed - exact) <= 0.005 + 1e-12 * std::abs(exact));
}

std::string coi_csv(const pimhsim::analysis::RunOutcome& r) {
  for (const auto& [name, content] : r.model->extra_outputs(r.tally))
    if (name == "cost_of_illness.csv") return content;
  FAIL("no cost_of_illness.csv");
  return {};
}

}  // namespace

TEST_CASE(
    "cost of illness: the comparator's average case costs exactly its per-case input, by "
    "condition, person and line") {
  // Two areas, a fifth of the births, England's defaults (costs at 3.5%, the source's rate).
  const auto s = england({"areas.include=[E08000035,E06000047]", "run.scale=0.2"});
  const auto r = pimhsim::analysis::run(s, 2);
  const auto* model = dynamic_cast<const pw::Model*>(r.model.get());
  REQUIRE(model != nullptr);
  const pw::Inputs& in = model->options()[0];
  const auto rows = read_rows(coi_csv(r));
  int checked = 0;
  for (const auto& row : rows) {
    if (row.condition == "all" || row.person == "both" || row.line == "all") continue;
    int c = 0, p = 0, l = 0;
    while (pw::kConditionNames[c] != row.condition) ++c;
    while (pw::kPersons[p] != row.person) ++p;
    while (pw::kLineNames[l] != row.line) ++l;
    CAPTURE(row.condition);
    CAPTURE(row.person);
    CAPTURE(row.line);
    REQUIRE(row.cases > 0);
    const int payer = pw::kLinePayer[l];
    CHECK(row.payer == (payer < 0 ? std::string("none") : std::string(pw::kPayerNames[payer])));
    const double input = in.case_cost[c][p][l];
    if (row.basis == "present_value_at_birth") {
      check_penny(row.per_case, input);
      ++checked;
    } else if (row.basis == "undiscounted") {
      check_penny(row.per_case, input * in.undiscounted_per_pv[p][l]);
    }
  }
  CHECK(checked == pw::kConditions * 2 * pw::kLines);
  // Victims of crime are their own line, paid by no public budget.
  CHECK(pw::kLinePayer[pw::kVictimsOfCrime] == -1);
  for (const auto& row : rows)
    if (row.line == "victims_of_crime") CHECK(row.payer == "none");
}

// At another scenario rate the present value at the birth is re-expressed, not discounted again:
// at 1.5% each line's per-case value is its input x sum 1.015^-(k+1/2) / sum 1.035^-(k+1/2).
TEST_CASE(
    "cost of illness: at another discount rate the present value is re-expressed from the source's "
    "rate") {
  const auto s =
      england({"areas.include=[E08000035]", "run.scale=0.2", "economics.discount.costs=0.015"});
  const auto r = pimhsim::analysis::run(s, 2);
  const pw::Inputs& in = dynamic_cast<const pw::Model*>(r.model.get())->options()[0];
  const auto rate = pimhsim::core::DiscountSchedule::constant(0.015);
  for (const auto& row : read_rows(coi_csv(r))) {
    if (row.condition != "depression" || row.person == "both" || row.line == "all" ||
        row.basis != "present_value_at_birth")
      continue;
    const int p = row.person == "mother" ? 0 : 1;
    int l = 0;
    while (pw::kLineNames[l] != row.line) ++l;
    const auto& y = in.years[p][l];
    const double expected = in.case_cost[pw::kDepression][p][l] *
                            pw::profile_present_value(rate, 0, y[0], y[1]) /
                            pw::profile_present_value(in.source_discount, 0, y[0], y[1]);
    CAPTURE(row.line);
    check_penny(row.per_case, expected);
  }
}

// The child's QALY losses (long_term.qaly_loss_child.*) are present values at the birth at the
// source's rate, like the costs they are derived from (Bauer et al. 2014): a case with share s
// loses q x s, re-expressed at the scenario's effects rate over the child's quality-of-life years,
// never discounted a second time. With the comparator's mean share of 1 (the test above), its
// average case loses exactly q. The re-expression factor is computed here from its definition, not
// by the engine.
TEST_CASE(
    "cost of illness: the child's QALY loss per case is a present value at the birth, re-expressed "
    "at the effects rate") {
  for (const double rate : {0.035, 0.015, 0.0}) {
    CAPTURE(rate);
    const auto s = england({"areas.include=[E08000035]", "run.scale=0.2",
                            "economics.discount.effects=" + std::to_string(rate)});
    pw::Inputs in = inputs(s, 0);
    // A status quo whose mean exposure and child factor make this case's share other than 1.
    in.status_quo.set = true;
    in.status_quo.exposure[pw::kDepression] = 4;
    in.status_quo.child[pw::kDepression] = 0.9;
    const double q = s.options[0].parameters.value("long_term.qaly_loss_child.depression");
    CHECK(in.child_qaly_loss[pw::kDepression] == q);
    // Σ over the quality-of-life years k of (1 + r)^-(k + 1/2), at the scenario's rate and at the
    // source's 3.5%: a birth at the horizon's start.
    const auto& years = in.years[1][pw::kQualityOfLife];
    double at_rate = 0, at_source = 0;
    for (int k = static_cast<int>(years[0]); k <= static_cast<int>(years[1]); ++k) {
      at_rate += std::pow(1 + rate, -(k + 0.5));
      at_source += std::pow(1.035, -(k + 0.5));
    }
    pw::Discounting disc;
    disc.costs = pimhsim::core::DiscountSchedule::constant(0.035);
    disc.effects = pimhsim::core::DiscountSchedule::constant(rate);
    const int burn_in = 12;
    const auto birth = pw::birth_factors(in, disc, burn_in + 1, burn_in)[burn_in];
    CHECK(birth.child_qaly == doctest::Approx(at_rate / at_source).epsilon(1e-12));
    if (rate == 0.035) CHECK(birth.child_qaly == doctest::Approx(1.0).epsilon(1e-15));

    pw::Dyad d;
    d.condition = pw::kDepression;
    d.flags = pw::kEverIll;
    d.months_untreated = 5;
    d.months_treated = 2;
    std::vector<double> out(pw::kPerDyadEnd, -1.0);
    std::array<std::array<double, pw::kLines>, 2> amounts{};
    pw::exit_values(in, d, birth, pw::ExitTiming{}, 0, 1, out, amounts);
    const double share = pw::cost_share(in, 1, pw::kDepression, pw::History{5, 2, false});
    REQUIRE(share > 0);
    REQUIRE(std::abs(share - 1) > 0.1);
    CHECK(-out[pw::kQalysChild] == doctest::Approx(q * share * at_rate / at_source).epsilon(1e-12));
  }
}
