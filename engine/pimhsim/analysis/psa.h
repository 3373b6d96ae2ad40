// Probabilistic sensitivity analysis (PSA): N joint draws of a scenario's uncertain parameters,
// every option simulated for each draw, and the summaries, decision analysis and value of
// information of the result. docs/uncertainty.md explains the outputs for a researcher.
//
// Iteration i (0-based) is a pure function of its address:
//  * parameters: one analysis::ParameterSampler per option, built from that option's parameter
//    set with the same method, iteration count, seed and correlation. Options are copies of the
//    baseline in the same declaration order, so a parameter gets the same uniform, hence the
//    same value, in every option that samples it (common random numbers on the parameter
//    scale); an option's own settings are fixed (scenario.cc) and are therefore not sampled.
//    The sampling seed is the scenario's run.seed: the sampler's addresses use partitions from
//    0xFFFF'FF00 up, which no simulation uses, so no draw of the simulation coincides with a
//    draw of the parameters.
//  * first-order randomness: the options are simulated together with
//    run_model(model, run.seed, run.replicates, threads, first_replicate = i * run.replicates):
//    every iteration has its own births, illnesses and contacts, shared by all its options.
// An iteration's results therefore do not depend on the thread count, on the order in which
// iterations run, or on whether the run was interrupted and resumed: resuming reproduces an
// uninterrupted run byte for byte.
//
// Figures. Each iteration yields, per option, the fixed list of figures the model declares
// (core::Model::figures) with their inner (first-order) Monte Carlo standard error from the
// simulation itself. By default, for every model with a cost and an effect: the cost, the effect
// (QALYs) and the net monetary benefit at each of the scenario's thresholds, and their increments
// over the comparator (the first option); a model may add its own (costs by perspective, net
// savings, counts). Increments are NaN for the comparator.
#pragma once

#include <Eigen/Dense>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/analysis/evppi.h"
#include "pimhsim/analysis/posterior_sample.h"
#include "pimhsim/analysis/psa_summary.h"
#include "pimhsim/analysis/sampling.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

using PsaFigure = core::Figure;

// The model's figures (core::FigureLayout) with the options and the sampled parameters.
struct PsaLayout : core::FigureLayout {
  std::vector<std::string> options;
  std::vector<std::string> parameters;  // columns of psa_parameters.csv (sampled dimensions)
};

struct PsaIteration {
  std::uint32_t iteration = 0;
  std::vector<double> value;       // [option * figures + figure]
  std::vector<double> se;          // the same layout: inner Monte Carlo SE of each value
  std::vector<double> parameters;  // in PsaLayout::parameters order
  double at(const PsaLayout& l, std::size_t option, std::size_t figure) const {
    return value[option * l.figures.size() + figure];
  }
  double se_at(const PsaLayout& l, std::size_t option, std::size_t figure) const {
    return se[option * l.figures.size() + figure];
  }
};

struct PsaSettings {
  std::uint32_t iterations = 1000;
  SamplingMethod method = SamplingMethod::kMonteCarlo;
};

// The figures of one simulation of a scenario (used by the PSA for each iteration and by the
// DSA for each evaluation): value and SE per option, in layout order.
// The layout is the model's (core::Model::figures) at the scenario's thresholds.
PsaLayout figure_layout(const scenario::Scenario& s, const core::Model& model);
void extract_figures(const scenario::Scenario& s, const PsaLayout& layout, const core::Model& model,
                     const core::Tally& tally, std::vector<double>& value, std::vector<double>& se);

// The scenario's correlation (if any) in the sampler's form.
std::optional<Correlation> scenario_correlation(const scenario::Scenario& s);

