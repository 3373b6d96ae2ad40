// The summary of a probabilistic sensitivity analysis as typed results: the settings it ran with,
// each option's figures over the iterations, the decision (net monetary benefit, the two
// acceptability curves, the frontier, EVPI and EVPPI) and warnings. analysis::summarise_psa
// (psa.h) computes it; output/psa_summary_json.h writes it as psa_summary.json and ceac.csv.
//
// Units. Money is in the scenario's currency (PsaSummary::currency), effects in QALYs and
// thresholds in money per QALY. A figure keeps the model's own unit (core::Model::figures): for
// a model of births (the pathway) cost and effect are population totals. The decision's values
// are per person (PsaDecision::per says what one person is: "birth", say), the costs and effects
// of each iteration divided by that iteration's persons; population values multiply them by the
// decision's population (PsaDecision).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace pimhsim::analysis {

// A quantity's distribution over the PSA's iterations (decision.h's Summary, with its count):
// the mean with the Monte Carlo standard error of that mean (sd / sqrt(n), sd with n - 1; not a
// number when n = 1: one value says nothing of its error), the median and the 95% interval of the
// values (type-7 quantiles, Hyndman & Fan 1996).
struct PsaEstimate {
  double mean = 0.0;
  double standard_error = 0.0;  // of the mean
  double median = 0.0;
  double lower = 0.0;  // 2.5% quantile
  double upper = 0.0;  // 97.5% quantile
  std::size_t n = 0;   // iterations with a finite value
};

// The scenario analysed, as its summary names it.
struct AnalysedScenario {
  std::string name, file, model, content_hash;
  std::string variant;  // the scenario's `variant`; empty for none
};

// One of the model's figures (core::Figure) as the summary lists it.
struct PsaFigureInfo {
  std::string name;         // psa.csv's column
  std::string description;  // what it measures, with its unit
  bool increment = false;   // option minus comparator (not defined for the comparator)
};

// One figure of one option over the iterations in which it is finite, in the model's unit. The
// variance across iterations (total) holds the first-order noise of each iteration's simulation
// (inner: the mean over iterations of the squared inner Monte Carlo SE); inner_share is their
// ratio (1 when only the inner variance is positive, 0 when both are 0).
struct PsaFigureSummary {
  std::string figure;  // PsaFigureInfo::name
  PsaEstimate estimate;
  double inner_variance = 0.0;
  double total_variance = 0.0;  // sample variance (n - 1) over iterations; 0 when n = 1
  double inner_share = 0.0;
};

// One option's figures, and for the options other than the comparator the probability that it
// saves money, as a share of the iterations in which that is defined (NaN when none is).
struct PsaOptionSummary {
  std::string name;
  std::vector<PsaFigureSummary> figures;  // in the model's order, those finite at least once
  // For a model that reports net savings: P(net savings > 0), by perspective
  // (core::FigureLayout::perspectives). Empty for the comparator.
  std::map<std::string, double> probability_cost_saving_by_perspective;
  // For a model that does not: P(delta cost < 0). None for the comparator.
  std::optional<double> probability_cost_saving;
};

// One option at one threshold. NMB values are per person.
struct PsaOptionDecision {
  std::string option;
  PsaEstimate expected_nmb;
  double probability_most_cost_effective = 0.0;  // among all options; sums to 1
  // Against the comparator (decision.h): none for the comparator itself.
  std::optional<double> probability_cost_effective;
  std::optional<PsaEstimate> incremental_nmb;
};

// The expected value of perfect information at one threshold (decision.h): per person, with its
// Monte Carlo standard error, and for the decision's population when it has one.
struct PsaEvpi {
  double per_person = 0.0;
  double standard_error = 0.0;
  std::optional<double> population;
  std::optional<double> population_standard_error;
};

// How well the EVPPI's regression of one option's incremental NMB fitted (evppi.h FitSummary).
struct PsaEvppiFit {
  std::string option;
  double r_squared = 0.0;
  double effective_df = 0.0;
};

