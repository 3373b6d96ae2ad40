// A DSA plan's parts in order, and its evaluations made ahead of them on several threads or ranks
// (dsa.h, "Evaluations ahead of the analyses").
#include <fmt/format.h>

#include <cstring>
#include <optional>
#include <stdexcept>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/core/executor.h"

namespace pimhsim::analysis {

DsaParts run_dsa_plan(const Dsa& dsa, const DsaPlan& plan) {
  DsaParts parts;
  auto take = [&](auto result, auto& into) {
    if (result.ok())
      into = std::move(result.value());
    else
      parts.status = result.status();
    return result.ok();
  };
  bool going = true;
  if (plan.tornado) going = take(one_way_dsa(dsa, plan.parameters), parts.one_way);
  if (going && plan.two_way)
    going = take(two_way_dsa(dsa, plan.two_way->first, plan.two_way->second, plan.points),
                 parts.two_way);
  if (going && plan.threshold) {
    std::optional<double> lo, hi;
    if (plan.range) {
      lo = plan.range->first;
      hi = plan.range->second;
    }
    take(threshold_dsa(dsa, *plan.threshold, lo, hi, plan.intervals, plan.tolerance),
         parts.threshold);
  }
  return parts;
}

std::vector<core::ParameterSet> dsa_planned_sets(const Dsa& dsa, const DsaPlan& plan) {
  std::vector<core::ParameterSet> sets;
  Dsa lister = dsa;
  lister.memo_.clear();  // the list must not depend on a journal (other ranks have none)
  lister.stop_ = nullptr;
  lister.on_evaluation_ = {};
  lister.planned_ = &sets;
  // With every outcome zero no root is bracketed, so no refinement is listed; a part that stops
  // (bad input) lists what it asked for before, and the analysis proper reports it.
  run_dsa_plan(lister, plan);
  return sets;
}

bool dsa_evaluate_ahead(const Dsa& dsa, const std::vector<core::ParameterSet>& sets,
                        const std::atomic<bool>* stop, core::Crew* crew) {
  std::vector<std::uint64_t> pending;  // indices into sets
  for (std::size_t k = 0; k < sets.size(); ++k)
    if (!dsa.known(dsa.key(sets[k]))) pending.push_back(k);
  if (crew != nullptr && crew->ranks() > 1) {
    crew->run(
        pending, dsa_rank_work(dsa, sets, stop),
        [&](std::uint64_t k) { return fmt::format("evaluation {} ({})", k, dsa.key(sets[k])); },
        [&](std::size_t j, std::string bytes) {
          dsa.record(sets[pending[j]], dsa_outcomes_from_bytes(bytes, dsa.compared_options()));
        });
    return !crew->interrupted() && !(stop != nullptr && stop->load());
  }
  const unsigned threads = dsa.executor()->concurrency();
  if (threads < 2 || dsa.units_per_evaluation() >= threads) return true;
  // An evaluation has fewer units than there are threads (one area, a cohort model): whole
  // evaluations at once, each on one thread, recorded in list order. An evaluation's outcomes do
  // not depend on its threads.
  const core::ExecutorRef one(1);
  bool stopped = false;
  core::run_units_in_order<std::optional<std::vector<double>>>(
      *dsa.executor(), pending.size(),
      [&](std::size_t j) -> std::optional<std::vector<double>> {
        if (stop != nullptr && stop->load()) return std::nullopt;
        return dsa.simulate(sets[pending[j]], one);
      },
      [&](std::size_t j, std::optional<std::vector<double>> outcomes) {
        if (outcomes)
          dsa.record(sets[pending[j]], std::move(*outcomes));
        else
          stopped = true;
      });
  return !stopped;
}

core::RankWork dsa_rank_work(const Dsa& dsa, const std::vector<core::ParameterSet>& sets,
                             const std::atomic<bool>* stop) {
  const unsigned threads = dsa.executor()->concurrency();
  const bool whole = threads > 1 && dsa.units_per_evaluation() < threads;
  core::RankWork w;
  w.slots = whole ? threads : 1;
  w.stop = stop;
  const core::ExecutorRef each = whole ? core::ExecutorRef(1) : dsa.executor();
  w.work = [&dsa, &sets, each](std::uint64_t k) {
    if (k >= sets.size())
      throw std::runtime_error(fmt::format("no evaluation {} in this rank's plan", k));
    return dsa_outcomes_bytes(dsa.simulate(sets[k], each));
  };
  return w;
}

std::string dsa_outcomes_bytes(const std::vector<double>& outcomes) {
  std::string out(outcomes.size() * sizeof(double), '\0');
  if (!outcomes.empty()) std::memcpy(out.data(), outcomes.data(), out.size());
  return out;
}

std::vector<double> dsa_outcomes_from_bytes(std::string_view bytes, std::size_t compared_options) {
  if (bytes.size() != compared_options * sizeof(double))
    throw std::runtime_error(
        fmt::format("a DSA evaluation's outcomes arrived as {} bytes from another rank, not {}",
                    bytes.size(), compared_options * sizeof(double)));
  std::vector<double> out(compared_options);
  if (compared_options > 0) std::memcpy(out.data(), bytes.data(), bytes.size());
  return out;
}

}  // namespace pimhsim::analysis
