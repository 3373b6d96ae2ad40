#include "pimhsim/analysis/plan_evaluator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "pimhsim/core/runner.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis::plan_detail {
namespace {

// Numbers between ranks: 8 bytes, as the machine stores them (the ranks of a run share one build).
void put(std::string& out, const void* v) {
  out.append(static_cast<const char*>(v), 8);
}
std::uint64_t take_u64(std::string_view in, std::size_t at) {
  std::uint64_t v = 0;
  std::memcpy(&v, in.data() + at, 8);
  return v;
}

// A unit's input: the replicate, then the candidate's WTE by partition.
std::string unit_input(std::uint32_t r, const std::vector<double>& candidate) {
  std::string out;
  const std::uint64_t replicate = r;
  put(out, &replicate);
  for (const double& w : candidate) put(out, &w);
  return out;
}

// A replicate's result: each partition's tally, its length first.
std::string outcome_bytes(const RunOutcome& r) {
  std::string out;
  for (const auto& t : r.partitions) {
    const auto bytes = t.to_bytes();
    const std::uint64_t n = bytes.size();
    put(out, &n);
    out += bytes;
  }
  return out;
}

}  // namespace

Evaluator::Evaluator(const scenario::Scenario& s, const PlanSettings& settings)
    : settings_(settings), model_(*models::staffable_of(s.model)), scenario_(s) {
  std::size_t base = 0;
  for (std::size_t o = 0; o < s.options.size(); ++o)
    if (s.options[o].name == settings.base_option) base = o;
  scenario_.options = {s.options[0], s.options[base]};
  scenario_.options[1].name = "Plan";
  if (const auto t = settings.target.threshold) {
    auto& th = scenario_.economics.thresholds;
    if (std::find(th.begin(), th.end(), *t) == th.end()) th.push_back(*t);
  }
  single_ = scenario_;
  single_.run.replicates = 1;
  const auto model = models::make(scenario_);
  frame_ = model_.frame(*model);
  layout_fingerprint_ = model->layout().fingerprint();
}

RunOutcome Evaluator::replicate(const std::vector<double>& candidate, std::uint32_t r,
                                core::ExecutorRef executor) const {
  const std::vector<std::vector<double>> funded{frame_.comparator_wte, candidate};
  return run_model(model_.make(single_, funded), single_.run.seed, 1, std::move(executor), r);
}

RunOutcome Evaluator::replicate_from_bytes(const std::vector<double>& candidate,
                                           std::string_view bytes) const {
  RunOutcome out;
  out.model = model_.make(single_, {frame_.comparator_wte, candidate});
  const auto& layout = out.model->layout();
  // As run_model merges a replicate's partitions: in order, into an empty tally.
  out.tally = core::Tally(layout);
  for (std::size_t p = 0, at = 0; p < out.model->partitions(); ++p) {
    if (bytes.size() < at + 8) throw std::invalid_argument("a truncated plan result");
    const std::uint64_t n = take_u64(bytes, at);
    at += 8;
    if (bytes.size() - at < n) throw std::invalid_argument("a truncated plan result");
    out.partitions.push_back(core::Tally::from_bytes(layout, bytes.substr(at, n)));
    out.tally.merge(out.partitions.back());
    at += n;
    if (p + 1 == out.model->partitions() && at != bytes.size())
      throw std::invalid_argument("a plan result longer than its partitions' tallies");
  }
  return out;
}

bool Evaluator::whole_units() const {
  const unsigned threads = settings_.executor->concurrency();
  return threads > 1 && frame_.partitions.size() <= threads;
}

core::RankWork Evaluator::rank_work() const {
  core::RankWork w;
  const bool whole = whole_units();
  w.slots = whole ? settings_.executor->concurrency() : 1;
  const core::ExecutorRef each = whole ? core::ExecutorRef(1) : settings_.executor;
  w.work_on = [this, each](std::uint64_t, std::string_view input) {
    const std::size_t n = frame_.partitions.size();
    if (input.size() != 8 * (n + 1))
      throw std::runtime_error(
          fmt::format("a plan unit of {} bytes arrived, not {} (a replicate and {} WTE)",
                      input.size(), 8 * (n + 1), n));
    const std::uint64_t r = take_u64(input, 0);
    if (r >= scenario_.run.replicates)
      throw std::runtime_error(fmt::format("no replicate {} in this rank's plan", r));
    std::vector<double> candidate(n);
    if (n > 0) std::memcpy(candidate.data(), input.data() + 8, 8 * n);
    return outcome_bytes(replicate(candidate, static_cast<std::uint32_t>(r), each));
  };
  return w;
}

std::string Evaluator::identity() const {
  std::string thresholds;
  for (double t : scenario_.economics.thresholds) thresholds += fmt::format(" {}", t);
  return fmt::format(
      "pimhsim {} plan; scenario {}; seed {}; replicates {}; candidate from `{}`; thresholds{}; "
      "layout {:016x}; {} partitions",
      kVersion, scenario_.content_hash, scenario_.run.seed, scenario_.run.replicates,
      settings_.base_option, thresholds, layout_fingerprint_, frame_.partitions.size());
}

Evaluation Evaluator::run(const std::vector<double>& candidate) {
  Evaluation out;
  run_each({candidate}, [&](std::size_t, Evaluation&& e) { out = std::move(e); });
  return out;
}

