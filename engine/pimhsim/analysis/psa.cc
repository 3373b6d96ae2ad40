#include "pimhsim/analysis/psa.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "pimhsim/analysis/journal_format.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {}  // namespace

PsaLayout figure_layout(const scenario::Scenario& s, const core::Model& model) {
  PsaLayout l;
  static_cast<core::FigureLayout&>(l) = model.figures(s.economics.thresholds);
  for (const auto& o : s.options) l.options.push_back(o.name);
  return l;
}

void extract_figures(const scenario::Scenario& s, const PsaLayout& layout, const core::Model& model,
                     const core::Tally& tally, std::vector<double>& value,
                     std::vector<double>& se) {
  model.figure_values(tally, layout, s.economics.thresholds, value, se);
}

std::optional<Correlation> scenario_correlation(const scenario::Scenario& s) {
  if (!s.correlations) return std::nullopt;
  Correlation c;
  c.names = s.correlations->parameters;
  const auto n = static_cast<Eigen::Index>(c.names.size());
  c.matrix = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      c.matrix(i, j) =
          s.correlations->matrix.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j));
  return c;
}

Psa::Psa(scenario::Scenario s, PsaSettings settings, std::optional<PosteriorSample> posterior)
    : s_(std::move(s)), settings_(settings), posterior_(std::move(posterior)) {
  if (settings_.iterations == 0) throw std::invalid_argument("a PSA needs at least one iteration");
  if (static_cast<std::uint64_t>(settings_.iterations) * s_.run.replicates > (1ULL << 32))
    throw std::invalid_argument("iterations x run.replicates must be at most 2^32");
  layout_ = figure_layout(s_, *models::make(s_));
  const auto correlation = scenario_correlation(s_);
  for (const auto& o : s_.options)
    samplers_.emplace_back(o.parameters, settings_.method, settings_.iterations, s_.run.seed,
                           correlation);
  baseline_.emplace(s_.parameters, settings_.method, settings_.iterations, s_.run.seed,
                    correlation);
  // psa_parameters.csv: the baseline's sampled dimensions that some option samples too.
  const auto& names = baseline_->sampled_parameters();
  for (std::size_t d = 0; d < names.size(); ++d) {
    bool used = false;
    for (const auto& sampler : samplers_) {
      const auto& on = sampler.sampled_parameters();
      used = used || std::find(on.begin(), on.end(), names[d]) != on.end();
    }
    if (used) {
      parameter_dims_.push_back(d);
      layout_.parameters.push_back(names[d]);
    }
  }
  if (posterior_) check_posterior();
  if (layout_.parameters.empty())
    throw std::invalid_argument(
        "no parameter that the options use has a distribution (or a Dirichlet): every iteration "
        "would draw the same "
        "parameters and the PSA would show only the simulation's own noise; give the uncertain "
        "parameters "
        "distributions, or use `pimhsim run` with run.replicates for the Monte Carlo error");
}

core::Expected<Psa> Psa::make(scenario::Scenario s, PsaSettings settings,
                              std::optional<PosteriorSample> posterior) {
  try {
    return Psa(std::move(s), settings, std::move(posterior));
  } catch (const std::invalid_argument& e) {
    return core::Status::bad_input(e.what());
  }
}

