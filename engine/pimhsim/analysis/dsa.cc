#include "pimhsim/analysis/dsa.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "pimhsim/analysis/journal_format.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {

using core::kNaN;

bool same(const core::Parameter& a, const core::Parameter& b) {
  return a.value == b.value && a.shares == b.shares &&
         a.distribution.family() == b.distribution.family() && a.low == b.low && a.high == b.high;
}

// A parameter set in which `name` has no one-way range (so one_way leaves it alone).
core::ParameterSet without_range(core::ParameterSet set, const std::string& name) {
  core::Parameter p = set.at(name);
  p.low.reset();
  p.high.reset();
  p.distribution = core::Distribution::fixed(p.value);
  p.dirichlet.reset();
  set.set(std::move(p));
  return set;
}

}  // namespace

const char* measure_name(DsaMeasure measure) {
  switch (measure) {
    case DsaMeasure::kNetMonetaryBenefit:
      return "nmb";
    case DsaMeasure::kNetSavings:
      return "net_savings";
    case DsaMeasure::kRoi:
      return "roi";
    case DsaMeasure::kIcer:
      return "icer";
    case DsaMeasure::kDeltaCost:
      return "delta_cost";
    case DsaMeasure::kDeltaEffect:
      return "delta_qalys";
  }
  return "";
}

std::optional<DsaMeasure> parse_dsa_measure(const std::string& name) {
  for (const auto m : {DsaMeasure::kNetMonetaryBenefit, DsaMeasure::kNetSavings, DsaMeasure::kRoi,
                       DsaMeasure::kIcer, DsaMeasure::kDeltaCost, DsaMeasure::kDeltaEffect})
    if (name == measure_name(m)) return m;
  return std::nullopt;
}

std::string DsaOutcome::label() const {
  switch (measure) {
    case DsaMeasure::kNetMonetaryBenefit:
      return fmt::format("incremental net monetary benefit at {} per QALY", wtp);
    case DsaMeasure::kNetSavings:
      return fmt::format("net savings ({} perspective)", perspective);
    case DsaMeasure::kRoi:
      return fmt::format("return on investment ({} perspective)", perspective);
    case DsaMeasure::kIcer:
      return "ICER (incremental cost per QALY gained)";
    case DsaMeasure::kDeltaCost:
      return "incremental cost";
    case DsaMeasure::kDeltaEffect:
      return "incremental QALYs";
  }
  return "";
}

std::string outcome_problem(const scenario::Scenario& s, const DsaOutcome& o) {
  if (s.options.size() < 2)
    return "the scenario has one option: a DSA compares options with the first (add an option)";
  const auto* spec = models::spec_of(s.model);
  const bool savings = o.measure == DsaMeasure::kNetSavings || o.measure == DsaMeasure::kRoi;
  if (savings && (spec == nullptr || spec->perspectives.empty()))
    return fmt::format(
        "model `{}` reports no net savings or ROI (use nmb, icer, delta_cost or delta_qalys)",
        s.model);
  if (o.measure == DsaMeasure::kNetMonetaryBenefit && (!std::isfinite(o.wtp) || o.wtp < 0))
    return "the threshold must be a number >= 0";
  if (savings && std::find(spec->perspectives.begin(), spec->perspectives.end(), o.perspective) ==
                     spec->perspectives.end()) {
    return fmt::format("unknown perspective `{}` ({})", o.perspective,
                       core::listed(spec->perspectives, "or"));
  }
  return {};
}

Dsa::Dsa(scenario::Scenario s, DsaOutcome outcome, core::ExecutorRef executor)
    : s_(std::move(s)), outcome_(std::move(outcome)), executor_(std::move(executor)) {
  const auto model = models::make(s_);
  layout_ = figure_layout(s_, *model);
  units_ = model->partitions() * std::max<std::size_t>(1, s_.run.replicates);
  if (const auto p = outcome_problem(s_, outcome_); !p.empty()) throw std::invalid_argument(p);
  const auto& base = s_.parameters.all();
  for (const auto& o : s_.options) {
    std::vector<char> own(base.size(), 0);
    for (std::size_t i = 0; i < base.size(); ++i) {
      const core::Parameter* p = o.parameters.find(base[i].name);
      own[i] = p != nullptr && !same(*p, base[i]);
    }
    own_.push_back(std::move(own));
  }
}

