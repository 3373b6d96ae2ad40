#include "pimhsim/analysis/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "pimhsim/analysis/plan_evaluator.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/special_values.h"

namespace pimhsim::analysis {
namespace {

using models::Measured;
using plan_detail::Evaluation;
using plan_detail::Evaluator;
using Kind = PlanTarget::Kind;

bool met(const PlanTarget& t, const Measured& v) {
  if (!v.defined()) return false;
  return t.kind == Kind::kAtMost ? v.value <= t.value : v.value >= t.value;
}

// Whether `v` is nearer the target than `best` (for the best value of an unreachable target).
bool nearer(const PlanTarget& t, const Measured& v, const Measured& best) {
  if (!v.defined()) return false;
  if (!best.defined()) return true;
  return t.kind == Kind::kAtMost ? v.value < best.value : v.value > best.value;
}

using core::kNaN;

// The search over a grid of k = 0 .. top steps of the rule's staffing.
class Search {
 public:
  Search(Evaluator& ev, const PlanSettings& settings, PlanResult& result)
      : ev_(ev), settings_(settings), target_(settings.target), result_(result) {
    const auto grid = search_grid(settings);
    step_ = grid.first;
    maximum_ = grid.second;
    top_ = std::max(1, static_cast<int>(std::ceil(maximum_ / step_ - 1e-9)));
    n_ = ev.births().size();
  }

  double x_of(int k) const { return std::min(maximum_, std::round(k * step_ * 1e9) / 1e9); }
  double wte_of(std::size_t a, int k) const { return wte_at(a, x_of(k)); }
  double wte_at(std::size_t a, double x) const {
    const bool births_rule = settings_.rule == PlanRule::kBirths;
    return std::max(settings_.minimum_wte, births_rule ? ev_.births()[a] * x / 1000.0 : x);
  }
  double total_wte(int k) const {
    double w = 0;
    for (std::size_t a = 0; a < n_; ++a) w += wte_of(a, k);
    return w;
  }
  int top() const { return top_; }
  double step() const { return step_; }
  double maximum() const { return maximum_; }

  // Lowers the top of the search to the most staffing `budget` pays for a year; "" or why not.
  std::string limit_to(double budget) {
    if (settings_.rule == PlanRule::kPerArea && n_ > 1)
      return "`budget` is for all areas together, so it needs one staffing rule for all (`rule` "
             "births or uniform); a per-area plan has many ways to split a budget";
    if (total_wte(0) * ev_.post_cost() > budget)
      return fmt::format(
          "`budget` {} a year is below the cost of the least staffing in the search, {} a year "
          "({:g} WTE at {} per WTE; see `minimum_wte`)",
          core::money_text(budget), core::money_text(total_wte(0) * ev_.post_cost()), total_wte(0),
          core::money_text(ev_.post_cost()));
    int k = 0;
    while (k < top_ && total_wte(k + 1) * ev_.post_cost() <= budget) ++k;
    top_ = k;
    return {};
  }

  // The target's measure nationally and per area (per-area rule) at staffing ks.
  using Measures = std::pair<Measured, std::vector<Measured>>;
  Measures evaluate(const std::vector<int>& ks) { return evaluate_all({ks}).front(); }
  // The same at each of several staffings the search knows together (run together: on several
  // ranks, or threads), in order.
  std::vector<Measures> evaluate_all(const std::vector<std::vector<int>>& kss) {
    std::vector<std::vector<double>> candidates(kss.size(), std::vector<double>(n_));
    for (std::size_t c = 0; c < kss.size(); ++c)
      for (std::size_t a = 0; a < n_; ++a) candidates[c][a] = wte_of(a, kss[c][a]);
    std::vector<Measures> out(kss.size());
    const models::MeasureRequest want{target_.index, target_.threshold.value_or(0)};
    ev_.run_each(candidates, [&](std::size_t c, Evaluation&& e) {
      std::vector<Measured> per_area;
      if (settings_.rule == PlanRule::kPerArea)
        for (std::size_t a = 0; a < n_; ++a)
          per_area.push_back(ev_.measured(e, want, static_cast<int>(a)));
      const Measured national = ev_.measured(e, want, -1);
      double wte = 0;
      for (double w : candidates[c]) wte += w;
      PlanStep row{ev_.evaluations(), wte, std::nullopt, national};
      if (settings_.rule != PlanRule::kPerArea) row.x = x_of(kss[c][0]);
      result_.trace.push_back(row);
      out[c] = {national, std::move(per_area)};
    });
    return out;
  }
  std::vector<int> uniform(int k) const { return std::vector<int>(n_, k); }

