// Decision analysis of a probabilistic sensitivity analysis (PSA): net monetary benefit, the
// cost-effectiveness acceptability curves and frontier, and the expected value of perfect
// information, as pure functions of the PSA samples.
//
// Input. `costs` and `effects` are N x K matrices: row i is PSA iteration i (one joint draw of
// the parameters), column k is option k, effects in QALYs and costs in pounds. A threshold (a
// willingness to pay, lambda) is in pounds per QALY. The reference is the comparator option
// (column 0 unless said otherwise); increments are option minus reference, iteration by
// iteration, so options that share random numbers keep their pairing.
//
// Net monetary benefit. NMB_ik = lambda * effects_ik - costs_ik. The option with the highest
// expected NMB is the decision under current information (Stinnett & Mullahy 1998).
//
// Two acceptability curves. They answer different questions and tools label them loosely:
// dampack's ceac() plots the second as "Pr Cost-Effective" (and max.col breaks its ties at
// random), while BCEA's ceac is pairwise like the first (though its "reference" is the new
// intervention, compared with each comparator) and its multi.ce() gives the second
// (p_best_interv).
// Read across tools, "the CEAC" can mean either, so the two are kept apart here by name:
//  * probability_cost_effective[k]: P(NMB_k - NMB_ref > 0), option k against the reference
//    alone. For three or more options these do not sum to anything in particular: an option can
//    beat the reference 90% of the time and still rarely be the best option. Ties (an
//    incremental NMB of exactly 0) count as not cost-effective. For the reference itself it is
//    NaN: an option is not compared with itself.
//  * probability_most_cost_effective[k]: P(NMB_k = max_j NMB_j), the share of iterations in which
//    option k has the highest NMB of all options. It sums to 1 over the options at every
//    threshold. Ties within an iteration go to the lowest option index (with continuous outputs
//    exact ties happen only where options share all their outputs, e.g. at lambda = 0 with
//    equal costs).
// With two options the two curves carry the same information: the non-reference option's values
// coincide (exactly so when the reference is option 0; otherwise they differ by the share of
// exact ties, which count for the lower index in one and against the option in the other).
//
// Frontier (CEAF, Fenwick, Claxton & Sculpher 2001). At each threshold the option with the
// highest EXPECTED NMB (ties to the lowest index), and its probability of being most
// cost-effective. That option is not always the one most often best: with a skewed incremental
// NMB (a small gain usually, a large loss sometimes) the option most often best can have the
// lower mean, and the decision rule follows the mean.
//
// EVPI. The expected value of perfect information per person (here, per birth) at a threshold:
//     EVPI = E_theta[max_k NMB_k] - max_k E_theta[NMB_k],
// estimated by replacing expectations with means over the N iterations. Equivalently it is the
// mean of the per-iteration opportunity loss L_i = max_k NMB_ik - NMB_ik*, where k* is the
// option with the highest mean NMB; the reported standard error is sd(L)/sqrt(N), which treats
// k* as known (it is, up to a negligible probability, unless two options' mean NMBs are within
// a few Monte Carlo standard errors of each other). The estimator is biased DOWNWARDS at small
// N, because the max of the N-sample means overestimates max_k E[NMB_k]; the bias vanishes as
// the leading option's lead grows relative to the Monte Carlo error of the means.
//
// Population EVPI. population_evpi scales the per-person EVPI by the number of people the
// decision affects each year and a discounted horizon:
//     per_person * annual_population * sum_{t=0}^{H-1} (1 + r)^-t,
// i.e. H annual cohorts, each counted at the start of its year, the first undiscounted (the
// start-of-year convention of most published EVPI calculations). The value of information of
// the cohort decided in year t is discounted to the time of the decision; no account is taken
// of the information arriving later, of the research's cost, or of the options changing. This
// is for values per person at each cohort's start; a model whose values per person are shares of
// a present value over births arriving through its horizon (the pathway) must not be discounted
// again: its population factor is the births of the horizon (analysis/psa_outputs.cc).
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <vector>

#include "pimhsim/core/discount.h"