void Psa::check_posterior() {
  auto& post = *posterior_;
  auto columns = bind_posterior(post, s_.parameters);
  if (!columns.ok()) throw std::invalid_argument(columns.status().message());
  posterior_columns_ = std::move(columns.value());
  for (std::size_t c : posterior_columns_.numbers) {
    const auto& name = post.names[c];
    const core::Parameter* p = s_.parameters.find(name);
    for (const auto& o : s_.options)
      if (o.parameters.value(name) != p->value)
        throw std::invalid_argument(
            fmt::format("`parameter_sets`: option `{}` sets `{}`, which {} calibrates", o.name,
                        name, post.file));
  }
  for (const auto& group : posterior_columns_.shares)
    for (const auto& o : s_.options)
      if (o.parameters.shares(group.parameter) != s_.parameters.shares(group.parameter))
        throw std::invalid_argument(
            fmt::format("`parameter_sets`: option `{}` sets `{}`, which {} calibrates", o.name,
                        group.parameter, post.file));
  for (std::size_t d : parameter_dims_) {
    const auto& name = baseline_->sampled_parameters()[d];
    const auto it = std::find(post.names.begin(), post.names.end(), name);
    posterior_column_.push_back(it == post.names.end()
                                    ? std::nullopt
                                    : std::optional<std::size_t>(it - post.names.begin()));
  }
  // A calibrated parameter without a distribution of its own is sampled all the same.
  for (const auto& name : post.names)
    if (std::find(layout_.parameters.begin(), layout_.parameters.end(), name) ==
        layout_.parameters.end()) {
      layout_.parameters.push_back(name);
      parameter_dims_.push_back(std::numeric_limits<std::size_t>::max());
      posterior_column_.push_back(static_cast<std::size_t>(
          std::find(post.names.begin(), post.names.end(), name) - post.names.begin()));
    }
}

scenario::Scenario Psa::draw(std::uint32_t i) const {
  scenario::Scenario s = s_;
  const auto* spec = models::spec_of(s.model);
  const auto& post = posterior_;
  const std::size_t k = post ? post->pick(s_.run.seed, i) : 0;
  for (std::size_t o = 0; o < s.options.size(); ++o) {
    s.options[o].parameters = samplers_[o].draw(i);
    if (post) {
      auto& set = s.options[o].parameters;
      for (std::size_t c : posterior_columns_.numbers)
        set.find(post->names[c])->value = post->points[k][c];
      // A set of shares from one point together: they sum to 1 (bind_posterior).
      for (const auto& group : posterior_columns_.shares) {
        auto& shares = set.find(group.parameter)->shares;
        for (std::size_t c = 0; c < group.columns.size(); ++c)
          shares[c] = post->points[k][group.columns[c]];
      }
    }
    if (spec != nullptr && spec->check != nullptr) {
      const auto problems = spec->check(s.options[o].parameters, s.options[o].switches);
      if (!problems.empty())
        throw std::runtime_error(
            fmt::format("PSA iteration {}, option `{}`: the drawn parameters break a rule of the "
                        "model: parameters.{}: {} ({}); "
                        "narrow the distributions involved or correlate them",
                        i, s.options[o].name, problems[0].parameter, problems[0].message,
                        problems[0].expected));
    }
  }
  return s;
}

std::size_t Psa::units_per_iteration() const {
  if (!units_)
    units_ = models::make(s_)->partitions() * std::max<std::size_t>(1, s_.run.replicates);
  return *units_;
}

PsaIteration Psa::run_iteration(std::uint32_t i, core::ExecutorRef executor) const {
  const scenario::Scenario s = draw(i);
  const std::uint32_t r = s.run.replicates;
  const auto outcome = run_model(models::make(s), s.run.seed, r, executor, i * r);
  PsaIteration it;
  it.iteration = i;
  extract_figures(s, layout_, *outcome.model, outcome.tally, it.value, it.se);
  const auto all = baseline_->values(i);
  const std::size_t k = posterior_ ? posterior_->pick(s_.run.seed, i) : 0;
  for (std::size_t j = 0; j < parameter_dims_.size(); ++j)
    it.parameters.push_back(posterior_ && posterior_column_[j]
                                ? posterior_->points[k][*posterior_column_[j]]
                                : all[parameter_dims_[j]]);
  return it;
}

