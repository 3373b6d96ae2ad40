// The economic evaluation of the pathway's options, from the merged tally: costs by perspective,
// investment, net savings, NPV, ROI, benefit-cost ratio and payback year by perspective; budget
// impact by payer for the first five years; ICER, net monetary and net health benefit against the
// comparator; and the efficiency frontier. Every figure that comes from simulated dyads carries
// its Monte Carlo standard error (investment is not sampled).
#pragma once

#include <array>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pimhsim/core/discount.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/economics/return_on_investment.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {

struct EvaluationSettings {
  double dyad_factor = 1;  // per-dyad sums -> population totals (1 / (scale x replicates))
  double total_factor =
      1;  // total measures (already whole-population) -> one realisation (1 / replicates)
  int start_year = 0;
  int horizon_years = 0;
  std::vector<double> thresholds;
  bool quality_of_life_in_societal = true;
  core::DiscountSchedule cost_discount = core::DiscountSchedule::constant(0);
  std::string currency;
  // Profile years [person][line] = {first, last} of each option, for annual cash flows.
  std::vector<std::array<std::array<std::array<int, 2>, kLines>, 2>> profile_years;
};

inline constexpr int kPerspectiveCount = 3;
inline constexpr std::array<const char*, kPerspectiveCount> kPerspectiveNames = {
    "nhs_pss", "public_sector", "societal"};

// Budget flows by payer (kPayerNames' order) and year from the horizon's start, undiscounted.
struct Budget {
  struct Row {
    int year = 0;
    double amount = 0, se = 0;
  };
  std::array<std::array<Row, kBudgetYears>, kBudgetPayers> by_payer{};
  std::array<double, kBudgetYears> all_payers{};  // no SE: one dyad's payers are correlated
};

struct OptionEconomics {
  std::string name;
  double staff = 0, training = 0, investment = 0;  // discounted; investment = staff + training
  // Costs of the dyads by perspective (kPerspectiveNames' order), discounted, and with the
  // option's investment.
  std::array<economics::Estimate, kPerspectiveCount> costs{};
  std::array<double, kPerspectiveCount> costs_with_investment{};
  economics::Estimate qalys;
  Budget budget;
};

// One year of an increment's cash flows in one perspective, each amount discounted at mid-year as
// the payback year is found: the extra investment, and the savings before it (the comparator's
// costs minus the option's). The payback year is the first in which the running sum of savings
// reaches that of investment.
struct CashFlowYear {
  int year = 0;
  double investment = 0, savings = 0;
};

struct IncrementEconomics {
  std::string option, comparator;
  double investment = 0;  // extra investment over the comparator
  std::array<economics::InvestmentReturn, kPerspectiveCount> by_perspective{};
  // By perspective, from the horizon's start to the last year in which any amount falls.
  std::array<std::vector<CashFlowYear>, kPerspectiveCount> cash_flows{};
  // NHS and PSS costs with the investment against QALYs of mother and child.
  economics::CostEffectiveness cost_effectiveness;
  Budget budget_impact;
};

struct Evaluation {
  bool quality_of_life_in_societal = true;
  std::string currency;
  std::vector<double> thresholds;
  std::vector<OptionEconomics> options;
  std::vector<IncrementEconomics> increments;  // options 1 .. K-1 against option 0
};

Evaluation evaluate(const core::Tally& t, const EvaluationSettings& s);

// economics.json's content (and summary.json's `economics`).
nlohmann::json evaluation_json(const Evaluation& e);
inline nlohmann::json economic_evaluation(const core::Tally& t, const EvaluationSettings& s) {
  return evaluation_json(evaluate(t, s));
}

// The budget impact table (CSV): each option's budget and each increment's budget impact, by
// payer (in the order of their names, all_payers first) and year.
std::string budget_impact_csv(const Evaluation& evaluation);

// The payback table (CSV): each increment's discounted cash flows by perspective and year, with
// their running sums (the payback chart's lines).
std::string payback_csv(const Evaluation& evaluation);

}  // namespace pimhsim::models::pathway
