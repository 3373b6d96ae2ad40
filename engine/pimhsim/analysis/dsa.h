// Deterministic sensitivity analysis (DSA) of a scenario: one-way (tornado), two-way (grid) and
// threshold analysis of an incremental outcome of each option against the comparator, by
// simulation. docs/uncertainty.md explains the outputs.
//
// Each evaluation simulates every option with the scenario's seed and replicates (replicate 0
// up), so all evaluations share their first-order random numbers: a difference between two
// evaluations is the effect of the parameter change, not of different simulated people, and the
// curve of an outcome against a parameter is smooth up to the model's own discreteness.
//
// A varied parameter is changed in the baseline and in every option that does not set it itself
// (an option's setting is a decision and stays fixed). A one-way end that breaks one of the
// model's cross-parameter rules (prevalences summing above 1, say) is not evaluated: the
// parameter is listed as not varied, with the reason.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/analysis/sensitivity.h"
#include "pimhsim/core/model.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

// The outcome analysed, per option against the comparator.
enum class DsaMeasure { kNetMonetaryBenefit, kNetSavings, kRoi, kIcer, kDeltaCost, kDeltaEffect };

struct DsaOutcome {
  DsaMeasure measure = DsaMeasure::kNetMonetaryBenefit;
  double wtp = 20000;                   // for kNetMonetaryBenefit, per QALY
  std::string perspective = "nhs_pss";  // for kNetSavings and kRoi (ModelSpec::perspectives)
  std::string label() const;            // e.g. "incremental NMB at 20000 per QALY"
};

// The measure named `name` (nmb, net_savings, roi, icer, delta_cost, delta_qalys), if any.
std::optional<DsaMeasure> parse_dsa_measure(const std::string& name);
// The name parse_dsa_measure reads ("nmb" for kNetMonetaryBenefit, ...).
const char* measure_name(DsaMeasure measure);

// Why the outcome cannot be computed for the scenario's model (one sentence), or "".
std::string outcome_problem(const scenario::Scenario& s, const DsaOutcome& outcome);

// Why a threshold analysis is not done on the ICER: where the QALY increment changes sign the
// ratio jumps through infinity and changes meaning, so its crossings of a threshold are not the
// changes of decision. The root of the incremental NMB at the same threshold is.
inline constexpr const char* kIcerThresholdProblem =
    "a threshold analysis of the ICER is not defined where the QALY gain changes sign; use "
    "--outcome nmb "
    "with --wtp at the threshold: its root is where the ICER equals the threshold";

// Thrown by Dsa::evaluate when the stop flag is set; the analyses below turn it into a status.
struct DsaInterrupted : std::runtime_error {
  DsaInterrupted() : std::runtime_error("interrupted") {}
};

struct DsaPlan;

class Dsa {
 public:
  Dsa(scenario::Scenario s, DsaOutcome outcome, core::ExecutorRef executor);

  const scenario::Scenario& scenario() const { return s_; }
  const DsaOutcome& outcome() const { return outcome_; }
  const PsaLayout& layout() const { return layout_; }
  // The comparator is option 0; outcomes are for options 1 .. K-1 (index o - 1).
  std::size_t compared_options() const { return layout_.options.size() - 1; }

  // The outcome of every non-comparator option with the baseline's parameters replaced by
  // `baseline` (and passed on to the options that do not set them). Results are memoised by
  // key(baseline): a parameter set met before (or preloaded) is not simulated again. Throws
  // std::runtime_error if the set breaks a rule of the model, DsaInterrupted if *stop is set when
  // a simulation would start.
  std::vector<double> evaluate(const core::ParameterSet& baseline) const;
  // Model rule broken by `baseline` in some option ("" if none).
  std::string rule_problem(const core::ParameterSet& baseline) const;