std::string Psa::identity() const {
  std::string figures, parameters;
  for (const auto& f : layout_.figures)
    figures += fmt::format("{}{}", figures.empty() ? "" : ";", f.name);
  for (const auto& p : layout_.parameters)
    parameters += fmt::format("{}{}", parameters.empty() ? "" : ";", p);
  return fmt::format(
      "pimhsim {} psa; scenario {}; iterations {}; method {}; options {}; figures {}; parameters "
      "{}{}",
      kVersion, s_.content_hash, settings_.iterations, method_name(settings_.method),
      layout_.options.size(), scenario::fnv1a64_hex(figures), scenario::fnv1a64_hex(parameters),
      posterior_ ? "; posterior " + posterior_->checksum : std::string());
}

std::vector<PsaIteration> run_psa(const Psa& psa, std::vector<PsaIteration> done,
                                  core::ExecutorRef executor,
                                  const std::function<void(const PsaIteration&)>& on_done,
                                  const std::function<void(std::uint32_t, std::uint32_t)>& progress,
                                  const std::atomic<bool>* stop, core::Crew* crew) {
  const std::uint32_t n = psa.settings().iterations;
  std::vector<char> have(n, 0);
  std::vector<PsaIteration> out;
  for (auto& it : done)
    if (it.iteration < n && !have[it.iteration]) {
      have[it.iteration] = 1;
      out.push_back(std::move(it));
    }
  auto count = static_cast<std::uint32_t>(out.size());
  if (progress) progress(count, n);
  const auto finished = [&](PsaIteration it) {
    out.push_back(std::move(it));
    if (on_done) on_done(out.back());
    if (progress) progress(++count, n);
  };
  const unsigned threads = executor->concurrency();
  if (crew != nullptr && crew->ranks() > 1) {
    // Whole iterations on every rank, taken here in order (core/ranks.h).
    std::vector<std::uint64_t> pending;
    for (std::uint32_t i = 0; i < n; ++i)
      if (!have[i]) pending.push_back(i);
    crew->run(
        pending, psa_rank_work(psa, executor, stop),
        [](std::uint64_t i) { return fmt::format("iteration {}", i); },
        [&](std::size_t, std::string bytes) { finished(iteration_from_bytes(bytes)); });
  } else if (threads > 1 && psa.units_per_iteration() <= threads) {
    // An iteration has no more units than there are threads (one area, a cohort model): whole
    // iterations run at once, each on one thread, and are taken in order. Shared, so few units
    // would keep the threads waiting on the largest of them and on the iteration's serial part.
    // An iteration's result does not depend on its threads, so the output is the same either way.
    std::vector<std::uint32_t> pending;  // the iterations not yet run
    for (std::uint32_t i = 0; i < n; ++i)
      if (!have[i]) pending.push_back(i);
    const core::ExecutorRef one(1);
    core::run_units_in_order<std::optional<PsaIteration>>(
        *executor, pending.size(),
        [&](std::size_t k) -> std::optional<PsaIteration> {
          if (stop != nullptr && stop->load()) return std::nullopt;
          return psa.run_iteration(pending[k], one);
        },
        [&](std::size_t, std::optional<PsaIteration> it) {
          if (it) finished(std::move(*it));
        });
  } else {
    for (std::uint32_t i = 0; i < n; ++i) {
      if (have[i]) continue;
      if (stop != nullptr && stop->load()) break;
      finished(psa.run_iteration(i, executor));
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.iteration < b.iteration; });
  return out;
}

core::RankWork psa_rank_work(const Psa& psa, core::ExecutorRef executor,
                             const std::atomic<bool>* stop) {
  const unsigned threads = executor->concurrency();
  const bool whole = threads > 1 && psa.units_per_iteration() <= threads;
  core::RankWork w;
  w.slots = whole ? threads : 1;
  w.stop = stop;
  const core::ExecutorRef each = whole ? core::ExecutorRef(1) : executor;
  w.work = [&psa, each](std::uint64_t i) {
    return iteration_bytes(psa.run_iteration(static_cast<std::uint32_t>(i), each));
  };
  return w;
}

// ---- Between ranks -------------------------------------------------------------------------
// The iteration (4 bytes), then value, se and parameters, each a count (8 bytes) and its doubles
// as the machine stores them (the ranks of a run share one build).