namespace {
scenario::Scenario apply(const scenario::Scenario& s, const std::vector<std::vector<char>>& own,
                         const core::ParameterSet& baseline) {
  scenario::Scenario out = s;
  out.parameters = baseline;
  const auto& all = baseline.all();
  for (std::size_t o = 0; o < out.options.size(); ++o)
    for (std::size_t i = 0; i < all.size(); ++i)
      if (!own[o][i]) out.options[o].parameters.set(all[i]);
  return out;
}
}  // namespace

std::string Dsa::rule_problem(const core::ParameterSet& baseline) const {
  const auto* spec = models::spec_of(s_.model);
  if (spec == nullptr || spec->check == nullptr) return {};
  const auto s = apply(s_, own_, baseline);
  for (const auto& o : s.options)
    for (const auto& p : spec->check(o.parameters, o.switches))
      return fmt::format("option `{}`: parameters.{}: {} ({})", o.name, p.parameter, p.message,
                         p.expected);
  return {};
}

std::string Dsa::key(const core::ParameterSet& baseline) const {
  std::string out;
  for (const auto& p : baseline.all()) {
    const core::Parameter* base = s_.parameters.find(p.name);
    if (base != nullptr && base->value == p.value && base->shares == p.shares) continue;
    std::string value = fmt::format("{}", p.value);
    if (p.is_shares()) {
      value.clear();
      for (double x : p.shares) value += fmt::format("{}{}", value.empty() ? "" : "/", x);
    }
    out += fmt::format("{}{}={}", out.empty() ? "" : ";", p.name, value);
  }
  return out;
}

void Dsa::preload(const std::string& key, std::vector<double> outcomes) {
  if (outcomes.size() != compared_options())
    throw std::invalid_argument(fmt::format("{} outcomes preloaded for {} compared options",
                                            outcomes.size(), compared_options()));
  memo_[key] = std::move(outcomes);
}

std::string Dsa::identity() const {
  return fmt::format("pimhsim {} dsa; scenario {}; outcome {}; wtp {}; perspective {}; options {}",
                     kVersion, s_.content_hash, measure_name(outcome_.measure), outcome_.wtp,
                     outcome_.perspective, layout_.options.size());
}

std::vector<double> Dsa::evaluate(const core::ParameterSet& baseline) const {
  std::string k = key(baseline);
  if (const auto it = memo_.find(k); it != memo_.end()) return it->second;
  if (planned_ != nullptr) {  // listing the plan's sets (dsa_planned_sets)
    std::vector<double> zeros(compared_options(), 0.0);
    if (!rule_problem(baseline).empty()) return zeros;
    planned_->push_back(baseline);
    return memo_.emplace(std::move(k), std::move(zeros)).first->second;
  }
  if (stop_ != nullptr && stop_->load()) throw DsaInterrupted();
  auto out = simulate(baseline, executor_, crew_);
  ++evaluations_;
  const auto& stored = memo_.emplace(std::move(k), std::move(out)).first;
  if (on_evaluation_) on_evaluation_(stored->first, stored->second);
  return stored->second;
}

void Dsa::record(const core::ParameterSet& baseline, std::vector<double> outcomes) const {
  ++evaluations_;
  const auto& stored = memo_.insert_or_assign(key(baseline), std::move(outcomes)).first;
  if (on_evaluation_) on_evaluation_(stored->first, stored->second);
}

std::unique_ptr<core::Model> Dsa::model_at(const core::ParameterSet& baseline) const {
  if (const auto p = rule_problem(baseline); !p.empty()) throw std::runtime_error(p);
  return models::make(apply(s_, own_, baseline));
}

