// What a model adds to a run's summary: its own figures in summary.json and its own terminal
// summary. A capability a model class implements beside core::Model (the pathway does; a model
// without it gets the generic summary of its headline measures), so that the core's interface
// stays free of any serialisation.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/core/model.h"
#include "pimhsim/core/tally.h"

namespace pimhsim::models {

// What a run's summary says of the run itself.
struct RunHeader {
  std::string scenario;
  std::uint64_t seed = 0;
  unsigned replicates = 1, horizon = 0;
};

class Reporting {
 public:
  virtual ~Reporting() = default;
  // Model-specific figures for summary.json, computed from the merged tally.
  virtual void extend_summary(const core::Tally& total, nlohmann::json& summary) const = 0;
  // The summary a run prints on a terminal, from the merged tally (the frontier's margins by
  // threshold follow it: output/summary_text.h).
  virtual std::string summary_text(const RunHeader& run, const core::Tally& total) const = 0;
};

// The reporting of `model`, if it has one.
inline const Reporting* reporting_of(const core::Model& model) {
  return dynamic_cast<const Reporting*>(&model);
}

// Adds the model's figures, if it reports any, to `summary`.
inline void extend_summary(const core::Model& model, const core::Tally& total,
                           nlohmann::json& summary) {
  if (const auto* r = reporting_of(model)) r->extend_summary(total, summary);
}

}  // namespace pimhsim::models