  // What evaluate computes, on `executor`, outside the memo: the outcomes at `baseline`. Touches
  // nothing of this object, so several threads (or ranks) may call it at once; the result is the
  // same on any executor. Throws std::runtime_error if the set breaks a rule of the model.
  // With a crew of several ranks, the simulation's units (replicate x partition, and those of the
  // model's preparation) are shared between the ranks' threads, rank 0's executor's included, as
  // a distributed run's are (run_model with UnitsOf: the parameter set travels with each unit, and
  // each rank runs it with dsa_rank_work); the result is the same bytes. Throws DsaInterrupted if
  // a rank was interrupted, std::runtime_error naming the rank and the unit if one failed.
  std::vector<double> simulate(const core::ParameterSet& baseline, core::ExecutorRef executor,
                               core::Crew* crew = nullptr) const;
  // The model of every option at `baseline` (a rank's own, for the units of a shared simulate).
  // Throws std::runtime_error if the set breaks a rule of the model.
  std::unique_ptr<core::Model> model_at(const core::ParameterSet& baseline) const;
  // Takes `outcomes`, simulated elsewhere at `baseline`, as an evaluation of this object: memoised,
  // counted and passed to the evaluation hook, as evaluate does after simulating. The memo, the
  // count and the hook belong to the thread that runs the analyses: only it calls evaluate and
  // record, so the memo needs no lock and the journal's lines follow that thread's order.
  void record(const core::ParameterSet& baseline, std::vector<double> outcomes) const;
  bool known(const std::string& key) const { return memo_.count(key) != 0; }
  const core::ExecutorRef& executor() const { return executor_; }
  // Units of work in one evaluation (partitions x replicates): with fewer than the executor's
  // threads, whole evaluations run at once, one a thread (dsa_evaluate_ahead).
  std::size_t units_per_evaluation() const { return units_; }

  // The memo's key of a parameter set: `name=value` for each parameter whose value differs from
  // the scenario's, in declaration order, separated by `;` (values in the shortest form that
  // reads back exactly, so the key is exact); "" for the base case.
  std::string key(const core::ParameterSet& baseline) const;
  // Takes the outcomes of the parameter set with this key as known (from the journal of an
  // interrupted run). Throws std::invalid_argument unless there is one per compared option.
  void preload(const std::string& key, std::vector<double> outcomes);

  void set_stop(const std::atomic<bool>* stop) { stop_ = stop; }
  // The ranks that share evaluate's simulations (those of a threshold's root refinement: every
  // other evaluation is made ahead, dsa_evaluate_ahead); none: rank 0's executor alone.
  void set_crew(core::Crew* crew) { crew_ = crew; }
  // Called after each new simulation (not for memo hits or preloaded results), for a journal.
  void set_on_evaluation(
      std::function<void(const std::string& key, const std::vector<double>& outcomes)> f) {
    on_evaluation_ = std::move(f);
  }
  // Simulations run by this object (memo hits and preloaded results not counted).
  std::size_t evaluations() const { return evaluations_; }
  // Distinct parameter sets known: simulated here or preloaded. For an analysis run to the end,
  // the same whether or not it was interrupted and resumed (dsa_summary.json reports it).
  std::size_t distinct_evaluations() const { return memo_.size(); }
  // A line identifying the scenario (content hash) and the outcome, for a journal's header.
  std::string identity() const;

 private:
  scenario::Scenario s_;
  DsaOutcome outcome_;
  core::ExecutorRef executor_;
  PsaLayout layout_;
  std::vector<std::vector<char>> own_;  // [option][parameter]: the option sets it itself
  const std::atomic<bool>* stop_ = nullptr;
  core::Crew* crew_ = nullptr;
  std::function<void(const std::string&, const std::vector<double>&)> on_evaluation_;
  std::size_t units_ = 1;
  mutable std::size_t evaluations_ = 0;
  mutable std::map<std::string, std::vector<double>> memo_;
  // Set in the copy dsa_planned_sets runs the plan on: evaluate lists each new parameter set
  // there (those breaking a rule left out) and returns zeros instead of simulating.
  mutable std::vector<core::ParameterSet>* planned_ = nullptr;
  friend std::vector<core::ParameterSet> dsa_planned_sets(const Dsa& dsa, const DsaPlan& plan);
};

