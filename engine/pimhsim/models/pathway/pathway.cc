#include "pimhsim/models/pathway/pathway.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/runner.h"
#include "pimhsim/core/statistics.h"
#include "pimhsim/models/estimate_json.h"
#include "pimhsim/models/pathway/cost_of_illness.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/recovery_calibration.h"
#include "pimhsim/models/pathway/staffing_report.h"

namespace pimhsim::models::pathway {
namespace {

// The workspaces of the areas being simulated (AreaWorkspace), one per simulation running at
// once, kept by the process from one area to the next and from one run to the next (a PSA's
// iterations, each of which starts its own threads): their rings keep the capacity of the largest
// area they have seen, instead of being allocated again, page by page, for each iteration's
// threads. A simulation takes one for the area and gives it back after.
class WorkspacePool {
 public:
  static WorkspacePool& instance() {
    static WorkspacePool pool;
    return pool;
  }
  std::unique_ptr<AreaWorkspace> take() {
    const std::lock_guard lock(mutex_);
    if (free_.empty()) return std::make_unique<AreaWorkspace>();
    auto w = std::move(free_.back());
    free_.pop_back();
    return w;
  }
  void give(std::unique_ptr<AreaWorkspace> w) {
    const std::lock_guard lock(mutex_);
    free_.push_back(std::move(w));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<AreaWorkspace>> free_;
};

// A workspace from the pool for as long as it lives.
class PooledWorkspace {
 public:
  PooledWorkspace() : w_(WorkspacePool::instance().take()) {}
  ~PooledWorkspace() { WorkspacePool::instance().give(std::move(w_)); }
  PooledWorkspace(const PooledWorkspace&) = delete;
  PooledWorkspace& operator=(const PooledWorkspace&) = delete;
  AreaWorkspace& operator*() { return *w_; }

