#include "pimhsim/analysis/run_summary.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace pimhsim::analysis {
namespace {

const MeasureEstimate* find_in(const std::vector<MeasureEstimate>& list, const std::string& name) {
  const auto it = std::find_if(list.begin(), list.end(),
                               [&](const MeasureEstimate& m) { return m.measure == name; });
  return it == list.end() ? nullptr : &*it;
}

MeasureEstimate estimate(const std::string& name, const core::Moments& m) {
  return {name, m.mean(), m.standard_error(), m.count(), std::nullopt, std::nullopt};
}

}  // namespace

const MeasureEstimate* RunOptionSummary::find(const std::string& measure) const {
  return find_in(measures, measure);
}
const MeasureEstimate* IncrementSummary::find(const std::string& measure) const {
  return find_in(measures, measure);
}

RunSummary summarise(const scenario::Scenario& s, const RunOutcome& r) {
  const auto& layout = r.tally.layout();
  const auto& options = layout.options();
  std::map<std::tuple<std::size_t, std::string, std::size_t>, double> exact;
  for (const auto& e : r.model->exact_values()) exact[{e.option, e.measure, e.period}] = e.value;
  RunSummary out;
  out.scenario = s.name;
  out.file = s.file;
  out.model = s.model;
  out.content_hash = s.content_hash;
  out.seed = s.run.seed;
  out.replicates = s.run.replicates;
  out.horizon = s.run.horizon;
  if (s.run.population > 0) out.population = s.run.population;
  out.headline = r.model->headline_measures();
  for (std::size_t o = 0; o < options.size(); ++o) {
    RunOptionSummary opt{options[o], s.options[o].description, s.options[o].overrides, {}};
    for (std::size_t m = 0; m < layout.measures().size(); ++m) {
      const auto& spec = layout.measures()[m];
      if (spec.periods != 1 || spec.total) continue;
      const auto& level = r.tally.level(o, m);
      auto v = estimate(spec.name, level);
      if (const auto it = exact.find({o, spec.name, 0}); it != exact.end()) {
        v.exact = it->second;
        if (level.standard_error() > 0) v.z = (level.mean() - it->second) / level.standard_error();
      }
      opt.measures.push_back(v);
    }
    out.options.push_back(std::move(opt));
  }
  const std::string cost = r.model->cost_measure(), effect = r.model->effect_measure();
  for (std::size_t o = 1; o < options.size(); ++o) {
    IncrementSummary inc{options[o], options[0], {}, std::nullopt, {}};
    for (std::size_t m = 0; m < layout.measures().size(); ++m) {
      const auto& spec = layout.measures()[m];
      if (spec.periods != 1 || !spec.paired) continue;
      inc.measures.push_back(estimate(spec.name, r.tally.increment(o, m)));
    }
    if (!cost.empty() && !effect.empty()) {
      const double dc = r.tally.increment(o, layout.measure_index(cost)).mean();
      const double de = r.tally.increment(o, layout.measure_index(effect)).mean();
      inc.icer = economics::icer(dc, de);
      const auto step = r.model->cost_effect_step(r.tally, 0, o);
      for (double wtp : s.economics.thresholds) {
        IncrementSummary::AtThreshold at{wtp, wtp * de - dc, std::nullopt};
        // Paired: var(w dE - dC) = w^2 var dE + var dC - 2 w cov.
        if (step)
          at.se = std::sqrt(std::max(0.0, wtp * wtp * step->effect_se * step->effect_se +
                                              step->cost_se * step->cost_se -
                                              2 * wtp * step->covariance));
        inc.at.push_back(at);
      }
    }
    out.increments.push_back(std::move(inc));
  }
  return out;
}

}  // namespace pimhsim::analysis
