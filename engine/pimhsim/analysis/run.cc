#include "pimhsim/analysis/run.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "pimhsim/core/messages.h"
#include "pimhsim/core/ranks.h"
#include "pimhsim/core/runner.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {

// Numbers in a unit's input: 8 bytes, as the machine stores them (the ranks share one build).
void put(std::string& out, std::uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

// Rank 0 sends every unit of the model's preparation with the input "p" and every unit of the
// run with "s" followed by the preparation's bytes, which a rank adopts before its first unit of
// the run (once: every unit carries the same bytes), so that no rank prepares the whole run
// itself. Without a preparation (a model that does not prepare) the input is empty.
constexpr char kPrepare = 'p', kSimulate = 's';

}  // namespace

std::pair<std::string_view, std::string_view> split_units_of(std::string_view input) {
  std::uint64_t n = 0;
  if (input.size() >= 8) std::memcpy(&n, input.data(), 8);
  if (input.size() < 8 || input.size() - 8 < n)
    throw std::runtime_error("a truncated unit input between ranks");
  return {input.substr(8, n), input.substr(8 + n)};
}

RunUnits::RunUnits(core::Model& model, std::uint64_t seed, std::uint32_t first_replicate,
                   std::uint32_t replicates)
    : model_(model), rng_(seed), first_(first_replicate), replicates_(std::max(1U, replicates)) {}

void RunUnits::adopted(std::string preparation) {
  const std::lock_guard lock(mutex_);
  adopted_ = std::move(preparation);
}

std::string RunUnits::operator()(std::uint64_t unit, std::string_view in) {
  const auto replicate = first_ + static_cast<std::uint32_t>(unit % replicates_);
  const auto partition = static_cast<std::size_t>(unit / replicates_);
  if (partition >= model_.partitions())
    throw std::runtime_error(fmt::format("no unit {} in this rank's run", unit));
  if (!in.empty() && in.front() == kPrepare) return model_.prepare_unit(rng_, replicate, partition);
  if (!in.empty()) {
    if (in.front() != kSimulate) throw std::runtime_error("a unit of an unknown kind");
    const std::lock_guard lock(mutex_);
    if (!adopted_ || *adopted_ != in.substr(1)) {
      model_.adopt(in.substr(1));
      adopted_ = std::string(in.substr(1));
    }
  }
  core::Tally t(model_.layout());
  model_.simulate(rng_, replicate, partition, t);
  return t.to_bytes();
}

RunOutcome run(const scenario::Scenario& s, core::ExecutorRef executor) {
  return run_model(models::make(s), s.run.seed, static_cast<std::uint32_t>(s.run.replicates),
                   std::move(executor));
}

RunOutcome run_model(std::unique_ptr<core::Model> model_ptr, std::uint64_t seed,
                     std::uint32_t replicates, core::ExecutorRef executor,
                     std::uint32_t first_replicate, const PartitionSink& sink, core::Crew* crew,
                     const UnitsOf* of) {
  const auto start = std::chrono::steady_clock::now();
  RunOutcome out;
  out.model = std::move(model_ptr);
  out.threads = executor->concurrency();
  const core::RandomSource rng(seed);
  const bool shared = crew != nullptr && crew->ranks() > 1;
  if (!shared) out.model->prepare(rng, first_replicate, replicates, *executor);
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
  if (shared) {
    std::vector<std::uint64_t> ids(units);
    for (std::size_t k = 0; k < units; ++k) ids[k] = k;
    RunUnits work(*out.model, seed, first_replicate, replicates);
    // Rank 0's own threads run the units as the others do, of->input taken off.
    const core::RankWork local{out.threads, nullptr, [&](std::uint64_t unit, std::string_view in) {
                                 return work(unit, of != nullptr ? split_units_of(in).second : in);
                               }};
    const auto unit_name = [&](std::string_view what, std::uint64_t k) {
      return fmt::format("{}{} {} ({} {}, replicate {})", of != nullptr ? of->name + ", " : "",
                         what, k, model.partition_label(),
                         model.partition_name(static_cast<std::size_t>(k / replicates)),
                         first_replicate + k % replicates);
    };
    // Each unit's input: of->input (its length first), then the unit's own.
    std::string head;
    if (of != nullptr) {
      put(head, of->input.size());
      head += of->input;
    }
    std::vector<std::string> inputs;
    if (of != nullptr) inputs.assign(units, head);
    if (model.prepares()) {
      inputs.assign(units, head + kPrepare);
      std::vector<std::string> prepared;
      prepared.reserve(units);
      const auto name = [&](std::uint64_t k) { return unit_name("preparation unit", k); };
      crew->run(
          ids, local, name,
          [&](std::size_t k, std::string bytes) {
            try {
              model.preparation({bytes});  // checks the unit's bytes
            } catch (const std::invalid_argument& e) {
              throw std::runtime_error(
                  fmt::format("rank {}, {}: {}", crew->consuming_rank(), name(k), e.what()));
            }
            prepared.push_back(std::move(bytes));
          },
          &inputs);
      std::string preparation;
      if (!crew->interrupted()) {
        preparation = model.preparation(prepared);
        out.model->adopt(preparation);
      }
      work.adopted(preparation);
      for (auto& in : inputs) in = head + kSimulate + preparation;
    }
    const auto name = [&](std::uint64_t k) { return unit_name("unit", k); };
    if (!crew->interrupted())
      crew->run(
          ids, local, name,
          [&](std::size_t k, std::string bytes) {
            core::Tally t;
            try {
              t = core::Tally::from_bytes(model.layout(), bytes);
            } catch (const std::invalid_argument& e) {
              throw std::runtime_error(
                  fmt::format("rank {}, {}: {}", crew->consuming_rank(), name(k), e.what()));
            }
            consume(k, std::move(t));
          },
          inputs.empty() ? nullptr : &inputs);
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
  RunUnits work(*model, seed, first_replicate, replicates);
  core::serve_rank(
      messages, identity,
      core::RankWork{executor->concurrency(), nullptr,
                     [&work](std::uint64_t unit, std::string_view in) { return work(unit, in); }});
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
