#include "pimhsim/analysis/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::analysis {
namespace {

using core::kNegInf;
// Probabilities are kept this far from 0 and 1 on the normal-score scale.
constexpr double kEdge = 1e-15;

// A parameter's value in a message: a number, or shares {a: 0.5, b: 0.5}.
std::string value_text(const core::Parameter& q) {
  if (!q.is_shares()) return fmt::format("{:g}", q.value);
  std::string out;
  for (std::size_t k = 0; k < q.components.size(); ++k)
    out += fmt::format("{}{}: {:g}", k == 0 ? "{" : ", ", q.components[k], q.shares[k]);
  return out + "}";
}

std::string diagnostics_text(const scenario::Diagnostics& d) {
  std::ostringstream out;
  d.print(out);
  std::string s = out.str();
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

// Why `q` (named `name`, nullptr if the scenario has none) cannot be fitted, or nothing.
std::optional<std::string> not_fittable(const std::string& name, const core::Parameter* q) {
  if (q == nullptr) return fmt::format("`parameters`: the scenario has no parameter `{}`", name);
  if (q->is_shares()) {
    if (!q->dirichlet)
      return fmt::format(
          "`parameters`: `{}` is a set of shares without a Dirichlet, hence no prior", name);
    const auto& a = q->dirichlet->alpha();
    if (std::count_if(a.begin(), a.end(), [](double v) { return v > 0; }) < 2)
      return fmt::format(
          "`parameters`: `{}`'s Dirichlet has fewer than two positive parameters: it fixes every "
          "share, and there is nothing to fit",
          name);
    return std::nullopt;
  }
  if (q->distribution.family() == core::Family::kFixed)
    return fmt::format("`parameters`: `{}` has no distribution, hence no prior", name);
  return std::nullopt;
}

}  // namespace

const char* method_name(CalibrationMethod m) {
  return m == CalibrationMethod::kImis ? "imis" : "optimise";
}

core::Expected<CalibrationProblem> CalibrationProblem::make(scenario::Scenario s, TargetSet targets,
                                                            const std::vector<std::string>& names) {
  using core::Status;
  if (names.empty()) return Status::bad_input("`parameters`: name at least one parameter to fit");
  CalibrationProblem p;
  std::vector<std::string> known;
  for (const auto& q : s.parameters.all())
    if (!not_fittable(q.name, &q)) known.push_back(q.name);
  std::set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second)
      return Status::bad_input(fmt::format("`parameters`: `{}` is named twice", name));
    const core::Parameter* q = s.parameters.find(name);
    if (auto why = not_fittable(name, q)) {
      if (const auto near = scenario::nearest(name, known); near && q == nullptr)
        *why += fmt::format("; did you mean `{}`?", *near);
      return Status::bad_input(*why +
                               " (a parameter to fit is a number with a `distribution:` in the "
                               "scenario, or a set of shares with a `distribution: {type: "
                               "dirichlet}`: that distribution is its prior)");
    }
    for (const auto& o : s.options) {
      const core::Parameter& v = o.parameters.at(name);
      if (q->is_shares() ? v.shares != q->shares : v.value != q->value)
        return Status::bad_input(fmt::format(
            "`parameters`: option `{}` sets `{}` ({}, the baseline {}): a decision the options "
            "differ in is not a parameter to fit",
            o.name, name, value_text(v), value_text(*q)));
    }
    Fitted f;
    f.value = p.parameters_.size();
    f.score = p.scores_;
    if (q->is_shares()) {
      f.dirichlet.emplace(q->dirichlet->alpha());
      for (std::size_t k = 0; k < q->components.size(); ++k)
        p.parameters_.push_back({fmt::format("{}.{}", name, q->components[k]),
                                 f.dirichlet->marginal(k), q->shares[k], name, q->components[k],
                                 f.dirichlet->describe()});
      p.scores_ += f.dirichlet->dimensions();
    } else {
      p.parameters_.push_back({name, q->distribution, q->value, "", "", ""});
      ++p.scores_;
    }
    p.fitted_.push_back(std::move(f));
  }
  scenario::Diagnostics d;
  const auto model = models::make(s);
  if (!bind_targets(targets, s, *model, d)) return Status::bad_input(diagnostics_text(d));
  // Only the comparator and the options the targets name are simulated.
  std::vector<scenario::Option> kept;
  for (std::size_t o = 0; o < s.options.size(); ++o) {
    bool used = o == 0;
    for (const auto& t : targets.targets) used = used || t.option == s.options[o].name;
    if (used) kept.push_back(s.options[o]);
  }
  s.options = std::move(kept);
  auto bound = bind_targets(targets, s, *models::make(s), d);
  if (!bound) return Status::bad_input(diagnostics_text(d));
  p.s_ = std::move(s);
  p.targets_ = std::move(targets);
  p.bound_ = std::move(*bound);
  return p;
}

