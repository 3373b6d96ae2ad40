// Test support for the pathway's economics tests (economics_test.cc, economics_costs_test.cc):
// the shared runs of England for Leeds and County Durham, and figures rebuilt from the tally.
#pragma once

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
#include "pimhsim/models/reporting.h"

using namespace pathway_test;
using nlohmann::json;

namespace economics_test {

inline const std::vector<std::string> kBase = {"areas.include=[E08000035,E06000047]",
                                               "run.scale=0.2"};
inline constexpr std::array<const char*, 3> kPerspectiveKeys = {"nhs_pss", "public_sector",
                                                                "societal"};

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

inline const Evaluated& evaluated(const std::vector<std::string>& extra = {}) {
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
    pimhsim::models::extend_summary(*e->model, e->run.tally, summary);
    REQUIRE(summary.contains("economics"));
    e->economics = summary["economics"];
    REQUIRE(e->economics["options"].size() == e->options());
    REQUIRE(e->economics["increments"].size() == e->options() - 1);
    slot = std::move(e);
  }
  return *slot;
}

inline bool close(double a, double b, double scale = 0) {
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
inline double dyad_total(const Evaluated& e, std::size_t o, std::size_t measure,
                         bool increment = false) {
  const auto& t = e.tally();
  Moments m;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    m.merge(increment ? t.increment(o, measure, y) : t.level(o, measure, y));
  return m.total() * e.model->population_factor();
}
// The Monte Carlo variance of an increment's population total: (se x n x factor)^2.
inline double increment_variance(const Evaluated& e, std::size_t o, std::size_t measure) {
  const auto& t = e.tally();
  Moments m;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    m.merge(t.increment(o, measure, y));
  const double se =
      m.standard_error() * static_cast<double>(m.count()) * e.model->population_factor();
  return se * se;
}
// A whole-population total measure in one period (0 outside its periods), one realisation.
inline double total_at(const Evaluated& e, std::size_t o, std::size_t measure, int period) {
  const auto& t = e.tally();
  if (period < 0 || period >= static_cast<int>(t.layout().measures()[measure].periods)) return 0;
  return t.total(o, measure, static_cast<std::size_t>(period)) * e.model->total_factor();
}
inline double total_all(const Evaluated& e, std::size_t o, std::size_t measure) {
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
inline std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> independent_budget(
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
inline std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> budget_of(
    const json& block) {
  std::array<std::array<double, pw::kBudgetYears>, pw::kBudgetPayers> b{};
  for (int p = 0; p < pw::kBudgetPayers; ++p) {
    const auto& rows = block.at(pw::kPayerNames[p]);
    REQUIRE(rows.size() == static_cast<std::size_t>(pw::kBudgetYears));
    for (int y = 0; y < pw::kBudgetYears; ++y) b[p][y] = rows[y]["estimate"].get<double>();
  }
  return b;
}

// The sum of geometric monthly factors 1/1.035^(t/12), t = 0..months-1, in closed form.
inline double monthly_factor_sum(double rate, int months) {
  const double q = std::pow(1.0 + rate, -1.0 / 12.0);
  return (1.0 - std::pow(q, months)) / (1.0 - q);
}

// Band 7 middle (GBP 50,273) with England's on-costs: NI 15% above GBP 5,000, pension 14.38%,
// apprenticeship levy 0.5% and overheads 20% of salary:
//   50,273 + 0.15 x 45,273 + (0.1438 + 0.005 + 0.20) x 50,273 = 50,273 + 6,790.95 + 17,535.2224.
inline constexpr double kPostCostBand7Middle = 74599.1724;
// Generic health visitors' time in the specialists' training, per specialist WTE a year: a
// quarter of the available working time (WISN step 2: [260.7 - 29 - 8] x (1 - 0.0544) - 5 =
// 206.53072 days x 7.5 h = 1,548.9804 h) trains 1,548.9804 / 20 h = 77.44902 health visitors a
// year per training WTE, each spending 15 h at GBP 34:
//   0.25 x 77.44902 x 15 x 34 = 9,874.75005.
inline constexpr double kHvTrainingPerWte = 9874.75005;
inline constexpr double kTrainingPerNewPost = 5000;
// Posts filled at once and kept: the supply model then has every funded WTE in post and
// competent from the first month of the horizon, hired in that month.
inline const std::vector<std::string> kInstantSupply = {
    "parameters.supply.recruitment_months={value: 0, unit: months, source: test}",
    "parameters.supply.competence_months={value: 0, unit: months, source: test}",
    "parameters.supply.attrition_per_year={value: 0, unit: share a year, source: test}"};

}  // namespace economics_test