// Journal lines of a resumable DSA: one checksummed line per evaluation,
// `K,outcome_1,...,outcome_K,key,#checksum`; parse returns nothing for a damaged or incomplete
// line or one without `compared_options` outcomes.
std::string dsa_journal_line(const std::string& key, const std::vector<double>& outcomes);
std::optional<std::pair<std::string, std::vector<double>>> parse_dsa_journal_line(
    std::string_view line, std::size_t compared_options);

struct NotVaried {
  std::string name;
  std::string reason;
};

struct OneWayResult {
  std::vector<Tornado> tornado;          // per compared option, rows by swing (largest first)
  std::vector<NotVaried> rule_breaking;  // ends outside the model's rules
};
// Parameters to vary: every number parameter with a one-way range (bounds, else the 2.5% and
// 97.5% quantiles); `only`, if not empty, restricts to those names.
// Like two_way_dsa and threshold_dsa, returns the status instead when a simulation would start
// after the Dsa's stop flag is set (interrupted: the evaluations so far are journalled), when a
// parameter set breaks a rule of the model (failed), or for settings the scenario cannot support
// (bad input; a front end checks them first with dsa_plan).
core::Expected<OneWayResult> one_way_dsa(const Dsa& dsa, const std::vector<std::string>& only = {});

// The number of one-way evaluations one_way_dsa will make (for progress).
std::size_t one_way_evaluations(const Dsa& dsa, const std::vector<std::string>& only = {});

struct TwoWayResult {
  std::vector<TwoWayGrid> grids;  // per compared option
};
core::Expected<TwoWayResult> two_way_dsa(const Dsa& dsa, const std::string& x, const std::string& y,
                                         std::size_t points);

// Where the preferred option (the highest net benefit for nmb and net_savings, the lowest cost for
// delta_cost, the comparator counting as 0) changes along the parameter's range: `from` is
// preferred just below `value`, `to` just above (indices into the scenario's options, 0 the
// comparator). Not tracked for roi or delta_qalys: a ratio, or an effect alone, does not choose
// among mutually exclusive options.
struct PreferenceChange {
  double value = 0;
  std::size_t from = 0, to = 0;
};

struct ThresholdResult {
  std::vector<Threshold> thresholds;  // per compared option: where its outcome crosses zero
  std::vector<PreferenceChange> preferred_changes;  // none for roi, delta_qalys (or the ICER)
  std::vector<std::size_t> preferred_at_ends;       // at lo and at hi; empty where not tracked
};
// lo/hi default to the parameter's one-way range.
core::Expected<ThresholdResult> threshold_dsa(const Dsa& dsa, const std::string& name,
                                              std::optional<double> lo, std::optional<double> hi,
                                              std::size_t intervals, double tolerance);

// The parts of a plan (below), run in order: the tornado, the two-way grid, the threshold
// search. `status` is the first part's that did not finish (interrupted, failed, bad input); the
// parts after it did not run.
struct DsaParts {
  std::optional<OneWayResult> one_way;
  std::optional<TwoWayResult> two_way;
  std::optional<ThresholdResult> threshold;
  core::Status status;
};
DsaParts run_dsa_plan(const Dsa& dsa, const DsaPlan& plan);

// ---- Evaluations ahead of the analyses, on several threads or ranks (dsa_evaluations.cc) ----
// The one-way, two-way and threshold algorithms ask for one evaluation at a time, but which
// parameter sets they ask for, except for the refinement of a threshold's root, does not depend
// on the outcomes. Those sets are found by running the plan on a copy of the Dsa whose
// evaluations return zeros (so no root is refined), then evaluated ahead, several at once, and
// recorded in the order of the list; the analyses then find them in the memo, and run the
// refinements one at a time. The files are those of a run that evaluates one set at a time.

