#include "pimhsim/analysis/psa.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "pimhsim/analysis/journal_format.h"
#include "pimhsim/analysis/psa_internal.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {

using psa_detail::is_pathway;
using psa_detail::kNaN;
using psa_detail::kPerspectives;
using psa_detail::num;

const char* const kCounts[][2] = {
    {"mothers_ill", "mothers ill in the perinatal period"},
    {"detected", "ill mothers identified"},
    {"treated_any", "ill mothers who started any care"},
    {"recovered_by_exit", "ill mothers recovered by the child's second birthday"}};

std::string wtp_key(double w) {
  return fmt::format("{}", w);
}

double number_or_nan(const nlohmann::json& j) {
  return j.is_number() ? j.get<double>() : kNaN;
}

// The figure of the paired increment of NMB at w over option j (0-based; named 1-based, as the
// summaries number options).
std::string pair_figure(double w, std::size_t j) {
  return fmt::format("pair_delta_nmb_{}_over_option_{}", wtp_key(w), j + 1);
}

const core::ModelSpec* spec_of(const std::string& model) {
  for (const auto* m : models::specs())
    if (m->name == model) return m;
  return nullptr;
}

}  // namespace

std::size_t PsaLayout::index_of(const std::string& figure) const {
  for (std::size_t f = 0; f < figures.size(); ++f)
    if (figures[f].name == figure) return f;
  throw std::out_of_range(fmt::format("no PSA figure `{}`", figure));
}

PsaLayout figure_layout(const scenario::Scenario& s) {
  PsaLayout l;
  for (const auto& o : s.options) l.options.push_back(o.name);
  auto add = [&](std::string name, std::string description, bool increment) {
    l.figures.push_back({std::move(name), std::move(description), increment});
    return l.figures.size() - 1;
  };
  const auto& e = s.economics;
  if (is_pathway(s)) {
    for (const char* p : kPerspectives)
      add(fmt::format("cost_{}", p),
          fmt::format("{} costs with the investment, discounted, whole population over the horizon",
                      p),
          false);
    l.cost = 0;
    add("investment", "investment in specialist posts and training, discounted", false);
    l.effect = add("qalys", "QALYs of mother and child (against no illness), discounted", false);
    for (double w : e.thresholds)
      add(fmt::format("nmb_{}", wtp_key(w)),
          fmt::format("net monetary benefit at {} per QALY: {} x qalys - cost_nhs_pss", w, w),
          false);
    l.persons = add("dyads", "mother-infant dyads whose 1001 days end in the horizon", false);
    for (const auto& c : kCounts) add(c[0], c[1], false);
    add("recovery_saturated",
        "1 when the drawn remission targets could not all be reproduced on the model's population "
        "(summary.json recovery_calibration.saturated), else 0",
        false);
    add("delta_cost_nhs_pss", "increment of cost_nhs_pss over the comparator", true);
    add("delta_qalys", "increment of qalys over the comparator", true);
    for (double w : e.thresholds)
      add(fmt::format("delta_nmb_{}", wtp_key(w)), "increment of nmb over the comparator", true);
    for (const char* p : kPerspectives)
      add(fmt::format("net_savings_{}", p),
          fmt::format("NPV of savings to the {} perspective minus the extra investment", p), true);
    for (const char* p : kPerspectives)
      add(fmt::format("roi_{}", p),
          fmt::format("net savings ({}) per 1 of extra investment; empty without extra investment",
                      p),
          true);
    // With three or more options the decision also turns on the steps between the options other
    // than the comparator: their increments, paired, so that their first-order noise is measured.
    for (std::size_t j = 1; j + 1 < s.options.size(); ++j)
      for (double w : e.thresholds)
        add(pair_figure(w, j),
            fmt::format("increment of nmb_{} over option {} ({}), paired; for the options after it",
                        wtp_key(w), j + 1, s.options[j].name),
            true);
  } else {
    l.cost = add("cost", "cost per person (the model's cost measure)", false);
    l.effect = add("qalys", "QALYs per person (the model's effect measure)", false);
    for (double w : e.thresholds)
      add(fmt::format("nmb_{}", wtp_key(w)), fmt::format("net monetary benefit at {} per QALY", w),
          false);
    add("delta_cost", "increment of cost over the comparator", true);
    add("delta_qalys", "increment of qalys over the comparator", true);
    for (double w : e.thresholds)
      add(fmt::format("delta_nmb_{}", wtp_key(w)), "increment of nmb over the comparator", true);
  }
  return l;
}

