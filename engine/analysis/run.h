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

}  // namespace pimhsim::analysis
