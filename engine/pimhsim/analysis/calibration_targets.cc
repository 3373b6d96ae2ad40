#include "pimhsim/analysis/calibration_targets.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "pimhsim/core/log_gamma.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/scenario/reader.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::analysis {
namespace {

using scenario::Diagnostics;
using scenario::MapReader;
using scenario::Node;

using core::kNegInf;

// The age A (months) of a measure named BASE_{A}m, if the name is one.
std::optional<int> age_of(const std::string& name, std::string* base = nullptr) {
  const auto cut = name.rfind('_');
  if (cut == std::string::npos || name.size() < cut + 3 || name.back() != 'm') return std::nullopt;
  const std::string digits = name.substr(cut + 1, name.size() - cut - 2);
  if (digits.size() > 4 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  if (base != nullptr) *base = name.substr(0, cut);
  return std::stoi(digits);
}

// The child ages at which `base` is measured, as text ("3, 6 or 12"), empty if none.
std::string child_ages(const std::vector<std::string>& measures, const std::string& base) {
  std::vector<int> ages;
  std::string b;
  for (const auto& m : measures)
    if (const auto a = age_of(m, &b); a && b == base) ages.push_back(*a);
  std::string out;
  for (std::size_t i = 0; i < ages.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : i + 1 == ages.size() ? " or " : ", ", ages[i]);
  return out;
}

// What a child age can be given with: the measures reported by child age.
std::string by_age_expected(const std::vector<std::string>& measures) {
  std::vector<std::string> bases;
  std::string b;
  for (const auto& m : measures)
    if (age_of(m, &b) && std::find(bases.begin(), bases.end(), b) == bases.end())
      bases.push_back(b);
  if (bases.empty()) return "no `child_age`: the model reports no measure by child age";
  std::string out = "a measure reported by child age:";
  for (const auto& x : bases) out += " `" + x + "`";
  return out;
}

std::string did_you_mean(const std::string& name, const std::vector<std::string>& known) {
  if (const auto s = scenario::nearest(name, known)) return "; did you mean `" + *s + "`?";
  return {};
}

// `observed:` one of {count, denominator}, {count}, {mean, se}.
void read_observed(const Node& n, const std::string& path, Target& t, Diagnostics& d) {
  MapReader r(n, path, d);
  if (!r.ok()) return;
  const Node* count = r.optional("count");
  const Node* denominator = r.optional("denominator");
  const Node* mean = r.optional("mean");
  const Node* se = r.optional("se");
  const std::string expected =
      "{count: K, denominator: N} (binomial), {count: K} (Poisson) or {mean: Y, se: S} (normal)";
  if (count != nullptr && mean != nullptr) {
    d.error(mean->where, r.path_of("mean"), "both a count and a mean", expected);
  } else if (count != nullptr) {
    if (se != nullptr)
      d.error(se->where, r.path_of("se"), "a count's uncertainty follows from its likelihood",
              "no `se` with a count");
    if (const auto k = scenario::read_number_in(*count, r.path_of("count"), d, 0, 1e12,
                                                "a count, a whole number >= 0"))
      t.count = *k;
    if (count->is_scalar() && t.count != std::floor(t.count))
      d.error(count->where, r.path_of("count"), fmt::format("{:g} is not whole", t.count),
              "a count, a whole number >= 0");
    t.likelihood = Likelihood::kPoisson;
    if (denominator != nullptr) {
      t.likelihood = Likelihood::kBinomial;
      if (const auto nn = scenario::read_number_in(*denominator, r.path_of("denominator"), d, 1,
                                                   1e12, "a whole number >= 1"))
        t.denominator = *nn;
      if (t.denominator != std::floor(t.denominator))
        d.error(denominator->where, r.path_of("denominator"),
                fmt::format("{:g} is not whole", t.denominator), "a whole number >= 1");
      else if (t.count > t.denominator && t.denominator >= 1)
        d.error(count->where, r.path_of("count"),
                fmt::format("{:g} is more than the denominator {:g}", t.count, t.denominator),
                "a count at most the denominator");
    }
  } else if (mean != nullptr) {
    t.likelihood = Likelihood::kNormal;
    if (denominator != nullptr)
      d.error(denominator->where, r.path_of("denominator"), "a denominator with a mean", expected);
    if (const auto y = scenario::read_number(*mean, r.path_of("mean"), d)) t.mean = *y;
    if (se == nullptr)
      d.error(n.where, path, "a mean without its standard error", "`se: S`, S > 0");
    else if (const auto s = scenario::read_number_in(*se, r.path_of("se"), d, 1e-300, 1e300,
                                                     "a standard error > 0"))
      t.se = *s;
  } else {
    d.error(n.where, path, "no observed count or mean", expected);
  }
  r.finish();
}

std::optional<Target> read_target(const Node& n, const std::string& path, Diagnostics& d) {
  MapReader r(n, path, d);
  if (!r.ok()) return std::nullopt;
  Target t;
  t.where = n.where;
  const std::size_t errors = d.size();
  if (const Node* x = r.required("name", "a name for the target"))
    if (auto v = scenario::read_text(*x, r.path_of("name"), d)) t.name = *v;
  if (const Node* x = r.required("measure", "a measure the run reports (results.csv)"))
    if (auto v = scenario::read_text(*x, r.path_of("measure"), d)) t.measure = *v;
  if (const Node* x = r.optional("per"))
    if (auto v = scenario::read_text(*x, r.path_of("per"), d)) t.per = *v;
  if (const Node* x = r.optional("option"))
    if (auto v = scenario::read_text(*x, r.path_of("option"), d)) t.option = *v;
  if (const Node* x = r.optional("year"))
    if (auto v = scenario::read_integer(*x, r.path_of("year"), d, -1000000, 1000000))
      t.year = static_cast<int>(*v);
  if (const Node* x = r.optional("child_age")) {
    t.child_age_where = x->where;
    if (auto v = scenario::read_integer(*x, r.path_of("child_age"), d, 0, 1200))
      t.child_age = static_cast<int>(*v);
  }
  if (const Node* x = r.optional("areas")) {
    if (!x->is_sequence() || x->items.empty())
      d.error(x->where, r.path_of("areas"), "found " + x->describe(),
              "a list of area codes, e.g. [E08000035]");
    else
      for (std::size_t i = 0; i < x->items.size(); ++i)
        if (auto v =
                scenario::read_text(x->items[i], fmt::format("{}[{}]", r.path_of("areas"), i), d))
          t.areas.push_back(*v);
  }
  if (const Node* x = r.required("observed", "the observed value and its likelihood"))
    read_observed(*x, r.path_of("observed"), t, d);
  std::optional<std::string> statistic;
  const Node* stat_node = r.optional("statistic");
  if (stat_node != nullptr) {
    statistic = scenario::read_text(*stat_node, r.path_of("statistic"), d);
    if (statistic && *statistic != "mean" && *statistic != "total") {
      d.error(stat_node->where, r.path_of("statistic"), "found `" + *statistic + "`",
              "`mean` (per individual) or `total` (population)");
      statistic.reset();
    }
  }
  t.total = statistic ? *statistic == "total" : t.likelihood == Likelihood::kPoisson;
  if (t.likelihood == Likelihood::kPoisson && statistic && !t.total)
    d.error(stat_node->where, r.path_of("statistic"), "a Poisson count of a mean per individual",
            "`total` (a count is a population total), or a denominator for a binomial share");
  if (t.likelihood == Likelihood::kBinomial && t.total)
    d.error(stat_node->where, r.path_of("statistic"), "a binomial share of a population total",
            "`mean` (a share per individual)");
  if (!t.per.empty() && t.likelihood == Likelihood::kPoisson)
    d.error(r.node().get("per")->where, r.path_of("per"), "a Poisson count of a ratio",
            "no `per` with a count alone: a ratio is a share (binomial) or a mean (normal)");
  if (const Node* x = r.required("source", "the publication the observed value comes from"))
    if (auto v = scenario::read_text(*x, r.path_of("source"), d)) t.source = *v;
  r.finish();
  if (d.size() != errors) return std::nullopt;
  return t;
}

std::optional<TargetSet> read_tree(const Node& root, const std::string& file, Diagnostics& d) {
  TargetSet set;
  set.file = file;
  MapReader r(root, "", d);
  if (!r.ok()) return std::nullopt;
  const std::size_t errors = d.size();
  if (const Node* list = r.required("targets", "a list of targets")) {
    if (!list->is_sequence() || list->items.empty()) {
      d.error(list->where, "targets", "found " + list->describe(), "a list of one target or more");
    } else {
      for (std::size_t i = 0; i < list->items.size(); ++i)
        if (auto t = read_target(list->items[i], fmt::format("targets[{}]", i), d)) {
          for (const auto& other : set.targets)
            if (other.name == t->name)
              d.error(list->items[i].get("name")->where, fmt::format("targets[{}].name", i),
                      "`" + t->name + "` names another target too", "a name of its own");
          set.targets.push_back(std::move(*t));
        }
    }
  }
  r.finish();
  if (d.size() != errors) return std::nullopt;
  return set;
}

}  // namespace

const char* likelihood_name(Likelihood l) {
  switch (l) {
    case Likelihood::kBinomial:
      return "binomial";
    case Likelihood::kPoisson:
      return "Poisson";
    case Likelihood::kNormal:
      return "normal";
  }
  return "?";
}

std::string Target::model_measure() const {
  return child_age ? fmt::format("{}_{}m", measure, *child_age) : measure;
}

double Target::observed() const {
  switch (likelihood) {
    case Likelihood::kBinomial:
      return count / denominator;
    case Likelihood::kPoisson:
      return count;
    case Likelihood::kNormal:
      return mean;
  }
  return 0;
}

double Target::observed_se() const {
  switch (likelihood) {
    case Likelihood::kBinomial: {
      const double p = count / denominator;
      return std::sqrt(p * (1 - p) / denominator);
    }
    case Likelihood::kPoisson:
      return std::sqrt(count);
    case Likelihood::kNormal:
      return se;
  }
  return 0;
}

double Target::log_likelihood(double model) const {
  if (!std::isfinite(model)) return kNegInf;
  switch (likelihood) {
    case Likelihood::kBinomial: {
      if (model < 0 || model > 1) return kNegInf;
      const double k = count, n = denominator;
      double ll = core::log_gamma(n + 1) - core::log_gamma(k + 1) - core::log_gamma(n - k + 1);
      if (k > 0) ll += model > 0 ? k * std::log(model) : kNegInf;
      if (n - k > 0) ll += model < 1 ? (n - k) * std::log1p(-model) : kNegInf;
      return ll;
    }
    case Likelihood::kPoisson: {
      if (model < 0) return kNegInf;
      if (count == 0) return -model;
      if (model == 0) return kNegInf;
      return count * std::log(model) - model - core::log_gamma(count + 1);
    }
    case Likelihood::kNormal: {
      const double z = (mean - model) / se;
      return -0.5 * z * z - std::log(se * std::sqrt(2 * std::numbers::pi));
    }
  }
  return kNegInf;
}

std::optional<TargetSet> parse_targets(const std::string& text, const std::string& origin,
                                       Diagnostics& d) {
  const auto root = scenario::parse_yaml(text, origin, d);
  if (!root) return std::nullopt;
  return read_tree(*root, origin, d);
}

std::optional<TargetSet> read_targets(const std::string& path, Diagnostics& d) {
  const auto root = scenario::load_yaml_file(path, d);
  if (!root) return std::nullopt;
  return read_tree(*root, path, d);
}

std::optional<std::vector<BoundTarget>> bind_targets(const TargetSet& targets,
                                                     const scenario::Scenario& s,
                                                     const core::Model& model, Diagnostics& d) {
  const auto& layout = model.layout();
  std::vector<std::string> measures, options, areas;
  for (const auto& m : layout.measures()) measures.push_back(m.name);
  for (const auto& o : s.options) options.push_back(o.name);
  for (std::size_t p = 0; p < model.partitions(); ++p) areas.push_back(model.partition_name(p));
  std::vector<BoundTarget> out;
  const std::size_t errors = d.size();
  for (std::size_t i = 0; i < targets.targets.size(); ++i) {
    const Target& t = targets.targets[i];
    const std::string path = fmt::format("targets[{}]", i);
    BoundTarget b;
    auto find_measure = [&](const std::string& name,
                            const char* key) -> std::optional<std::size_t> {
      const auto it = std::find(measures.begin(), measures.end(), name);
      if (it == measures.end()) {
        d.error(t.where, path + "." + key,
                fmt::format("model `{}` reports no measure `{}`{}", s.model, name,
                            did_you_mean(name, measures)),
                "a measure of results.csv");
        return std::nullopt;
      }
      const auto m = static_cast<std::size_t>(it - measures.begin());
      const auto& spec = layout.measures()[m];
      if (spec.total && !t.total)
        d.error(t.where, path + "." + key,
                fmt::format("`{}` is a population total, with no mean per individual", name),
                "`statistic: total`, or a measure per individual");
      else if (!spec.total && !spec.summable && t.total)
        d.error(t.where, path + "." + key,
                fmt::format("`{}` is a mean with no population total", name), "`statistic: mean`");
      return m;
    };
    std::optional<std::size_t> m;
    if (t.child_age) {
      const auto ages = child_ages(measures, t.measure);
      if (std::find(measures.begin(), measures.end(), t.model_measure()) != measures.end())
        m = find_measure(t.model_measure(), "measure");
      else if (ages.empty())
        d.error(t.child_age_where, path + ".child_age",
                fmt::format("model `{}` reports no measure `{}` by child age", s.model, t.measure),
                by_age_expected(measures));
      else
        d.error(t.child_age_where, path + ".child_age",
                fmt::format("`{}` is not measured at a child age of {} months", t.measure,
                            *t.child_age),
                fmt::format("a child age of {} months", ages));
    } else {
      m = find_measure(t.measure, "measure");
    }
    if (m) b.measure = *m;
    if (!t.per.empty()) {
      b.per = find_measure(t.per, "per");
      if (m && b.per && layout.measures()[*b.per].periods != layout.measures()[*m].periods)
        d.error(t.where, path + ".per",
                fmt::format("`{}` and `{}` have different periods", t.measure, t.per),
                "two measures of the same periods");
    }
    if (!t.option.empty()) {
      const auto it = std::find(options.begin(), options.end(), t.option);
      if (it == options.end())
        d.error(t.where, path + ".option",
                fmt::format("the scenario has no option `{}`{}", t.option,
                            did_you_mean(t.option, options)),
                "an option of the scenario");
      else
        b.option = static_cast<std::size_t>(it - options.begin());
    }
    if (m) {
      const std::size_t periods = layout.measures()[*m].periods;
      if (t.year) {
        const long long slot = static_cast<long long>(*t.year) - model.first_period_label();
        if (periods == 1 || slot < 0 || slot >= static_cast<long long>(periods))
          d.error(t.where, path + ".year",
                  periods == 1
                      ? fmt::format("`{}` is a whole-horizon measure, with no years", t.measure)
                      : fmt::format("{} is outside the run's years", *t.year),
                  periods == 1 ? std::string("no `year`")
                               : fmt::format("a year from {} to {}", model.first_period_label(),
                                             model.first_period_label() +
                                                 static_cast<long long>(periods) - 1));
        else
          b.periods.push_back(static_cast<std::size_t>(slot));
      } else {
        for (std::size_t p = 0; p < periods; ++p) b.periods.push_back(p);
      }
    }
    if (!t.areas.empty()) {
      b.all_partitions = false;
      for (const auto& a : t.areas) {
        const auto it = std::find(areas.begin(), areas.end(), a);
        if (it == areas.end())
          d.error(t.where, path + ".areas",
                  fmt::format("the scenario simulates no {} `{}`{}", model.partition_label(), a,
                              did_you_mean(a, areas)),
                  fmt::format("a {} code the scenario simulates", model.partition_label()));
        else
          b.partitions.push_back(static_cast<std::size_t>(it - areas.begin()));
      }
    }
    out.push_back(std::move(b));
  }
  if (d.size() != errors) return std::nullopt;
  return out;
}

namespace {

// A measure pooled over periods and partitions: the mean per individual and its SE, and the
// population total and its SE.
struct Pooled {
  double mean = 0, mean_se = 0, total = 0, total_se = 0;
};

Pooled pool(const BoundTarget& b, std::size_t measure, const RunOutcome& r) {
  const auto& model = *r.model;
  const auto& spec = r.tally.layout().measures()[measure];
  std::vector<const core::Tally*> tallies;
  if (b.all_partitions)
    tallies.push_back(&r.tally);
  else
    for (std::size_t p : b.partitions) tallies.push_back(&r.partitions.at(p));
  Pooled out;
  if (spec.total) {
    for (const auto* t : tallies)
      for (std::size_t p : b.periods) out.total += t->total(b.option, measure, p);
    out.total *= model.total_factor();
    return out;
  }
  core::Moments all;
  for (const auto* t : tallies)
    for (std::size_t p : b.periods) all.merge(t->level(b.option, measure, p));
  const double n = static_cast<double>(all.count());
  out.mean = all.mean();
  out.mean_se = all.standard_error();
  out.total = out.mean * n * model.population_factor();
  out.total_se = out.mean_se * n * model.population_factor();
  return out;
}

}  // namespace

TargetValue target_value(const Target& t, const BoundTarget& b, const RunOutcome& r) {
  const Pooled num = pool(b, b.measure, r);
  if (!b.per)
    return t.total ? TargetValue{num.total, num.total_se} : TargetValue{num.mean, num.mean_se};
  const Pooled den = pool(b, *b.per, r);
  const double a = t.total ? num.total : num.mean, a_se = t.total ? num.total_se : num.mean_se;
  const double c = t.total ? den.total : den.mean, c_se = t.total ? den.total_se : den.mean_se;
  if (c == 0) return {std::numeric_limits<double>::quiet_NaN(), 0};
  const double v = a / c;
  return {
      v, std::abs(v) * std::sqrt((a == 0 ? 0 : (a_se / a) * (a_se / a)) + (c_se / c) * (c_se / c))};
}

}  // namespace pimhsim::analysis
