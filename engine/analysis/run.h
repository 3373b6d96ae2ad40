// The single-run driver: simulate every option of a scenario on common random numbers.
#pragma once

#include <memory>

#include "core/model.h"
#include "core/tally.h"
#include "scenario/scenario.h"

namespace pimhsim::analysis {

struct RunOutcome {
  std::unique_ptr<core::Model> model;
  core::Tally tally;  // merged over replicates and partitions, in a fixed order
  std::vector<core::Tally> partitions;  // each partition merged over replicates
  unsigned threads = 1;
  double seconds = 0;
};

RunOutcome run(const scenario::Scenario& s, unsigned threads);

// Simulates a model the caller built (for a parameter draw, or a staffing candidate) with the
// scenario's seed: replicates first_replicate ... first_replicate + replicates - 1, so that
// separate calls can use separate random numbers (PSA iterations) or the same ones (common
// random numbers between staffing candidates).
RunOutcome run_model(std::unique_ptr<core::Model> model, std::uint64_t seed, std::uint32_t replicates,
                     unsigned threads, std::uint32_t first_replicate = 0);

}  // namespace pimhsim::analysis
