#include "pimhsim/analysis/run.h"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>

#include "pimhsim/core/messages.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/runner.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {

// Unit k of a run (partition-major: partition k / replicates, replicate k % replicates) as bytes.
core::RankWork unit_work(const core::Model& model, const core::RandomSource& rng,
                         std::uint32_t first_replicate, std::uint32_t replicates,
                         unsigned threads) {
  return core::RankWork{threads,
                        [&model, &rng, first_replicate, replicates](std::uint64_t unit) {
                          core::Tally t(model.layout());
                          model.simulate(
                              rng, first_replicate + static_cast<std::uint32_t>(unit % replicates),
                              static_cast<std::size_t>(unit / replicates), t);
                          return t.to_bytes();
                        },
                        nullptr};
}

}  // namespace

RunOutcome run(const scenario::Scenario& s, core::ExecutorRef executor) {
  return run_model(models::make(s), s.run.seed, static_cast<std::uint32_t>(s.run.replicates),
                   std::move(executor));
}

RunOutcome run_model(std::unique_ptr<core::Model> model_ptr, std::uint64_t seed,
                     std::uint32_t replicates, core::ExecutorRef executor,
                     std::uint32_t first_replicate, const PartitionSink& sink, core::Crew* crew) {
  const auto start = std::chrono::steady_clock::now();
  RunOutcome out;
  out.model = std::move(model_ptr);
  out.threads = executor->concurrency();
  const core::RandomSource rng(seed);
  out.model->prepare(rng, first_replicate, replicates, *executor);
  const core::Model& model = *out.model;
  const std::size_t partitions = model.partitions();
  const std::size_t units = static_cast<std::size_t>(replicates) * partitions;
  // Units are partition-major (unit = partition x replicates + replicate), so that a partition is
  // complete as soon as its last replicate is consumed. The reduction is the same whatever the
  // order of the units: each partition's tally merges its replicates in order 0, 1, ... into an
  // empty tally, and the total merges the partitions in order 0, 1, ... into an empty tally.
  // Merging into an empty tally copies the other exactly (its Moments are copied, and its totals,
  // which start at +0 and only ever have amounts added, are never -0, so 0 + x is x), so a
  // partition's first replicate is moved in rather than merged, without a copy.
  out.tally = core::Tally(model.layout());
  if (!sink) out.partitions.reserve(partitions);
  core::Tally partition;
  const auto consume = [&](std::size_t unit, core::Tally&& t) {
    if (unit % replicates == 0)
      partition = std::move(t);
    else
      partition.merge(t);
    if (unit % replicates != replicates - 1) return;
    out.tally.merge(partition);
    if (sink) {
      sink(unit / replicates, partition);
      partition = core::Tally();  // free it now rather than when the next partition comes
    } else {
      out.partitions.push_back(std::move(partition));
    }
  };
  if (crew != nullptr && crew->ranks() > 1) {
    std::vector<std::uint64_t> ids(units);
    for (std::size_t k = 0; k < units; ++k) ids[k] = k;
    const auto local = unit_work(model, rng, first_replicate, replicates, out.threads);
    const auto name = [&](std::uint64_t k) {
      return fmt::format("unit {} ({} {}, replicate {})", k, model.partition_label(),
                         model.partition_name(static_cast<std::size_t>(k / replicates)),
                         first_replicate + k % replicates);
    };
    crew->run(ids, local, name, [&](std::size_t k, std::string bytes) {
      core::Tally t;
      try {
        t = core::Tally::from_bytes(model.layout(), bytes);
      } catch (const std::invalid_argument& e) {
        throw std::runtime_error(
            fmt::format("rank {}, {}: {}", crew->consuming_rank(), name(k), e.what()));
      }
      consume(k, std::move(t));
    });
  } else {
    core::run_units_in_order<core::Tally>(
        *executor, units,
        [&](std::size_t unit) {
          core::Tally t(model.layout());
          model.simulate(rng, first_replicate + static_cast<std::uint32_t>(unit % replicates),
                         unit / replicates, t);
          return t;
        },
        consume);
  }
  if (replicates == 0 && !sink) out.partitions.assign(partitions, core::Tally(model.layout()));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

void serve_run_model(std::unique_ptr<core::Model> model, std::uint64_t seed,
                     std::uint32_t replicates, core::ExecutorRef executor,
                     std::uint32_t first_replicate, core::Messages& messages,
                     std::string_view identity) {
  const core::RandomSource rng(seed);
  model->prepare(rng, first_replicate, replicates, *executor);
  core::serve_rank(messages, identity,
                   unit_work(*model, rng, first_replicate, replicates, executor->concurrency()));
}

std::string run_identity(const scenario::Scenario& s, const core::Model& model) {
  return fmt::format("pimhsim {} run; scenario {}; seed {}; replicates {}; layout {:016x}; {} {}",
                     kVersion, s.content_hash, s.run.seed, s.run.replicates,
                     model.layout().fingerprint(), model.partitions(), model.partition_label());
}

std::vector<core::SettingSpec> run_setting_specs() {
  return {{"by_area", core::SettingSpec::Kind::kSwitch,
           "also write by_area.csv: every measure by option, area and year (for England, tens of "
           "MB)"},
          {"report", core::SettingSpec::Kind::kSwitch,
           "also write report.html, an offline page with a board summary and charts (charts need "
           "gnuplot), the charts as SVG and PNG files in report_charts/ and the summary tables in "
           "report.xlsx"}};
}

}  // namespace pimhsim::analysis
