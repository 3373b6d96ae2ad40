// Calibration targets: what an area (or a country) observes, set against what the model reports.
//
// A targets file (YAML) lists targets; each names a measure the run reports (results.csv's
// `measure`), optionally divided by another (`per`: identified mothers per ill mother, say), for
// an option (the comparator by default), a calendar year (every year of the horizon pooled by
// default) and a group of areas (all by default), with the observed value, its likelihood and its
// source:
//
//   targets:
//     - name: identified_share
//       measure: detected
//       per: mothers_ill
//       observed: {mean: 0.5, se: 0.05}         # normal
//       source: "Bauer et al. 2014, The costs of perinatal mental health problems"
//     - name: specialist_access
//       measure: treated_specialist_pmh
//       year: 2027
//       areas: [E08000035]
//       observed: {count: 560}                  # Poisson, on the population total
//       source: "..."
//     - name: persistence
//       measure: ...
//       observed: {count: 67, denominator: 147}  # binomial, on the mean (a share)
//
// A target may name a measure at a child's age: `measure: ill_at_age` with `child_age: 12` (months)
// is the model's `ill_at_age_12m`, the share of mothers ill when the child is 12 months old. The
// ages are those the model measures (the pathway's: 3, 6, 12, 18 and 24 months); another age, or
// a measure the model does not report by age, is refused at `child_age` with the ages there are.
//
// The model's value of a target is the pooled mean per individual (`statistic: mean`, the default
// for binomial and normal targets) or the population total (`statistic: total`, the default and
// the only choice for Poisson targets; results.csv's `total`). With `per`, it is the ratio of the
// two measures' means (equal to the ratio of their totals), with a Monte Carlo SE by the delta
// method that ignores the covariance of numerator and denominator (an upper bound for positively
// correlated measures such as identified and ill mothers).
//
// Likelihoods (log, with their normalising constants, so that they add across targets):
//   binomial  k of n with model share p: log C(n, k) + k log p + (n - k) log(1 - p);
//   Poisson   count k with model expectation m: k log m - m - log k!;
//   normal    mean y with SE s and model value m: -(y - m)^2 / (2 s^2) - log(s sqrt(2 pi)).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

enum class Likelihood { kBinomial, kPoisson, kNormal };
const char* likelihood_name(Likelihood l);  // "binomial", "Poisson", "normal"

struct Target {
  std::string name;
  std::string measure;
  std::string per;     // a denominator measure, or empty
  bool total = false;  // the population total rather than the mean per individual
  std::string option;  // empty: the comparator (the first option)
  std::optional<int> year;
  std::optional<int> child_age;    // months: the measure at that age of the child
  std::vector<std::string> areas;  // area codes (partition names); empty: every area
  Likelihood likelihood = Likelihood::kNormal;
  double count = 0, denominator = 0;  // binomial and Poisson
  double mean = 0, se = 0;            // normal
  std::string source;
  scenario::Location where;  // the target's mapping in the file
  scenario::Location child_age_where;

  // The measure of results.csv the target reads: `measure`, or at a child age `measure_{A}m`.
  std::string model_measure() const;

  // The observed value on the model's scale: count / denominator, count, or mean.
  double observed() const;
  // Its sampling SE on that scale: sqrt(p (1 - p) / n), sqrt(count), or se.
  double observed_se() const;
  // The log-likelihood of the observation when the model's value is `model` (-infinity where
  // the model value makes the observation impossible: a share of 0 for a count above 0, say).
  double log_likelihood(double model) const;
};

struct TargetSet {
  std::string file;
  std::vector<Target> targets;
};

// Reads and validates a targets file; every problem goes to `d` with its file:line:column.
std::optional<TargetSet> read_targets(const std::string& path, scenario::Diagnostics& d);
// The same from text, named `origin` in messages.
std::optional<TargetSet> parse_targets(const std::string& text, const std::string& origin,
                                       scenario::Diagnostics& d);

// A target bound to a model: the indices its value is read at.
struct BoundTarget {
  std::size_t option = 0;
  std::size_t measure = 0;
  std::optional<std::size_t> per;
  std::vector<std::size_t> periods;     // the measure's periods (slots) pooled
  std::vector<std::size_t> partitions;  // pooled; every partition when the target names none
  bool all_partitions = true;
};

// Binds every target to the model built for `s`: an unknown measure, option, year or area, a
// measure that has no mean (a total-only measure) for a share, or a Poisson target on a
// per-individual mean is reported at the target (with the nearest known name).
std::optional<std::vector<BoundTarget>> bind_targets(const TargetSet& targets,
                                                     const scenario::Scenario& s,
                                                     const core::Model& model,
                                                     scenario::Diagnostics& d);

// A target's model value and its Monte Carlo SE in one run.
struct TargetValue {
  double value = 0, se = 0;
};
TargetValue target_value(const Target& t, const BoundTarget& b, const RunOutcome& r);

}  // namespace pimhsim::analysis
