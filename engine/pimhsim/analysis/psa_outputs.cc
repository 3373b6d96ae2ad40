// The PSA's files and summary: psa.csv, psa_parameters.csv, ce_plane.csv, convergence.csv and
// the typed summary (psa_summary.h: decision uncertainty, EVPI, EVPPI, warnings) that
// output/psa_summary_json.h writes as psa_summary.json and ceac.csv.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "pimhsim/analysis/decision.h"
#include "pimhsim/analysis/psa.h"
#include "pimhsim/analysis/psa_internal.h"
#include "pimhsim/core/csv_table.h"

namespace pimhsim::analysis {
namespace {

using psa_detail::kNaN;
using psa_detail::num;

Eigen::VectorXd finite_values(const std::vector<double>& v) {
  std::vector<double> f;
  for (double x : v)
    if (std::isfinite(x)) f.push_back(x);
  return Eigen::Map<const Eigen::VectorXd>(f.data(), static_cast<Eigen::Index>(f.size()));
}

PsaEstimate estimate(const Summary& s, std::size_t n) {
  return {s.mean, s.standard_error, s.median, s.lower, s.upper, n};
}

}  // namespace

// ---- Files ---------------------------------------------------------------------------------

// Files number iterations from 1 (the engine, from 0).
long long iteration_number(const PsaIteration& it) {
  return it.iteration + 1LL;
}

std::string psa_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  const auto& l = psa.layout();
  std::vector<std::string> columns{"iteration", "option"};
  for (const auto& f : l.figures) {
    columns.push_back(f.name);
    columns.push_back(f.name + "_se");
  }
  core::CsvTable table(std::move(columns));
  for (const auto& it : its)
    for (std::size_t o = 0; o < l.options.size(); ++o) {
      auto row = table.row();
      row.integer(iteration_number(it)).text(l.options[o]);
      for (std::size_t f = 0; f < l.figures.size(); ++f)
        row.number(it.at(l, o, f)).number(it.se_at(l, o, f));
      row.end();
    }
  return table.text();
}

std::string psa_parameters_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  std::vector<std::string> columns{"iteration"};
  for (const auto& p : psa.layout().parameters) columns.push_back(p);
  core::CsvTable table(std::move(columns));
  for (const auto& it : its) {
    auto row = table.row();
    row.integer(iteration_number(it));
    for (double x : it.parameters) row.number(x);
    row.end();
  }
  return table.text();
}

std::string ce_plane_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  const auto& l = psa.layout();
  core::CsvTable table({"iteration", "option", "comparator", "delta_cost", "delta_effect"});
  for (const auto& it : its)
    for (std::size_t o = 1; o < l.options.size(); ++o)
      table.row()
          .integer(iteration_number(it))
          .text(l.options[o])
          .text(l.options[0])
          .number(it.at(l, o, l.cost) - it.at(l, 0, l.cost))
          .number(it.at(l, o, l.effect) - it.at(l, 0, l.effect))
          .end();
  return table.text();
}

namespace {
// The figures whose convergence is traced: the increments of the decision (cost, effect, NMB at
// each scenario threshold), or the levels when there is one option.
std::vector<std::size_t> traced_figures(const PsaLayout& l) {
  std::vector<std::size_t> out;
  const bool increments = l.options.size() > 1;
  for (std::size_t f = 0; f < l.figures.size(); ++f) {
    const auto& name = l.figures[f].name;
    if (increments ? (name.starts_with("delta_"))
                   : (f == l.cost || f == l.effect || name.starts_with("nmb_")))
      out.push_back(f);
  }
  return out;
}
}  // namespace

std::string convergence_csv(const Psa& psa, const std::vector<PsaIteration>& its) {
  const auto& l = psa.layout();
  core::CsvTable table({"iterations", "option", "figure", "estimate", "se", "lower", "upper"});
  const std::size_t first = l.options.size() > 1 ? 1 : 0;
  const auto figures = traced_figures(l);
  for (std::size_t o = first; o < l.options.size(); ++o)
    for (std::size_t f : figures) {
      long long n = 0;
      double mean = 0, m2 = 0;  // Welford
      for (const auto& it : its) {
        const double x = it.at(l, o, f);
        if (!std::isfinite(x)) continue;
        n += 1;
        const double d = x - mean;
        mean += d / static_cast<double>(n);
        m2 += d * (x - mean);
        const double nn = static_cast<double>(n);
        const double se = n > 1 ? std::sqrt(m2 / (nn - 1) / nn) : kNaN;
        table.row()
            .integer(n)
            .text(l.options[o])
            .text(l.figures[f].name)
            .number(mean)
            .number(se)
            .number(mean - 1.959963984540054 * se)
            .number(mean + 1.959963984540054 * se)
            .end();
      }
    }
  return table.text();
}