std::string iteration_bytes(const PsaIteration& it) {
  std::string out(reinterpret_cast<const char*>(&it.iteration), sizeof it.iteration);
  for (const auto* v : {&it.value, &it.se, &it.parameters}) {
    const std::uint64_t count = v->size();
    out.append(reinterpret_cast<const char*>(&count), sizeof count);
    if (!v->empty())
      out.append(reinterpret_cast<const char*>(v->data()), v->size() * sizeof(double));
  }
  return out;
}

PsaIteration iteration_from_bytes(std::string_view bytes) {
  PsaIteration it;
  std::size_t at = 0;
  const auto take = [&](void* to, std::size_t size) {
    if (bytes.size() - at < size)
      throw std::runtime_error("a PSA iteration's results arrived truncated from another rank");
    if (size > 0) std::memcpy(to, bytes.data() + at, size);
    at += size;
  };
  take(&it.iteration, sizeof it.iteration);
  for (auto* v : {&it.value, &it.se, &it.parameters}) {
    std::uint64_t count = 0;
    take(&count, sizeof count);
    if (count > (bytes.size() - at) / sizeof(double))
      throw std::runtime_error("a PSA iteration's results arrived truncated from another rank");
    v->resize(count);
    take(v->data(), count * sizeof(double));
  }
  return it;
}

std::vector<double> default_threshold_grid(const std::vector<double>& scenario_thresholds) {
  double top = 0;
  for (double w : scenario_thresholds) top = std::max(top, w);
  if (top <= 0) top = 50000;
  std::vector<double> grid;
  for (int k = 0; k <= 40; ++k) grid.push_back(2 * top * k / 40.0);
  return with_thresholds(std::move(grid), scenario_thresholds);
}

std::vector<double> with_thresholds(std::vector<double> grid,
                                    const std::vector<double>& scenario_thresholds) {
  grid.insert(grid.end(), scenario_thresholds.begin(), scenario_thresholds.end());
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  return grid;
}

// ---- Journal -------------------------------------------------------------------------------
// A line: `i,N_values,v...,se...,p...,#checksum` where checksum is FNV-1a 64 of everything
// before `,#`.

std::string journal_line(const PsaIteration& it) {
  std::string body = fmt::format("{}", it.iteration);
  auto add = [&](const std::vector<double>& v) {
    body += fmt::format(",{}", v.size());
    for (double x : v) body += fmt::format(",{}", x);
  };
  add(it.value);
  add(it.se);
  add(it.parameters);
  return checksummed_line(body);
}

std::optional<PsaIteration> parse_journal_line(std::string_view line, const PsaLayout& layout) {
  const auto body = checked_body(line);
  if (!body) return std::nullopt;
  const auto fields = split_fields(*body);
  std::size_t at = 0;
  auto next_int = [&](std::uint64_t& v) {
    if (at >= fields.size()) return false;
    const auto f = fields[at++];
    const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    return ec == std::errc() && p == f.data() + f.size();
  };
  auto next_vector = [&](std::vector<double>& v, std::size_t expected) {
    std::uint64_t n = 0;
    if (!next_int(n) || n != expected) return false;
    v.resize(n);
    for (auto& x : v) {
      const auto read = at < fields.size() ? read_number(fields[at++]) : std::nullopt;
      if (!read) return false;
      x = *read;
    }
    return true;
  };
  PsaIteration it;
  std::uint64_t i = 0;
  const std::size_t cells = layout.options.size() * layout.figures.size();
  if (!next_int(i) || i > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
  it.iteration = static_cast<std::uint32_t>(i);
  if (!next_vector(it.value, cells) || !next_vector(it.se, cells) ||
      !next_vector(it.parameters, layout.parameters.size()) || at != fields.size())
    return std::nullopt;
  return it;
}

}  // namespace pimhsim::analysis
