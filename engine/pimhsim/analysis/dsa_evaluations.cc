// A DSA plan's parts in order, and its evaluations made ahead of them on several threads or ranks
// (dsa.h, "Evaluations ahead of the analyses").
#include <fmt/format.h>

#include <bit>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/core/executor.h"

namespace pimhsim::analysis {
namespace {

// Numbers between ranks: 8 bytes, as the machine stores them (the ranks share one build).
void put(std::string& out, std::uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}
void put_double(std::string& out, double v) {
  put(out, std::bit_cast<std::uint64_t>(v));
}

// Whole evaluations a rank with `threads` threads runs at once: one a thread when an evaluation
// has no more units than threads, else one (on every thread).
unsigned evaluations_at_once(const Dsa& dsa, unsigned threads) {
  return threads > 1 && dsa.units_per_evaluation() <= threads ? threads : 1;
}

// A rank's side of Dsa::simulate shared over a crew: each unit's input names its parameter set
// (dsa_set_bytes), whose model the rank builds once and keeps while that set's units come (one
// evaluation's units come together: rank 0 makes one evaluation at a time), then the run's own.
class SharedUnits {
 public:
  explicit SharedUnits(const Dsa& dsa) : dsa_(dsa) {}
  std::string operator()(std::uint64_t unit, std::string_view input) {
    const auto [set, own] = split_units_of(input);
    std::shared_ptr<Built> built;
    {
      const std::lock_guard lock(mutex_);
      if (!built_ || built_->set != set) {
        built_.reset();  // the last set's model, once its units are done
        auto b = std::make_shared<Built>();
        b->set = std::string(set);
        b->model = dsa_.model_at(dsa_set_from_bytes(dsa_, set));
        const auto& run = dsa_.scenario().run;
        b->units = std::make_unique<RunUnits>(*b->model, run.seed, 0,
                                              static_cast<std::uint32_t>(run.replicates));
        built_ = std::move(b);
      }
      built = built_;
    }
    return (*built->units)(unit, own);
  }

 private:
  struct Built {
    std::string set;
    std::unique_ptr<core::Model> model;
    std::unique_ptr<RunUnits> units;  // refers to model
  };
  const Dsa& dsa_;
  std::mutex mutex_;
  std::shared_ptr<Built> built_;
};

}  // namespace

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
  lister.crew_ = nullptr;
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
    // Each rank runs as many evaluations at once as it would alone.
    const auto at_once = [&dsa](unsigned threads) { return evaluations_at_once(dsa, threads); };
    auto local = dsa_rank_work(dsa, sets, stop);
    local.slots = at_once(local.slots);
    crew->run(
        pending, local,
        [&](std::uint64_t k) { return fmt::format("evaluation {} ({})", k, dsa.key(sets[k])); },
        [&](std::size_t j, std::string bytes) {
          std::vector<double> outcomes;
          try {
            outcomes = dsa_outcomes_from_bytes(bytes, dsa.compared_options());
          } catch (const std::runtime_error& e) {
            throw std::runtime_error(fmt::format("rank {}, evaluation {} ({}): {}",
                                                 crew->consuming_rank(), pending[j],
                                                 dsa.key(sets[pending[j]]), e.what()));
          }
          dsa.record(sets[pending[j]], std::move(outcomes));
        },
        nullptr, at_once);
    return !crew->interrupted() && !(stop != nullptr && stop->load());
  }
  if (evaluations_at_once(dsa, dsa.executor()->concurrency()) < 2) return true;
  // An evaluation has no more units than there are threads (one area, a cohort model): whole
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
  core::RankWork w;
  w.slots = threads;
  w.stop = stop;
  const core::ExecutorRef each =
      evaluations_at_once(dsa, threads) > 1 ? core::ExecutorRef(1) : dsa.executor();
  auto shared = std::make_shared<SharedUnits>(dsa);
  w.work_on = [&dsa, &sets, each, shared](std::uint64_t k, std::string_view input) {
    if (!input.empty()) return (*shared)(k, input);
    if (k >= sets.size())
      throw std::runtime_error(fmt::format("no evaluation {} in this rank's plan", k));
    return dsa_outcomes_bytes(dsa.simulate(sets[k], each));
  };
  return w;
}

std::string dsa_set_bytes(const Dsa& dsa, const core::ParameterSet& baseline) {
  const auto& base = dsa.scenario().parameters.all();
  const auto& all = baseline.all();
  std::string out;
  std::uint64_t changed = 0;
  put(out, changed);
  for (std::size_t i = 0; i < all.size() && i < base.size(); ++i) {
    if (all[i].name != base[i].name)
      throw std::logic_error("a parameter set in another order than the scenario's");
    if (all[i].value == base[i].value && all[i].shares == base[i].shares) continue;
    ++changed;
    put(out, i);
    put_double(out, all[i].value);
    put(out, all[i].shares.size());
    for (double x : all[i].shares) put_double(out, x);
  }
  std::memcpy(out.data(), &changed, 8);
  return out;
}

core::ParameterSet dsa_set_from_bytes(const Dsa& dsa, std::string_view bytes) {
  core::ParameterSet set = dsa.scenario().parameters;
  const auto& base = set.all();
  std::size_t at = 0;
  const auto take = [&]() {
    if (bytes.size() < at + 8)
      throw std::runtime_error("a truncated parameter set arrived from rank 0");
    std::uint64_t v = 0;
    std::memcpy(&v, bytes.data() + at, 8);
    at += 8;
    return v;
  };
  const auto number = [&]() { return std::bit_cast<double>(take()); };
  const std::uint64_t changed = take();
  for (std::uint64_t c = 0; c < changed; ++c) {
    const std::uint64_t i = take();
    if (i >= base.size())
      throw std::runtime_error(fmt::format("no parameter {} in this rank's scenario", i));
    core::Parameter* p = set.find(base[i].name);
    p->value = number();
    const std::uint64_t n = take();
    if (n != p->shares.size())
      throw std::runtime_error(fmt::format(
          "{} shares of parameter `{}` arrived from rank 0, not {}", n, p->name, p->shares.size()));
    for (auto& x : p->shares) x = number();
  }
  if (at != bytes.size())
    throw std::runtime_error("a parameter set longer than its parameters arrived from rank 0");
  return set;
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
