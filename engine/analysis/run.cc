#include "analysis/run.h"

#include <chrono>

#include "core/runner.h"
#include "models/registry.h"

namespace pimhsim::analysis {

RunOutcome run(const scenario::Scenario& s, unsigned threads) {
  return run_model(models::make(s), s.run.seed, static_cast<std::uint32_t>(s.run.replicates), threads);
}

RunOutcome run_model(std::unique_ptr<core::Model> model_ptr, std::uint64_t seed, std::uint32_t replicates,
                     unsigned threads, std::uint32_t first_replicate) {
  const auto start = std::chrono::steady_clock::now();
  RunOutcome out;
  out.model = std::move(model_ptr);
  out.threads = threads;
  const core::Model& model = *out.model;
  const core::RandomSource rng(seed);
  const std::size_t partitions = model.partitions();
  const std::size_t units = static_cast<std::size_t>(replicates) * partitions;
  auto tallies = core::run_units<core::Tally>(units, threads, [&](std::size_t unit) {
    core::Tally t(model.layout());
    model.simulate(rng, first_replicate + static_cast<std::uint32_t>(unit / partitions), unit % partitions, t);
    return t;
  });
  out.partitions.assign(partitions, core::Tally(model.layout()));
  for (std::size_t unit = 0; unit < units; ++unit) out.partitions[unit % partitions].merge(tallies[unit]);
  out.tally = core::Tally(model.layout());
  for (const auto& t : out.partitions) out.tally.merge(t);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace pimhsim::analysis
