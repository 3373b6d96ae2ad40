#include "pimhsim/analysis/plan_evaluator.h"

#include <algorithm>
#include <cmath>

#include "pimhsim/models/registry.h"

namespace pimhsim::analysis::plan_detail {

Evaluator::Evaluator(const scenario::Scenario& s, const PlanSettings& settings)
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

Evaluation Evaluator::run(const std::vector<double>& candidate) {
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

std::vector<models::Measured> Evaluator::measured(const Evaluation& e,
                                                  std::span<const models::MeasureRequest> want,
                                                  int area) const {
  auto take = [&](const RunOutcome& r) {
    const bool all = area < 0;
    const auto& tally = all ? r.tally : r.partitions[static_cast<std::size_t>(area)];
    std::vector<models::Measured> m(want.size());
    model_.measure(*r.model, tally, all ? frame_.partitions.size() : 1, want, m);
    return m;
  };
  auto m = take(e.pooled);
  if (e.replicates.size() < 2) return m;
  const std::size_t n = want.size();
  std::vector<double> sum(n, 0.0), sum2(n, 0.0);
  std::vector<bool> defined(n, true);
  for (const auto& r : e.replicates) {
    const auto x = take(r);
    for (std::size_t i = 0; i < n; ++i) {
      defined[i] = defined[i] && x[i].defined();
      sum[i] += x[i].value;
      sum2[i] += x[i].value * x[i].value;
    }
  }
  const double k = static_cast<double>(e.replicates.size());
  for (std::size_t i = 0; i < n; ++i)
    if (m[i].defined() && defined[i])
      m[i].se = std::sqrt(std::max(0.0, (sum2[i] - sum[i] * sum[i] / k) / (k - 1)) / k);
  return m;
}

}  // namespace pimhsim::analysis::plan_detail