  // Rules: one k for every area. Returns k; sets reachable, best_k and best.
  int rule() {
    if (target_.rises) {
      method_ = "bisection on the grid (the measure rises with staffing)";
      if (target_.kind == Kind::kAtMost) {
        const Measured v = evaluate(uniform(0)).first;
        reachable_ = met(target_, v);
        best_k_ = 0, best_ = v;
        return 0;
      }
      if (met(target_, evaluate(uniform(0)).first)) return 0;
      const Measured at_top = evaluate(uniform(top_)).first;
      if (!met(target_, at_top)) {
        reachable_ = false, best_k_ = top_, best_ = at_top;
        return top_;
      }
      int lo = 0, hi = top_;
      while (hi - lo > 1) {
        const int mid = (lo + hi) / 2;
        (met(target_, evaluate(uniform(mid)).first) ? hi : lo) = mid;
      }
      return hi;
    }
    method_ =
        "bounded grid scan, then a finer scan around the best point (the measure need not be "
        "monotone)";
    const int coarse = std::max(1, (top_ + 19) / 20);
    std::vector<std::pair<int, Measured>> seen;
    std::vector<std::vector<int>> scan;
    for (int k = 0;; k = std::min(top_, k + coarse)) {
      scan.push_back(uniform(k));
      if (k == top_) break;
    }
    const auto at = evaluate_all(scan);
    for (std::size_t i = 0; i < scan.size(); ++i) seen.emplace_back(scan[i][0], at[i].first);
    auto pick = [&](const std::vector<std::pair<int, Measured>>& v) {
      int best = -1;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (target_.kind == Kind::kMaximise) {
          if (v[i].second.defined() && (best < 0 || v[i].second.value > v[best].second.value))
            best = static_cast<int>(i);
        } else if (met(target_, v[i].second) && (best < 0 || v[i].first < v[best].first)) {
          best = static_cast<int>(i);
        }
      }
      return best;
    };
    const int best = pick(seen);
    if (best < 0) {
      reachable_ = false;
      for (const auto& [k, v] : seen)
        if (nearer(target_, v, best_)) best_k_ = k, best_ = v;
      return best_k_;
    }
    const int centre = seen[best].first;
    std::vector<std::pair<int, Measured>> fine{seen[best]};
    const int from = std::max(0, centre - coarse + 1);
    const int to =
        target_.kind == Kind::kMaximise ? std::min(top_, centre + coarse - 1) : centre - 1;
    std::vector<std::vector<int>> around;
    for (int k = from; k <= to; ++k)
      if (k != centre) around.push_back(uniform(k));
    const auto near = evaluate_all(around);
    for (std::size_t i = 0; i < around.size(); ++i) fine.emplace_back(around[i][0], near[i].first);
    return fine[pick(fine)].first;
  }

