#include "analysis/psa.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

#include "analysis/journal_format.h"
#include "analysis/decision.h"
#include "analysis/run.h"
#include "models/registry.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kPerspectives[] = {"nhs_pss", "public_sector", "societal"};
const char* const kCounts[][2] = {{"mothers_ill", "mothers ill in the perinatal period"},
                                  {"detected", "ill mothers identified"},
                                  {"treated_any", "ill mothers who started any care"},
                                  {"recovered_by_exit", "ill mothers recovered by the child's second birthday"}};

std::string wtp_key(double w) { return fmt::format("{}", w); }

double number_or_nan(const nlohmann::json& j) { return j.is_number() ? j.get<double>() : kNaN; }

// A number as written to CSV and the journal: the shortest text that reads back exactly.
std::string num(double x) { return std::isfinite(x) ? fmt::format("{}", x) : std::string(); }

bool is_pathway(const scenario::Scenario& s) { return s.model == "pathway"; }

const core::ModelSpec* spec_of(const std::string& model) {
  for (const auto* m : models::specs())
    if (m->name == model) return m;
  return nullptr;
}

Eigen::VectorXd finite_values(const std::vector<double>& v) {
  std::vector<double> f;
  for (double x : v)
    if (std::isfinite(x)) f.push_back(x);
  return Eigen::Map<const Eigen::VectorXd>(f.data(), static_cast<Eigen::Index>(f.size()));
}

nlohmann::json summary_json(const Summary& s, std::size_t n) {
  return {{"mean", s.mean}, {"mc_se", s.standard_error}, {"median", s.median},
          {"lower_2_5", s.lower}, {"upper_97_5", s.upper}, {"n", n}};
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
      add(fmt::format("cost_{}", p), fmt::format("{} costs with the investment, discounted, whole population over the horizon", p), false);
    l.cost = 0;
    add("investment", "investment in specialist posts and training, discounted", false);
    l.effect = add("qalys", "QALYs of mother and child (against no illness), discounted", false);
    for (double w : e.thresholds)
      add(fmt::format("nmb_{}", wtp_key(w)), fmt::format("net monetary benefit at {} per QALY: {} x qalys - cost_nhs_pss", w, w), false);
    l.persons = add("dyads", "mother-infant dyads whose 1001 days end in the horizon", false);
    for (const auto& c : kCounts) add(c[0], c[1], false);
    add("delta_cost_nhs_pss", "increment of cost_nhs_pss over the comparator", true);
    add("delta_qalys", "increment of qalys over the comparator", true);
    for (double w : e.thresholds) add(fmt::format("delta_nmb_{}", wtp_key(w)), "increment of nmb over the comparator", true);
    for (const char* p : kPerspectives)
      add(fmt::format("net_savings_{}", p), fmt::format("NPV of savings to the {} perspective minus the extra investment", p), true);
    for (const char* p : kPerspectives)
      add(fmt::format("roi_{}", p), fmt::format("net savings ({}) per 1 of extra investment; empty without extra investment", p), true);
  } else {
    l.cost = add("cost", "cost per person (the model's cost measure)", false);
    l.effect = add("qalys", "QALYs per person (the model's effect measure)", false);
    for (double w : e.thresholds)
      add(fmt::format("nmb_{}", wtp_key(w)), fmt::format("net monetary benefit at {} per QALY", w), false);
    add("delta_cost", "increment of cost over the comparator", true);
    add("delta_qalys", "increment of qalys over the comparator", true);
    for (double w : e.thresholds) add(fmt::format("delta_nmb_{}", wtp_key(w)), "increment of nmb over the comparator", true);
  }
  return l;
}

