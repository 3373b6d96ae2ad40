// A run's whole-horizon summary as typed results: per option, every single-period measure with
// its Monte Carlo standard error (and, where the model knows it, the exact value and the
// z-score against it); per compared option, the paired increments over the comparator, the ICER
// and the incremental net monetary benefit at each threshold. summary.json and the generic
// terminal summary are written from it (output/results.h, output/summary_text.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "pimhsim/economics/icer.h"

namespace pimhsim::analysis {

struct MeasureEstimate {
  std::string measure;
  double mean = 0, se = 0;
  std::uint64_t n = 0;
  std::optional<double> exact, z;  // the model's exact value, and (mean - exact) / se
};

struct RunOptionSummary {
  std::string name, description;
  std::vector<std::string> overrides;
  std::vector<MeasureEstimate> measures;  // the single-period, per-individual measures in order
  // The estimate of `measure`, or nullptr.
  const MeasureEstimate* find(const std::string& measure) const;
};

struct IncrementSummary {
  std::string option, comparator;
  std::vector<MeasureEstimate> measures;  // paired single-period measures, option - comparator
  std::optional<economics::Icer> icer;    // where the model names a cost and an effect
  struct AtThreshold {
    double threshold = 0, net_monetary_benefit = 0;
    std::optional<double> se;  // paired, where the model gives the step's errors
  };
  std::vector<AtThreshold> at;  // the scenario's thresholds, in order
  const MeasureEstimate* find(const std::string& measure) const;
};

struct RunSummary {
  std::string scenario, file, model, content_hash;
  std::uint64_t seed = 0;
  unsigned replicates = 1, horizon = 0;
  std::optional<std::uint64_t> population;  // individuals per replicate, for a model with one
  std::vector<std::string> headline;
  std::vector<RunOptionSummary> options;
  std::vector<IncrementSummary> increments;
};

RunSummary summarise(const scenario::Scenario& s, const RunOutcome& r);

}  // namespace pimhsim::analysis
