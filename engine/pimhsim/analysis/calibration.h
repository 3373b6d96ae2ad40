// Calibration: fitting a scenario's unobservable parameters to observed targets
// (calibration_targets.h), and the posterior that a PSA can then draw from. docs/calibration.md
// explains it for a researcher.
//
// The parameters to fit are number parameters with a distribution in the scenario, or sets of
// shares with a Dirichlet: that distribution is the parameter's prior. Every evaluation runs the
// scenario at the parameter vector with the scenario's own seed and replicates (common random
// numbers), so that the model's values, and the objective, change smoothly with the parameters
// rather than with new random numbers. The objective is the log-likelihood of the targets
// (binomial, Poisson or normal) plus the log prior density of the parameters, independent a priori.
//
// The search space. Each parameter is moved on its prior's normal-score scale,
// z = Phi^-1(F(theta)), theta = F^-1(Phi(z)): every z is a value in the parameter's support (a
// probability stays in [0, 1], a cost above 0), and the prior is a standard normal in z. A set of
// K shares with a Dirichlet moves on K' - 1 scores (K' the shares whose Dirichlet parameter is
// positive), its stick-breaking fractions' normal scores (core/dirichlet_scores.h): independent
// standard normals under the Dirichlet, so the search space's prior is a standard normal in every
// score, and the shares always sum to 1. The point fit keeps |z| <= 5 (the prior's 3e-7 and
// 1 - 3e-7 quantiles).
//
// Values and scores. A parameter vector x (natural scale) has a value per number parameter and
// one per share of a set of shares (named `name.component`, as the PSA names them): dimensions()
// of them. Its scores z have score_dimensions(): one per number, K' - 1 per set of shares.
//
//  * optimise: the posterior mode (or, with `maximum_likelihood`, the likelihood's maximum) by
//    NLopt's BOBYQA (Powell 2009), from the prior median and from `restarts` more starting points
//    drawn from the prior, the best kept. The Monte Carlo error of the objective at the fit is
//    the SD of its value over `mc_replicates` further runs on fresh random numbers.
//  * imis: incremental mixture importance sampling (Raftery and Bao 2010; Menzies et al. 2017):
//    a weighted sample of the posterior, its effective sample size, the largest weight's share,
//    and each parameter's shrinkage 1 - posterior variance / prior variance.
//
// A target whose fitted model value is more than `unreachable_z` combined standard errors (the
// observation's and the model's Monte Carlo error) from the observed value is reported as not
// reached: the model, within the priors, cannot reproduce it. A parameter whose shrinkage is below
// max(0.1, 2 sqrt(2 / ESS)) (the variance ratio's Monte Carlo error) is reported as not
// identified by the targets.
#pragma once

#include <Eigen/Dense>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/analysis/calibration_targets.h"
#include "pimhsim/analysis/imis.h"
#include "pimhsim/core/dirichlet_scores.h"
#include "pimhsim/core/executor.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"

namespace pimhsim::analysis {

// The draw-address partition of a calibration's own random numbers (starting points).
inline constexpr std::uint32_t kCalibrationPartition = 0xFFFF'FF10u;

enum class CalibrationMethod { kOptimise, kImis };
const char* method_name(CalibrationMethod m);  // "optimise", "imis"

struct CalibrationSettings {
  CalibrationMethod method = CalibrationMethod::kOptimise;
  std::vector<std::string> parameters;
  // optimise
  std::uint32_t restarts = 3;           // starting points besides the prior median
  std::uint32_t max_evaluations = 200;  // per starting point
  bool maximum_likelihood = false;      // the likelihood's maximum, not the posterior mode
  // imis
  ImisSettings imis;
  // both
  std::uint32_t mc_replicates = 5;  // further runs for the objective's Monte Carlo error
  double unreachable_z = 3.0;
};

// A value of the parameter vector: a number parameter, or one share of a set of shares.
struct CalibrationParameter {
  std::string name;          // the parameter's, or `shares.component` for a share
  core::Distribution prior;  // a share's: its Dirichlet's marginal, Beta(a_k, a_0 - a_k)
  double base = 0;           // the scenario's value
  std::string shares;        // for a share: the set of shares it is one of (else empty) ...
  std::string component;     // ... and its component
  std::string dirichlet;     // ... and the set's prior, e.g. "Dirichlet(6, 12, 2, 0)"
};

// One evaluation of the model at a parameter vector (natural scale).
struct Evaluation {
  std::vector<double> x;
  double log_likelihood = 0, log_prior = 0;
  std::vector<TargetValue> values;  // per target
  std::string problem;  // why the model could not run there (a rule of the model broken), if so
  double log_posterior() const { return log_likelihood + log_prior; }
};

class CalibrationProblem {
 public:
  // The problem of fitting `names` of a validated scenario to `targets`; bad input when a name is
  // not a number parameter with a distribution nor a set of shares with a Dirichlet (of two
  // positive parameters or more), an option sets it to a value of its own, or a target does not
  // bind to the model (each such problem with its file:line:column).
  static core::Expected<CalibrationProblem> make(scenario::Scenario s, TargetSet targets,
                                                 const std::vector<std::string>& names);