void psa_detail::per_person(const PsaLayout& l, const std::vector<PsaIteration>& its,
                            Eigen::MatrixXd& costs, Eigen::MatrixXd& effects,
                            std::vector<double>& persons) {
  const std::size_t N = its.size(), K = l.options.size();
  costs.resize(static_cast<Eigen::Index>(N), static_cast<Eigen::Index>(K));
  effects.resizeLike(costs);
  persons.assign(N, 1.0);
  for (std::size_t i = 0; i < N; ++i) {
    if (l.persons) persons[i] = its[i].at(l, 0, *l.persons);
    for (std::size_t o = 0; o < K; ++o) {
      const auto r = static_cast<Eigen::Index>(i), c = static_cast<Eigen::Index>(o);
      costs(r, c) = its[i].at(l, o, l.cost) / persons[i];
      effects(r, c) = its[i].at(l, o, l.effect) / persons[i];
    }
  }
}

namespace {

// The EVPPI of one group of parameters at one threshold.
PsaEvppi group_evppi(const PsaLayout& l, const std::vector<PsaIteration>& its,
                     const Eigen::MatrixXd& costs, const Eigen::MatrixXd& effects, double wtp,
                     const std::vector<std::string>& group) {
  const std::size_t N = its.size(), K = l.options.size();
  PsaEvppi out;
  out.parameters = group;
  if (N < 20) {
    out.skipped = "EVPPI needs at least 20 iterations (about 1,000 or more to be reliable)";
    return out;
  }
  Eigen::MatrixXd x(N, group.size());
  for (std::size_t g = 0; g < group.size(); ++g) {
    const auto at =
        std::find(l.parameters.begin(), l.parameters.end(), group[g]) - l.parameters.begin();
    for (std::size_t i = 0; i < N; ++i)
      x(i, g) = its[i].parameters.at(static_cast<std::size_t>(at));
  }
  const auto e = evppi(net_monetary_benefit(costs, effects, wtp), x, 0);
  out.method = method_name(e.method);
  out.per_person = e.evppi;
  out.standard_error = e.standard_error;
  out.standard_error_regression = e.standard_error_regression;
  out.standard_error_sampling = e.standard_error_sampling;
  for (std::size_t o = 1; o < K; ++o)
    out.fits.push_back({l.options[o], e.fits[o].r_squared, e.fits[o].effective_df});
  return out;
}

// The decision: per person (per birth for a model of births).
PsaDecision decide(const Psa& psa, const std::vector<PsaIteration>& its, const PsaReport& report) {
  const auto& l = psa.layout();
  const auto& s = psa.scenario();
  const std::size_t K = l.options.size(), N = its.size();
  Eigen::MatrixXd costs, effects;
  std::vector<double> persons;
  psa_detail::per_person(l, its, costs, effects, persons);
  PsaDecision out;
  out.per = l.person;
  std::optional<double> annual = report.annual_population;
  if (!annual && l.persons) {
    double mean = 0;
    for (double p : persons) mean += p / static_cast<double>(N);
    annual = mean / s.run.horizon;
    out.annual_population_note = fmt::format(
        "mean {} over the horizon / {} years (override with the annual population setting)",
        l.figures[*l.persons].name, s.run.horizon);
  }
  out.annual_population = annual;
  // The population the per-person values multiply into population EVPI and EVPPI. A model of
  // one cohort values each person at the cohort's start, so H yearly cohorts count with the
  // discounted annuity. A model of births arriving over its horizon (l.persons: the pathway, say)
  // has already discounted each birth's values to the start of the horizon, so its population
  // is the births of its own horizon, undiscounted; discounting them again would understate
  // EVPI by the factor annuity / H (0.86 at 10 years and 3.5%).
  double population_factor = 0;
  if (l.persons) {
    out.horizon_years = s.run.horizon;
    out.population_discount =
        "none: values per birth are already discounted to the start of the horizon";
    population_factor = static_cast<double>(s.run.horizon);
    out.persons_over_horizon = annual ? *annual * population_factor : kNaN;
  } else if (!annual) {
    out.population_discount = "none: no population given, so no population EVPI";
  } else {
    out.horizon_years = report.horizon_years;
    out.population_discount = s.economics.cost_discount_name;
    population_factor = annuity_factor(report.horizon_years, s.economics.cost_discount);
    out.annuity_factor = population_factor;
  }
  const auto population = [&](double per_person) {
    return annual ? per_person * *annual * population_factor : kNaN;
  };

  const auto d = analyse_decision(costs, effects, report.thresholds, 0);
  for (const auto& t : d.thresholds)
    for (std::size_t o = 0; o < K; ++o)
      out.ceac.push_back({t.wtp, l.options[o], t.probability_cost_effective[o],
                          t.probability_most_cost_effective[o], t.optimal_option == o,
                          t.nmb[o].mean, t.nmb[o].standard_error, t.evpi, t.evpi_standard_error,
                          population(t.evpi)});
  // At the scenario's thresholds.
  const auto at_scenario = analyse_decision(
      costs, effects, s.economics.thresholds.empty() ? report.thresholds : s.economics.thresholds,
      0);
  for (const auto& t : at_scenario.thresholds) {
    PsaThresholdDecision td;
    td.threshold = t.wtp;
    for (std::size_t o = 0; o < K; ++o) {
      PsaOptionDecision od{l.options[o], estimate(t.nmb[o], N),
                           t.probability_most_cost_effective[o], std::nullopt, std::nullopt};
      if (o > 0) {
        od.probability_cost_effective = t.probability_cost_effective[o];
        od.incremental_nmb = estimate(t.delta_nmb[o], N);
      }
      td.options.push_back(std::move(od));
    }
    td.frontier_option = l.options[t.optimal_option];
    td.frontier_probability = t.frontier_probability;
    td.evpi = {t.evpi, t.evpi_standard_error, std::nullopt, std::nullopt};
    if (annual) {
      td.evpi.population = population(t.evpi);
      td.evpi.population_standard_error = population(t.evpi_standard_error);
    }
    for (const auto& group : report.evppi_groups) {
      auto e = group_evppi(l, its, costs, effects, t.wtp, group);
      if (annual && !e.skipped) e.population = population(e.per_person);
      td.evppi.push_back(std::move(e));
    }
    out.thresholds.push_back(std::move(td));
  }
  return out;
}

}  // namespace