class Psa {
 public:
  // The PSA of a validated scenario, or bad input: iterations x replicates beyond 2^32, no
  // parameter that the options use has a distribution, or a sampler that cannot be built.
  // With a calibration's posterior sample (posterior_sample.h), its parameters are drawn jointly
  // from it; bad input when one is not a number parameter nor a share (posterior_sample.h's
  // bind_posterior), a point's shares are off, or an option sets it.
  static core::Expected<Psa> make(scenario::Scenario s, PsaSettings settings,
                                  std::optional<PosteriorSample> posterior = std::nullopt);
  // The same, throwing std::invalid_argument where make returns bad input (for callers whose
  // scenario is known to be fit, such as tests).
  Psa(scenario::Scenario s, PsaSettings settings,
      std::optional<PosteriorSample> posterior = std::nullopt);

  const scenario::Scenario& scenario() const { return s_; }
  const PsaSettings& settings() const { return settings_; }
  const std::optional<PosteriorSample>& posterior() const { return posterior_; }
  const PsaLayout& layout() const { return layout_; }

  // The scenario with iteration i's parameter draws in its options. Throws std::runtime_error
  // when a draw breaks one of the model's cross-parameter rules (ModelSpec::check).
  scenario::Scenario draw(std::uint32_t i) const;
  // Simulates iteration i (threads only share the work within it; the result does not depend
  // on them).
  PsaIteration run_iteration(std::uint32_t i, core::ExecutorRef executor) const;
  // The units of work one iteration has for threads to share (partitions x replicates).
  std::size_t units_per_iteration() const;

  // A line identifying everything an iteration's results depend on (version, scenario content
  // hash, iterations, method, figures, parameters), for the journal of a resumable run.
  std::string identity() const;

 private:
  void check_posterior();
  scenario::Scenario s_;
  PsaSettings settings_;
  std::optional<PosteriorSample> posterior_;
  PsaLayout layout_;
  std::vector<ParameterSampler> samplers_;    // per option
  std::optional<ParameterSampler> baseline_;  // for psa_parameters.csv
  std::vector<std::size_t> parameter_dims_;   // baseline dimensions written
  // For each written dimension, its column in the posterior sample, if it is calibrated.
  std::vector<std::optional<std::size_t>> posterior_column_;
  PosteriorColumns posterior_columns_;        // the sample's columns as the scenario's parameters
  mutable std::optional<std::size_t> units_;  // units_per_iteration(), once asked
};

// Runs the iterations in [0, iterations) that are not in `done`, in ascending order, calling
// on_done after each (to journal it) and progress(done, total). Stops before starting another
// iteration once *stop is true. Returns every iteration's results (those given and those run),
// sorted by iteration. With a crew of several ranks (core/ranks.h; this is rank 0), whole
// iterations run on every rank, each on its rank's threads, and are taken in order here; the
// other ranks serve psa_rank_work. The results are the same whatever the ranks and threads.
std::vector<PsaIteration> run_psa(
    const Psa& psa, std::vector<PsaIteration> done, core::ExecutorRef executor,
    const std::function<void(const PsaIteration&)>& on_done = {},
    const std::function<void(std::uint32_t, std::uint32_t)>& progress = {},
    const std::atomic<bool>* stop = nullptr, core::Crew* crew = nullptr);
// What one rank runs of a distributed PSA: its threads (executor) share one iteration at a time,
// or each runs a whole iteration when an iteration has no more units than there are threads;
// results as iteration_bytes.
core::RankWork psa_rank_work(const Psa& psa, core::ExecutorRef executor,
                             const std::atomic<bool>* stop);
// An iteration's results as the bytes that travel between ranks (exact: the doubles' own bits),
// and back; iteration_from_bytes throws std::runtime_error on bytes of another form.
std::string iteration_bytes(const PsaIteration& it);
PsaIteration iteration_from_bytes(std::string_view bytes);

// How the results are summarised.
struct PsaReport {
  std::vector<double> thresholds;  // the CEAC's grid (pounds per QALY), ascending
  std::vector<std::vector<std::string>> evppi_groups;  // parameter names; each group one EVPPI
  std::optional<double> annual_population;  // people affected per year, for population EVPI
  std::uint32_t horizon_years = 10;         // of the decision, for population EVPI
  double inner_share_warning = 0.10;        // warn above this share of variance
  bool write_report = false;                // also write report.html with the results
};