// The parameter sets `plan` evaluates whatever the outcomes, each once, in the order the
// analyses first ask for them; those that break a rule of the model left out (the analysis
// meets them and reports the rule itself). The same list on every rank, whatever the journal.
std::vector<core::ParameterSet> dsa_planned_sets(const Dsa& dsa, const DsaPlan& plan);
// Evaluates the sets of `sets` that `dsa` does not know yet and records them in list order: on
// the crew's ranks when there are several (ids: indices into `sets`), else, when an evaluation
// has no more units than the executor has threads, several at once, one a thread; otherwise not
// at all (the analyses then evaluate one set at a time on every thread, as before). Returns
// false if *stop was set or a rank was interrupted (the evaluations finished are recorded).
// Throws std::runtime_error for an evaluation that fails ("rank R, evaluation K (KEY): what" on
// ranks).
bool dsa_evaluate_ahead(const Dsa& dsa, const std::vector<core::ParameterSet>& sets,
                        const std::atomic<bool>* stop, core::Crew* crew);
// What a rank runs: unit k without an input is sets[k], its outcomes as bytes
// (dsa_outcomes_bytes), on one thread each when an evaluation has no more units than the rank has
// threads (several at once), else on all of them (one at a time); a unit with an input is one of
// a shared simulate (a threshold root's refinement: the parameter set and the run's own input,
// run_model's UnitsOf), on one thread each. The rank joins with a slot a thread.
core::RankWork dsa_rank_work(const Dsa& dsa, const std::vector<core::ParameterSet>& sets,
                             const std::atomic<bool>* stop);
// A parameter set between ranks: each parameter whose value or shares differ from the scenario's,
// by its index, as the doubles' own bits. from_bytes throws std::runtime_error if the bytes do not
// describe a set of `dsa`'s parameters.
std::string dsa_set_bytes(const Dsa& dsa, const core::ParameterSet& baseline);
core::ParameterSet dsa_set_from_bytes(const Dsa& dsa, std::string_view bytes);
// Outcomes between ranks: the doubles as the machine stores them (the ranks share one build).
std::string dsa_outcomes_bytes(const std::vector<double>& outcomes);
std::vector<double> dsa_outcomes_from_bytes(std::string_view bytes, std::size_t compared_options);

// Files.
// A DSA's settings as given (text), and the plan checked against the scenario.
struct DsaRequest {
  std::string outcome_name;   // as given, for messages
  std::optional<double> wtp;  // default: the scenario's first threshold (or 20,000);
                              // at most economics::kMaxWillingnessToPay
  // The tornado's: `sampled` (default: what the PSA samples), `all` or `a,b,c`.
  std::optional<std::string> parameters;
  bool tornado = true;
  std::optional<std::string> two_way;    // `A,B`
  std::optional<std::string> threshold;  // a parameter
  std::optional<std::string> range;      // `LO:HI` of the threshold search
  long long points = 5;                  // per axis of the two-way grid, 2 to 1000
  long long intervals = 20;              // of the threshold scan, 1 to 100,000
  double tolerance = 0;                  // of a threshold, >= 0 (0: 1e-10 of the range)
  bool report = false;                   // also write the report (output/report.h)
};
struct DsaPlan {
  std::vector<std::string> parameters;  // empty: every parameter with a range
  std::string parameters_text;          // as given, `sampled` or `all`
  bool tornado = true;
  std::optional<std::pair<std::string, std::string>> two_way;
  std::size_t points = 5;
  std::optional<std::string> threshold;
  std::optional<std::pair<double, double>> range;
  std::size_t intervals = 20;
  double tolerance = 0;
  bool report = false;  // also write report.html with the results
};
// The DSA's settings for a front end (outcome, wtp, perspective, parameters, no_tornado, two_way,
// points, threshold, range, intervals, tolerance, top).
std::vector<core::SettingSpec> dsa_setting_specs();
// Reads `values` (of dsa_setting_specs) into `request` and the outcome's measure and perspective,
// before the scenario is read; bad input names the setting in backticks, including a setting
// given for a part of the analysis that does not run.
core::Status dsa_request(const core::SettingValues& values, DsaRequest& request,
                         DsaOutcome& outcome);
// Fills `outcome.wtp` and `plan` from `request`, or says why the request cannot run on `s`,
// naming the settings in backticks (`outcome`, `parameters`, `two_way`, `threshold`, `range`,
// `no_tornado`).
std::string dsa_plan(const scenario::Scenario& s, const DsaRequest& request, DsaOutcome& outcome,
                     DsaPlan& plan);