std::size_t CalibrationProblem::score_value(std::size_t i) const {
  for (const auto& f : fitted_) {
    const std::size_t n = f.dirichlet ? f.dirichlet->dimensions() : 1;
    if (i >= f.score + n) continue;
    if (!f.dirichlet) return f.value;
    // Score i - f.score breaks off the (i - f.score)-th share with a positive Dirichlet parameter.
    std::size_t left = i - f.score;
    for (std::size_t k = 0; k < f.dirichlet->components(); ++k)
      if (f.dirichlet->alpha()[k] > 0 && left-- == 0) return f.value + k;
  }
  throw std::out_of_range(fmt::format("score {} of {}", i, scores_));
}

std::vector<double> CalibrationProblem::natural(std::span<const double> z) const {
  const boost::math::normal_distribution<> phi;
  std::vector<double> x(parameters_.size());
  for (const auto& f : fitted_) {
    if (f.dirichlet) {
      const auto shares = f.dirichlet->shares(z.subspan(f.score, f.dirichlet->dimensions()));
      std::copy(shares.begin(), shares.end(), x.begin() + static_cast<std::ptrdiff_t>(f.value));
      continue;
    }
    const double u = std::clamp(boost::math::cdf(phi, z[f.score]), kEdge, 1 - kEdge);
    x[f.value] = parameters_[f.value].prior.quantile(u);
  }
  return x;
}

std::vector<double> CalibrationProblem::scores(std::span<const double> x) const {
  const boost::math::normal_distribution<> phi;
  std::vector<double> z(scores_);
  for (const auto& f : fitted_) {
    if (f.dirichlet) {
      const auto s = f.dirichlet->scores(x.subspan(f.value, f.dirichlet->components()));
      std::copy(s.begin(), s.end(), z.begin() + static_cast<std::ptrdiff_t>(f.score));
      continue;
    }
    z[f.score] = boost::math::quantile(
        phi, std::clamp(parameters_[f.value].prior.cdf(x[f.value]), kEdge, 1 - kEdge));
  }
  return z;
}

double CalibrationProblem::log_prior(std::span<const double> x) const {
  double lp = 0;
  for (const auto& f : fitted_) {
    if (f.dirichlet) {
      const double d = f.dirichlet->log_density(x.subspan(f.value, f.dirichlet->components()));
      if (!(d > kNegInf)) return kNegInf;
      lp += d;
      continue;
    }
    const double density = parameters_[f.value].prior.pdf(x[f.value]);
    if (!(density > 0)) return kNegInf;
    lp += std::log(density);
  }
  return lp;
}

scenario::Scenario CalibrationProblem::with(std::span<const double> x) const {
  scenario::Scenario s = s_;
  for (std::size_t j = 0; j < parameters_.size(); ++j) {
    const auto& q = parameters_[j];
    auto set = [&](core::ParameterSet& values) {
      if (q.shares.empty()) {
        values.find(q.name)->value = x[j];
        return;
      }
      auto& p = *values.find(q.shares);
      const auto k = static_cast<std::size_t>(
          std::find(p.components.begin(), p.components.end(), q.component) - p.components.begin());
      p.shares.at(k) = x[j];
    };
    set(s.parameters);
    for (auto& o : s.options) set(o.parameters);
  }
  return s;
}

Evaluation CalibrationProblem::evaluate(std::span<const double> x, std::uint32_t block) const {
  Evaluation e;
  e.x.assign(x.begin(), x.end());
  e.log_prior = log_prior(x);
  e.log_likelihood = kNegInf;
  const scenario::Scenario s = with(x);
  if (const auto* spec = models::spec_of(s.model); spec != nullptr && spec->check != nullptr)
    for (const auto& o : s.options)
      if (const auto problems = spec->check(o.parameters, o.switches); !problems.empty()) {
        e.problem = fmt::format("parameters.{}: {}", problems[0].parameter, problems[0].message);
        return e;
      }
  try {
    const std::uint32_t r = s.run.replicates;
    const auto outcome = run_model(models::make(s), s.run.seed, r, core::ExecutorRef(1), block * r);
    e.log_likelihood = 0;
    for (std::size_t t = 0; t < targets_.targets.size(); ++t) {
      const auto v = target_value(targets_.targets[t], bound_[t], outcome);
      e.values.push_back(v);
      e.log_likelihood += targets_.targets[t].log_likelihood(v.value);
    }
  } catch (const std::exception& ex) {
    e.problem = ex.what();
    e.log_likelihood = kNegInf;
  }
  return e;
}

}  // namespace pimhsim::analysis
