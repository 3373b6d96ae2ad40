// The single-run driver: simulate every option of a scenario on common random numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::core {
class Crew;      // core/ranks.h
class Messages;  // core/messages.h
}  // namespace pimhsim::core

namespace pimhsim::analysis {

struct RunOutcome {
  std::unique_ptr<core::Model> model;
  core::Tally tally;                    // merged over replicates and partitions, in a fixed order
  std::vector<core::Tally> partitions;  // each partition merged over replicates (unless streamed)
  unsigned threads = 1;
  double seconds = 0;
};

RunOutcome run(const scenario::Scenario& s, core::ExecutorRef executor);

// Receives each partition's tally, merged over replicates, as soon as the last of its replicates
// is done: partitions in order, on the thread that called run_model.
using PartitionSink = std::function<void(std::size_t partition, const core::Tally& tally)>;

// Simulates a model the caller built (for a parameter draw, or a staffing candidate) with the
// scenario's seed: replicates first_replicate ... first_replicate + replicates - 1, so that
// separate calls can use separate random numbers (PSA iterations) or the same ones (common
// random numbers between staffing candidates).
//
// With a sink, each partition's tally goes to the sink and is then dropped, and the outcome's
// `partitions` is empty: memory then holds the merged tally, the partition being completed and
// the units finished ahead of their turn, however long the horizon (`pimhsim run` writes each
// partition's rows of its outputs from the sink).
//
// With a crew of several ranks (`mpirun -n N`: core/ranks.h), the units (replicate x partition)
// are shared out dynamically between the ranks' threads, rank 0's included, each rank running
// one unit a thread; a unit's tally travels as its bytes (Tally::to_bytes: the doubles' own bits)
// and rank 0 merges the units in the same order as above, so the outcome is bit-identical to a
// plain run's. The other ranks run serve_run_model with the same model, seed and replicates.
RunOutcome run_model(std::unique_ptr<core::Model> model, std::uint64_t seed,
                     std::uint32_t replicates, core::ExecutorRef executor,
                     std::uint32_t first_replicate = 0, const PartitionSink& sink = {},
                     core::Crew* crew = nullptr);

// A rank other than 0 of a distributed run_model: prepares `model` as run_model does, joins with
// `identity` and runs the units rank 0 sends on executor->concurrency() threads until released.
void serve_run_model(std::unique_ptr<core::Model> model, std::uint64_t seed,
                     std::uint32_t replicates, core::ExecutorRef executor,
                     std::uint32_t first_replicate, core::Messages& messages,
                     std::string_view identity);

// What every rank of a distributed `pimhsim run` must share with rank 0 (the scenario's content,
// settings included, its seed and replicates, the model's layout and partitions).
std::string run_identity(const scenario::Scenario& s, const core::Model& model);

// The settings of `pimhsim run`: `by_area`, the by-area file (every measure by option, area and
// year; large for many areas), written only when asked.
std::vector<core::SettingSpec> run_setting_specs();

}  // namespace pimhsim::analysis
