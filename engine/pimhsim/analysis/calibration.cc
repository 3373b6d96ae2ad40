#include "pimhsim/analysis/calibration.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <set>
#include <sstream>

#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::analysis {
namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Probabilities are kept this far from 0 and 1 on the normal-score scale.
constexpr double kEdge = 1e-15;

std::string diagnostics_text(const scenario::Diagnostics& d) {
  std::ostringstream out;
  d.print(out);
  std::string s = out.str();
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
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
    if (!q.is_shares() && q.distribution.family() != core::Family::kFixed) known.push_back(q.name);
  std::set<std::string> seen;
  for (const auto& name : names) {
    if (!seen.insert(name).second)
      return Status::bad_input(fmt::format("`parameters`: `{}` is named twice", name));
    const core::Parameter* q = s.parameters.find(name);
    if (q == nullptr || q->is_shares() || q->distribution.family() == core::Family::kFixed) {
      std::string why =
          q == nullptr ? fmt::format("`parameters`: the scenario has no parameter `{}`", name)
          : q->is_shares()
              ? fmt::format("`parameters`: `{}` is a set of shares, which cannot be fitted yet",
                            name)
              : fmt::format("`parameters`: `{}` has no distribution, hence no prior", name);
      if (const auto near = scenario::nearest(name, known); near && q == nullptr)
        why += fmt::format("; did you mean `{}`?", *near);
      return Status::bad_input(why +
                               " (a parameter to fit is a number with a `distribution:` in the "
                               "scenario: that distribution is its prior)");
    }
    for (const auto& o : s.options)
      if (o.parameters.value(name) != q->value)
        return Status::bad_input(fmt::format(
            "`parameters`: option `{}` sets `{}` ({:g}, the baseline {:g}): a decision the options "
            "differ in is not a parameter to fit",
            o.name, name, o.parameters.value(name), q->value));
    p.parameters_.push_back({name, q->distribution, q->value});
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

std::vector<double> CalibrationProblem::natural(std::span<const double> z) const {
  const boost::math::normal_distribution<> phi;
  std::vector<double> x(z.size());
  for (std::size_t j = 0; j < z.size(); ++j) {
    const double u = std::clamp(boost::math::cdf(phi, z[j]), kEdge, 1 - kEdge);
    x[j] = parameters_[j].prior.quantile(u);
  }
  return x;
}

std::vector<double> CalibrationProblem::scores(std::span<const double> x) const {
  const boost::math::normal_distribution<> phi;
  std::vector<double> z(x.size());
  for (std::size_t j = 0; j < x.size(); ++j)
    z[j] = boost::math::quantile(phi, std::clamp(parameters_[j].prior.cdf(x[j]), kEdge, 1 - kEdge));
  return z;
}

double CalibrationProblem::log_prior(std::span<const double> x) const {
  double lp = 0;
  for (std::size_t j = 0; j < x.size(); ++j) {
    const double f = parameters_[j].prior.pdf(x[j]);
    if (!(f > 0)) return kNegInf;
    lp += std::log(f);
  }
  return lp;
}

scenario::Scenario CalibrationProblem::with(std::span<const double> x) const {
  scenario::Scenario s = s_;
  for (std::size_t j = 0; j < parameters_.size(); ++j) {
    s.parameters.find(parameters_[j].name)->value = x[j];
    for (auto& o : s.options) o.parameters.find(parameters_[j].name)->value = x[j];
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