void extract_figures(const scenario::Scenario& s, const PsaLayout& l, const core::Model& model,
                     const core::Tally& tally, std::vector<double>& value, std::vector<double>& se) {
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
        put(o, fmt::format("cost_{}", p), c.at("total_with_investment").get<double>(), c.at("dyads").at("se").get<double>());
      }
      put(o, "investment", eo.at("investment").at("total").get<double>(), 0.0);
      const double q = eo.at("qalys").at("total").get<double>(), q_se = eo.at("qalys").at("se").get<double>();
      put(o, "qalys", q, q_se);
      const double c = value[o * F + l.cost], c_se = se[o * F + l.cost];
      for (double w : thresholds)
        put(o, fmt::format("nmb_{}", wtp_key(w)), w * q - c, std::sqrt(w * w * q_se * q_se + c_se * c_se));
      const auto& so = j.at("options").at(o);
      put(o, "dyads", so.at("dyads").get<double>(), 0.0);
      for (const auto& k : kCounts) put(o, k[0], so.at(k[0]).at("total").get<double>(), so.at(k[0]).at("se").get<double>());
      if (o == 0) continue;
      const auto& inc = ev.at("increments").at(o - 1);
      put(o, "delta_cost_nhs_pss", inc.at("incremental_cost_nhs_pss").at("total").get<double>(),
          inc.at("incremental_cost_nhs_pss").at("se").get<double>());
      put(o, "delta_qalys", inc.at("incremental_qalys").at("total").get<double>(), inc.at("incremental_qalys").at("se").get<double>());
      for (double w : thresholds) {
        const auto& n = inc.at("net_monetary_benefit").at(fmt::format("{:g}", w));
        put(o, fmt::format("delta_nmb_{}", wtp_key(w)), n.at("total").get<double>(), n.at("se").get<double>());
      }
      for (const char* p : kPerspectives) {
        const auto& b = inc.at("by_perspective").at(p);
        put(o, fmt::format("net_savings_{}", p), b.at("npv_net_savings").at("total").get<double>(),
            b.at("npv_net_savings").at("se").get<double>());
        put(o, fmt::format("roi_{}", p), number_or_nan(b.at("roi").at("value")), number_or_nan(b.at("roi").at("se")));
      }
    }
    return;
  }
  const auto& layout = tally.layout();
  const std::string cm = model.cost_measure(), em = model.effect_measure();
  for (std::size_t o = 0; o < K; ++o) {
    const auto ce = model.cost_effect(tally, o);
    if (!ce) throw std::runtime_error(fmt::format("model `{}` reports no cost and effect: it cannot be analysed probabilistically", s.model));
    put(o, "cost", ce->cost, ce->cost_se);
    put(o, "qalys", ce->effect, ce->effect_se);
    for (double w : thresholds)
      put(o, fmt::format("nmb_{}", wtp_key(w)), w * ce->effect - ce->cost, std::sqrt(w * w * ce->effect_se * ce->effect_se + ce->cost_se * ce->cost_se));
  }
  for (std::size_t o = 1; o < K; ++o) {
    const double dc = value[o * F + l.cost] - value[l.cost], de = value[o * F + l.effect] - value[l.effect];
    // Paired standard errors from the tally's increments where the model names its measures.
    double dc_se = std::hypot(se[o * F + l.cost], se[l.cost]), de_se = std::hypot(se[o * F + l.effect], se[l.effect]);
    if (!cm.empty() && !em.empty()) {
      dc_se = tally.increment(o, layout.measure_index(cm)).standard_error();
      de_se = tally.increment(o, layout.measure_index(em)).standard_error();
    }
    put(o, "delta_cost", dc, dc_se);
    put(o, "delta_qalys", de, de_se);
    // The covariance of the paired increments is not kept by the tally: the SE treats them as
    // independent (docs/uncertainty.md).
    for (double w : thresholds) put(o, fmt::format("delta_nmb_{}", wtp_key(w)), w * de - dc, std::sqrt(w * w * de_se * de_se + dc_se * dc_se));
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
      c.matrix(i, j) = s.correlations->matrix.at(static_cast<std::size_t>(i)).at(static_cast<std::size_t>(j));
  return c;
}