void extract_figures(const scenario::Scenario& s, const PsaLayout& l, const core::Model& model,
                     const core::Tally& tally, std::vector<double>& value,
                     std::vector<double>& se) {
  const std::size_t K = l.options.size(), F = l.figures.size();
  value.assign(K * F, kNaN);
  se.assign(K * F, kNaN);
  auto put = [&](std::size_t o, const std::string& name, double v, double e) {
    const std::size_t f = l.index_of(name);
    value[o * F + f] = v;
    se[o * F + f] = e;
  };
  const auto& thresholds = s.economics.thresholds;
  if (is_pathway(s)) {
    nlohmann::json j;
    j["options"] = nlohmann::json::array();
    for (std::size_t o = 0; o < K; ++o) j["options"].push_back(nlohmann::json::object());
    j["increments"] = nlohmann::json::array();
    for (std::size_t o = 1; o < K; ++o) j["increments"].push_back(nlohmann::json::object());
    model.extend_summary(tally, j);
    const auto& ev = j.at("economics");
    for (std::size_t o = 0; o < K; ++o) {
      const auto& eo = ev.at("options").at(o);
      for (const char* p : kPerspectives) {
        const auto& c = eo.at("costs").at(p);
        put(o, fmt::format("cost_{}", p), c.at("total_with_investment").get<double>(),
            c.at("dyads").at("se").get<double>());
      }
      put(o, "investment", eo.at("investment").at("total").get<double>(), 0.0);
      const double q = eo.at("qalys").at("total").get<double>(),
                   q_se = eo.at("qalys").at("se").get<double>();
      put(o, "qalys", q, q_se);
      const double c = value[o * F + l.cost], c_se = se[o * F + l.cost];
      for (double w : thresholds)
        put(o, fmt::format("nmb_{}", wtp_key(w)), w * q - c,
            std::sqrt(w * w * q_se * q_se + c_se * c_se));
      const auto& so = j.at("options").at(o);
      put(o, "dyads", so.at("dyads").get<double>(), 0.0);
      for (const auto& k : kCounts)
        put(o, k[0], so.at(k[0]).at("total").get<double>(), so.at(k[0]).at("se").get<double>());
      put(o, "recovery_saturated",
          j.at("recovery_calibration").at("saturated").get<bool>() ? 1.0 : 0.0, 0.0);
      if (o == 0) continue;
      const auto& inc = ev.at("increments").at(o - 1);
      put(o, "delta_cost_nhs_pss", inc.at("incremental_cost_nhs_pss").at("total").get<double>(),
          inc.at("incremental_cost_nhs_pss").at("se").get<double>());
      put(o, "delta_qalys", inc.at("incremental_qalys").at("total").get<double>(),
          inc.at("incremental_qalys").at("se").get<double>());
      for (double w : thresholds) {
        const auto& n = inc.at("net_monetary_benefit").at(fmt::format("{:g}", w));
        put(o, fmt::format("delta_nmb_{}", wtp_key(w)), n.at("total").get<double>(),
            n.at("se").get<double>());
      }
      for (const char* p : kPerspectives) {
        const auto& b = inc.at("by_perspective").at(p);
        put(o, fmt::format("net_savings_{}", p), b.at("npv_net_savings").at("total").get<double>(),
            b.at("npv_net_savings").at("se").get<double>());
        put(o, fmt::format("roi_{}", p), number_or_nan(b.at("roi").at("value")),
            number_or_nan(b.at("roi").at("se")));
      }
    }
    for (std::size_t first = 1; first + 1 < K; ++first)
      for (std::size_t o = first + 1; o < K; ++o) {
        const auto step = model.cost_effect_step(tally, first, o);
        for (double w : thresholds) {
          const double d = (w * value[o * F + l.effect] - value[o * F + l.cost]) -
                           (w * value[first * F + l.effect] - value[first * F + l.cost]);
          const double pair_se =
              step ? std::sqrt(std::max(0.0, w * w * step->effect_se * step->effect_se +
                                                 step->cost_se * step->cost_se -
                                                 2 * w * step->covariance))
                   : kNaN;
          put(o, pair_figure(w, first), d, pair_se);
        }
      }
    return;
  }
  const auto& layout = tally.layout();
  const std::string cm = model.cost_measure(), em = model.effect_measure();
  for (std::size_t o = 0; o < K; ++o) {
    const auto ce = model.cost_effect(tally, o);
    if (!ce)
      throw std::runtime_error(fmt::format(
          "model `{}` reports no cost and effect: it cannot be analysed probabilistically",
          s.model));
    put(o, "cost", ce->cost, ce->cost_se);
    put(o, "qalys", ce->effect, ce->effect_se);
    for (double w : thresholds)
      put(o, fmt::format("nmb_{}", wtp_key(w)), w * ce->effect - ce->cost,
          std::sqrt(w * w * ce->effect_se * ce->effect_se + ce->cost_se * ce->cost_se));
  }
  for (std::size_t o = 1; o < K; ++o) {
    const double dc = value[o * F + l.cost] - value[l.cost],
                 de = value[o * F + l.effect] - value[l.effect];
    // Paired standard errors from the tally's increments where the model names its measures.
    double dc_se = std::hypot(se[o * F + l.cost], se[l.cost]),
           de_se = std::hypot(se[o * F + l.effect], se[l.effect]);
    if (!cm.empty() && !em.empty()) {
      dc_se = tally.increment(o, layout.measure_index(cm)).standard_error();
      de_se = tally.increment(o, layout.measure_index(em)).standard_error();
    }
    put(o, "delta_cost", dc, dc_se);
    put(o, "delta_qalys", de, de_se);
    // With the model's cost-minus-effect measure the covariance of the paired increments is
    // known; without it the SE treats them as independent (docs/uncertainty.md).
    const auto step = model.cost_effect_step(tally, 0, o);
    const double cov = step ? step->covariance : 0.0;
    for (double w : thresholds)
      put(o, fmt::format("delta_nmb_{}", wtp_key(w)), w * de - dc,
          std::sqrt(std::max(0.0, w * w * de_se * de_se + dc_se * dc_se - 2 * w * cov)));
  }
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

Psa::Psa(scenario::Scenario s, PsaSettings settings) : s_(std::move(s)), settings_(settings) {
  if (settings_.iterations == 0) throw std::invalid_argument("a PSA needs at least one iteration");
  if (static_cast<std::uint64_t>(settings_.iterations) * s_.run.replicates > (1ULL << 32))
    throw std::invalid_argument("iterations x run.replicates must be at most 2^32");
  layout_ = figure_layout(s_);
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
  if (layout_.parameters.empty())
    throw std::invalid_argument(
        "no parameter that the options use has a distribution (or a Dirichlet): every iteration "
        "would draw the same "
        "parameters and the PSA would show only the simulation's own noise; give the uncertain "
        "parameters "
        "distributions, or use `pimhsim run` with run.replicates for the Monte Carlo error");
}

scenario::Scenario Psa::draw(std::uint32_t i) const {
  scenario::Scenario s = s_;
  const auto* spec = spec_of(s.model);
  for (std::size_t o = 0; o < s.options.size(); ++o) {
    s.options[o].parameters = samplers_[o].draw(i);
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

PsaIteration Psa::run_iteration(std::uint32_t i, core::ExecutorRef executor) const {
  const scenario::Scenario s = draw(i);
  const std::uint32_t r = s.run.replicates;
  const auto outcome = run_model(models::make(s), s.run.seed, r, executor, i * r);
  PsaIteration it;
  it.iteration = i;
  extract_figures(s, layout_, *outcome.model, outcome.tally, it.value, it.se);
  const auto all = baseline_->values(i);
  for (std::size_t d : parameter_dims_) it.parameters.push_back(all[d]);
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
      "{}",
      kVersion, s_.content_hash, settings_.iterations, method_name(settings_.method),
      layout_.options.size(), scenario::fnv1a64_hex(figures), scenario::fnv1a64_hex(parameters));
}

std::vector<PsaIteration> run_psa(const Psa& psa, std::vector<PsaIteration> done,
                                  core::ExecutorRef executor,
                                  const std::function<void(const PsaIteration&)>& on_done,
                                  const std::function<void(std::uint32_t, std::uint32_t)>& progress,
                                  const std::atomic<bool>* stop) {
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
  for (std::uint32_t i = 0; i < n; ++i) {
    if (have[i]) continue;
    if (stop != nullptr && stop->load()) break;
    out.push_back(psa.run_iteration(i, executor));
    if (on_done) on_done(out.back());
    if (progress) progress(++count, n);
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.iteration < b.iteration; });
  return out;
}

std::vector<double> default_threshold_grid(const std::vector<double>& scenario_thresholds) {
  double top = 0;
  for (double w : scenario_thresholds) top = std::max(top, w);
  if (top <= 0) top = 50000;
  std::vector<double> grid;
  for (int k = 0; k <= 40; ++k) grid.push_back(2 * top * k / 40.0);
  for (double w : scenario_thresholds) grid.push_back(w);
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