// The expected value of partial perfect information of one group of parameters at one
// threshold (evppi.h, Strong, Oakley & Brennan 2014): per person, with its standard errors.
struct PsaEvppi {
  std::vector<std::string> parameters;
  std::optional<std::string> skipped;  // why it was not estimated (too few iterations)
  // The rest is set only when it was estimated.
  std::string method;  // the smoother (evppi.h method_name)
  double per_person = 0.0;
  double standard_error = 0.0;             // the two below combined
  double standard_error_regression = 0.0;  // NaN when not estimated
  double standard_error_sampling = 0.0;
  std::optional<double> population;  // when the decision has a population
  std::vector<PsaEvppiFit> fits;     // per option other than the comparator
};

// The decision at one of the scenario's thresholds.
struct PsaThresholdDecision {
  double threshold = 0.0;                  // money per QALY
  std::vector<PsaOptionDecision> options;  // every option, comparator first
  std::string frontier_option;             // the highest expected NMB (CEAF)
  double frontier_probability = 0.0;       // its probability of being most cost-effective
  PsaEvpi evpi;
  std::vector<PsaEvppi> evppi;  // per requested group
};

// One row of ceac.csv: one option at one threshold of the CEAC's grid. Per person, NaN where not
// defined (probability_cost_effective of the comparator).
struct CeacRow {
  double threshold = 0.0;  // money per QALY
  std::string option;
  double probability_cost_effective = 0.0;  // against the comparator
  double probability_most_cost_effective = 0.0;
  bool on_frontier = false;  // the option with the highest expected NMB at this threshold
  double expected_nmb = 0.0;
  double expected_nmb_standard_error = 0.0;
  double evpi = 0.0;  // the threshold's, the same for every option
  double evpi_standard_error = 0.0;
  double evpi_population = 0.0;  // NaN without a population
};

// The decision between the options (two or more): values per person, and the population that
// turns them into population EVPI and EVPPI: annual_population x the population factor, which is
// either the horizon's years (a model of births whose values per birth are already discounted to
// the start of the horizon) or the annuity factor of horizon_years yearly cohorts (decision.h).
struct PsaDecision {
  std::string per;                          // what one person is ("person", "birth")
  std::optional<double> annual_population;  // persons affected per year, if known
  // How the annual population was derived, when the model's persons gave it.
  std::optional<std::string> annual_population_note;
  // Of the decision: none for a model of one cohort given no population (no population EVPI).
  std::optional<std::uint32_t> horizon_years;
  std::string population_discount;  // the discounting's name, or why there is none
  // A model of births: the persons over the horizon (NaN without an annual population).
  std::optional<double> persons_over_horizon;
  std::optional<double> annuity_factor;          // otherwise: the population factor
  std::vector<PsaThresholdDecision> thresholds;  // at the scenario's thresholds
  std::vector<CeacRow> ceac;                     // the CEAC's grid x options, by threshold
};

struct PsaSummary {
  // Settings echoed.
  AnalysedScenario scenario;
  std::string method;                          // sampling method (sampling.h method_name)
  std::size_t iterations = 0;                  // summarised
  std::uint64_t sampling_seed = 0;             // run.seed
  std::uint32_t replicates_per_iteration = 0;  // iteration i simulates replicates from i x this
  std::optional<double> population_scale;      // share of the real population simulated
  std::optional<std::uint64_t> population;     // individuals per replicate, if set
  std::string currency;
  std::string comparator;
  std::vector<PsaFigureInfo> figures;
  std::vector<std::string> parameters_sampled;
  // Results (none without iterations).
  std::vector<PsaOptionSummary> options;  // every option, comparator first
  std::optional<PsaDecision> decision;    // with two options or more
  std::vector<std::string> warnings;
};

}  // namespace pimhsim::analysis