void Evaluator::run_each(const std::vector<std::vector<double>>& candidates,
                         const std::function<void(std::size_t, Evaluation&&)>& done) {
  if (candidates.empty()) return;
  const std::uint32_t replicates = scenario_.run.replicates;
  core::Crew* crew = settings_.crew;
  const bool ranks = crew != nullptr && crew->ranks() > 1;
  if (!ranks && !whole_units()) {  // one unit at a time, each on every thread
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      const std::vector<std::vector<double>> funded{frame_.comparator_wte, candidates[c]};
      Evaluation e;
      e.pooled.model = model_.make(scenario_, funded);
      const auto& layout = e.pooled.model->layout();
      e.pooled.tally = core::Tally(layout);
      e.pooled.partitions.assign(e.pooled.model->partitions(), core::Tally(layout));
      for (std::uint32_t r = 0; r < replicates; ++r) {
        e.replicates.push_back(replicate(candidates[c], r, settings_.executor));
        e.pooled.tally.merge(e.replicates.back().tally);
        for (std::size_t a = 0; a < e.pooled.partitions.size(); ++a)
          e.pooled.partitions[a].merge(e.replicates.back().partitions[a]);
      }
      ++evaluations_;
      done(c, std::move(e));
    }
    return;
  }
  // Unit u: candidate u / replicates, replicate u % replicates; consumed in u's order, each
  // evaluation pooled as above.
  const std::size_t units = candidates.size() * replicates;
  Evaluation e;
  const auto consume = [&](std::size_t u, RunOutcome&& r) {
    const std::size_t c = u / replicates;
    if (u % replicates == 0) {
      e = Evaluation{};
      e.pooled.model = model_.make(scenario_, {frame_.comparator_wte, candidates[c]});
      const auto& layout = e.pooled.model->layout();
      e.pooled.tally = core::Tally(layout);
      e.pooled.partitions.assign(e.pooled.model->partitions(), core::Tally(layout));
    }
    e.replicates.push_back(std::move(r));
    e.pooled.tally.merge(e.replicates.back().tally);
    for (std::size_t a = 0; a < e.pooled.partitions.size(); ++a)
      e.pooled.partitions[a].merge(e.replicates.back().partitions[a]);
    if (u % replicates != replicates - 1) return;
    ++evaluations_;
    done(c, std::move(e));
  };
  if (!ranks) {
    const core::ExecutorRef one(1);
    core::run_units_in_order<RunOutcome>(
        *settings_.executor, units,
        [&](std::size_t u) {
          return replicate(candidates[u / replicates], static_cast<std::uint32_t>(u % replicates),
                           one);
        },
        consume);
    return;
  }
  // Ids name units in messages: evaluation number x replicates + replicate.
  const std::uint64_t first = static_cast<std::uint64_t>(evaluations_) + 1;
  std::vector<std::uint64_t> ids(units);
  std::vector<std::string> inputs(units);
  for (std::size_t u = 0; u < units; ++u) {
    ids[u] = (first + u / replicates) * replicates + u % replicates;
    inputs[u] = unit_input(static_cast<std::uint32_t>(u % replicates), candidates[u / replicates]);
  }
  const auto name = [replicates](std::uint64_t id) {
    return fmt::format("evaluation {} (replicate {})", id / replicates, id % replicates);
  };
  crew->run(
      ids, rank_work(), name,
      [&](std::size_t u, std::string bytes) {
        RunOutcome r;
        try {
          r = replicate_from_bytes(candidates[u / replicates], bytes);
        } catch (const std::invalid_argument& why) {
          throw std::runtime_error(
              fmt::format("rank {}, {}: {}", crew->consuming_rank(), name(ids[u]), why.what()));
        }
        consume(u, std::move(r));
      },
      &inputs);
  if (crew->interrupted()) throw std::runtime_error("a rank was interrupted; nothing was written");
}

std::vector<models::Measured> Evaluator::measured(const Evaluation& e,
                                                  std::span<const models::MeasureRequest> want,
                                                  int area) const {
  auto take = [&](const RunOutcome& r) {
    const bool all = area < 0;
    const auto& tally = all ? r.tally : r.partitions[static_cast<std::size_t>(area)];
    std::vector<models::Measured> m(want.size());
    model_.measure(*r.model, tally, all ? frame_.partitions.size() : 1, want, m);
    return m;
  };
  auto m = take(e.pooled);
  if (e.replicates.size() < 2) return m;
  const std::size_t n = want.size();
  std::vector<double> sum(n, 0.0), sum2(n, 0.0);
  std::vector<bool> defined(n, true);
  for (const auto& r : e.replicates) {
    const auto x = take(r);
    for (std::size_t i = 0; i < n; ++i) {
      defined[i] = defined[i] && x[i].defined();
      sum[i] += x[i].value;
      sum2[i] += x[i].value * x[i].value;
    }
  }
  const double k = static_cast<double>(e.replicates.size());
  for (std::size_t i = 0; i < n; ++i)
    if (m[i].defined() && defined[i])
      m[i].se = std::sqrt(std::max(0.0, (sum2[i] - sum[i] * sum[i] / k) / (k - 1)) / k);
  return m;
}

}  // namespace pimhsim::analysis::plan_detail