Psa::Psa(scenario::Scenario s, PsaSettings settings) : s_(std::move(s)), settings_(settings) {
  if (settings_.iterations == 0) throw std::invalid_argument("a PSA needs at least one iteration");
  if (static_cast<std::uint64_t>(settings_.iterations) * s_.run.replicates > (1ULL << 32))
    throw std::invalid_argument("iterations x run.replicates must be at most 2^32");
  layout_ = figure_layout(s_);
  const auto correlation = scenario_correlation(s_);
  for (const auto& o : s_.options)
    samplers_.emplace_back(o.parameters, settings_.method, settings_.iterations, s_.run.seed, correlation);
  baseline_.emplace(s_.parameters, settings_.method, settings_.iterations, s_.run.seed, correlation);
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
}

scenario::Scenario Psa::draw(std::uint32_t i) const {
  scenario::Scenario s = s_;
  const auto* spec = spec_of(s.model);
  for (std::size_t o = 0; o < s.options.size(); ++o) {
    s.options[o].parameters = samplers_[o].draw(i);
    if (spec != nullptr && spec->check != nullptr) {
      const auto problems = spec->check(s.options[o].parameters, s.options[o].switches);
      if (!problems.empty())
        throw std::runtime_error(fmt::format(
            "PSA iteration {}, option `{}`: the drawn parameters break a rule of the model: parameters.{}: {} ({}); "
            "narrow the distributions involved or correlate them",
            i, s.options[o].name, problems[0].parameter, problems[0].message, problems[0].expected));
    }
  }
  return s;
}

PsaIteration Psa::run_iteration(std::uint32_t i, unsigned threads) const {
  const scenario::Scenario s = draw(i);
  const std::uint32_t r = s.run.replicates;
  const auto outcome = run_model(models::make(s), s.run.seed, r, threads, i * r);
  PsaIteration it;
  it.iteration = i;
  extract_figures(s, layout_, *outcome.model, outcome.tally, it.value, it.se);
  const auto all = baseline_->values(i);
  for (std::size_t d : parameter_dims_) it.parameters.push_back(all[d]);
  return it;
}

std::string Psa::identity() const {
  std::string figures, parameters;
  for (const auto& f : layout_.figures) figures += fmt::format("{}{}", figures.empty() ? "" : ";", f.name);
  for (const auto& p : layout_.parameters) parameters += fmt::format("{}{}", parameters.empty() ? "" : ";", p);
  return fmt::format("pimhsim {} psa; scenario {}; iterations {}; method {}; options {}; figures {}; parameters {}",
                     kVersion, s_.content_hash, settings_.iterations, method_name(settings_.method),
                     layout_.options.size(), scenario::fnv1a64_hex(figures), scenario::fnv1a64_hex(parameters));
}

std::vector<PsaIteration> run_psa(const Psa& psa, std::vector<PsaIteration> done, unsigned threads,
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
    out.push_back(psa.run_iteration(i, threads));
    if (on_done) on_done(out.back());
    if (progress) progress(++count, n);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.iteration < b.iteration; });
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
  if (!next_vector(it.value, cells) || !next_vector(it.se, cells) || !next_vector(it.parameters, layout.parameters.size()) ||
      at != fields.size())
    return std::nullopt;
  return it;
}

// ---- Files ---------------------------------------------------------------------------------

std::string psa_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  const auto& l = psa.layout();
  std::string out = "iteration,option";
  for (const auto& f : l.figures) out += fmt::format(",{0},{0}_se", f.name);
  out += "\n";
  for (const auto& it : its)
    for (std::size_t o = 0; o < l.options.size(); ++o) {
      out += fmt::format("{},\"{}\"", it.iteration, l.options[o]);
      for (std::size_t f = 0; f < l.figures.size(); ++f)
        out += fmt::format(",{},{}", num(it.at(l, o, f)), num(it.se_at(l, o, f)));
      out += "\n";
    }
  return out;
}

