// The pathway's figures for probabilistic and deterministic analyses: besides the cost, effect and
// net monetary benefit of every model, the costs of the public-sector and societal perspectives,
// the investment, net savings and ROI by perspective, and the counts of the cohort funnel, from
// the economic evaluation (economic_evaluation.h) and the tally.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "pimhsim/core/number_text.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/models/pathway/economic_evaluation.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {
namespace {

using core::kNaN;

const char* const kCounts[][2] = {
    {"mothers_ill", "mothers ill in the perinatal period"},
    {"detected", "ill mothers identified"},
    {"treated_any", "ill mothers who started any care"},
    {"recovered_by_exit", "ill mothers recovered by the child's second birthday"}};

// The figure of the paired increment of NMB at w over option j (0-based; named 1-based, as the
// summaries number options).
std::string pair_figure(double w, std::size_t j) {
  return fmt::format("pair_delta_nmb_{}_over_option_{}", w, j + 1);
}

}  // namespace

core::FigureLayout Model::figures(const std::vector<double>& thresholds) const {
  core::FigureLayout l;
  auto add = [&](std::string name, std::string description, bool increment) {
    l.figures.push_back({std::move(name), std::move(description), increment, {}});
    return l.figures.size() - 1;
  };
  for (const auto& p : spec().perspectives)
    add(fmt::format("cost_{}", p),
        fmt::format("{} costs with the investment, discounted, whole population over the horizon",
                    p),
        false);
  l.cost = 0;
  add("investment", "investment in specialist posts and training, discounted", false);
  l.effect = add("qalys", "QALYs of mother and child (against no illness), discounted", false);
  for (double w : thresholds)
    add(fmt::format("nmb_{}", w),
        fmt::format("net monetary benefit at {} per QALY: {} x qalys - cost_nhs_pss", w, w), false);
  l.persons = add("dyads", "mother-infant dyads whose 1001 days end in the horizon", false);
  l.person = "birth";
  for (const auto& c : kCounts) add(c[0], c[1], false);
  add("specialist_timely",
      "dyads who started the specialist's work within the timely window of referral", false);
  add("funded_wte", "funded specialist WTE, all areas, mean over the horizon's years", false);
  add("wisn_gap_wte",
      "specialists in post minus the WHO WISN requirement, all areas, mean over the horizon's "
      "years (negative: a shortage)",
      false);
  const auto saturated = add(
      "recovery_saturated",
      "1 when the drawn remission targets could not all be reproduced on the model's population "
      "(summary.json recovery_calibration.saturated), else 0",
      false);
  l.figures[saturated].warning_when_set =
      "the drawn remission targets could not all be reproduced on the model's population (for "
      "example an untreated recovery above what 30% chronic at the contact allows); those "
      "iterations used the nearest reachable hazards (docs/model.md, section 4)";
  add("delta_cost_nhs_pss", "increment of NHS and PSS costs over the comparator", true);
  add("delta_qalys", "increment of QALYs over the comparator", true);
  for (double w : thresholds)
    add(fmt::format("delta_nmb_{}", w),
        fmt::format("increment of NMB at {} per QALY over the comparator", core::human_number(w)),
        true);
  for (const auto& p : spec().perspectives)
    add(fmt::format("net_savings_{}", p),
        fmt::format("NPV of savings to the {} perspective minus the extra investment", p), true);
  for (const auto& p : spec().perspectives)
    add(fmt::format("roi_{}", p),
        fmt::format("net savings ({}) per 1 of extra investment; empty without extra investment",
                    p),
        true);
  for (const auto& p : spec().perspectives)
    add(fmt::format("payback_year_{}", p),
        fmt::format("first calendar year by whose end the savings to the {} perspective, "
                    "discounted, repay the extra investment, searched to 100 years after the "
                    "horizon; empty if never",
                    p),
        true);
  // With three or more options the decision also turns on the steps between the options other
  // than the comparator: their increments, paired, so that their first-order noise is measured.
  const auto& names = layout_->options();
  for (std::size_t j = 1; j + 1 < names.size(); ++j)
    for (double w : thresholds)
      add(pair_figure(w, j),
          fmt::format("paired increment of NMB at {} per QALY over option {} ({})",
                      core::human_number(w), j + 1, names[j]),
          true);
  l.perspectives = spec().perspectives;
  l.population_scale = timeline_.scale;
  return l;
}

