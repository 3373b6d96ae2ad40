// calibrate(): the point fit (NLopt's BOBYQA with restarts) and the Bayesian fit (IMIS), and the
// summaries of both (calibration.h).
#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <nlopt.hpp>
#include <numeric>
#include <span>
#include <string>

#include "pimhsim/analysis/calibration.h"
#include "pimhsim/analysis/calibration_internal.h"
#include "pimhsim/core/random.h"
#include "pimhsim/core/special_values.h"

namespace pimhsim::analysis {
namespace calibration_detail {
namespace {

using core::kNaN;
constexpr double kSearchBound = 5.0;  // |z| on the normal-score scale
using Progress = std::function<void(std::uint32_t, std::uint32_t)>;

// Evaluates points (rows, natural scale) on the executor or the crew, in order, keyed
// `prefix` + first + i.
std::vector<Evaluation> evaluate_all(const Evaluator& p, const CalibrationSettings& st,
                                     const std::vector<std::vector<double>>& xs,
                                     const std::string& prefix, std::size_t first,
                                     core::ExecutorRef executor, core::Crew* crew,
                                     const std::function<void()>& each = {}) {
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < xs.size(); ++i)
    tasks.push_back({false, fmt::format("{}{}", prefix, first + i), 0, xs[i]});
  std::vector<Evaluation> out(xs.size());
  run_tasks(p, st, tasks, executor, crew, [&](std::size_t i, TaskResult r) {
    out[i] = std::move(r.evaluation);
    if (each) each();
  });
  return out;
}

// The SD of the log-likelihood at x over blocks 1..k of fresh random numbers.
double objective_mc_se(const Evaluator& p, const CalibrationSettings& st,
                       const std::vector<double>& x, core::ExecutorRef executor, core::Crew* crew) {
  const std::uint32_t k = st.mc_replicates;
  if (k < 2) return kNaN;
  std::vector<Task> tasks;
  for (std::uint32_t i = 0; i < k; ++i) tasks.push_back({false, fmt::format("mc{}", i), i + 1, x});
  std::vector<double> ll;
  run_tasks(p, st, tasks, executor, crew,
            [&](std::size_t, TaskResult r) { ll.push_back(r.evaluation.log_likelihood); });
  const double mean = std::accumulate(ll.begin(), ll.end(), 0.0) / static_cast<double>(ll.size());
  double ss = 0;
  for (double v : ll) ss += (v - mean) * (v - mean);
  return std::sqrt(ss / static_cast<double>(ll.size() - 1));
}

ParameterFit parameter_summary(const CalibrationParameter& q) {
  ParameterFit f;
  f.name = q.name;
  f.prior = q.shares.empty() ? q.prior.describe()
                             : fmt::format("{} (a share of {})", q.prior.describe(), q.dirichlet);
  f.shares = q.shares;
  f.component = q.component;
  f.prior_mean = q.prior.mean();
  f.prior_sd = q.prior.sd();
  f.base = q.base;
  f.sd = f.lower = f.upper = f.shrinkage = kNaN;
  return f;
}

TargetFit target_summary(const Target& t, double fitted, double fitted_se, double spread, double ll,
                         double unreachable_z) {
  TargetFit f;
  f.name = t.name;
  f.observed = t.observed();
  f.observed_se = t.observed_se();
  f.fitted = fitted;
  f.fitted_se = fitted_se;
  f.lower = f.upper = kNaN;
  const double se =
      std::sqrt(f.observed_se * f.observed_se + fitted_se * fitted_se + spread * spread);
  f.z = se > 0 ? (f.observed - fitted) / se : (f.observed == fitted ? 0 : kNaN);
  f.log_likelihood = ll;
  f.reached = std::isfinite(f.z) && std::abs(f.z) <= unreachable_z;
  return f;
}

void warn_unreached(CalibrationResult& r, double unreachable_z) {
  for (const auto& t : r.targets)
    if (!t.reached)
      r.warnings.push_back(fmt::format(
          "target `{}` is not reached: the model gives {:.4g}, observed {:.4g} ({:+.1f} combined "
          "standard errors, beyond {:g}); the model cannot reproduce it within the priors of the "
          "parameters fitted: fit other parameters, or check what the target measures",
          t.name, t.fitted, t.observed, t.z, unreachable_z));
}

// ---- optimise ---------------------------------------------------------------------------------

}  // namespace

StartResult optimise_from(const Evaluator& ev, const CalibrationSettings& st,
                          std::vector<double> z0, std::size_t start) {
  const auto& p = ev.problem();
  const auto d = static_cast<unsigned>(p.score_dimensions());
  StartResult out;
  bool stopped = false;  // the log's stop was set: the start is not finished
  auto objective = [&](const std::vector<double>& z) {
    const auto x = p.natural(z);
    if (stopped) throw nlopt::forced_stop();
    Evaluation e;
    try {
      e = ev(fmt::format("s{}.{}", start, out.evaluations), x);
    } catch (const Stopped&) {
      stopped = true;
      throw nlopt::forced_stop();  // NLopt ends the search; optimise_from then throws Stopped
    }
    ++out.evaluations;
    if (!e.problem.empty()) ++out.failed;
    const double v = st.maximum_likelihood ? e.log_likelihood : e.log_posterior();
    if (v > out.objective) {
      out.objective = v;
      out.z = z;
    }
    return v;
  };
  // BOBYQA (Powell 2009) needs at least two dimensions; one parameter is fitted by COBYLA.
  nlopt::opt opt(d >= 2 ? nlopt::LN_BOBYQA : nlopt::LN_COBYLA, d);
  opt.set_lower_bounds(std::vector<double>(d, -kSearchBound));
  opt.set_upper_bounds(std::vector<double>(d, kSearchBound));
  opt.set_max_objective(
      [](const std::vector<double>& z, std::vector<double>&, void* data) {
        const double v = (*static_cast<decltype(objective)*>(data))(z);
        return std::isfinite(v) ? v : -1e100;  // the optimiser needs a finite value
      },
      &objective);
  opt.set_maxeval(static_cast<int>(st.max_evaluations));
  opt.set_xtol_abs(1e-3);
  opt.set_ftol_abs(1e-4);
  opt.set_initial_step(0.5);
  out.z = z0;
  double best = 0;
  try {
    opt.optimize(z0, best);
  } catch (const nlopt::roundoff_limited&) {  // the best point so far stands
  } catch (const std::runtime_error&) {
  }
  if (stopped) throw Stopped{};
  return out;
}

namespace {

void run_optimise(const Evaluator& ev, const CalibrationSettings& st, core::ExecutorRef executor,
                  core::Crew* crew, const Progress& progress, CalibrationResult& r) {
  const auto& p = ev.problem();
  const std::size_t d = p.score_dimensions();
  const core::RandomSource rng(p.scenario().run.seed);
  const boost::math::normal_distribution<> phi;
  std::vector<std::vector<double>> starts{std::vector<double>(d, 0.0)};
  for (std::uint32_t k = 1; k <= st.restarts; ++k) {
    std::vector<double> z(d);
    for (std::size_t j = 0; j < d; ++j)
      z[j] = std::clamp(boost::math::quantile(phi, rng.uniform({k, kCalibrationPartition, 0, 0,
                                                                static_cast<std::uint16_t>(j)})),
                        -3.0, 3.0);
    starts.push_back(z);
  }
  const auto total = static_cast<std::uint32_t>(starts.size());
  std::uint32_t done = 0;
  if (progress) progress(0, total);
  StartResult best;
  std::vector<Task> tasks;
  for (std::size_t k = 0; k < starts.size(); ++k)
    tasks.push_back({true, fmt::format("s{}", k), static_cast<std::uint32_t>(k), starts[k]});
  run_tasks(ev, st, tasks, executor, crew, [&](std::size_t k, TaskResult t) {
    StartResult s = std::move(t.start);
    r.evaluations += s.evaluations;
    r.failed_evaluations += s.failed;
    TraceStep step;
    step.step = static_cast<std::uint32_t>(k);
    step.evaluations = r.evaluations;
    step.best_log_posterior = s.objective;
    step.ess = step.max_weight_share = step.unique_share = kNaN;
    step.x = p.natural(s.z);
    r.trace.push_back(step);
    if (s.objective > best.objective) best = s;
    if (progress) progress(++done, total);
  });
  const auto x = p.natural(best.z);
  Evaluation e;
  run_tasks(ev, st, {{false, "fit", 0, x}}, executor, crew,
            [&](std::size_t, TaskResult t) { e = std::move(t.evaluation); });
  r.log_likelihood = e.log_likelihood;
  r.log_posterior = e.log_posterior();
  r.objective_mc_se = objective_mc_se(ev, st, x, executor, crew);
  for (std::size_t j = 0; j < p.dimensions(); ++j) {
    auto f = parameter_summary(p.parameters()[j]);
    f.estimate = x[j];
    r.parameters.push_back(f);
  }
  for (std::size_t i = 0; i < d; ++i) {
    if (!(std::abs(best.z[i]) > kSearchBound - 0.1)) continue;
    const std::size_t j = p.score_value(i);
    const auto& q = p.parameters()[j];
    r.warnings.push_back(
        q.shares.empty()
            ? fmt::format("`{}` is fitted at the edge of its prior ({:.4g}, its {:.2g} quantile): "
                          "the targets pull it beyond what its prior allows",
                          q.name, x[j], q.prior.cdf(x[j]))
            : fmt::format("`{}` is fitted at the edge of its prior: the share of `{}` in what the "
                          "shares before it leave is at its {:.2g} quantile ({:.4g} of the whole): "
                          "the targets pull it beyond what its prior allows",
                          q.shares, q.component,
                          boost::math::cdf(boost::math::normal_distribution<>(), best.z[i]), x[j]));
  }
  if (!std::isfinite(r.log_likelihood) || e.values.empty())
    throw std::runtime_error("the model could not run at any point the optimiser tried: " +
                             e.problem);
  for (std::size_t t = 0; t < p.targets().targets.size(); ++t) {
    const auto& target = p.targets().targets[t];
    r.targets.push_back(target_summary(target, e.values[t].value, e.values[t].se, 0,
                                       target.log_likelihood(e.values[t].value), st.unreachable_z));
  }
}

// ---- imis ---------------------------------------------------------------------------------------

// The weighted quantile q of values v with normalised weights w.
double weighted_quantile(const std::vector<double>& v, const std::vector<double>& w, double q) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return v[a] < v[b]; });
  double c = 0;
  for (std::size_t i : order) {
    c += w[i];
    if (c >= q) return v[i];
  }
  return v[order.back()];
}