  // Per area: each area its own k. Sets reachable, best_k and best per area.
  std::vector<int> per_area() {
    area_reachable_.assign(n_, true);
    area_best_k_.assign(n_, -1);
    area_best_.assign(n_, Measured{});
    if (target_.rises) {
      method_ = "bisection on the grid in every area at once (the measure rises with staffing)";
      std::vector<int> lo(n_, 0), hi(n_, top_);
      if (target_.kind == Kind::kAtMost) {
        const auto at0 = evaluate(uniform(0)).second;
        for (std::size_t a = 0; a < n_; ++a)
          if (!met(target_, at0[a])) area_unreachable(a, 0, at0[a]);
        return uniform(0);
      }
      const auto ends = evaluate_all({uniform(top_), uniform(0)});
      const auto& at_top = ends[0].second;
      const auto& at0 = ends[1].second;
      for (std::size_t a = 0; a < n_; ++a) {
        if (met(target_, at0[a]))
          hi[a] = lo[a] = 0;
        else if (!met(target_, at_top[a]))
          area_unreachable(a, top_, at_top[a]), lo[a] = hi[a] = top_;
      }
      for (;;) {
        std::vector<int> mid(hi);
        bool any = false;
        for (std::size_t a = 0; a < n_; ++a)
          if (hi[a] - lo[a] > 1) mid[a] = (lo[a] + hi[a]) / 2, any = true;
        if (!any) break;
        const auto v = evaluate(mid).second;
        for (std::size_t a = 0; a < n_; ++a)
          if (hi[a] - lo[a] > 1) (met(target_, v[a]) ? hi[a] : lo[a]) = mid[a];
      }
      return hi;
    }
    method_ =
        "bounded grid scan in every area at once, then a finer scan around each area's best point";
    const int coarse = std::max(1, (top_ + 19) / 20);
    std::vector<int> best_k(n_, -1);
    std::vector<Measured> best_v(n_), nearest_v(n_);
    std::vector<int> nearest_k(n_, 0);
    auto consider = [&](std::size_t a, int k, const Measured& v) {
      if (nearer(target_, v, nearest_v[a])) nearest_k[a] = k, nearest_v[a] = v;
      if (target_.kind == Kind::kMaximise) {
        if (v.defined() && (best_k[a] < 0 || v.value > best_v[a].value))
          best_k[a] = k, best_v[a] = v;
      } else if (met(target_, v) && (best_k[a] < 0 || k < best_k[a])) {
        best_k[a] = k, best_v[a] = v;
      }
    };
    std::vector<std::vector<int>> scan;
    for (int k = 0;; k = std::min(top_, k + coarse)) {
      scan.push_back(uniform(k));
      if (k == top_) break;
    }
    const auto at = evaluate_all(scan);
    for (std::size_t i = 0; i < scan.size(); ++i)
      for (std::size_t a = 0; a < n_; ++a) consider(a, scan[i][a], at[i].second[a]);
    std::vector<int> centre(best_k);
    std::vector<std::vector<int>> around;
    for (int j = -(coarse - 1); j <= coarse - 1 && coarse > 1; ++j) {
      if (j == 0) continue;
      if (target_.kind != Kind::kMaximise && j > 0) break;
      std::vector<int> ks(n_);
      for (std::size_t a = 0; a < n_; ++a)
        ks[a] = std::clamp(centre[a] < 0 ? top_ : centre[a] + j, 0, top_);
      around.push_back(std::move(ks));
    }
    const auto near = evaluate_all(around);
    for (std::size_t i = 0; i < around.size(); ++i)
      for (std::size_t a = 0; a < n_; ++a)
        if (centre[a] >= 0) consider(a, around[i][a], near[i].second[a]);
    std::vector<int> k(n_);
    for (std::size_t a = 0; a < n_; ++a) {
      if (best_k[a] < 0) area_unreachable(a, nearest_k[a], nearest_v[a]);
      k[a] = best_k[a] >= 0 ? best_k[a] : nearest_k[a];
    }
    return k;
  }

  const std::string& method() const { return method_; }
  bool reachable() const { return reachable_; }
  int best_k() const { return best_k_; }
  const Measured& best() const { return best_; }
  bool area_reachable(std::size_t a) const {
    return area_reachable_.empty() ? reachable_ : area_reachable_[a];
  }
  int area_best_k(std::size_t a) const { return area_best_k_[a]; }
  const Measured& area_best(std::size_t a) const { return area_best_[a]; }

 private:
  void area_unreachable(std::size_t a, int k, const Measured& v) {
    area_reachable_[a] = false, area_best_k_[a] = k, area_best_[a] = v;
  }

