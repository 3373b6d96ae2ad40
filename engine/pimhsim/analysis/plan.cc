#include "pimhsim/analysis/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/csv_text.h"
#include "pimhsim/models/pathway/economic_evaluation.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::analysis {
namespace {

namespace pw = models::pathway;

struct Measured {
  double value = std::numeric_limits<double>::quiet_NaN();
  double se = std::numeric_limits<double>::quiet_NaN();
  bool defined() const { return std::isfinite(value); }
};

// A share of one per-dyad count in another, p = sum(num) / sum(den), with the binomial SE. Dyads
// of one area share its caseload places, so their outcomes are correlated (a full caseload
// delays everyone referred that month) and this SE understates the noise: with two or more
// replicates the plan uses their spread instead (Evaluator::measured).
Measured share(const core::Tally& t, std::size_t numerator, std::size_t denominator) {
  double sum_num = 0, sum_den = 0;
  for (std::size_t y = 0; y < t.layout().measures()[numerator].periods; ++y) {
    const auto& a = t.level(1, numerator, y);
    const auto& b = t.level(1, denominator, y);
    sum_num += a.count() > 0 ? a.mean() * static_cast<double>(a.count()) : 0.0;
    sum_den += b.count() > 0 ? b.mean() * static_cast<double>(b.count()) : 0.0;
  }
  if (!(sum_den > 0)) return {0.0, 0.0};  // nobody eligible: nobody reached
  const double p = sum_num / sum_den;
  return {p, std::sqrt(std::max(0.0, p * (1 - p)) / sum_den)};
}

Measured measure(const core::Tally& t, const PlanTarget& target, const pw::Model& model) {
  const std::string& m = target.measure;
  if (m == "detection") return share(t, pw::kDetected, pw::kIll);
  if (m == "timely_specialist") return share(t, pw::kSpecialistTimely, pw::kSpecialistReferred);
  if (m == "specialist_care") return share(t, pw::kSpecialistCare, pw::kIll);
  if (m == "trained_share") {
    const std::size_t last = t.layout().measures()[pw::kHvWteMonths].periods - 1;
    const double hv = t.total(1, pw::kHvWteMonths, last);
    return {hv > 0 ? t.total(1, pw::kTrainedHvWteMonths, last) / hv : 0.0, 0.0};
  }
  const auto e = pw::evaluate(t, model.evaluation());
  const auto& inc = e.increments.at(0);
  auto roi = [&](int perspective) {
    const auto& r = inc.by_perspective[perspective].roi;
    return r ? Measured{r->value, r->se} : Measured{};
  };
  if (m == "roi") return roi(0);
  if (m == "roi_public_sector") return roi(1);
  if (m == "roi_societal") return roi(2);
  if (m == "nmb") {
    for (const auto& at : inc.cost_effectiveness.at)
      if (at.threshold == target.threshold)
        return {at.net_monetary_benefit.value, at.net_monetary_benefit.se};
    return {};  // (the plan adds its threshold to the scenario's, so this is not reached)
  }
  throw std::logic_error("plan: unknown measure " + m);
}

bool met(const PlanTarget& t, const Measured& v) {
  if (!v.defined()) return false;
  return t.kind == PlanTarget::Kind::kAtMost ? v.value <= t.value : v.value >= t.value;
}

// One candidate simulated replicate by replicate (the same random numbers as one run with all
// replicates), and pooled.
struct Evaluation {
  RunOutcome pooled;
  std::vector<RunOutcome> replicates;
};

// One simulation of the comparator and a candidate staffing.
class Evaluator {
 public:
  Evaluator(const scenario::Scenario& s, const PlanSettings& settings)
      : settings_(settings), scenario_(s) {
    if (!plan_supports(s))
      throw std::invalid_argument("plan: staffing plans need the pathway model (model: pathway)");
    std::size_t base = 0;
    if (!settings.base_option.empty()) {
      base = s.options.size();
      for (std::size_t o = 0; o < s.options.size(); ++o)
        if (s.options[o].name == settings.base_option) base = o;
      if (base == s.options.size())
        throw std::invalid_argument("plan: no option named `" + settings.base_option + "`");
    }
    scenario_.options = {s.options[0], s.options[base]};
    scenario_.options[1].name = "Plan";
    single_ = scenario_;
    single_.run.replicates = 1;
    if (settings.target.measure == "nmb") {
      auto& th = scenario_.economics.thresholds;
      if (std::find(th.begin(), th.end(), settings.target.threshold) == th.end())
        th.push_back(settings.target.threshold);
    }
    const pw::Model reference(scenario_);
    comparator_ = reference.funded()[0];
    for (const auto& a : reference.areas()) births_.push_back(a.births);
    for (std::size_t a = 0; a < births_.size(); ++a) codes_.push_back(reference.partition_name(a));
    post_cost_ = reference.options()[1].post_cost_per_wte;
  }