void Model::figure_values(const core::Tally& tally, const core::FigureLayout& l,
                          const std::vector<double>& thresholds, std::vector<double>& value,
                          std::vector<double>& se) const {
  const std::size_t K = tally.layout().options().size(), F = l.figures.size();
  core::FigureWriter out(l, K, value, se);
  const auto put = [&](std::size_t o, const std::string& name, double v, double e) {
    out.put(o, name, v, e);
  };
  const Evaluation e = evaluate(tally, evaluation_);
  // A per-dyad count as a population total, with its standard error (as summary.json's).
  const double f = population_factor();
  auto count = [&](std::size_t o, std::size_t measure) {
    const auto m = over_years(tally, o, measure, false);
    const double n = static_cast<double>(m.count());
    return economics::Estimate{m.mean() * n * f, m.standard_error() * n * f};
  };
  const std::pair<const char*, std::size_t> counted[] = {{"mothers_ill", kIll},
                                                         {"detected", kDetected},
                                                         {"treated_any", kTreatedAny},
                                                         {"recovered_by_exit", kRecoveredByExit}};
  for (std::size_t o = 0; o < K; ++o) {
    const auto& eo = e.options[o];
    for (int p = 0; p < kPerspectiveCount; ++p)
      put(o, fmt::format("cost_{}", kPerspectiveNames[p]), eo.costs_with_investment[p],
          eo.costs[p].se);
    put(o, "investment", eo.investment, 0.0);
    put(o, "qalys", eo.qalys.value, eo.qalys.se);
    // The NHS and PSS cost (with the investment, which is not sampled) and the QALYs, with their
    // covariance.
    const auto level = cost_effect_of(tally, e, o);
    for (double w : thresholds)
      put(o, fmt::format("nmb_{}", w), w * level.effect - level.cost,
          core::nmb_standard_error(level, w));
    put(o, "dyads", count(o, kDyads).value, 0.0);
    for (const auto& [name, measure] : counted) {
      const auto n = count(o, measure);
      put(o, name, n.value, n.se);
    }
    const auto timely = count(o, kSpecialistTimely);
    put(o, "specialist_timely", timely.value, timely.se);
    // Staff are planned, not sampled: no Monte Carlo error.
    const auto staffing = staffing_summary(tally, o);
    put(o, "funded_wte", staffing.mean.funded, 0.0);
    put(o, "wisn_gap_wte", staffing.mean.specialist.difference, 0.0);
    put(o, "recovery_saturated", options_[0].recovery_saturated ? 1.0 : 0.0, 0.0);
    if (o == 0) continue;
    const auto& inc = e.increments[o - 1];
    const auto& ce = inc.cost_effectiveness;
    put(o, "delta_cost_nhs_pss", ce.incremental_cost.value, ce.incremental_cost.se);
    put(o, "delta_qalys", ce.incremental_effect.value, ce.incremental_effect.se);
    for (double w : thresholds)
      for (const auto& at : ce.at)
        if (at.threshold == w) {
          put(o, fmt::format("delta_nmb_{}", w), at.net_monetary_benefit.value,
              at.net_monetary_benefit.se);
          break;
        }
    for (int p = 0; p < kPerspectiveCount; ++p) {
      const auto& r = inc.by_perspective[p];
      put(o, fmt::format("net_savings_{}", kPerspectiveNames[p]), r.net_savings.value,
          r.net_savings.se);
      put(o, fmt::format("roi_{}", kPerspectiveNames[p]), r.roi ? r.roi->value : kNaN,
          r.roi ? r.roi->se : kNaN);
      put(o, fmt::format("payback_year_{}", kPerspectiveNames[p]),
          r.payback_year ? static_cast<double>(*r.payback_year) : kNaN, kNaN);
    }
  }
  for (std::size_t first = 1; first + 1 < K; ++first)
    for (std::size_t o = first + 1; o < K; ++o) {
      const auto step = cost_effect_step(tally, first, o);
      for (double w : thresholds) {
        const double d = (w * value[o * F + l.effect] - value[o * F + l.cost]) -
                         (w * value[first * F + l.effect] - value[first * F + l.cost]);
        const double pair_se =
            step ? std::sqrt(std::max(0.0, w * w * step->effect_se * step->effect_se +
                                               step->cost_se * step->cost_se -
                                               2 * w * step->covariance))
                 : kNaN;
        put(o, pair_figure(w, first), d, pair_se);
      }
    }
}

}  // namespace pimhsim::models::pathway