std::vector<double> Dsa::simulate(const core::ParameterSet& baseline, core::ExecutorRef executor,
                                  core::Crew* crew) const {
  if (const auto p = rule_problem(baseline); !p.empty()) throw std::runtime_error(p);
  const auto s = apply(s_, own_, baseline);
  const bool shared = crew != nullptr && crew->ranks() > 1;
  // Named in messages as its journal line will be: by the distinct sets before it.
  UnitsOf of;
  if (shared)
    of = {dsa_set_bytes(*this, baseline),
          fmt::format("evaluation {} ({})", memo_.size(), key(baseline))};
  const auto r = run_model(models::make(s), s.run.seed, s.run.replicates, executor, 0, {},
                           shared ? crew : nullptr, shared ? &of : nullptr);
  if (shared && crew->interrupted()) throw DsaInterrupted();
  std::vector<double> value, se;
  extract_figures(s, layout_, *r.model, r.tally, value, se);
  const std::size_t F = layout_.figures.size();
  std::vector<double> out;
  for (std::size_t o = 1; o < layout_.options.size(); ++o) {
    const double dc = value[o * F + layout_.cost] - value[layout_.cost];
    const double de = value[o * F + layout_.effect] - value[layout_.effect];
    double v = kNaN;
    switch (outcome_.measure) {
      case DsaMeasure::kNetMonetaryBenefit:
        v = outcome_.wtp * de - dc;
        break;
      case DsaMeasure::kNetSavings:
        v = value[o * F + layout_.index_of(fmt::format("net_savings_{}", outcome_.perspective))];
        break;
      case DsaMeasure::kRoi:
        v = value[o * F + layout_.index_of(fmt::format("roi_{}", outcome_.perspective))];
        break;
      // Cost per QALY gained: defined only when the option gains QALYs. Where it loses them the
      // ratio is negative when dominated and positive with the opposite meaning in the south-west
      // quadrant, so it is not a figure to rank or to compare with a threshold: not a number.
      case DsaMeasure::kIcer:
        v = de > 0 ? dc / de : kNaN;
        break;
      case DsaMeasure::kDeltaCost:
        v = dc;
        break;
      case DsaMeasure::kDeltaEffect:
        v = de;
        break;
    }
    out.push_back(v);
  }
  return out;
}

std::string dsa_journal_line(const std::string& key, const std::vector<double>& outcomes) {
  std::string body = fmt::format("{}", outcomes.size());
  for (double x : outcomes) body += fmt::format(",{}", x);
  return checksummed_line(fmt::format("{},{}", body, key));
}

std::optional<std::pair<std::string, std::vector<double>>> parse_dsa_journal_line(
    std::string_view line, std::size_t compared_options) {
  const auto body = checked_body(line);
  if (!body) return std::nullopt;
  const auto fields = split_fields(*body);
  const auto n = read_number(fields[0]);
  if (!n || *n != static_cast<double>(compared_options) || fields.size() < compared_options + 2)
    return std::nullopt;
  std::vector<double> outcomes;
  for (std::size_t k = 1; k <= compared_options; ++k) {
    const auto x = read_number(fields[k]);
    if (!x) return std::nullopt;
    outcomes.push_back(*x);
  }
  // The key is the rest of the body (it may hold commas).
  std::size_t at = 0;
  for (std::size_t k = 0; k <= compared_options; ++k) at += fields[k].size() + 1;
  return std::make_pair(std::string(body->substr(at)), std::move(outcomes));
}

namespace {
// Whether `only` (empty: everything) asks for the item: by its parameter's name, or by its own
// (`NAME.COMPONENT` for one share).
bool asked_for(const std::vector<std::string>& only, const OneWayItem& item) {
  return only.empty() || std::find(only.begin(), only.end(), item.parameter) != only.end() ||
         std::find(only.begin(), only.end(), item.name) != only.end();
}

// The baseline with the parameters not to vary stripped of their ranges; the rule-breaking ones
// listed.
core::ParameterSet varied_set(const Dsa& dsa, const std::vector<std::string>& only,
                              std::vector<NotVaried>* rule_breaking) {
  core::ParameterSet set = dsa.scenario().parameters;
  const auto& base = dsa.scenario().parameters;
  for (const auto& p : base.all()) {
    auto items = one_way_items(p);
    std::erase_if(items, [&](const OneWayItem& item) { return !asked_for(only, item); });
    if (items.empty()) {
      if (!one_way_items(p).empty()) set = without_range(std::move(set), p.name);
      continue;
    }
    std::string problem;
    for (const auto& item : items) {
      if (problem.empty()) problem = dsa.rule_problem(with_item_value(base, item, item.range.low));
      if (problem.empty()) problem = dsa.rule_problem(with_item_value(base, item, item.range.high));
    }
    if (!problem.empty()) {
      if (rule_breaking) rule_breaking->push_back({p.name, problem});
      set = without_range(std::move(set), p.name);
    }
  }
  return set;
}
}  // namespace