  Evaluation run(const std::vector<double>& candidate) {
    ++evaluations_;
    const std::vector<std::vector<double>> funded{comparator_, candidate};
    Evaluation e;
    e.pooled.model = std::make_unique<pw::Model>(scenario_, funded);
    const auto& layout = e.pooled.model->layout();
    e.pooled.tally = core::Tally(layout);
    e.pooled.partitions.assign(e.pooled.model->partitions(), core::Tally(layout));
    for (std::uint32_t r = 0; r < scenario_.run.replicates; ++r) {
      e.replicates.push_back(run_model(std::make_unique<pw::Model>(single_, funded),
                                       single_.run.seed, 1, settings_.executor, r));
      e.pooled.tally.merge(e.replicates.back().tally);
      for (std::size_t a = 0; a < e.pooled.partitions.size(); ++a)
        e.pooled.partitions[a].merge(e.replicates.back().partitions[a]);
    }
    return e;
  }

  // The measure in an area (or England, area < 0) from the pooled replicates; with two or more
  // replicates its SE is their spread, sd / sqrt(R), which captures the correlation between
  // dyads that share an area's caseload (a within-run SE cannot).
  Measured measured(const Evaluation& e, const PlanTarget& target, int area) const {
    auto tally_of = [&](const RunOutcome& r) -> const core::Tally& {
      return area < 0 ? r.tally : r.partitions[static_cast<std::size_t>(area)];
    };
    Measured m = measure(tally_of(e.pooled), target, model(e.pooled));
    if (e.replicates.size() >= 2 && m.defined()) {
      double sum = 0, sum2 = 0;
      for (const auto& r : e.replicates) {
        const Measured x = measure(tally_of(r), target, model(r));
        if (!x.defined()) return m;
        sum += x.value;
        sum2 += x.value * x.value;
      }
      const double n = static_cast<double>(e.replicates.size());
      m.se = std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1)) / n);
    }
    return m;
  }

  const pw::Model& model(const RunOutcome& r) const {
    return dynamic_cast<const pw::Model&>(*r.model);
  }
  const std::vector<double>& births() const { return births_; }
  const std::vector<std::string>& codes() const { return codes_; }
  double post_cost() const { return post_cost_; }
  int evaluations() const { return evaluations_; }
  const scenario::Scenario& scenario() const { return scenario_; }

 private:
  const PlanSettings& settings_;
  scenario::Scenario scenario_, single_;
  std::vector<double> comparator_, births_;
  std::vector<std::string> codes_;
  double post_cost_ = 0;
  int evaluations_ = 0;
};

nlohmann::json number_or_null(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr);
}

nlohmann::json measured_json(const Measured& m) {
  return {{"value", number_or_null(m.value)}, {"se", number_or_null(m.se)}};
}

}  // namespace