  const scenario::Scenario& scenario() const { return s_; }
  const TargetSet& targets() const { return targets_; }
  // The values of a parameter vector, in the order of `names`, a set of shares' in component order.
  const std::vector<CalibrationParameter>& parameters() const { return parameters_; }
  std::size_t dimensions() const { return parameters_.size(); }
  std::size_t score_dimensions() const { return scores_; }
  // The value score i moves: a number's own, or the share whose stick it breaks off.
  std::size_t score_value(std::size_t i) const;

  std::vector<double> natural(std::span<const double> z) const;  // theta = F^-1(Phi(z))
  std::vector<double> scores(std::span<const double> x) const;   // z = Phi^-1(F(theta))
  // The sum of the log densities: a number's, a set of shares' Dirichlet.
  double log_prior(std::span<const double> x) const;

  // The scenario with x in the baseline and every option.
  scenario::Scenario with(std::span<const double> x) const;
  // Runs the model at x on replicates block * run.replicates onwards (block 0: the scenario's
  // own random numbers), on one thread.
  Evaluation evaluate(std::span<const double> x, std::uint32_t block = 0) const;

 private:
  CalibrationProblem() = default;
  scenario::Scenario s_;  // reduced to the options the targets need
  TargetSet targets_;
  std::vector<BoundTarget> bound_;
  std::vector<CalibrationParameter> parameters_;
  // A parameter fitted: its values [value, value + dirichlet's components or 1) and its scores
  // [score, score + dirichlet's dimensions or 1).
  struct Fitted {
    std::size_t value = 0, score = 0;
    std::optional<core::DirichletScores> dirichlet;
  };
  std::vector<Fitted> fitted_;
  std::size_t scores_ = 0;
};

struct ParameterFit {
  std::string name;
  std::string prior;  // e.g. "Beta(19, 9)"
  double prior_mean = 0, prior_sd = 0, base = 0;
  double estimate = 0;                  // the fitted value (optimise) or the posterior mean (imis)
  double sd = 0, lower = 0, upper = 0;  // posterior SD and 95% interval (imis; NaN otherwise)
  double shrinkage = 0;                 // 1 - posterior / prior variance (imis; NaN otherwise)
  bool identified = true;               // (a share its Dirichlet fixes at 0 counts as identified)
  std::string shares, component;        // a share's set of shares and component (else empty)
};

struct TargetFit {
  std::string name;
  double observed = 0, observed_se = 0;
  double fitted = 0, fitted_se = 0;  // at the fit (optimise) or the posterior mean (imis)
  double lower = 0, upper = 0;       // the model value's 95% posterior interval (imis; else NaN)
  double z = 0;                      // (observed - fitted) / combined SE
  double log_likelihood = 0;
  bool reached = true;
};

// A step of the search: a starting point's run of the optimiser, or a round of IMIS.
struct TraceStep {
  std::uint32_t step = 0;
  std::uint32_t evaluations = 0;  // cumulative
  double best_log_posterior = 0;  // of this start (optimise), or the best so far (imis)
  double ess = 0, max_weight_share = 0, unique_share = 0;  // imis
  std::vector<double> x;  // the start's result (optimise) or the round's centre (imis)
};

struct CalibrationResult {
  CalibrationMethod method = CalibrationMethod::kOptimise;
  bool maximum_likelihood = false;
  // At the fit (optimise), or at the sample point with the highest log posterior (imis).
  double log_likelihood = 0, log_posterior = 0;
  double objective_mc_se = 0;  // SD of the log-likelihood there over fresh random numbers
  std::vector<ParameterFit> parameters;
  std::vector<TargetFit> targets;
  std::vector<TraceStep> trace;
  std::uint32_t evaluations = 0;
  std::uint32_t failed_evaluations = 0;  // points where the model's rules were broken
  // imis: the weighted posterior sample (natural scale, a row per point), with each point's
  // log-likelihood and normalised weight.
  Eigen::MatrixXd sample;
  std::vector<double> log_likelihoods, weights;
  double ess = 0, max_weight_share = 0;
  std::vector<std::string> warnings;
};

// A calibration's record of its model runs, for resuming one that was interrupted
// (output/calibration_job.cc journals them). Every evaluation has a key naming its place in the
// calibration, the same in every run of the same problem and settings: "i17" (IMIS's 18th point),
// "s2.5" (the optimiser's start 2, its 6th run), "fit", "mc3" (the objective's 3rd Monte Carlo
// replicate). An evaluation in `done` under its key, at the same point, is not run again;
// `record` is given each new one (from any thread); once `*stop` is true no further evaluation
// starts and calibrate returns interrupted. The result is the same, bit for bit, as without it.
struct EvaluationLog {
  std::map<std::string, Evaluation> done;
  // Called from the evaluating threads, several at once: it must be safe for that.
  std::function<void(const std::string& key, const Evaluation&)> record;
  const std::atomic<bool>* stop = nullptr;
};
// (calibration_journal.cc) An evaluation as one checksummed journal line (its key, the point, the
// log-likelihood and prior, each target's value and SE, exactly, and why it failed, if it did),
// and back: nothing if the line is damaged or not for `dimensions` and `targets`.
std::string evaluation_line(const std::string& key, const Evaluation& e);
std::optional<std::pair<std::string, Evaluation>> parse_evaluation_line(const std::string& line,
                                                                        std::size_t dimensions,
                                                                        std::size_t targets);

// Runs the calibration; progress(done, total) after each batch of evaluations. Evaluations run
// on `executor`, a point per unit, or with a crew of more than one rank on every rank's threads
// (IMIS's points of a round, the optimiser's starts, the Monte Carlo replicates): results do not
// depend on the thread or rank count.
core::Expected<CalibrationResult> calibrate(
    const CalibrationProblem& problem, const CalibrationSettings& settings,
    core::ExecutorRef executor,
    const std::function<void(std::uint32_t, std::uint32_t)>& progress = {},
    EvaluationLog* log = nullptr, core::Crew* crew = nullptr);
// What a rank other than 0 of a distributed calibration runs (core/ranks.h's serve_rank): its
// model runs, `slots` at once, for the calibration rank 0 runs with `crew` (the same problem and
// settings); stop: a signal's flag.
core::RankWork calibration_rank_work(const CalibrationProblem& problem,
                                     const CalibrationSettings& settings, unsigned slots,
                                     const std::atomic<bool>* stop);
// A calibration's identity for its journal: the scenario's content hash, the targets file's
// bytes, the parameters and every setting that decides which evaluations are made.
std::string calibration_identity(const CalibrationProblem& problem,
                                 const CalibrationSettings& settings);

// The settings of `pimhsim calibrate`: targets, parameters, method, restarts, evaluations,
// maximum_likelihood, initial, per_round, rounds, mc_replicates.
std::vector<core::SettingSpec> calibration_setting_specs();
struct CalibrationRequest {
  std::string targets;  // the targets file
  CalibrationSettings settings;
};
core::Status calibration_request(const core::SettingValues& values, CalibrationRequest& request);

}  // namespace pimhsim::analysis