void run_imis_fit(const Evaluator& ev, const CalibrationSettings& st, core::ExecutorRef executor,
                  core::Crew* crew, const Progress& progress, CalibrationResult& r) {
  const auto& p = ev.problem();
  const std::size_t d = p.dimensions(), dz = p.score_dimensions();
  ImisSettings is = st.imis;
  is.seed = p.scenario().run.seed;
  std::vector<Evaluation> evaluations;
  const std::uint32_t most = is.initial + is.rounds * is.per_round;
  if (progress) progress(0, most);
  auto batch = [&](const Eigen::MatrixXd& z) {
    std::vector<std::vector<double>> xs;
    for (Eigen::Index i = 0; i < z.rows(); ++i) {
      const Eigen::VectorXd row = z.row(i).transpose();
      xs.push_back(p.natural(std::span<const double>(row.data(), dz)));
    }
    auto es = evaluate_all(ev, st, xs, "i", evaluations.size(), executor, crew, [&] {
      ++r.evaluations;
      if (progress) progress(r.evaluations, most);
    });
    std::vector<double> ll;
    for (auto& e : es) {
      if (!e.problem.empty()) ++r.failed_evaluations;
      ll.push_back(e.log_likelihood);
      evaluations.push_back(std::move(e));
    }
    return ll;
  };
  const ImisResult res = run_imis(dz, is, batch, [&](const ImisRound& round) {
    TraceStep step;
    step.step = round.round;
    step.evaluations = round.points;
    step.ess = round.ess;
    step.max_weight_share = round.max_weight_share;
    step.unique_share = round.unique_share;
    if (round.centre.size() > 0)
      step.x = p.natural(std::span<const double>(round.centre.data(), dz));
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < round.points && i < evaluations.size(); ++i)
      best = std::max(best, evaluations[i].log_posterior());
    step.best_log_posterior = best;
    r.trace.push_back(step);
  });
  const std::size_t n = evaluations.size();
  r.weights = res.weight;
  r.log_likelihoods = res.log_likelihood;
  r.ess = res.ess;
  r.max_weight_share = res.max_weight_share;
  r.sample.resize(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j)
      r.sample(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = evaluations[i].x[j];
  const double shrink_floor = std::max(0.1, 2 * std::sqrt(2 / std::max(r.ess, 1.0)));
  for (std::size_t j = 0; j < d; ++j) {
    auto f = parameter_summary(p.parameters()[j]);
    std::vector<double> v(n);
    double mean = 0, var = 0;
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = evaluations[i].x[j];
      mean += r.weights[i] * v[i];
    }
    for (std::size_t i = 0; i < n; ++i) var += r.weights[i] * (v[i] - mean) * (v[i] - mean);
    f.estimate = mean;
    f.sd = std::sqrt(var);
    f.lower = weighted_quantile(v, r.weights, 0.025);
    f.upper = weighted_quantile(v, r.weights, 0.975);
    f.shrinkage = f.prior_sd > 0 ? 1 - var / (f.prior_sd * f.prior_sd) : kNaN;
    f.identified = std::isfinite(f.shrinkage) && f.shrinkage >= shrink_floor;
    if (p.parameters()[j].prior.family() == core::Family::kFixed)
      f.identified = true;  // a share its Dirichlet fixes at 0: there is nothing to identify
    else if (!f.identified && shrink_floor >= 1)
      // With so few effective draws even a posterior of one point could be noise: nothing can be
      // said either way.
      r.warnings.push_back(fmt::format(
          "whether the targets identify `{}` cannot be told: the posterior sample's effective size "
          "({:.0f}) is too small to tell its shrinkage ({:.2f}) from sampling noise",
          f.name, r.ess, f.shrinkage));
    else if (!f.identified)
      r.warnings.push_back(fmt::format(
          "`{}` is not identified by the targets: its posterior variance is {:.0f}% of its prior's "
          "(shrinkage {:.2f}, below {:.2f}); its posterior is its prior, and the fit says nothing "
          "about it",
          f.name, 100 * (1 - f.shrinkage), f.shrinkage, shrink_floor));
    r.parameters.push_back(f);
  }
  if (r.ess < 100)
    r.warnings.push_back(fmt::format(
        "the posterior sample's effective size is {:.0f} (largest weight {:.0f}% of the total): "
        "raise --rounds or --initial for a steadier posterior",
        r.ess, 100 * r.max_weight_share));
  // Targets: the posterior mean of the model's value, its 95% interval, and the Monte Carlo error
  // of one evaluation.
  const auto best =
      static_cast<std::size_t>(std::max_element(evaluations.begin(), evaluations.end(),
                                                [](const auto& a, const auto& b) {
                                                  return a.log_posterior() < b.log_posterior();
                                                }) -
                               evaluations.begin());
  r.log_likelihood = evaluations[best].log_likelihood;
  r.log_posterior = evaluations[best].log_posterior();
  r.objective_mc_se = objective_mc_se(ev, st, evaluations[best].x, executor, crew);
  for (std::size_t t = 0; t < p.targets().targets.size(); ++t) {
    const auto& target = p.targets().targets[t];
    std::vector<double> v(n, 0.0);
    double mean = 0, var = 0, se = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (!evaluations[i].values.empty()) {
        v[i] = evaluations[i].values[t].value;
        mean += r.weights[i] * v[i];
        se += r.weights[i] * evaluations[i].values[t].se;
      }
    for (std::size_t i = 0; i < n; ++i) var += r.weights[i] * (v[i] - mean) * (v[i] - mean);
    auto f = target_summary(target, mean, se, std::sqrt(var), target.log_likelihood(mean),
                            st.unreachable_z);
    f.lower = weighted_quantile(v, r.weights, 0.025);
    f.upper = weighted_quantile(v, r.weights, 0.975);
    r.targets.push_back(f);
  }
}

}  // namespace
}  // namespace calibration_detail

core::Expected<CalibrationResult> calibrate(
    const CalibrationProblem& problem, const CalibrationSettings& settings,
    core::ExecutorRef executor, const std::function<void(std::uint32_t, std::uint32_t)>& progress,
    EvaluationLog* log, core::Crew* crew) {
  using namespace calibration_detail;
  CalibrationResult r;
  r.method = settings.method;
  r.maximum_likelihood = settings.maximum_likelihood;
  const Evaluator ev(problem, log);
  try {
    if (settings.method == CalibrationMethod::kOptimise)
      run_optimise(ev, settings, executor, crew, progress, r);
    else
      run_imis_fit(ev, settings, executor, crew, progress, r);
  } catch (const Stopped&) {
    return core::Status::interrupted("stopped on request");
  } catch (const std::runtime_error& e) {
    return core::Status::failed(e.what());
  }
  warn_unreached(r, settings.unreachable_z);
  return r;
}

}  // namespace pimhsim::analysis
