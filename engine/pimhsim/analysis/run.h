// The single-run driver: simulate every option of a scenario on common random numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/core/random.h"
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
// plain run's. The other ranks run serve_run_model with the same model, seed and replicates, or,
// with `of`, serve several models (a DSA's root refinement: one model a parameter set): of->input
// then travels ahead of each unit's own input, telling a rank which model to run the unit of
// (RunUnits below), and of->name comes first in each unit's name in messages. If the crew is
// interrupted (crew->interrupted()) the outcome is incomplete.
struct UnitsOf {
  std::string input;  // what names the model to a rank
  std::string name;   // "evaluation 12 (c_trt=1500)"
};
RunOutcome run_model(std::unique_ptr<core::Model> model, std::uint64_t seed,
                     std::uint32_t replicates, core::ExecutorRef executor,
                     std::uint32_t first_replicate = 0, const PartitionSink& sink = {},
                     core::Crew* crew = nullptr, const UnitsOf* of = nullptr);

// A unit's input from a run_model with `of`, split into of->input and the unit's own input (for
// RunUnits). Throws std::runtime_error if it is truncated.
std::pair<std::string_view, std::string_view> split_units_of(std::string_view input);

// A rank's side of a distributed run_model of `model` (which must outlive it): runs unit k
// (partition-major: partition k / replicates, replicate first_replicate + k % replicates) with the
// input rank 0 sent with it, of->input taken off, and returns the bytes rank 0 merges: the unit's
// preparation (Model::prepare_unit) or its tally (Tally::to_bytes). A unit of the run carries the
// preparation's bytes, which the model adopts before its first such unit. Safe from several
// threads at once.
class RunUnits {
 public:
  RunUnits(core::Model& model, std::uint64_t seed, std::uint32_t first_replicate,
           std::uint32_t replicates);
  RunUnits(const RunUnits&) = delete;
  RunUnits& operator=(const RunUnits&) = delete;
  std::string operator()(std::uint64_t unit, std::string_view input);
  // The model has adopted `preparation` already (rank 0's own).
  void adopted(std::string preparation);

 private:
  core::Model& model_;
  core::RandomSource rng_;
  std::uint32_t first_, replicates_;
  std::mutex mutex_;  // guards adopted_ and the model's adoption
  std::optional<std::string> adopted_;
};

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
