#include "pimhsim/models/pathway/economic_evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/economics/return_on_investment.h"
#include "pimhsim/models/estimate_json.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/measures.h"

namespace pimhsim::models::pathway {
namespace {

struct Figure {
  double total = 0, se = 0;
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

Evaluation evaluate(const core::Tally& t, const EvaluationSettings& s) {
  const auto& names = t.layout().options();
  const std::size_t n_options = names.size();
  const double f = s.dyad_factor;
  const int flow_years = s.horizon_years + 100;
  Evaluation e;
  e.quality_of_life_in_societal = s.quality_of_life_in_societal;
  e.currency = s.currency;
  e.thresholds = s.thresholds;

  std::vector<std::vector<std::array<double, kPerspectiveCount>>> flows(n_options);
  for (std::size_t o = 0; o < n_options; ++o) flows[o] = annual_flows(t, o, s, flow_years);

  auto budget = [&](std::size_t o, bool increment) {
    Budget b;
    for (int p = 0; p < kBudgetPayers; ++p)
      for (int y = 0; y < kBudgetYears; ++y) {
        Figure v = per_dyad(t, o, kBudgetFlow + p, increment, f, y);
        // The local authority commissions the specialist posts, funded in the horizon's years only
        // (investment_flow has one period per horizon year: reading past it would read the next
        // measure's slots).
        if (p == kLocalAuthority && y < s.horizon_years) {
          v.total += t.total(o, kInvestmentFlow, y) * s.total_factor;
          if (increment) v.total -= t.total(0, kInvestmentFlow, y) * s.total_factor;
        }
        b.all_payers[y] += v.total;
        b.by_payer[p][y] = {s.start_year + y, v.total, v.se};
      }
    return b;
  };

  for (std::size_t o = 0; o < n_options; ++o) {
    OptionEconomics opt;
    opt.name = names[o];
    opt.staff = total_over(t, o, kStaffCost, s.total_factor);
    opt.training = total_over(t, o, kTrainingCost, s.total_factor);
    opt.investment = opt.staff + opt.training;
    for (int p = 0; p < kPerspectiveCount; ++p) {
      const Figure c =
          per_dyad(t, o, perspective_measure(p, s.quality_of_life_in_societal), false, f);
      opt.costs[p] = {c.total, c.se};
      opt.costs_with_investment[p] = c.total + opt.investment;
    }
    const Figure q = per_dyad(t, o, kQalysTotal, false, f);
    opt.qalys = {q.total, q.se};
    opt.budget = budget(o, false);
    e.options.push_back(std::move(opt));
  }

  for (std::size_t o = 1; o < n_options; ++o) {
    IncrementEconomics inc;
    inc.option = names[o];
    inc.comparator = names[0];
    inc.investment = e.options[o].investment - e.options[0].investment;
    int last_year = std::min(s.horizon_years, flow_years) - 1;  // the last with any amount
    for (int y = 0; y < flow_years; ++y)
      for (int p = 0; p < kPerspectiveCount; ++p)
        if (flows[o][y][p] != flows[0][y][p]) last_year = std::max(last_year, y);
    for (int p = 0; p < kPerspectiveCount; ++p) {
      const Figure dc =
          per_dyad(t, o, perspective_measure(p, s.quality_of_life_in_societal), true, f);
      std::vector<double> net_flows(static_cast<std::size_t>(flow_years));
      for (int y = 0; y < flow_years; ++y) net_flows[y] = flows[o][y][p] - flows[0][y][p];
      inc.by_perspective[p] = economics::investment_return(
          {dc.total, dc.se}, inc.investment, net_flows, s.cost_discount, s.start_year);
      for (int y = 0; y <= last_year; ++y) {
        const double invested =
            y < s.horizon_years
                ? (t.total(o, kInvestmentFlow, y) - t.total(0, kInvestmentFlow, y)) * s.total_factor
                : 0.0;
        const double d = s.cost_discount.factor(static_cast<double>(y) + 0.5);
        inc.cash_flows[p].push_back(
            {s.start_year + y, invested * d, -(net_flows[y] - invested) * d});
      }
    }
    const Figure dc = per_dyad(t, o, kCostNhsPss, true, f);
    const Figure de = per_dyad(t, o, kQalysTotal, true, f);
    const Figure dd = per_dyad(t, o, kCostMinusQalys, true, f);
    inc.cost_effectiveness = economics::cost_effectiveness({dc.total + inc.investment, dc.se},
                                                           {de.total, de.se}, dd.se, s.thresholds);
    inc.budget_impact = budget(o, true);
    e.increments.push_back(std::move(inc));
  }
  return e;
}

namespace {

nlohmann::json estimate_of(const economics::Estimate& x) {
  return models::estimate_json(x.value, x.se);
}

nlohmann::json budget_json(const Budget& b) {
  nlohmann::json j;
  for (int p = 0; p < kBudgetPayers; ++p) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : b.by_payer[p])
      rows.push_back({{"year", r.year},
                      {"estimate", models::number_json(r.amount)},
                      {"se", models::number_json(r.se)}});
    j[kPayerNames[p]] = rows;
  }
  nlohmann::json rows = nlohmann::json::array();
  for (int y = 0; y < kBudgetYears; ++y)
    rows.push_back({{"year", b.by_payer[0][y].year},
                    {"estimate", models::number_json(b.all_payers[y])},
                    {"se", nullptr}});
  j["all_payers"] = rows;
  return j;
}

nlohmann::json ratio_json(const std::optional<economics::Estimate>& x) {
  return x ? estimate_of(*x) : models::estimate_json(std::nullopt, std::nullopt);
}

}  // namespace

nlohmann::json evaluation_json(const Evaluation& e) {
  nlohmann::json j;
  j["perspectives"] = {
      {"nhs_pss",
       "NHS and local authorities' personal social services and public-health 0-19 services (which "
       "commission health visiting)"},
      {"public_sector", "nhs_pss plus education and criminal justice"},
      {"societal", e.quality_of_life_in_societal
                       ? "public_sector plus victims' costs of crime, productivity and monetised "
                         "quality of life and life (as Bauer et al. 2014)"
                       : "public_sector plus victims' costs of crime and productivity (monetised "
                         "quality of life excluded)"}};
  j["quality_of_life_in_societal"] = e.quality_of_life_in_societal;
  j["currency"] = e.currency;
  j["thresholds"] = e.thresholds;
  j["cost_effectiveness_view"] =
      "costs to the NHS and PSS against QALYs of mother and child (no monetised QALYs on the cost "
      "side)";
  j["options"] = nlohmann::json::array();
  for (const auto& o : e.options) {
    nlohmann::json opt = {{"name", o.name}};
    opt["investment"] = {{"staff", o.staff}, {"training", o.training}, {"total", o.investment}};
    for (int p = 0; p < kPerspectiveCount; ++p)
      opt["costs"][kPerspectiveNames[p]] = {{"dyads", estimate_of(o.costs[p])},
                                            {"total_with_investment", o.costs_with_investment[p]}};
    opt["qalys"] = estimate_of(o.qalys);
    opt["budget"] = budget_json(o.budget);
    j["options"].push_back(opt);
  }
  j["increments"] = nlohmann::json::array();
  for (const auto& i : e.increments) {
    nlohmann::json inc = {{"option", i.option}, {"comparator", i.comparator}};
    inc["investment"] = i.investment;
    for (int p = 0; p < kPerspectiveCount; ++p) {
      const auto& r = i.by_perspective[p];
      inc["by_perspective"][kPerspectiveNames[p]] = {
          {"savings", estimate_of(r.savings)},
          {"npv_net_savings", estimate_of(r.net_savings)},
          {"roi", ratio_json(r.roi)},
          {"benefit_cost_ratio", ratio_json(r.benefit_cost_ratio)},
          {"payback_year",
           r.payback_year ? nlohmann::json(*r.payback_year) : nlohmann::json(nullptr)},
      };
    }
    const auto& ce = i.cost_effectiveness;
    inc["incremental_cost_nhs_pss"] = estimate_of(ce.incremental_cost);
    inc["incremental_qalys"] = estimate_of(ce.incremental_effect);
    inc["icer"] = {{"kind", ce.icer.label()}, {"text", ce.icer.describe(e.currency)}};
    inc["icer"].update(ce.icer_se ? models::estimate_json(ce.icer.value, *ce.icer_se)
                                  : models::estimate_json(std::nullopt, std::nullopt));
    for (const auto& at : ce.at) {
      const std::string key = fmt::format("{}", at.threshold);  // exact: no two thresholds alike
      inc["net_monetary_benefit"][key] = estimate_of(at.net_monetary_benefit);
      inc["net_health_benefit"][key] = estimate_of(at.net_health_benefit);
    }
    inc["budget_impact"] = budget_json(i.budget_impact);
    j["increments"].push_back(inc);
  }
  j["notes"] = {
      "Costs and QALYs are discounted as set in the scenario; budget impact is undiscounted.",
      "Budget figures count the dyads whose 1001 days end in the horizon and the posts funded in "
      "it.",
      "Payback uses annual cash flows, each year's amount discounted at mid-year.",
      "Standard errors are Monte Carlo errors of the simulated dyads; investment is not sampled.",
      "The ICER's se is by the delta method; the budget's all_payers rows have none (they sum the "
      "payers' rows, which are correlated)."};
  return j;
}

std::string budget_impact_csv(const Evaluation& e) {
  core::CsvTable table({"option", "comparator", "payer", "year", "estimate", "se"});
  // Payers in the order of their names, as economics.json lists them (-1: all payers, whose SE
  // is not estimated).
  std::map<std::string, int> payers = {{"all_payers", -1}};
  for (int p = 0; p < kBudgetPayers; ++p) payers[kPayerNames[p]] = p;
  auto rows = [&](const std::string& option, const std::string& comparator, const Budget& b) {
    for (const auto& [payer, p] : payers)
      for (int y = 0; y < kBudgetYears; ++y) {
        auto row = table.row();
        row.text(option).text(comparator).text(payer).integer(b.by_payer[0][y].year);
        if (p < 0)
          row.number(b.all_payers[y]).empty();
        else
          row.number(b.by_payer[p][y].amount).number(b.by_payer[p][y].se);
        row.end();
      }
  };
  for (const auto& o : e.options) rows(o.name, "", o.budget);
  for (const auto& i : e.increments) rows(i.option, i.comparator, i.budget_impact);
  return table.text();
}

std::string payback_csv(const Evaluation& e) {
  core::CsvTable table({"option", "comparator", "perspective", "year", "investment", "savings",
                        "cumulative_investment", "cumulative_savings", "cumulative_net"});
  for (const auto& i : e.increments)
    for (int p = 0; p < kPerspectiveCount; ++p) {
      double invested = 0, saved = 0;
      for (const auto& y : i.cash_flows[p]) {
        invested += y.investment;
        saved += y.savings;
        table.row()
            .text(i.option)
            .text(i.comparator)
            .text(kPerspectiveNames[p])
            .integer(y.year)
            .number(y.investment)
            .number(y.savings)
            .number(invested)
            .number(saved)
            .number(saved - invested)
            .end();
      }
    }
  return table.text();
}

}  // namespace pimhsim::models::pathway
