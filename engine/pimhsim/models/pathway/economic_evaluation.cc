#include "pimhsim/models/pathway/economic_evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "pimhsim/core/csv_text.h"
#include "pimhsim/economics/return_on_investment.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/measures.h"

namespace pimhsim::models::pathway {
namespace {

struct Figure {
  double total = 0, se = 0;
  nlohmann::json json() const { return {{"total", total}, {"se", se}}; }
};

// A per-dyad measure as a population total over every exit year (or one period), with its Monte
// Carlo standard error. Measures of the same dyads combine through their variances (se^2).
Figure per_dyad(const core::Tally& t, std::size_t o, std::size_t measure, bool increment, double f,
                std::size_t period = SIZE_MAX) {
  core::Moments m;
  const std::size_t periods = t.layout().measures()[measure].periods;
  for (std::size_t y = 0; y < periods; ++y)
    if (period == SIZE_MAX || y == period)
      m.merge(increment ? t.increment(o, measure, y) : t.level(o, measure, y));
  const double n = static_cast<double>(m.count());
  return {m.mean() * n * f, m.standard_error() * n * f};
}

double total_over(const core::Tally& t, std::size_t o, std::size_t measure, double f) {
  double sum = 0;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    sum += t.total(o, measure, y);
  return sum * f;
}

constexpr int kPerspectiveCount = 3;
constexpr std::array<const char*, kPerspectiveCount> kPerspectives = {"nhs_pss", "public_sector",
                                                                      "societal"};
// The first perspective in which each long-term line counts (perspectives nest); quality of life
// counts in the societal view only when monetised.
constexpr std::array<int, kLines> kLineFrom = {0, 0, 0, 0, 1, 1, 2, 2, 2};

std::size_t perspective_measure(int p, bool qol) {
  return p == 0   ? kCostNhsPss
         : p == 1 ? kCostPublicSector
         : qol    ? kCostSocietalWithQol
                  : kCostSocietal;
}

// Annual undiscounted cash flows of an option by perspective (calendar years from the start of
// the horizon): investment, in-period care, and long-term amounts spread evenly over their profile
// years. Amounts that would fall before the horizon (dyads born before it) count in year 0.
std::vector<std::array<double, kPerspectiveCount>> annual_flows(const core::Tally& t, std::size_t o,
                                                                const EvaluationSettings& s,
                                                                int years) {
  std::vector<std::array<double, kPerspectiveCount>> flows(years, {0, 0, 0});
  auto add = [&](int y, double amount, int from) {
    y = std::clamp(y, 0, years - 1);
    for (int p = from; p < kPerspectiveCount; ++p) flows[y][p] += amount;
  };
  for (int y = 0; y < s.horizon_years; ++y) {
    add(y, t.total(o, kInvestmentFlow, y) * s.total_factor, 0);
    add(y,
        (t.total(o, kServiceFlowNhs, y) + t.total(o, kServiceFlowLocalAuthority, y)) *
            s.total_factor,
        0);
  }
  for (int person = 0; person < 2; ++person)
    for (int l = 0; l < kLines; ++l) {
      if (l == kQualityOfLife && !s.quality_of_life_in_societal) continue;
      const auto [first, last] = s.profile_years[o][person][l];
      for (int k = 0; k <= s.horizon_years; ++k) {  // k = birth year + 2
        const double amount = t.total(o, kLongTermAmount + person * kLines + l, k) * s.total_factor;
        if (amount == 0) continue;
        const double per_year = amount / (last - first + 1);
        for (int y = k - 2 + first; y <= k - 2 + last; ++y) add(y, per_year, kLineFrom[l]);
      }
    }
  return flows;
}

}  // namespace

nlohmann::json economic_evaluation(const core::Tally& t, const EvaluationSettings& s) {
  const auto& names = t.layout().options();
  const std::size_t n_options = names.size();
  const double f = s.dyad_factor;
  const int flow_years = s.horizon_years + 100;
  nlohmann::json j;
  j["perspectives"] = {
      {"nhs_pss",
       "NHS and local authorities' personal social services and public-health 0-19 services (which "
       "commission health visiting)"},
      {"public_sector", "nhs_pss plus education and criminal justice"},
      {"societal", s.quality_of_life_in_societal
                       ? "public_sector plus victims' costs of crime, productivity and monetised "
                         "quality of life and life (as Bauer et al. 2014)"
                       : "public_sector plus victims' costs of crime and productivity (monetised "
                         "quality of life excluded)"}};
  j["quality_of_life_in_societal"] = s.quality_of_life_in_societal;
  j["currency"] = s.currency;
  j["thresholds"] = s.thresholds;
  j["cost_effectiveness_view"] =
      "costs to the NHS and PSS against QALYs of mother and child (no monetised QALYs on the cost "
      "side)";

  std::vector<std::vector<std::array<double, kPerspectiveCount>>> flows(n_options);
  std::vector<double> investment(n_options);
  for (std::size_t o = 0; o < n_options; ++o) {
    flows[o] = annual_flows(t, o, s, flow_years);
    investment[o] = total_over(t, o, kStaffCost, s.total_factor) +
                    total_over(t, o, kTrainingCost, s.total_factor);
  }

  auto budget_block = [&](std::size_t o, bool increment) {
    nlohmann::json b;
    std::array<double, kBudgetYears> total{};
    for (int p = 0; p < kBudgetPayers; ++p) {
      nlohmann::json rows = nlohmann::json::array();
      for (int y = 0; y < kBudgetYears; ++y) {
        Figure v = per_dyad(t, o, kBudgetFlow + p, increment, f, y);
        // The local authority commissions the specialist posts, funded in the horizon's years only
        // (investment_flow has one period per horizon year: reading past it would read the next
        // measure's slots).
        if (p == kLocalAuthority && y < s.horizon_years) {
          v.total += t.total(o, kInvestmentFlow, y) * s.total_factor;
          if (increment) v.total -= t.total(0, kInvestmentFlow, y) * s.total_factor;
        }
        total[y] += v.total;  // (no SE: one dyad's flows to different payers are correlated)
        rows.push_back({{"year", s.start_year + y}, {"amount", v.total}, {"se", v.se}});
      }
      b[kPayerNames[p]] = rows;
    }
    nlohmann::json rows = nlohmann::json::array();
    for (int y = 0; y < kBudgetYears; ++y)
      rows.push_back({{"year", s.start_year + y}, {"amount", total[y]}});
    b["all_payers"] = rows;
    return b;
  };

  j["options"] = nlohmann::json::array();
  for (std::size_t o = 0; o < n_options; ++o) {
    nlohmann::json opt = {{"name", names[o]}};
    opt["investment"] = {{"staff", total_over(t, o, kStaffCost, s.total_factor)},
                         {"training", total_over(t, o, kTrainingCost, s.total_factor)},
                         {"total", investment[o]}};
    for (int p = 0; p < kPerspectiveCount; ++p) {
      Figure c = per_dyad(t, o, perspective_measure(p, s.quality_of_life_in_societal), false, f);
      opt["costs"][kPerspectives[p]] = {{"dyads", c.json()},
                                        {"total_with_investment", c.total + investment[o]}};
    }
    opt["qalys"] = per_dyad(t, o, kQalysTotal, false, f).json();
    opt["budget"] = budget_block(o, false);
    j["options"].push_back(opt);
  }

  j["increments"] = nlohmann::json::array();
  for (std::size_t o = 1; o < n_options; ++o) {
    nlohmann::json inc = {{"option", names[o]}, {"comparator", names[0]}};
    const double d_inv = investment[o] - investment[0];
    inc["investment"] = d_inv;
    for (int p = 0; p < kPerspectiveCount; ++p) {
      const Figure dc =
          per_dyad(t, o, perspective_measure(p, s.quality_of_life_in_societal), true, f);
      std::vector<double> net_flows(static_cast<std::size_t>(flow_years));
      for (int y = 0; y < flow_years; ++y) net_flows[y] = flows[o][y][p] - flows[0][y][p];
      const auto r = economics::investment_return({dc.total, dc.se}, d_inv, net_flows,
                                                  s.cost_discount, s.start_year);
      const auto ratio = [](const std::optional<economics::Estimate>& e, bool value) {
        return e ? nlohmann::json(value ? e->value : e->se) : nlohmann::json(nullptr);
      };
      inc["by_perspective"][kPerspectives[p]] = {
          {"savings", {{"total", r.savings.value}, {"se", r.savings.se}}},
          {"npv_net_savings", {{"total", r.net_savings.value}, {"se", r.net_savings.se}}},
          {"roi", {{"value", ratio(r.roi, true)}, {"se", ratio(r.roi, false)}}},
          {"benefit_cost_ratio",
           {{"value", ratio(r.benefit_cost_ratio, true)},
            {"se", ratio(r.benefit_cost_ratio, false)}}},
          {"payback_year",
           r.payback_year ? nlohmann::json(*r.payback_year) : nlohmann::json(nullptr)},
      };
    }
    // Cost-effectiveness: NHS and PSS costs (with investment) against QALYs.
    const Figure dc = per_dyad(t, o, kCostNhsPss, true, f);
    const Figure de = per_dyad(t, o, kQalysTotal, true, f);
    const Figure dd = per_dyad(t, o, kCostMinusQalys, true, f);
    const auto ce = economics::cost_effectiveness({dc.total + d_inv, dc.se}, {de.total, de.se},
                                                  dd.se, s.thresholds);
    inc["incremental_cost_nhs_pss"] = {{"total", ce.incremental_cost.value},
                                       {"se", ce.incremental_cost.se}};
    inc["incremental_qalys"] = de.json();
    inc["icer"] = {{"kind", ce.icer.label()}, {"text", ce.icer.describe(s.currency)}};
    if (ce.icer_se) {
      inc["icer"]["value"] = ce.icer.value;
      inc["icer"]["se_delta_method"] = *ce.icer_se;
    }
    for (const auto& at : ce.at) {
      const std::string key = fmt::format("{:g}", at.threshold);
      inc["net_monetary_benefit"][key] = {{"total", at.net_monetary_benefit.value},
                                          {"se", at.net_monetary_benefit.se}};
      inc["net_health_benefit"][key] = {{"total", at.net_health_benefit.value},
                                        {"se", at.net_health_benefit.se}};
    }
    inc["budget_impact"] = budget_block(o, true);
    j["increments"].push_back(inc);
  }
  j["notes"] = {
      "Costs and QALYs are discounted as set in the scenario; budget impact is undiscounted.",
      "Budget figures count the dyads whose 1001 days end in the horizon and the posts funded in "
      "it.",
      "Payback uses annual cash flows, each year's amount discounted at mid-year.",
      "Standard errors are Monte Carlo errors of the simulated dyads; investment is not sampled."};
  return j;
}

std::string budget_impact_csv(const nlohmann::json& e) {
  std::string out = "option,comparator,payer,year,amount,se\n";
  auto rows = [&](const std::string& option, const std::string& comparator,
                  const nlohmann::json& b) {
    for (const auto& [payer, list] : b.items())
      for (const auto& r : list)
        out += fmt::format("{},{},{},{},{},{}\n", core::csv_quoted(option),
                           core::csv_quoted(comparator), payer, r["year"].get<int>(),
                           r["amount"].get<double>(),
                           r.contains("se") ? fmt::format("{}", r["se"].get<double>()) : "");
  };
  for (const auto& o : e["options"]) rows(o["name"], "", o["budget"]);
  for (const auto& i : e["increments"]) rows(i["option"], i["comparator"], i["budget_impact"]);
  return out;
}

}  // namespace pimhsim::models::pathway