std::string psa_parameters_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  std::string out = "iteration";
  for (const auto& p : psa.layout().parameters) out += fmt::format(",{}", p);
  out += "\n";
  for (const auto& it : its) {
    out += fmt::format("{}", it.iteration);
    for (double x : it.parameters) out += fmt::format(",{}", num(x));
    out += "\n";
  }
  return out;
}

std::string ce_plane_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  const auto& l = psa.layout();
  std::string out = fmt::format("iteration,option,comparator,delta_cost,delta_effect\n");
  for (const auto& it : its)
    for (std::size_t o = 1; o < l.options.size(); ++o)
      out += fmt::format("{},\"{}\",\"{}\",{},{}\n", it.iteration, l.options[o], l.options[0],
                         num(it.at(l, o, l.cost) - it.at(l, 0, l.cost)), num(it.at(l, o, l.effect) - it.at(l, 0, l.effect)));
  return out;
}

namespace {
// The figures whose convergence is traced: the increments of the decision (cost, effect, NMB at
// each scenario threshold), or the levels when there is one option.
std::vector<std::size_t> traced_figures(const PsaLayout& l) {
  std::vector<std::size_t> out;
  const bool increments = l.options.size() > 1;
  for (std::size_t f = 0; f < l.figures.size(); ++f) {
    const auto& name = l.figures[f].name;
    if (increments ? (name.starts_with("delta_")) : (f == l.cost || f == l.effect || name.starts_with("nmb_")))
      out.push_back(f);
  }
  return out;
}
}  // namespace

std::string convergence_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  const auto& l = psa.layout();
  std::string out = "iterations,option,figure,running_mean,mc_se,lower_95,upper_95\n";
  const std::size_t first = l.options.size() > 1 ? 1 : 0;
  const auto figures = traced_figures(l);
  for (std::size_t o = first; o < l.options.size(); ++o)
    for (std::size_t f : figures) {
      double n = 0, mean = 0, m2 = 0;  // Welford
      for (const auto& it : its) {
        const double x = it.at(l, o, f);
        if (!std::isfinite(x)) continue;
        n += 1;
        const double d = x - mean;
        mean += d / n;
        m2 += d * (x - mean);
        const double se = n > 1 ? std::sqrt(m2 / (n - 1) / n) : kNaN;
        out += fmt::format("{},\"{}\",{},{},{},{},{}\n", n, l.options[o], l.figures[f].name, num(mean), num(se),
                           num(mean - 1.959963984540054 * se), num(mean + 1.959963984540054 * se));
      }
    }
  return out;
}