PsaSummary summarise_psa(const Psa& psa, const std::vector<PsaIteration>& its,
                         const PsaReport& report) {
  const auto& l = psa.layout();
  const auto& s = psa.scenario();
  const std::size_t K = l.options.size(), F = l.figures.size(), N = its.size();
  PsaSummary out;
  out.scenario = {s.name, s.file, s.model, s.content_hash, s.variant};
  out.method = method_name(psa.settings().method);
  out.iterations = N;
  out.sampling_seed = s.run.seed;
  out.replicates_per_iteration = s.run.replicates;
  out.population_scale = l.population_scale;
  if (s.run.population > 0) out.population = s.run.population;
  out.currency = s.economics.currency;
  out.comparator = l.options[0];
  for (const auto& f : l.figures) out.figures.push_back({f.name, f.description, f.increment});
  out.parameters_sampled = l.parameters;
  if (N == 0) return out;

  // Per option and figure: summary over iterations, and inner vs outer variance.
  auto& warnings = out.warnings;
  for (std::size_t o = 0; o < K; ++o) {
    PsaOptionSummary opt{l.options[o], {}, {}, std::nullopt};
    for (std::size_t f = 0; f < F; ++f) {
      std::vector<double> v, inner;
      for (const auto& it : its) {
        if (!std::isfinite(it.at(l, o, f))) continue;
        v.push_back(it.at(l, o, f));
        inner.push_back(std::isfinite(it.se_at(l, o, f)) ? it.se_at(l, o, f) * it.se_at(l, o, f)
                                                         : 0.0);
      }
      if (v.empty()) continue;
      const auto x = finite_values(v);
      PsaFigureSummary fs{l.figures[f].name, estimate(summarise(x), v.size()), 0.0, 0.0, 0.0};
      double inner_var = 0;
      for (double q : inner) inner_var += q;
      inner_var /= static_cast<double>(inner.size());
      const double total_var =
          v.size() > 1 ? (x.array() - x.mean()).square().sum() / static_cast<double>(v.size() - 1)
                       : 0.0;
      fs.inner_variance = inner_var;
      fs.total_variance = total_var;
      const double share = total_var > 0 ? inner_var / total_var : (inner_var > 0 ? 1.0 : 0.0);
      fs.inner_share = share;
      const bool decision_figure =
          l.figures[f].increment &&
          (l.figures[f].name.starts_with("delta_") || l.figures[f].name.starts_with("pair_delta_"));
      if (decision_figure && v.size() > 1 && share > report.inner_share_warning)
        warnings.push_back(fmt::format(
            "`{}`: {:.0f}% of the spread across iterations in the {} ({}) is simulation noise, "
            "not parameter uncertainty (over {:.0f}%); raise run.scale or run.replicates "
            "(docs/uncertainty.md)",
            l.options[o], 100 * share, l.figures[f].description, l.figures[f].name,
            100 * report.inner_share_warning));
      opt.figures.push_back(std::move(fs));
      if (o == 0 && !l.figures[f].warning_when_set.empty() && x.mean() > 0)
        warnings.push_back(fmt::format("in {:.1f}% of iterations {} (psa.csv: `{}`)",
                                       100 * x.mean(), l.figures[f].warning_when_set,
                                       l.figures[f].name));
    }
    if (o > 0) {
      // Probability cost-saving: net savings > 0 by perspective, or delta cost < 0.
      auto share_of = [&](auto&& pred, std::size_t f) {
        double n = 0, k = 0;
        for (const auto& it : its)
          if (std::isfinite(it.at(l, o, f))) {
            n += 1;
            k += pred(it.at(l, o, f)) ? 1 : 0;
          }
        return n > 0 ? k / n : kNaN;
      };
      if (!l.perspectives.empty()) {
        for (const auto& p : l.perspectives)
          opt.probability_cost_saving_by_perspective[p] = share_of(
              [](double x) { return x > 0; }, l.index_of(fmt::format("net_savings_{}", p)));
      } else {
        opt.probability_cost_saving =
            share_of([](double x) { return x < 0; }, l.index_of("delta_cost"));
      }
    }
    out.options.push_back(std::move(opt));
  }
  if (K >= 2) out.decision = decide(psa, its, report);
  return out;
}

}  // namespace pimhsim::analysis