  Evaluator& ev_;
  const PlanSettings& settings_;
  const PlanTarget& target_;
  PlanResult& result_;
  double step_ = 0, maximum_ = 0;
  int top_ = 0;
  std::size_t n_ = 0;
  std::string method_;
  bool reachable_ = true;
  int best_k_ = 0;
  Measured best_;
  std::vector<bool> area_reachable_;
  std::vector<int> area_best_k_;
  std::vector<Measured> area_best_;
};

// How far Monte Carlo noise can move a solution: SE(staffing) = SE(measure) / slope.
double staffing_se(const Measured& m, double slope_per_wte) {
  return std::isfinite(slope_per_wte) && slope_per_wte > 0 && std::isfinite(m.se)
             ? m.se / slope_per_wte
             : kNaN;
}

}  // namespace

core::Expected<PlanResult> plan(const scenario::Scenario& s, PlanSettings settings) {
  if (!(settings.minimum_wte >= 0))
    return core::Status::bad_input(
        fmt::format("`minimum_wte`: {} is not a number >= 0", settings.minimum_wte));
  if (const auto why = settings_problem(settings); !why.empty())
    return core::Status::bad_input(why);
  if (const auto why = plan_scenario_problem(s, settings)) return core::Status::bad_input(*why);
  Evaluator ev(s, settings);
  PlanResult result;
  Search search(ev, settings, result);
  if (settings.budget)
    if (auto why = search.limit_to(*settings.budget); !why.empty())
      return core::Status::bad_input(why);
  const PlanTarget& target = settings.target;
  const std::size_t n_areas = ev.births().size();
  result.target = target;
  result.rule = settings.rule;
  result.step = search.step();
  result.maximum = search.maximum();
  result.minimum_wte = settings.minimum_wte;
  result.budget = settings.budget;
  result.post_cost_per_wte = ev.post_cost();
  result.candidate_parameters_from =
      settings.base_option.empty() ? s.options[0].name : settings.base_option;
  result.seed = s.run.seed;
  result.report = settings.report;
  result.replicates = s.run.replicates;
  result.scale = s.run.scale;
  result.horizon_years = s.run.horizon;
  result.solved = target.given() || settings.budget.has_value();

  // Every measure the model declares, at each of the evaluation's thresholds where it needs one.
  const auto measures = ev.model().measures();
  std::vector<models::MeasureRequest> all;
  for (std::size_t i = 0; i < measures.size(); ++i) {
    std::vector<std::optional<double>> thresholds{std::nullopt};
    if (measures[i].needs_threshold)
      thresholds.assign(ev.scenario().economics.thresholds.begin(),
                        ev.scenario().economics.thresholds.end());
    for (const auto& t : thresholds) {
      result.achieves.push_back({&measures[i], t, {}});
      all.push_back({i, t.value_or(0)});
    }
  }

  if (result.solved) {
    std::vector<int> k(n_areas, search.top());  // a budget alone: the most it buys
    if (target.given())
      k = settings.rule == PlanRule::kPerArea ? search.per_area() : search.uniform(search.rule());
    result.method = target.given() ? search.method() : "the most staffing the budget pays for";
    const bool rule_unreachable = settings.rule != PlanRule::kPerArea && !search.reachable();

    // The slope of the measure in staffing, over a bracket of 15% of the solution either side
    // (at least one grid step): on common random numbers the measure moves in steps, so a
    // one-step slope would overstate it.
    std::vector<double> slope(n_areas, kNaN);
    double national_slope = kNaN;
    if (target.given() && target.kind != Kind::kMaximise && !rule_unreachable) {
      std::vector<int> below(n_areas), above(n_areas);
      for (std::size_t a = 0; a < n_areas; ++a) {
        const int d = std::max(1, static_cast<int>(std::lround(0.15 * k[a])));
        below[a] = std::max(0, k[a] - d);
        above[a] = std::min(search.top(), k[a] + d);
      }
      const auto bracket = search.evaluate_all({below, above});
      const auto &lo = bracket[0], &hi = bracket[1];
      for (std::size_t a = 0; a < n_areas && settings.rule == PlanRule::kPerArea; ++a) {
        const double dx = search.wte_of(a, above[a]) - search.wte_of(a, below[a]);
        if (dx > 0) slope[a] = (hi.second[a].value - lo.second[a].value) / dx;
      }
      const double dx = (above[0] - below[0]) * search.step();
      if (dx > 0) national_slope = (hi.first.value - lo.first.value) / dx;
    }

    // The solution, simulated once more for its full results; an area that cannot reach the
    // target keeps the comparator's staffing.
    std::vector<double> wte(n_areas);
    for (std::size_t a = 0; a < n_areas; ++a)
      wte[a] = search.area_reachable(a) || rule_unreachable ? search.wte_of(a, k[a])
                                                            : ev.comparator_wte()[a];
    const auto solution = ev.run(wte);
    const models::MeasureRequest want{target.index, target.threshold.value_or(0)};
    const Measured national = target.given() ? ev.measured(solution, want, -1) : Measured{};
    for (std::size_t a = 0; a < n_areas; ++a) {
      PlanArea area;
      area.area = ev.codes()[a];
      area.name = ev.names()[a];
      area.births = ev.births()[a];
      area.reachable = search.area_reachable(a);
      if (target.given()) area.measure = ev.measured(solution, want, static_cast<int>(a));
      if (area.reachable || rule_unreachable) {
        area.wte = wte[a];
        area.annual_post_cost = wte[a] * ev.post_cost();
        area.wte_se = staffing_se(area.measure, slope[a]);
        result.total_wte += wte[a];
        result.births += ev.births()[a];
      } else {
        area.best_wte = search.wte_of(a, search.area_best_k(a));
        area.measure = search.area_best(a);
        result.reachable = false;
      }
      const Measured& m = area.measure;
      area.target_met =
          !target.given() || (target.kind == Kind::kMaximise ? area.reachable : met(target, m));
      area.met_beyond_2se = target.given() && target.kind != Kind::kMaximise && m.defined() &&
                            std::isfinite(m.se) && std::abs(m.value - target.value) > 2 * m.se &&
                            area.target_met;
      result.areas.push_back(std::move(area));
    }
    const auto values = ev.measured(solution, all, -1);
    for (std::size_t i = 0; i < values.size(); ++i) result.achieves[i].value = values[i];
    result.annual_post_cost = result.total_wte * ev.post_cost();
    result.measure = national;
    if (rule_unreachable) {
      result.reachable = false;
      result.best_x = search.x_of(search.best_k());
      result.target_met = false;
    } else {
      result.target_met =
          !target.given() ||
          (target.kind == Kind::kMaximise ? result.reachable : met(target, national));
      if (settings.rule != PlanRule::kPerArea) {
        result.solution_x = search.x_of(k[0]);
        result.solution_x_se = staffing_se(national, national_slope);
      }
    }
  }

  if (settings.sweep) {
    const auto& sw = *settings.sweep;
    const int points = static_cast<int>(std::floor((sw.to - sw.from) / sw.step + 1e-9)) + 1;
    std::vector<std::vector<double>> candidates;
    for (int i = 0; i < points; ++i) {
      PlanSweepPoint p;
      p.x = std::round((sw.from + i * sw.step) * 1e9) / 1e9;
      std::vector<double> candidate(n_areas);
      for (std::size_t a = 0; a < n_areas; ++a) {
        candidate[a] = search.wte_at(a, p.x);
        p.total_wte += candidate[a];
      }
      p.annual_post_cost = p.total_wte * ev.post_cost();
      candidates.push_back(std::move(candidate));
      result.sweep.push_back(std::move(p));
    }
    ev.run_each(candidates, [&](std::size_t i, Evaluation&& e) {
      result.sweep[i].values = ev.measured(e, all, -1);
    });
  }
  result.evaluations = ev.evaluations();
  plan_detail::reconcile(result, ev.post_cost());
  write_planned_scenario(s, settings, result);
  return result;
}

std::string plan_identity(const scenario::Scenario& s, const PlanSettings& settings) {
  return Evaluator(s, settings).identity();
}

void serve_plan(const scenario::Scenario& s, const PlanSettings& settings,
                core::Messages& messages) {
  const Evaluator ev(s, settings);
  const auto work = ev.rank_work();
  core::serve_rank(messages, ev.identity(), work);
}

}  // namespace pimhsim::analysis