// `text` split at `sep` ("a,b" -> {"a", "b"}).
std::vector<std::string> split_list(const std::string& text, char sep);
// "" if `name` is a number parameter of the scenario, else why not. For the two-way grid and the
// threshold search, which move one number; with `shares_allowed` (the tornado's parameter list),
// a shares parameter with a Dirichlet, whose components the tornado varies, is accepted too.
std::string dsa_parameter_problem(const scenario::Scenario& s, const std::string& name,
                                  bool shares_allowed = false);
// Why the threshold search of `name` cannot run over [lo, hi] ("" if it can): an end outside the
// values the model declares for the parameter.
std::string dsa_range_problem(const scenario::Scenario& s, const std::string& name, double lo,
                              double hi);
// Why the model refuses a point the plan evaluates besides the tornado's ("" if it takes them all):
// an end of the threshold search's range (given, or the parameter's one-way range) or a point of
// the two-way grid. Checked before anything runs; the tornado leaves out a parameter whose end
// breaks a rule, and says so.
std::string dsa_plan_rule_problem(const Dsa& dsa, const scenario::Scenario& s,
                                  const DsaRequest& request, const DsaPlan& plan);

std::string tornado_csv(const Dsa& dsa, const OneWayResult& r);
std::string two_way_csv(const Dsa& dsa, const TwoWayResult& r);
std::string threshold_csv(const Dsa& dsa, const ThresholdResult& r);
// The summary of a DSA as typed results, which output/dsa_summary_json.h writes as
// dsa_summary.json and threshold.json. Outcomes are the DsaOutcome's measure of each option
// against the comparator, in the unit of the model's figures it is computed from (money in the
// scenario's currency, QALYs; the ROI a ratio); parameter values are in their own units.
struct DsaTornadoSummary {
  std::string option;            // compared with the comparator
  double base = 0;               // the outcome at the base case (NaN where not defined)
  std::vector<TornadoRow> rows;  // by swing, largest first
};
struct DsaOneWaySummary {
  std::vector<DsaTornadoSummary> tornado;  // per compared option
  std::vector<std::string> not_varied;     // every parameter the tornado does not vary
  std::vector<NotVaried> rule_breaking;    // ends outside the model's rules
};
// The two-way grid's axes; its outcomes are in two_way.csv.
struct DsaTwoWaySummary {
  Axis x, y;
};
// Where one option's outcome crosses zero: where the preference between it and the comparator
// changes.
struct DsaThresholdSummary {
  std::string option;
  Threshold threshold;
};
// One change of the preferred option along the threshold search's range, by option name.
struct DsaPreferenceChange {
  double value = 0;  // of the parameter
  std::string from, to;
};
// The preferred option (PreferenceChange says which) along the range.
struct DsaPreferredOption {
  std::string at_low, at_high;
  std::vector<DsaPreferenceChange> changes;  // in ascending value
};
// The settings echoed, the evaluations made, and each part of the analysis that ran.
struct DsaSummary {
  AnalysedScenario scenario;
  DsaOutcome outcome;
  std::string currency;
  std::string comparator;
  std::uint64_t seed = 0;        // every evaluation simulates this seed's
  std::uint32_t replicates = 0;  // replicates 0 .. replicates - 1 (common random numbers)
  std::size_t evaluations = 0;   // distinct parameter sets simulated (Dsa::distinct_evaluations)
  std::optional<DsaOneWaySummary> one_way;                     // when the tornado ran
  std::optional<DsaTwoWaySummary> two_way;                     // when the two-way grid ran
  std::optional<std::vector<DsaThresholdSummary>> thresholds;  // when the threshold search ran
  std::optional<DsaPreferredOption> preferred_option;          // likewise
};
// A null part did not run.
DsaSummary dsa_summary(const Dsa& dsa, const OneWayResult* one_way, const TwoWayResult* two_way,
                       const ThresholdResult* threshold);

}  // namespace pimhsim::analysis
