#include "pimhsim/core/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "pimhsim/core/number_text.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/core/statistics.h"

namespace pimhsim::core {

static_assert(kMaxAnnualChange == 0.5, "domain_description gives the bound of kAnnualChange");

const char* domain_description(Domain d) {
  switch (d) {
    case Domain::kProbability:
      return "a probability in [0, 1]";
    case Domain::kUtility:
      return "a utility of at most 1";
    case Domain::kNonNegative:
      return "a number >= 0";
    case Domain::kPositive:
      return "a number > 0";
    case Domain::kReal:
      return "a finite number";
    case Domain::kShares:
      return "named shares that sum to 1";
    case Domain::kAnnualChange:
      return "an annual proportional change in [-0.5, 0.5]";
  }
  return "?";
}

bool in_domain(Domain d, double x) {
  if (!std::isfinite(x)) return false;
  switch (d) {
    case Domain::kProbability:
      return x >= 0 && x <= 1;
    case Domain::kUtility:
      return x <= 1;
    case Domain::kNonNegative:
      return x >= 0;
    case Domain::kPositive:
      return x > 0;
    case Domain::kReal:
      return true;
    case Domain::kShares:
      return x >= 0 && x <= 1;
    case Domain::kAnnualChange:
      return x >= -kMaxAnnualChange && x <= kMaxAnnualChange;
  }
  return false;
}

bool support_within(Domain d, double lower, double upper) {
  switch (d) {
    case Domain::kProbability:
    case Domain::kShares:
      return lower >= 0 && upper <= 1;
    case Domain::kUtility:
      return upper <= 1;
    case Domain::kNonNegative:
    case Domain::kPositive:
      return lower >= 0;  // continuous families put no mass on 0 itself
    case Domain::kReal:
      return true;
    case Domain::kAnnualChange:
      return lower >= -kMaxAnnualChange && upper <= kMaxAnnualChange;
  }
  return false;
}

double nmb_standard_error(const Model::CostEffect& ce, double w) {
  return std::sqrt(std::max(
      0.0, w * w * ce.effect_se * ce.effect_se + ce.cost_se * ce.cost_se - 2 * w * ce.covariance));
}

std::optional<Model::CostEffect> Model::cost_effect(const Tally& t, std::size_t option) const {
  const std::string c = cost_measure(), e = effect_measure();
  if (c.empty() || e.empty()) return std::nullopt;
  const auto& layout = t.layout();
  const std::size_t cm = layout.measure_index(c), em = layout.measure_index(e);
  if (layout.measures()[cm].periods != 1 || layout.measures()[em].periods != 1) return std::nullopt;
  const auto& cost = t.level(option, cm);
  const auto& effect = t.level(option, em);
  CostEffect ce{cost.mean(), cost.standard_error(), effect.mean(), effect.standard_error(), 0.0};
  if (const std::string d = cost_minus_effect_measure(); !d.empty()) {
    const std::size_t dm = layout.measure_index(d);
    if (layout.measures()[dm].periods == 1) {
      const double sd = t.level(option, dm).standard_error();
      ce.covariance = covariance_from_difference(ce.cost_se, ce.effect_se, sd);
    }
  }
  return ce;
}

std::optional<Model::CostEffectStep> Model::cost_effect_step(const Tally& t, std::size_t from,
                                                             std::size_t to) const {
  const std::string c = cost_measure(), e = effect_measure(), d = cost_minus_effect_measure();
  if (c.empty() || e.empty() || d.empty() || from >= to) return std::nullopt;
  const auto& layout = t.layout();
  const auto se = [&](const std::string& name) -> std::optional<double> {
    const std::size_t m = layout.measure_index(name);
    const auto& spec = layout.measures()[m];
    if (spec.periods != 1 || !spec.paired || (from > 0 && !spec.all_pairs)) return std::nullopt;
    return t.increment_between(from, to, m).standard_error();
  };
  const auto sc = se(c), sf = se(e), sd = se(d);
  if (!sc || !sf || !sd) return std::nullopt;
  return CostEffectStep{*sc, *sf, covariance_from_difference(*sc, *sf, *sd)};
}

std::size_t FigureLayout::index_of(const std::string& figure) const {
  for (std::size_t f = 0; f < figures.size(); ++f)
    if (figures[f].name == figure) return f;
  throw std::out_of_range(fmt::format("no figure `{}`", figure));
}

FigureLayout Model::figures(const std::vector<double>& thresholds) const {
  FigureLayout l;
  auto add = [&](std::string name, std::string description, bool increment) {
    l.figures.push_back({std::move(name), std::move(description), increment, {}});
    return l.figures.size() - 1;
  };
  l.cost = add("cost", "cost per person (the model's cost measure)", false);
  l.effect = add("qalys", "QALYs per person (the model's effect measure)", false);
  for (double w : thresholds)
    add(fmt::format("nmb_{}", w), fmt::format("net monetary benefit at {} per QALY", w), false);
  add("delta_cost", "increment of cost over the comparator", true);
  add("delta_qalys", "increment of QALYs over the comparator", true);
  for (double w : thresholds)
    add(fmt::format("delta_nmb_{}", w),
        fmt::format("increment of NMB at {} per QALY over the comparator", human_number(w)), true);
  return l;
}

FigureWriter::FigureWriter(const FigureLayout& layout, std::size_t options,
                           std::vector<double>& value, std::vector<double>& se)
    : layout_(layout), value_(value), se_(se) {
  value_.assign(options * layout.figures.size(), kNaN);
  se_.assign(options * layout.figures.size(), kNaN);
}

void FigureWriter::put(std::size_t option, const std::string& figure, double v, double e) {
  const std::size_t at = option * layout_.figures.size() + layout_.index_of(figure);
  value_[at] = v;
  se_[at] = e;
}

void Model::figure_values(const Tally& tally, const FigureLayout& l,
                          const std::vector<double>& thresholds, std::vector<double>& value,
                          std::vector<double>& se) const {
  const std::size_t K = tally.layout().options().size(), F = l.figures.size();
  FigureWriter out(l, K, value, se);
  const auto put = [&](std::size_t o, const std::string& name, double v, double e) {
    out.put(o, name, v, e);
  };
  const auto& layout = tally.layout();
  const std::string cm = cost_measure(), em = effect_measure();
  for (std::size_t o = 0; o < K; ++o) {
    const auto ce = cost_effect(tally, o);
    if (!ce)
      throw std::runtime_error(
          "the model reports no cost and effect: it cannot be analysed for sensitivity");
    put(o, "cost", ce->cost, ce->cost_se);
    put(o, "qalys", ce->effect, ce->effect_se);
    for (double w : thresholds)
      put(o, fmt::format("nmb_{}", w), w * ce->effect - ce->cost, nmb_standard_error(*ce, w));
  }
  for (std::size_t o = 1; o < K; ++o) {
    const double dc = value[o * F + l.cost] - value[l.cost],
                 de = value[o * F + l.effect] - value[l.effect];
    // Paired standard errors from the tally's increments where the model names its measures.
    double dc_se = std::hypot(se[o * F + l.cost], se[l.cost]),
           de_se = std::hypot(se[o * F + l.effect], se[l.effect]);
    if (!cm.empty() && !em.empty()) {
      dc_se = tally.increment(o, layout.measure_index(cm)).standard_error();
      de_se = tally.increment(o, layout.measure_index(em)).standard_error();
    }
    put(o, "delta_cost", dc, dc_se);
    put(o, "delta_qalys", de, de_se);
    // With the model's cost-minus-effect measure the covariance of the paired increments is
    // known; without it the SE treats them as independent (docs/uncertainty.md).
    const auto step = cost_effect_step(tally, 0, o);
    const double cov = step ? step->covariance : 0.0;
    for (double w : thresholds)
      put(o, fmt::format("delta_nmb_{}", w), w * de - dc,
          std::sqrt(std::max(0.0, w * w * de_se * de_se + dc_se * dc_se - 2 * w * cov)));
  }
}

void Model::prepare(const RandomSource& rng, std::uint32_t first_replicate,
                    std::uint32_t replicates, const Executor& executor) {
  if (!prepares()) return;
  std::vector<std::string> units;
  run_units_in_order<std::string>(
      executor, static_cast<std::size_t>(replicates) * partitions(),
      [&](std::size_t unit) {
        return prepare_unit(rng, first_replicate + static_cast<std::uint32_t>(unit % replicates),
                            unit / replicates);
      },
      [&](std::size_t, std::string&& bytes) { units.push_back(std::move(bytes)); });
  adopt(preparation(units));
}

}  // namespace pimhsim::core