std::size_t one_way_evaluations(const Dsa& dsa, const std::vector<std::string>& only) {
  const auto set = varied_set(dsa, only, nullptr);
  std::size_t n = 1;
  for (const auto& p : set.all())
    for (const auto& item : one_way_items(p))
      if (asked_for(only, item))
        n += (item.range.low != item.base) + (item.range.high != item.base);
  return n;
}

namespace {

// The analyses' evaluations run inside the generic one-way, two-way and root-finding algorithms
// (sensitivity.h), which know nothing of stopping; Dsa::evaluate unwinds them by exception and
// this turns that into the status the caller gets.
template <class F>
auto as_status(F f) -> core::Expected<decltype(f())> {
  try {
    return f();
  } catch (const DsaInterrupted&) {
    return core::Status::interrupted("interrupted");
  } catch (const std::invalid_argument& e) {
    return core::Status::bad_input(e.what());
  } catch (const std::runtime_error& e) {
    return core::Status::failed(e.what());
  }
}

ThresholdResult threshold_search(const Dsa& dsa, const std::string& name, std::optional<double> lo,
                                 std::optional<double> hi, std::size_t intervals, double tolerance);

}  // namespace

core::Expected<OneWayResult> one_way_dsa(const Dsa& dsa, const std::vector<std::string>& only) {
  return as_status([&] {
    OneWayResult r;
    const auto set = varied_set(dsa, only, &r.rule_breaking);
    r.tornado = one_way_each(
        set, [&](const core::ParameterSet& p) { return dsa.evaluate(p); },
        [&](const OneWayItem& item) { return asked_for(only, item); });
    return r;
  });
}

core::Expected<TwoWayResult> two_way_dsa(const Dsa& dsa, const std::string& x, const std::string& y,
                                         std::size_t points) {
  return as_status([&] {
    const auto& base = dsa.scenario().parameters;
    const Axis ax = axis(base, x, points), ay = axis(base, y, points);
    TwoWayResult r;
    for (std::size_t o = 0; o < dsa.compared_options(); ++o)
      r.grids.push_back(two_way(
          base, [&](const core::ParameterSet& p) { return dsa.evaluate(p)[o]; }, ax, ay));
    return r;
  });
}

core::Expected<ThresholdResult> threshold_dsa(const Dsa& dsa, const std::string& name,
                                              std::optional<double> lo, std::optional<double> hi,
                                              std::size_t intervals, double tolerance) {
  return as_status([&] { return threshold_search(dsa, name, lo, hi, intervals, tolerance); });
}

