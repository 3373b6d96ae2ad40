#include "pimhsim/analysis/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"

namespace pimhsim::analysis {
namespace {

using models::Measured;

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
  // `settings` resolved against the scenario (plan_scenario_problem).
  Evaluator(const scenario::Scenario& s, const PlanSettings& settings)
      : settings_(settings), model_(*models::staffable_of(s.model)), scenario_(s) {
    std::size_t base = 0;
    for (std::size_t o = 0; o < s.options.size(); ++o)
      if (s.options[o].name == settings.base_option) base = o;
    scenario_.options = {s.options[0], s.options[base]};
    scenario_.options[1].name = "Plan";
    if (const auto t = settings.target.threshold) {
      auto& th = scenario_.economics.thresholds;
      if (std::find(th.begin(), th.end(), *t) == th.end()) th.push_back(*t);
    }
    single_ = scenario_;
    single_.run.replicates = 1;
    frame_ = model_.frame(*models::make(scenario_));
  }

  Evaluation run(const std::vector<double>& candidate) {
    ++evaluations_;
    const std::vector<std::vector<double>> funded{frame_.comparator_wte, candidate};
    Evaluation e;
    e.pooled.model = model_.make(scenario_, funded);
    const auto& layout = e.pooled.model->layout();
    e.pooled.tally = core::Tally(layout);
    e.pooled.partitions.assign(e.pooled.model->partitions(), core::Tally(layout));
    for (std::uint32_t r = 0; r < scenario_.run.replicates; ++r) {
      e.replicates.push_back(
          run_model(model_.make(single_, funded), single_.run.seed, 1, settings_.executor, r));
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
    const models::MeasureRequest want{target.index, target.threshold.value_or(0)};
    return measured(e, want, area);
  }
  Measured measured(const Evaluation& e, const models::MeasureRequest& want, int area) const {
    auto take = [&](const RunOutcome& r) {
      const auto& tally = area < 0 ? r.tally : r.partitions[static_cast<std::size_t>(area)];
      Measured m;
      model_.measure(*r.model, tally, {&want, 1}, {&m, 1});
      return m;
    };
    Measured m = take(e.pooled);
    if (e.replicates.size() >= 2 && m.defined()) {
      double sum = 0, sum2 = 0;
      for (const auto& r : e.replicates) {
        const Measured x = take(r);
        if (!x.defined()) return m;
        sum += x.value;
        sum2 += x.value * x.value;
      }
      const double n = static_cast<double>(e.replicates.size());
      m.se = std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1)) / n);
    }
    return m;
  }

  const models::Staffable& model() const { return model_; }
  const std::vector<double>& births() const { return frame_.population; }
  const std::vector<std::string>& codes() const { return frame_.partitions; }
  double post_cost() const { return frame_.post_cost_per_wte; }
  int evaluations() const { return evaluations_; }
  const scenario::Scenario& scenario() const { return scenario_; }

 private:
  const PlanSettings& settings_;
  const models::Staffable& model_;
  scenario::Scenario scenario_, single_;
  models::StaffingFrame frame_;
  int evaluations_ = 0;
};

}  // namespace