namespace pimhsim::analysis {

// Summary of one sampled quantity over the PSA iterations. Quantiles are R's type 7 (linear
// interpolation between order statistics: the h = (N - 1) p th, counting from 0).
struct Summary {
  double mean = 0.0;
  double median = 0.0;
  double lower = 0.0;           // 2.5% quantile
  double upper = 0.0;           // 97.5% quantile
  double standard_error = 0.0;  // of the mean: sd / sqrt(N), sd with N - 1; NaN if N = 1
};

// Throws std::invalid_argument unless `reference` is one of `options` options (0 to options - 1).
void check_reference_option(std::size_t reference, Eigen::Index options);

// Throws std::invalid_argument if `x` is empty or holds a NaN or infinity.
Summary summarise(const Eigen::Ref<const Eigen::VectorXd>& x);

// The type-7 quantile of `x` at p in [0, 1]. Throws as summarise does, or for p outside [0, 1].
double quantile(const Eigen::Ref<const Eigen::VectorXd>& x, double p);

// NMB_ik = wtp * effects_ik - costs_ik (N x K). Throws std::invalid_argument for matrices of
// different shapes, fewer than one iteration or two options, a NaN or infinity, or a threshold
// that is negative or not finite.
Eigen::MatrixXd net_monetary_benefit(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                     const Eigen::Ref<const Eigen::MatrixXd>& effects, double wtp);

// Cost-effectiveness plane: the increments over the reference, per iteration (N x K; the
// reference's column is zero).
struct CePlane {
  Eigen::MatrixXd delta_cost;
  Eigen::MatrixXd delta_effect;
};
CePlane ce_plane(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                 const Eigen::Ref<const Eigen::MatrixXd>& effects, std::size_t reference = 0);

// Costs and effects of one option, and its increments over the reference.
struct OptionSummary {
  Summary cost;
  Summary effect;
  Summary delta_cost;    // all zero for the reference
  Summary delta_effect;  // all zero for the reference
  // P(delta cost < 0): the share of iterations in which the option costs strictly less than the
  // reference. NaN for the reference.
  double probability_cost_saving = 0.0;
};
std::vector<OptionSummary> summarise_options(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                             const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                             std::size_t reference = 0);

// The functions below take an NMB matrix (N x K, at one threshold) and check it as
// net_monetary_benefit checks its inputs.

// P(NMB_k - NMB_ref > 0) for each option k; NaN for the reference (see the header comment).
std::vector<double> probability_cost_effective(const Eigen::Ref<const Eigen::MatrixXd>& nmb,
                                               std::size_t reference = 0);

// P(option k has the highest NMB), ties to the lowest index; sums to 1.
std::vector<double> probability_most_cost_effective(const Eigen::Ref<const Eigen::MatrixXd>& nmb);

// The option with the highest mean (expected) NMB, ties to the lowest index.
std::size_t optimal_option(const Eigen::Ref<const Eigen::MatrixXd>& nmb);

struct Evpi {
  double per_person = 0.0;      // E[max_k NMB_k] - max_k E[NMB_k], >= 0
  double standard_error = 0.0;  // sd / sqrt(N) of the opportunity loss (see the header comment)
  std::size_t optimal_option = 0;
};
Evpi evpi(const Eigen::Ref<const Eigen::MatrixXd>& nmb);

// sum_{t=0}^{H-1} (1 + r)^-t: H annual amounts, each at the start of its year, the first
// undiscounted. 0 for H = 0. Throws std::invalid_argument unless r > -1 and finite.
double annuity_factor(std::size_t horizon_years, double discount_rate);
// The same with a schedule's factors: sum_{t=0}^{H-1} schedule.factor(t).
double annuity_factor(std::size_t horizon_years, const core::DiscountSchedule& schedule);

// per_person * annual_population * annuity_factor(horizon_years, discount_rate). Throws
// std::invalid_argument for a negative or non-finite EVPI or population, or as annuity_factor.
double population_evpi(double per_person, double annual_population, std::size_t horizon_years,
                       double discount_rate);
double population_evpi(double per_person, double annual_population, std::size_t horizon_years,
                       const core::DiscountSchedule& schedule);

// Everything about the decision at one threshold.
struct ThresholdAnalysis {
  double wtp = 0.0;                // pounds per QALY
  std::vector<Summary> nmb;        // per option
  std::vector<Summary> delta_nmb;  // per option, minus the reference (zero for the reference)
  std::vector<double> probability_cost_effective;       // CEAC vs the reference; NaN for it
  std::vector<double> probability_most_cost_effective;  // CEAC among all options; sums to 1
  std::size_t optimal_option = 0;                       // CEAF: the highest expected NMB
  double frontier_probability = 0.0;  // CEAF: probability_most_cost_effective[optimal_option]
  double evpi = 0.0;                  // per person
  double evpi_standard_error = 0.0;
};

struct DecisionAnalysis {
  std::size_t iterations = 0;
  std::size_t options = 0;
  std::size_t reference = 0;
  std::vector<OptionSummary> summaries;       // per option
  std::vector<ThresholdAnalysis> thresholds;  // in the order given
};

// The whole analysis over a grid of thresholds. Throws std::invalid_argument as
// net_monetary_benefit does, for an empty threshold grid, or for a reference out of range.
DecisionAnalysis analyse_decision(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                  const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                  const std::vector<double>& thresholds, std::size_t reference = 0);

}  // namespace pimhsim::analysis