 private:
  std::unique_ptr<AreaWorkspace> w_;
};

}  // namespace

Model::Model(const scenario::Scenario& s) : Model(s, {}) {}

Model::Model(const scenario::Scenario& s, std::vector<std::vector<double>> funded)
    : funded_(std::move(funded)),
      start_year_(s.run.start_year),
      replicates_(s.run.replicates),
      currency_(s.economics.currency) {
  std::vector<std::string> names;
  RecoveryCalibrations calibrations;
  for (const auto& o : s.options) {
    names.push_back(o.name);
    options_.push_back(Inputs::from(o.parameters, o.switches, &calibrations));
  }
  for (const auto& a : s.areas->areas) {
    codes_.push_back(a.code);
    names_.push_back(a.name);
    areas_.push_back({a.value("births").value_or(0), a.value("trained_share").value_or(-1),
                      a.value("health_visitors").value_or(-1),
                      a.value("specialist_wte").value_or(0)});
  }
  timeline_.horizon_months = static_cast<int>(s.run.horizon) * 12;
  timeline_.scale = s.run.scale;
  std::vector<AreaWorkforce> workforce;
  for (const auto& a : areas_)
    workforce.push_back({a.births, a.trained_share, a.health_visitors, a.specialist_wte});
  if (funded_.empty()) funded_ = funded_by_rule(options_, workforce);
  if (funded_.size() != options_.size())
    throw std::invalid_argument("pathway::Model: funded WTE for every option");
  const bool coupled = std::any_of(options_.begin(), options_.end(),
                                   [](const Inputs& in) { return in.national_hires_per_year > 0; });
  if (coupled)
    coupled_staffing_ =
        plan_staffing(options_, workforce, funded_, kLifeMonths, timeline_.horizon_months);
  discounting_.costs = s.economics.cost_discount;
  discounting_.effects = s.economics.effect_discount;
  for (const auto& in : options_)
    discounting_.birth.push_back(
        birth_factors(in, discounting_, kLifeMonths + timeline_.horizon_months, kLifeMonths));
  layout_ = std::make_unique<core::TallyLayout>(names, measure_specs(s.run.horizon, currency_));
  evaluation_.dyad_factor = population_factor();
  evaluation_.total_factor = total_factor();
  evaluation_.start_year = start_year_;
  evaluation_.horizon_years = static_cast<int>(s.run.horizon);
  evaluation_.thresholds = s.economics.thresholds;
  evaluation_.quality_of_life_in_societal = s.economics.quality_of_life_in_societal;
  evaluation_.cost_discount = discounting_.costs;
  evaluation_.currency = currency_;
  for (const auto& in : options_) {
    std::array<std::array<std::array<int, 2>, kLines>, 2> years{};
    for (int p = 0; p < 2; ++p)
      for (int l = 0; l < kLines; ++l)
        years[p][l] = {static_cast<int>(std::floor(in.years[p][l][0])),
                       static_cast<int>(std::floor(in.years[p][l][1]))};
    evaluation_.profile_years.push_back(years);
  }
}

std::vector<OptionStaffing> Model::staffing(std::size_t area) const {
  if (!coupled_staffing_.empty()) return coupled_staffing_.at(area);
  const AreaInput& a = areas_.at(area);
  std::vector<std::vector<double>> funded;
  for (const auto& f : funded_) funded.push_back({f[area]});
  auto plan = plan_staffing(options_, {{a.births, a.trained_share, a.health_visitors}}, funded,
                            kLifeMonths, timeline_.horizon_months);
  return std::move(plan[0]);
}

StatusQuoSums Model::status_quo_sums(const core::RandomSource& rng, std::uint32_t replicate,
                                     std::size_t partition) const {
  StatusQuoSums sums;
  const std::vector<Inputs> comparator{options_[0]};
  std::vector<OptionStaffing> staff;
  if (!coupled_staffing_.empty()) {
    staff = {coupled_staffing_[partition][0]};
  } else {  // the comparator's workforce alone: the same arithmetic as its row of the full plan
    const AreaInput& a = areas_[partition];
    staff = std::move(plan_staffing(comparator, {{a.births, a.trained_share, a.health_visitors}},
                                    {{funded_[0][partition]}}, kLifeMonths,
                                    timeline_.horizon_months)[0]);
  }
  core::Tally scratch(*layout_);
  PooledWorkspace workspace;
  simulate_area(comparator, areas_[partition], staff, timeline_, discounting_, rng, replicate,
                static_cast<std::uint32_t>(partition), scratch, *workspace, nullptr, &sums);
  return sums;
}

std::string Model::prepare_unit(const core::RandomSource& rng, std::uint32_t replicate,
                                std::size_t partition) const {
  return status_quo_sums(rng, replicate, partition).to_bytes();
}

std::string Model::preparation(const std::vector<std::string>& units) const {
  StatusQuoSums total;
  for (const auto& u : units) total.merge(StatusQuoSums::from_bytes(u));
  return total.to_bytes();
}

void Model::adopt(std::string_view preparation) {
  const StatusQuo reference = StatusQuoSums::from_bytes(preparation).reference(options_[0]);
  for (auto& in : options_) in.status_quo = reference;
}

void Model::simulate(const core::RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                     core::Tally& tally) const {
  const auto simulate_with = [&](const std::vector<OptionStaffing>& staffing) {
    PooledWorkspace workspace;
    simulate_area(options_, areas_[partition], staffing, timeline_, discounting_, rng, replicate,
                  static_cast<std::uint32_t>(partition), tally, *workspace);
  };
  if (!coupled_staffing_.empty())
    simulate_with(coupled_staffing_[partition]);
  else
    simulate_with(staffing(partition));
}

std::vector<std::string> Model::headline_measures() const {
  return {"mothers_ill", "detected", "treated_specialist_hv", "long_term_cost_child",
          "qalys_mother"};
}

void Model::extend_summary(const core::Tally& t, nlohmann::json& j) const {
  const auto r = report(t);
  for (std::size_t o = 0; o < r.options.size(); ++o) {
    const auto& opt = r.options[o];
    auto b = figures_json(opt.figures);
    b["name"] = opt.name;
    auto mean = [](const Mean& m) {
      auto e = estimate_json(m.mean, m.se);
      e["n"] = m.n;
      return e;
    };
    b["mean_weeks_onset_to_detection"] = mean(opt.weeks_onset_to_detection);
    b["mean_weeks_referral_to_care"] = mean(opt.weeks_referral_to_care);
    b["specialist_wte"] = opt.specialist_wte;
    b["staffing"] = staffing_json(opt.staffing);
    j["options"][o].update(b);
  }
  for (std::size_t i = 0; i < r.increments.size(); ++i)
    j["increments"][i].update(figures_json(r.increments[i]));
  {
    // Remission as calibrated on the model's own population (the comparator's inputs).
    const Inputs& in = options_[0];
    auto monthly = [](double h) { return -std::expm1(-h); };
    nlohmann::json services;
    for (int s = 0; s < kServices; ++s) services[kServiceNames[s]] = in.service_added[s];
    j["recovery_calibration"] = {{"chronic_share_at_onset", in.chronic_share},
                                 {"natural_hazard", in.natural_hazard},
                                 {"natural_monthly_remission", monthly(in.natural_hazard)},
                                 {"usual_hv_added_hazard", in.usual_hv_added},
                                 {"added_hazard", services},
                                 {"saturated", in.recovery_saturated},
                                 {"note",
                                  "hazards per month before condition and severity factors; "
                                  "listening_visits is a trained health visitor's; "
                                  "solved on the mothers the model has ill when each trial's women "
                                  "were found ill (docs/model.md, section 4)"}};
  }
  j["model_summary"] = "pathway";
  j["economics"] = evaluation_json(r.economics);
  j["start_year"] = start_year_;
  j["currency"] = currency_;
  j["population"] = {{"scale", timeline_.scale},
                     {"note",
                      "totals are scaled back to the whole population: simulated values x 1/scale, "
                      "standard errors likewise"}};
}

std::optional<core::Model::CostEffect> Model::cost_effect(const core::Tally& t,
                                                          std::size_t o) const {
  // The evaluation is a temporary: keep it, not a reference into it, which would dangle.
  const Evaluation evaluation = evaluate(t, evaluation_);
  return cost_effect_of(t, evaluation, o);
}

core::Model::CostEffect Model::cost_effect_of(const core::Tally& t, const Evaluation& e,
                                              std::size_t o) const {
  const auto& eo = e.options[o];
  // The covariance of the NHS and PSS cost and the QALYs, as the paired increments' (pooled over
  // exit years, scaled to population totals): var(C - Q) = var C + var Q - 2 cov(C, Q).
  const auto d = over_years(t, o, kCostMinusQalys, false);
  const double sd = d.standard_error() * static_cast<double>(d.count()) * population_factor();
  const double sc = eo.costs[0].se, sq = eo.qalys.se;
  return CostEffect{eo.costs_with_investment[0], sc, eo.qalys.value, sq,
                    core::covariance_from_difference(sc, sq, sd)};
}

std::optional<core::Model::CostEffectStep> Model::cost_effect_step(const core::Tally& t,
                                                                   std::size_t from,
                                                                   std::size_t to) const {
  // As economic_evaluation's paired errors: per-dyad differences pooled over exit years, scaled
  // to population totals; the investment is not sampled.
  const auto se = [&](std::size_t measure) {
    core::Moments m;
    for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
      m.merge(t.increment_between(from, to, measure, y));
    return m.standard_error() * static_cast<double>(m.count()) * population_factor();
  };
  const double c = se(kCostNhsPss), e = se(kQalysTotal), d = se(kCostMinusQalys);
  return CostEffectStep{c, e, core::covariance_from_difference(c, e, d)};
}

std::vector<std::pair<std::string, std::string>> Model::extra_outputs(const core::Tally& t) const {
  const double f = population_factor();
  core::CsvTable funnel({"option", "stage", "dyads", "dyads_se", "share_of_born"});
  const std::pair<const char*, std::size_t> stages[] = {{"born", kDyads},
                                                        {"ill", kIll},
                                                        {"detected", kDetected},
                                                        {"treated", kTreatedAny},
                                                        {"recovered", kRecoveredByExit}};
  for (std::size_t o = 0; o < t.layout().options().size(); ++o)
    for (const auto& [stage, measure] : stages) {
      const auto m = over_years(t, o, measure, false);
      const double n = static_cast<double>(m.count());
      funnel.row()
          .text(t.layout().options()[o])
          .text(stage)
          .count(m.mean() * n * f)
          .number(m.standard_error() * n * f)
          .number(m.mean())
          .end();
    }
  const auto evaluation = evaluate(t, evaluation_);
  return {{"funnel.csv", funnel.text()},
          {"staffing.csv", staffing_csv(t, options_, areas_.size(), start_year_, total_factor())},
          {"cost_of_illness.csv", cost_of_illness_csv(t, options_[0], discounting_.costs,
                                                      population_factor(), total_factor())},
          {"economics.json", evaluation_json(evaluation).dump(2) + "\n"},
          {"budget_impact.csv", budget_impact_csv(evaluation)},
          {"payback.csv", payback_csv(evaluation)}};
}

std::vector<core::PartitionTable> Model::partition_tables() const {
  return {staffing_by_area_table(*layout_, codes_, names_, options_, start_year_, total_factor())};
}

}  // namespace pimhsim::models::pathway