namespace {

ThresholdResult threshold_search(const Dsa& dsa, const std::string& name, std::optional<double> lo,
                                 std::optional<double> hi, std::size_t intervals,
                                 double tolerance) {
  const auto& base = dsa.scenario().parameters;
  const core::Parameter* p = base.find(name);
  if (p == nullptr || p->is_shares())
    throw std::invalid_argument(fmt::format("`{}` is not a number parameter", name));
  if (dsa.outcome().measure == DsaMeasure::kIcer)
    throw std::invalid_argument(kIcerThresholdProblem);
  const auto range = one_way_range(*p);
  if ((!lo || !hi) && !range)
    throw std::invalid_argument(fmt::format(
        "parameter `{}` has no bounds or distribution: give the range to search", name));
  const double a = lo ? *lo : range->low, b = hi ? *hi : range->high;
  // find_roots' default, resolved here so that the crossings of the preferred option, each
  // refined over one scan interval, take the same tolerance as the roots over the whole range.
  const double resolved = tolerance > 0 ? tolerance : 1e-10 * (b - a);
  // Option o's outcome (0-based among the compared), which the search needs as a number: an ROI
  // of an option that invests no more than the comparator has none.
  const auto outcome_of = [&](const core::ParameterSet& set, std::size_t o) {
    const double v = dsa.evaluate(set)[o];
    if (std::isfinite(v)) return v;
    throw std::runtime_error(fmt::format(
        "`outcome` {}: option `{}` has none at {} = {:g} ({})", measure_name(dsa.outcome().measure),
        dsa.layout().options[o + 1], name, set.at(name).value,
        dsa.outcome().measure == DsaMeasure::kRoi
            ? "it invests no more than the comparator, so it has no return on investment: search "
              "net_savings instead"
            : "not a number"));
  };
  ThresholdResult r;
  for (std::size_t o = 0; o < dsa.compared_options(); ++o)
    r.thresholds.push_back(threshold(
        base, [&](const core::ParameterSet& set) { return outcome_of(set, o); }, name, a, b,
        RootOptions{intervals, resolved}));
  // The option a decision on this outcome prefers: the highest net benefit, or the lowest cost.
  // A ratio (ROI) or an effect alone does not choose among mutually exclusive options.
  const DsaMeasure measure = dsa.outcome().measure;
  if (measure != DsaMeasure::kNetMonetaryBenefit && measure != DsaMeasure::kNetSavings &&
      measure != DsaMeasure::kDeltaCost)
    return r;
  const double better = measure == DsaMeasure::kDeltaCost ? -1 : 1;
  // The preferred option on the same grid (memoised), then the crossing of the two options that
  // swap, refined by the same root finder to the same tolerance.
  core::ParameterSet set = base;
  auto outcome = [&](double x, std::size_t option) {
    if (option == 0) return 0.0;
    set.find(name)->value = x;
    return outcome_of(set, option - 1);
  };
  auto preferred = [&](double x) {
    std::size_t best = 0;
    double best_value = 0;
    for (std::size_t o = 1; o <= dsa.compared_options(); ++o)
      if (const double v = better * outcome(x, o); v > best_value) best = o, best_value = v;
    return best;
  };
  const auto xs = grid(a, b, intervals + 1);
  std::size_t previous = preferred(xs[0]);
  r.preferred_at_ends.push_back(previous);
  for (std::size_t k = 1; k < xs.size(); ++k) {
    const std::size_t current = preferred(xs[k]);
    if (current != previous) {
      const auto roots =
          find_roots([&](double x) { return outcome(x, previous) - outcome(x, current); },
                     xs[k - 1], xs[k], RootOptions{1, resolved});
      r.preferred_changes.push_back(
          {roots.empty() ? (xs[k - 1] + xs[k]) / 2 : roots.front(), previous, current});
    }
    previous = current;
  }
  r.preferred_at_ends.push_back(previous);
  return r;
}

}  // namespace

DsaSummary dsa_summary(const Dsa& dsa, const OneWayResult* one_way, const TwoWayResult* two_way,
                       const ThresholdResult* threshold) {
  const auto& s = dsa.scenario();
  const auto& l = dsa.layout();
  DsaSummary out;
  out.scenario = {s.name, s.file, s.model, s.content_hash, s.variant};
  out.outcome = dsa.outcome();
  out.currency = s.economics.currency;
  out.comparator = l.options[0];
  out.seed = s.run.seed;
  out.replicates = s.run.replicates;
  out.evaluations = dsa.distinct_evaluations();
  if (one_way != nullptr) {
    DsaOneWaySummary ow;
    for (std::size_t o = 0; o < one_way->tornado.size(); ++o)
      ow.tornado.push_back({l.options[o + 1], one_way->tornado[o].base, one_way->tornado[o].rows});
    if (!one_way->tornado.empty()) ow.not_varied = one_way->tornado[0].not_varied;
    ow.rule_breaking = one_way->rule_breaking;
    out.one_way = std::move(ow);
  }
  if (two_way != nullptr && !two_way->grids.empty())
    out.two_way = DsaTwoWaySummary{two_way->grids[0].x, two_way->grids[0].y};
  if (threshold != nullptr) {
    out.thresholds.emplace();
    for (std::size_t o = 0; o < threshold->thresholds.size(); ++o)
      out.thresholds->push_back({l.options[o + 1], threshold->thresholds[o]});
  }
  if (threshold != nullptr && !threshold->preferred_at_ends.empty()) {
    DsaPreferredOption p{l.options[threshold->preferred_at_ends.front()],
                         l.options[threshold->preferred_at_ends.back()],
                         {}};
    for (const auto& c : threshold->preferred_changes)
      p.changes.push_back({c.value, l.options[c.from], l.options[c.to]});
    out.preferred_option = std::move(p);
  }
  return out;
}

}  // namespace pimhsim::analysis