PsaSummary summarise_psa(const Psa& psa, const std::vector<PsaIteration>& its, const PsaReport& report) {
  const auto& l = psa.layout();
  const auto& s = psa.scenario();
  const std::size_t K = l.options.size(), F = l.figures.size(), N = its.size();
  PsaSummary out;
  auto& j = out.json;
  j["pimhsim_version"] = kVersion;
  j["scenario"] = {{"name", s.name}, {"file", s.file}, {"model", s.model}, {"content_hash", s.content_hash}};
  j["method"] = method_name(psa.settings().method);
  j["iterations"] = N;
  j["sampling_seed"] = s.run.seed;
  j["inner"] = {{"replicates_per_iteration", s.run.replicates},
                {"first_replicate_of_iteration_i", fmt::format("i x {}", s.run.replicates)}};
  if (is_pathway(s)) j["inner"]["population_scale"] = s.run.scale;
  if (s.run.population > 0) j["inner"]["population"] = s.run.population;
  j["currency"] = s.economics.currency;
  j["comparator"] = l.options[0];
  for (const auto& f : l.figures)
    j["figures"].push_back({{"name", f.name}, {"description", f.description}, {"increment", f.increment}});
  j["parameters_sampled"] = l.parameters;
  if (N == 0) return out;

  // Per option and figure: summary over iterations, and inner vs outer variance.
  std::vector<std::string> warnings;
  for (std::size_t o = 0; o < K; ++o) {
    nlohmann::json opt = {{"name", l.options[o]}};
    for (std::size_t f = 0; f < F; ++f) {
      std::vector<double> v, inner;
      for (const auto& it : its) {
        if (!std::isfinite(it.at(l, o, f))) continue;
        v.push_back(it.at(l, o, f));
        inner.push_back(std::isfinite(it.se_at(l, o, f)) ? it.se_at(l, o, f) * it.se_at(l, o, f) : 0.0);
      }
      if (v.empty()) continue;
      const auto x = finite_values(v);
      auto fj = summary_json(summarise(x), v.size());
      double inner_var = 0;
      for (double q : inner) inner_var += q;
      inner_var /= static_cast<double>(inner.size());
      const double total_var = v.size() > 1 ? (x.array() - x.mean()).square().sum() / static_cast<double>(v.size() - 1) : 0.0;
      fj["inner_variance"] = inner_var;
      fj["total_variance"] = total_var;
      const double share = total_var > 0 ? inner_var / total_var : (inner_var > 0 ? 1.0 : 0.0);
      fj["inner_share"] = share;
      const bool decision_figure = l.figures[f].increment && (l.figures[f].name.starts_with("delta_"));
      if (decision_figure && v.size() > 1 && share > report.inner_share_warning)
        warnings.push_back(fmt::format(
            "{} of `{}`: {:.0f}% of its variance across iterations is first-order simulation noise (over {:.0f}%); "
            "raise run.scale or run.replicates (docs/uncertainty.md)",
            l.figures[f].name, l.options[o], 100 * share, 100 * report.inner_share_warning));
      opt["figures"][l.figures[f].name] = fj;
    }
    if (o > 0) {
      // Probability cost-saving: net savings > 0 by perspective (pathway), or delta cost < 0.
      auto share_of = [&](auto&& pred, std::size_t f) {
        double n = 0, k = 0;
        for (const auto& it : its)
          if (std::isfinite(it.at(l, o, f))) {
            n += 1;
            k += pred(it.at(l, o, f)) ? 1 : 0;
          }
        return n > 0 ? k / n : kNaN;
      };
      if (is_pathway(s)) {
        for (const char* p : kPerspectives)
          opt["probability_cost_saving"][p] = share_of([](double x) { return x > 0; }, l.index_of(fmt::format("net_savings_{}", p)));
      } else {
        opt["probability_cost_saving"] = share_of([](double x) { return x < 0; }, l.index_of("delta_cost"));
      }
    }
    j["options"].push_back(opt);
  }

  // The decision: per person (per birth for the pathway).
  if (K >= 2) {
    Eigen::MatrixXd costs(N, K), effects(N, K);
    std::vector<double> persons(N, 1.0);
    for (std::size_t i = 0; i < N; ++i) {
      if (l.persons) persons[i] = its[i].at(l, 0, *l.persons);
      for (std::size_t o = 0; o < K; ++o) {
        costs(i, o) = its[i].at(l, o, l.cost) / persons[i];
        effects(i, o) = its[i].at(l, o, l.effect) / persons[i];
      }
    }
    const std::string per = l.persons ? "birth" : "person";
    j["decision"]["per"] = per;
    std::optional<double> annual = report.annual_population;
    if (!annual && l.persons) {
      double mean = 0;
      for (double p : persons) mean += p / static_cast<double>(N);
      annual = mean / s.run.horizon;
      j["decision"]["annual_population_note"] = fmt::format(
          "mean dyads over the horizon / {} years (override with --population)", s.run.horizon);
    }
    if (annual) j["decision"]["annual_population"] = *annual;
    j["decision"]["horizon_years"] = report.horizon_years;
    j["decision"]["population_discount"] = s.economics.cost_discount_name;
    const double annuity = annuity_factor(report.horizon_years, s.economics.cost_discount);
    j["decision"]["annuity_factor"] = annuity;

    const auto d = analyse_decision(costs, effects, report.thresholds, 0);
    out.ceac_csv =
        fmt::format("threshold,option,probability_cost_effective,probability_most_cost_effective,on_frontier,"
                    "expected_nmb_per_{0},expected_nmb_mc_se,evpi_per_{0},evpi_mc_se,evpi_population\n", per);
    for (const auto& t : d.thresholds) {
      const double pop = annual ? t.evpi * *annual * annuity : kNaN;
      for (std::size_t o = 0; o < K; ++o)
        out.ceac_csv += fmt::format("{},\"{}\",{},{},{},{},{},{},{},{}\n", t.wtp, l.options[o],
                                    num(t.probability_cost_effective[o]), num(t.probability_most_cost_effective[o]),
                                    t.optimal_option == o ? 1 : 0, num(t.nmb[o].mean), num(t.nmb[o].standard_error),
                                    num(t.evpi), num(t.evpi_standard_error), num(pop));
    }
    // The scenario's thresholds in the JSON.
    const auto at_scenario = analyse_decision(costs, effects, s.economics.thresholds.empty() ? report.thresholds : s.economics.thresholds, 0);
    for (const auto& t : at_scenario.thresholds) {
      nlohmann::json tj = {{"threshold", t.wtp}};
      for (std::size_t o = 0; o < K; ++o) {
        nlohmann::json oj = {{"option", l.options[o]},
                             {fmt::format("expected_nmb_per_{}", per), summary_json(t.nmb[o], N)},
                             {"probability_most_cost_effective", t.probability_most_cost_effective[o]}};
        if (o > 0) {
          oj["probability_cost_effective"] = t.probability_cost_effective[o];
          oj[fmt::format("incremental_nmb_per_{}", per)] = summary_json(t.delta_nmb[o], N);
        }
        tj["options"].push_back(oj);
      }
      tj["frontier"] = {{"option", l.options[t.optimal_option]}, {"probability_most_cost_effective", t.frontier_probability}};
      tj["evpi"] = {{fmt::format("per_{}", per), t.evpi}, {"mc_se", t.evpi_standard_error}};
      if (annual) {
        tj["evpi"]["population"] = population_evpi(t.evpi, *annual, report.horizon_years, s.economics.cost_discount);
        tj["evpi"]["population_mc_se"] = t.evpi_standard_error * *annual * annuity;
      }
      // EVPPI of each requested group.
      for (const auto& group : report.evppi_groups) {
        nlohmann::json ej = {{"parameters", group}};
        if (N < 20) {
          ej["skipped"] = "EVPPI needs at least 20 iterations (about 1,000 or more to be reliable)";
          tj["evppi"].push_back(ej);
          continue;
        }
        Eigen::MatrixXd x(N, group.size());
        for (std::size_t g = 0; g < group.size(); ++g) {
          const auto at = std::find(l.parameters.begin(), l.parameters.end(), group[g]) - l.parameters.begin();
          for (std::size_t i = 0; i < N; ++i) x(i, g) = its[i].parameters.at(static_cast<std::size_t>(at));
        }
        const auto e = evppi(net_monetary_benefit(costs, effects, t.wtp), x, 0);
        ej["method"] = method_name(e.method);
        ej[fmt::format("per_{}", per)] = e.evppi;
        ej["mc_se"] = e.standard_error;
        ej["se_regression"] = num(e.standard_error_regression).empty() ? nlohmann::json(nullptr) : nlohmann::json(e.standard_error_regression);
        ej["se_sampling"] = e.standard_error_sampling;
        if (annual) ej["population"] = e.evppi * *annual * annuity;
        for (std::size_t o = 1; o < K; ++o)
          ej["fits"].push_back({{"option", l.options[o]}, {"r_squared", e.fits[o].r_squared},
                                {"effective_df", e.fits[o].effective_df}});
        tj["evppi"].push_back(ej);
      }
      j["decision"]["thresholds"].push_back(tj);
    }
  }
  j["warnings"] = warnings;
  out.warnings = warnings;
  return out;
}

}  // namespace pimhsim::analysis