core::Expected<PlanResult> plan(const scenario::Scenario& s, PlanSettings settings) {
  if (!(settings.minimum_wte >= 0))
    return core::Status::bad_input(
        fmt::format("`minimum_wte`: {} is not a number >= 0", settings.minimum_wte));
  if (const auto why = settings_problem(settings); !why.empty())
    return core::Status::bad_input(why);
  if (const auto why = plan_scenario_problem(s, settings)) return core::Status::bad_input(*why);
  Evaluator ev(s, settings);
  const PlanTarget& target = settings.target;
  const bool births_rule = settings.rule == PlanRule::kBirths;
  const auto [step, maximum] = search_grid(settings);
  const int grid = std::max(1, static_cast<int>(std::ceil(maximum / step - 1e-9)));
  const std::size_t n_areas = ev.births().size();
  auto wte_of = [&](std::size_t a, int k) {
    const double x = std::min(maximum, std::round(k * step * 1e9) / 1e9);
    return std::max(settings.minimum_wte, births_rule ? ev.births()[a] * x / 1000.0 : x);
  };
  PlanResult result;

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
    PlanStep row{ev.evaluations(), wte, std::nullopt, national};
    if (settings.rule != PlanRule::kPerArea)
      row.x = std::min(maximum, std::round(ks[0] * step * 1e9) / 1e9);
    result.trace.push_back(row);
    return std::make_pair(national, per_area);
  };
  auto uniform = [&](int kk) { return std::vector<int>(n_areas, kk); };
  std::string method;

  if (settings.rule != PlanRule::kPerArea) {
    int answer = 0;
    bool ok = true;
    if (target.rises) {
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
  } else if (target.rises) {
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
  const Measured national = ev.measured(solution, target, -1);

  for (std::size_t a = 0; a < n_areas; ++a) {
    PlanArea area;
    area.area = ev.codes()[a];
    area.births = ev.births()[a];
    area.wte = wte[a];
    area.annual_post_cost = wte[a] * ev.post_cost();
    area.measure = ev.measured(solution, target, static_cast<int>(a));
    const Measured& m = area.measure;
    area.target_met = target.kind == PlanTarget::Kind::kMaximise ? reachable[a] : met(target, m);
    area.met_beyond_2se = target.kind != PlanTarget::Kind::kMaximise && m.defined() &&
                          std::isfinite(m.se) && std::abs(m.value - target.value) > 2 * m.se &&
                          area.target_met;
    area.wte_se = staffing_se(m, slope[a]);
    area.reachable = reachable[a];
    result.total_wte += wte[a];
    result.births += ev.births()[a];
    result.areas.push_back(std::move(area));
  }
  const auto measures = ev.model().measures();
  for (std::size_t i = 0; i < measures.size(); ++i) {
    std::vector<std::optional<double>> thresholds{std::nullopt};
    if (measures[i].needs_threshold)
      thresholds.assign(ev.scenario().economics.thresholds.begin(),
                        ev.scenario().economics.thresholds.end());
    for (const auto& t : thresholds)
      result.achieves.push_back(
          {&measures[i], t, ev.measured(solution, models::MeasureRequest{i, t.value_or(0)}, -1)});
  }
  result.target = target;
  result.rule = settings.rule;
  result.method = method;
  result.step = step;
  result.maximum = maximum;
  result.minimum_wte = settings.minimum_wte;
  result.candidate_parameters_from =
      settings.base_option.empty() ? s.options[0].name : settings.base_option;
  result.evaluations = ev.evaluations();
  result.seed = s.run.seed;
  result.replicates = s.run.replicates;
  result.scale = s.run.scale;
  result.horizon_years = s.run.horizon;
  result.annual_post_cost = result.total_wte * ev.post_cost();
  result.measure = national;
  result.target_met =
      target.kind == PlanTarget::Kind::kMaximise
          ? std::all_of(reachable.begin(), reachable.end(), [](bool b) { return b; })
          : met(target, national);
  if (settings.rule != PlanRule::kPerArea) {
    result.solution_x = std::min(maximum, std::round(k[0] * step * 1e9) / 1e9);
    result.solution_x_se = staffing_se(national, national_slope);
  }
  return result;
}

std::string PlanAchieved::name() const {
  return threshold ? fmt::format("{}@{}", measure->name, *threshold) : measure->name;
}

const char* PlanResult::grid_unit() const {
  return rule == PlanRule::kBirths ? "WTE per 1,000 births a year" : "WTE per area";
}

std::string PlanResult::se_method() const {
  return replicates >= 2
             ? "spread of the replicates, sd / sqrt(R)"
             : "within-run (binomial for shares): understates the noise of measures that depend "
               "on the caseload queue; set run.replicates to 5 or more for an honest SE";
}

}  // namespace pimhsim::analysis