// The default CEAC grid: 41 points from 0 to twice the largest scenario threshold, with the
// scenario's thresholds added.
std::vector<double> default_threshold_grid(const std::vector<double>& scenario_thresholds);
// `grid` with the scenario's thresholds added, ascending, each once: the decision at them is
// reported whatever grid a user asks for.
std::vector<double> with_thresholds(std::vector<double> grid,
                                    const std::vector<double>& scenario_thresholds);

// Journal lines: one self-contained line per iteration with a checksum; parse returns nothing
// for a line that is damaged or incomplete (the last line after a SIGKILL, say).
std::string journal_line(const PsaIteration& it);
std::optional<PsaIteration> parse_journal_line(std::string_view line, const PsaLayout& layout);

// Output files, from every iteration sorted by iteration. Numbers are written in the shortest
// form that reads back exactly; NaN as an empty field.
std::string psa_csv(const Psa& psa, const std::vector<PsaIteration>& its);
std::string psa_parameters_csv(const Psa& psa, const std::vector<PsaIteration>& its);
std::string ce_plane_csv(const Psa& psa, const std::vector<PsaIteration>& its);
std::string convergence_csv(const Psa& psa, const std::vector<PsaIteration>& its);
// The CEAC grid from its text: amounts per QALY `a,b,c`, or `FROM:TO:STEP`, each from 0 to
// economics::kMaxWillingnessToPay; nothing (and `why`, what is expected) if the text is not one
// of them.
std::optional<std::vector<double>> parse_threshold_grid(const std::string& text, std::string& why);
// The grid `text` gives (bad input naming `wtp` if it is not one) with the scenario's thresholds,
// or without it the default grid around them.
core::Expected<std::vector<double>> threshold_grid(const std::optional<std::string>& text,
                                                   const std::vector<double>& scenario_thresholds);
// EVPPI groups from their text: `a,b;c` -> {{a, b}, {c}}; `all` -> each of `known` (the sampled
// parameters) on its own; nothing (and `why`) for an unknown name or an empty group.
std::optional<std::vector<std::vector<std::string>>> parse_evppi_groups(
    const std::string& text, const std::vector<std::string>& known, std::string& why);

// The PSA's settings for a front end: iterations, method, thresholds, evppi, population,
// horizon_years, report, parameter_sets.
std::vector<core::SettingSpec> psa_setting_specs();
// The settings as given, checked before the scenario is read.
struct PsaRequest {
  PsaSettings settings;
  std::optional<PosteriorSample> posterior;       // a calibration's posterior.csv, if given
  std::optional<std::vector<double>> thresholds;  // the CEAC's grid, if given
  std::optional<std::string> evppi;               // groups as text, if given
  std::optional<double> population;               // people affected each year, if given
  std::optional<std::uint32_t> horizon_years;     // of the decision, if given
  bool report = false;                            // also write the report (output/report.h)
};
// Reads `values` (of psa_setting_specs) into `request`; bad input names the setting in
// backticks.
core::Status psa_request(const core::SettingValues& values, PsaRequest& request);
// The report's settings for `psa` of scenario `s`: the thresholds grid, the EVPPI groups, the
// decision's population and horizon (run.horizon unless given).
core::Status psa_report(const PsaRequest& request, const scenario::Scenario& s, const Psa& psa,
                        PsaReport& report);

// The summary of every iteration's results, sorted by iteration (psa_summary.h): each option's
// figures, and with two options or more the decision at the scenario's thresholds (or the
// report's grid when the scenario has none) and the CEAC over the report's grid.
PsaSummary summarise_psa(const Psa& psa, const std::vector<PsaIteration>& its,
                         const PsaReport& report);

}  // namespace pimhsim::analysis