PlanResult plan(const scenario::Scenario& s, const PlanSettings& settings) {
  Evaluator ev(s, settings);
  const PlanTarget& target = settings.target;
  const bool births_rule = settings.rule == PlanRule::kBirths;
  const auto [step, maximum] = search_grid(settings);
  if (settings.minimum_wte < 0) throw std::invalid_argument("plan: the minimum WTE must be >= 0");
  if (const auto why = settings_problem(settings); !why.empty())
    throw std::invalid_argument(fmt::format("plan: {}", why));
  const int grid = std::max(1, static_cast<int>(std::ceil(maximum / step - 1e-9)));
  const std::size_t n_areas = ev.births().size();
  auto wte_of = [&](std::size_t a, int k) {
    const double x = std::min(maximum, std::round(k * step * 1e9) / 1e9);
    return std::max(settings.minimum_wte, births_rule ? ev.births()[a] * x / 1000.0 : x);
  };
  nlohmann::json trace = nlohmann::json::array();

  // Grid index per area (for rules, the same in every area).
  std::vector<int> k(n_areas, 0);
  std::vector<bool> reachable(n_areas, true);
  auto evaluate = [&](const std::vector<int>& ks) {
    std::vector<double> candidate(n_areas);
    for (std::size_t a = 0; a < n_areas; ++a) candidate[a] = wte_of(a, ks[a]);
    const auto e = ev.run(candidate);
    std::vector<Measured> per_area;
    if (settings.rule == PlanRule::kPerArea)
      for (std::size_t a = 0; a < n_areas; ++a)
        per_area.push_back(ev.measured(e, target, static_cast<int>(a)));
    const Measured national = ev.measured(e, target, -1);
    double wte = 0;
    for (double w : candidate) wte += w;
    nlohmann::json row{
        {"evaluation", ev.evaluations()}, {"total_wte", wte}, {"measure", measured_json(national)}};
    if (settings.rule != PlanRule::kPerArea)
      row["x"] = std::min(maximum, std::round(ks[0] * step * 1e9) / 1e9);
    trace.push_back(row);
    return std::make_pair(national, per_area);
  };
  auto uniform = [&](int kk) { return std::vector<int>(n_areas, kk); };
  std::string method;

  if (settings.rule != PlanRule::kPerArea) {
    int answer = 0;
    bool ok = true;
    if (target.monotone()) {
      method = "bisection on the grid (the measure rises with staffing)";
      if (target.kind == PlanTarget::Kind::kAtMost) {
        ok = met(target, evaluate(uniform(0)).first);
      } else if (met(target, evaluate(uniform(0)).first)) {
        answer = 0;
      } else if (!met(target, evaluate(uniform(grid)).first)) {
        ok = false;
        answer = grid;
      } else {
        int lo = 0, hi = grid;
        while (hi - lo > 1) {
          const int mid = (lo + hi) / 2;
          (met(target, evaluate(uniform(mid)).first) ? hi : lo) = mid;
        }
        answer = hi;
      }
    } else {
      method =
          "bounded grid scan, then a finer scan around the best point (the measure need not be "
          "monotone)";
      const int coarse = std::max(1, (grid + 19) / 20);
      std::vector<std::pair<int, Measured>> seen;
      for (int kk = 0;; kk = std::min(grid, kk + coarse)) {
        seen.emplace_back(kk, evaluate(uniform(kk)).first);
        if (kk == grid) break;
      }
      auto pick = [&](const std::vector<std::pair<int, Measured>>& v) {
        int best = -1;
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (target.kind == PlanTarget::Kind::kMaximise) {
            if (v[i].second.defined() && (best < 0 || v[i].second.value > v[best].second.value))
              best = static_cast<int>(i);
          } else if (met(target, v[i].second) && (best < 0 || v[i].first < v[best].first)) {
            best = static_cast<int>(i);
          }
        }
        return best;
      };
      int best = pick(seen);
      if (best < 0) {
        ok = false;
        answer = grid;
      } else {
        const int centre = seen[best].first;
        std::vector<std::pair<int, Measured>> fine{seen[best]};
        const int from = std::max(0, centre - coarse + 1);
        const int to = target.kind == PlanTarget::Kind::kMaximise
                           ? std::min(grid, centre + coarse - 1)
                           : centre - 1;
        for (int kk = from; kk <= to; ++kk)
          if (kk != centre) fine.emplace_back(kk, evaluate(uniform(kk)).first);
        answer = fine[pick(fine)].first;
      }
    }
    k = uniform(answer);
    std::fill(reachable.begin(), reachable.end(), ok);
  } else if (target.monotone()) {
    method = "bisection on the grid in every area at once (the measure rises with staffing)";
    std::vector<int> lo(n_areas, 0), hi(n_areas, grid);
    if (target.kind == PlanTarget::Kind::kAtMost) {
      const auto at0 = evaluate(uniform(0)).second;
      for (std::size_t a = 0; a < n_areas; ++a) reachable[a] = met(target, at0[a]);
      lo = hi = std::vector<int>(n_areas, 0);
    } else {
      const auto at_max = evaluate(uniform(grid)).second;
      const auto at_min = evaluate(uniform(0)).second;
      for (std::size_t a = 0; a < n_areas; ++a) {
        if (met(target, at_min[a]))
          hi[a] = lo[a] = 0;
        else if (!met(target, at_max[a]))
          reachable[a] = false, lo[a] = hi[a] = grid;
      }
      for (;;) {
        std::vector<int> mid(hi);
        bool any = false;
        for (std::size_t a = 0; a < n_areas; ++a)
          if (hi[a] - lo[a] > 1) mid[a] = (lo[a] + hi[a]) / 2, any = true;
        if (!any) break;
        const auto v = evaluate(mid).second;
        for (std::size_t a = 0; a < n_areas; ++a)
          if (hi[a] - lo[a] > 1) (met(target, v[a]) ? hi[a] : lo[a]) = mid[a];
      }
    }
    k = hi;
  } else {
    method =
        "bounded grid scan in every area at once, then a finer scan around each area's best point";
    const int coarse = std::max(1, (grid + 19) / 20);
    std::vector<int> best_k(n_areas, -1);
    std::vector<Measured> best_v(n_areas);
    auto consider = [&](std::size_t a, int kk, const Measured& v) {
      if (target.kind == PlanTarget::Kind::kMaximise) {
        if (v.defined() && (best_k[a] < 0 || v.value > best_v[a].value))
          best_k[a] = kk, best_v[a] = v;
      } else if (met(target, v) && (best_k[a] < 0 || kk < best_k[a])) {
        best_k[a] = kk, best_v[a] = v;
      }
    };
    for (int kk = 0;; kk = std::min(grid, kk + coarse)) {
      const auto v = evaluate(uniform(kk)).second;
      for (std::size_t a = 0; a < n_areas; ++a) consider(a, kk, v[a]);
      if (kk == grid) break;
    }
    std::vector<int> centre(best_k);
    for (int j = -(coarse - 1); j <= coarse - 1 && coarse > 1; ++j) {
      if (j == 0) continue;
      if (target.kind != PlanTarget::Kind::kMaximise && j > 0) break;
      std::vector<int> ks(n_areas);
      for (std::size_t a = 0; a < n_areas; ++a)
        ks[a] = std::clamp(centre[a] < 0 ? grid : centre[a] + j, 0, grid);
      const auto v = evaluate(ks).second;
      for (std::size_t a = 0; a < n_areas; ++a)
        if (centre[a] >= 0) consider(a, ks[a], v[a]);
    }
    for (std::size_t a = 0; a < n_areas; ++a) {
      reachable[a] = best_k[a] >= 0;
      k[a] = reachable[a] ? best_k[a] : grid;
    }
  }

  // How far Monte Carlo noise can move the solution: SE(staffing) = SE(measure) / slope, with the
  // slope taken over a bracket of 15% of the solution either side (at least one grid step): on
  // common random numbers the measure moves in steps, so a one-step slope would overstate it.
  std::vector<double> slope(n_areas, std::numeric_limits<double>::quiet_NaN());
  double national_slope = std::numeric_limits<double>::quiet_NaN();
  if (target.kind != PlanTarget::Kind::kMaximise) {
    std::vector<int> below(n_areas), above(n_areas);
    for (std::size_t a = 0; a < n_areas; ++a) {
      const int d = std::max(1, static_cast<int>(std::lround(0.15 * k[a])));
      below[a] = std::max(0, k[a] - d);
      above[a] = std::min(grid, k[a] + d);
    }
    const auto lo = evaluate(below), hi = evaluate(above);
    auto x_of = [&](std::size_t a, int kk) {
      return settings.rule == PlanRule::kPerArea ? wte_of(a, kk) : kk * step;
    };
    for (std::size_t a = 0; a < n_areas && settings.rule == PlanRule::kPerArea; ++a) {
      const double dx = x_of(a, above[a]) - x_of(a, below[a]);
      if (dx > 0) slope[a] = (hi.second[a].value - lo.second[a].value) / dx;
    }
    const double dx = (above[0] - below[0]) * step;
    if (dx > 0) national_slope = (hi.first.value - lo.first.value) / dx;
  }
  auto staffing_se = [](const Measured& m, double slope_per_wte) {
    return std::isfinite(slope_per_wte) && slope_per_wte > 0 && std::isfinite(m.se)
               ? m.se / slope_per_wte
               : std::numeric_limits<double>::quiet_NaN();
  };

  // The solution, simulated once more for its full results.
  std::vector<double> wte(n_areas);
  for (std::size_t a = 0; a < n_areas; ++a) wte[a] = wte_of(a, k[a]);
  const auto solution = ev.run(wte);
  const RunOutcome& r = solution.pooled;
  const pw::Model& model = ev.model(r);
  const Measured national = ev.measured(solution, target, -1);
  const auto economics = pw::economic_evaluation(r.tally, model.evaluation());
  const auto& inc = economics["increments"][0];

  nlohmann::json areas = nlohmann::json::array();
  std::string csv =
      "area,births,wte,wte_se,annual_post_cost,measure,measure_se,target_met,met_beyond_2se,"
      "reachable\n";
  double total_wte = 0, total_births = 0;
  for (std::size_t a = 0; a < n_areas; ++a) {
    const Measured m = ev.measured(solution, target, static_cast<int>(a));
    const bool is_met = target.kind == PlanTarget::Kind::kMaximise ? reachable[a] : met(target, m);
    const bool beyond = target.kind != PlanTarget::Kind::kMaximise && m.defined() &&
                        std::isfinite(m.se) && std::abs(m.value - target.value) > 2 * m.se &&
                        is_met;
    total_wte += wte[a];
    total_births += ev.births()[a];
    areas.push_back({{"area", ev.codes()[a]},
                     {"births", ev.births()[a]},
                     {"wte", wte[a]},
                     {"annual_post_cost", wte[a] * ev.post_cost()},
                     {"measure", measured_json(m)},
                     {"wte_se", number_or_null(staffing_se(m, slope[a]))},
                     {"target_met", is_met},
                     {"met_beyond_2se", beyond},
                     {"reachable", static_cast<bool>(reachable[a])}});
    const double wse = staffing_se(m, slope[a]);
    csv += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", core::csv_text(ev.codes()[a]),
                       ev.births()[a], wte[a], std::isfinite(wse) ? fmt::format("{}", wse) : "",
                       wte[a] * ev.post_cost(),
                       std::isfinite(m.value) ? fmt::format("{}", m.value) : "",
                       std::isfinite(m.se) ? fmt::format("{}", m.se) : "", is_met, beyond,
                       static_cast<bool>(reachable[a]));
  }
  nlohmann::json achieves{
      {"detection", measured_json(share(r.tally, pw::kDetected, pw::kIll))},
      {"timely_specialist",
       measured_json(share(r.tally, pw::kSpecialistTimely, pw::kSpecialistReferred))},
      {"specialist_care", measured_json(share(r.tally, pw::kSpecialistCare, pw::kIll))},
      {"investment", inc["investment"]},
      {"nhs_pss", inc["by_perspective"]["nhs_pss"]},
      {"societal", inc["by_perspective"]["societal"]},
      {"incremental_qalys", inc["incremental_qalys"]},
      {"icer", inc["icer"]},
      {"net_monetary_benefit", inc["net_monetary_benefit"]}};
  {
    PlanTarget trained;
    trained.measure = "trained_share";
    achieves["trained_share_final_year"] = measure(r.tally, trained, model).value;
  }
  nlohmann::json j{
      {"target", target.text},
      {"measure", target.measure},
      {"rule", rule_name(settings.rule)},
      {"method", method},
      {"grid",
       {{"step", step},
        {"maximum", maximum},
        {"unit", births_rule ? "WTE per 1,000 births a year" : "WTE per area"}}},
      {"minimum_wte", settings.minimum_wte},
      {"candidate_parameters_from",
       settings.base_option.empty() ? s.options[0].name : settings.base_option},
      {"evaluations", ev.evaluations()},
      {"seed", s.run.seed},
      {"replicates", s.run.replicates},
      {"se_method",
       s.run.replicates >= 2
           ? "spread of the replicates, sd / sqrt(R)"
           : "within-run (binomial for shares): understates the noise of measures that depend on "
             "the caseload queue; set run.replicates to 5 or more for an honest SE"},
      {"scale", s.run.scale},
      {"horizon_years", s.run.horizon},
      {"national",
       {{"total_wte", total_wte},
        {"births", total_births},
        {"annual_post_cost", total_wte * ev.post_cost()},
        {"measure", measured_json(national)},
        {"target_met",
         target.kind == PlanTarget::Kind::kMaximise
             ? std::all_of(reachable.begin(), reachable.end(), [](bool b) { return b; })
             : met(target, national)}}},
      {"achieves", achieves},
      {"areas", areas},
      {"trace", trace},
      {"note",
       "measures compare the plan with the comparator on common random numbers; se is the Monte "
       "Carlo "
       "standard error at the solution; met_beyond_2se says the target holds by more than two of "
       "them; "
       "wte_se (solution_x_se) is how far that noise can move the solution: se / the measure's "
       "slope "
       "over 15% of the solution either side"}};
  if (settings.rule != PlanRule::kPerArea) {
    j["solution_x"] = std::min(maximum, std::round(k[0] * step * 1e9) / 1e9);
    j["solution_x_se"] = number_or_null(staffing_se(national, national_slope));
  }
  return {j, csv};
}

bool plan_supports(const scenario::Scenario& s) {
  return s.model == pw::spec().name;
}

}  // namespace pimhsim::analysis
