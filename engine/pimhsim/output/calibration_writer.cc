#include "pimhsim/output/calibration_writer.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/output/codebook.h"

namespace pimhsim::output {
namespace {

using analysis::CalibrationMethod;

nlohmann::json number(double x) {
  return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json();
}

std::string areas(const analysis::Target& t) {
  std::string out;
  for (const auto& a : t.areas) out += (out.empty() ? "" : " ") + a;
  return out;
}

std::vector<ColumnDoc> calibration_columns() {
  const std::string imis_only = "the optimise method (a point fit has no posterior)";
  return {
      {"calibration_*.csv", "target", "text", "", "the target's name in the targets file"},
      {"calibration_targets.csv", "measure", "text", "",
       "the measure of results.csv the target observes"},
      {"calibration_targets.csv", "per", "text", "", "the measure it is divided by (a share of it)",
       "the target is the measure itself"},
      {"calibration_targets.csv", "statistic", "text", "",
       "`mean` (per individual, as results.csv's mean) or `total` (the population total)"},
      {"calibration_targets.csv", "option", "text", "", "the option the target observes"},
      {"calibration_targets.csv", "year", "integer", "calendar year", "the year observed",
       "every year of the horizon pooled"},
      {"calibration_targets.csv", "areas", "text", "", "the area codes pooled, space-separated",
       "every area the scenario simulates"},
      {"calibration_targets.csv", "likelihood", "text", "", "binomial, Poisson or normal"},
      {"calibration_targets.csv", "observed", "number", "the measure's",
       "the observed value: count / denominator, count, or mean"},
      {"calibration_targets.csv", "observed_se", "number", "the measure's",
       "its sampling SE: sqrt(p (1 - p) / n), sqrt(count), or the given SE"},
      {"calibration_targets.csv", "fitted", "number", "the measure's",
       "the model's value at the fit (optimise) or its posterior mean (imis)", "the model failed"},
      {"calibration_targets.csv", "fitted_se", "number", "the measure's",
       "the Monte Carlo SE of the model's value in one run", "the model failed"},
      {"calibration_targets.csv", "lower", "number", "the measure's",
       "2.5% posterior quantile of the model's value", imis_only},
      {"calibration_targets.csv", "upper", "number", "the measure's",
       "97.5% posterior quantile of the model's value", imis_only},
      {"calibration_targets.csv", "z", "number", "standard errors",
       "(observed - fitted) / sqrt(observed_se^2 + fitted_se^2 + posterior variance)",
       "the model failed"},
      {"calibration_targets.csv", "log_likelihood", "number", "",
       "the target's log-likelihood at the fitted value", "the model failed"},
      {"calibration_targets.csv", "reached", "boolean", "",
       "whether the model reproduces the target: |z| at most 3"},
      {"calibration_targets.csv", "source", "text", "", "the publication the target comes from"},
      {"calibration_parameters.csv", "parameter", "text", "",
       "the parameter fitted; a share of a set of shares as `name.component`"},
      {"calibration_parameters.csv", "prior", "text", "",
       "its prior: the scenario's distribution (a share's: its Dirichlet's Beta marginal)"},
      {"calibration_parameters.csv", "prior_mean", "number", "the parameter's", "the prior's mean"},
      {"calibration_parameters.csv", "prior_sd", "number", "the parameter's", "the prior's SD"},
      {"calibration_parameters.csv", "scenario_value", "number", "the parameter's",
       "the scenario's value"},
      {"calibration_parameters.csv", "estimate", "number", "the parameter's",
       "the fitted value (optimise) or the posterior mean (imis)"},
      {"calibration_parameters.csv", "posterior_sd", "number", "the parameter's",
       "the posterior SD", imis_only},
      {"calibration_parameters.csv", "lower", "number", "the parameter's",
       "2.5% posterior quantile", imis_only},
      {"calibration_parameters.csv", "upper", "number", "the parameter's",
       "97.5% posterior quantile", imis_only},
      {"calibration_parameters.csv", "shrinkage", "number", "share",
       "1 - posterior variance / prior variance: 0 when the targets say nothing of it", imis_only},
      {"calibration_parameters.csv", "identified", "boolean", "",
       "whether the targets inform it: shrinkage at least max(0.1, 2 sqrt(2 / ESS)); always true "
       "for a point fit, which does not measure it, and for a share its Dirichlet fixes at 0"},
      {"posterior.csv", "draw", "integer", "", "the point of the posterior sample, from 1"},
      {"posterior.csv", "weight", "number", "share",
       "the point's normalised importance weight (the weights sum to 1)"},
      {"posterior.csv", "log_likelihood", "number", "", "the targets' log-likelihood at the point",
       "the model could not run there (weight 0)"},
      {"posterior.csv", "*", "number", "the parameter's",
       "the value of the parameter the header names at the point (a share: `name.component`; a "
       "set's shares sum to 1)"},
      {"calibration_trace.csv", "step", "integer", "",
       "the starting point of the optimiser (0: the prior median) or the IMIS round (0: the "
       "prior sample)"},
      {"calibration_trace.csv", "evaluations", "integer", "", "model runs so far"},
      {"calibration_trace.csv", "best_log_posterior", "number", "",
       "the best log posterior of the start (optimise) or so far (imis)", "the model ran nowhere"},
      {"calibration_trace.csv", "ess", "number", "points", "IMIS: the effective sample size",
       imis_only},
      {"calibration_trace.csv", "max_weight_share", "number", "share",
       "IMIS: the largest weight's share of the total", imis_only},
      {"calibration_trace.csv", "unique_share", "number", "share",
       "IMIS: the expected share of distinct points in a resample (stops at 1 - 1/e)", imis_only},
      {"calibration_trace.csv", "*", "number", "the parameter's",
       "the start's result (optimise) or the round's new mixture centre (imis)",
       "the last IMIS round, which adds no component"},
      {"calibration_densities.csv", "parameter", "text", "", "the parameter fitted"},
      {"calibration_densities.csv", "x", "number", "the parameter's",
       "a value of the parameter (121 a parameter, from the prior's 0.1% to 99.9% quantile and "
       "over the posterior's bulk)"},
      {"calibration_densities.csv", "prior_density", "number", "per the parameter's unit",
       "the prior's density at x"},
      {"calibration_densities.csv", "posterior_density", "number", "per the parameter's unit",
       "the posterior's density at x: a weighted Gaussian kernel estimate on the prior's "
       "normal-score scale (Silverman's bandwidth with the effective sample size)",
       imis_only},
  };
}

}  // namespace

nlohmann::json calibration_json(const analysis::CalibrationProblem& p,
                                const analysis::CalibrationSettings& st,
                                const analysis::CalibrationResult& r) {
  nlohmann::json j;
  j["method"] = analysis::method_name(r.method);
  j["objective"] = r.method == CalibrationMethod::kImis ? "posterior sample"
                   : r.maximum_likelihood               ? "maximum likelihood"
                                                        : "posterior mode";
  j["targets_file"] = p.targets().file;
  j["seed"] = p.scenario().run.seed;
  j["settings"] = {
      {"restarts", st.restarts},          {"evaluations_per_start", st.max_evaluations},
      {"imis_initial", st.imis.initial},  {"imis_per_round", st.imis.per_round},
      {"imis_rounds", st.imis.rounds},    {"mc_replicates", st.mc_replicates},
      {"unreachable_z", st.unreachable_z}};
  j["evaluations"] = r.evaluations;
  j["failed_evaluations"] = r.failed_evaluations;
  j["log_likelihood"] = number(r.log_likelihood);
  j["log_posterior"] = number(r.log_posterior);
  j["objective_mc_se"] = number(r.objective_mc_se);
  if (r.method == CalibrationMethod::kImis) {
    j["effective_sample_size"] = r.ess;
    j["max_weight_share"] = r.max_weight_share;
    j["sample_size"] = r.weights.size();
  }
  for (const auto& f : r.parameters) {
    j["parameters"].push_back({{"name", f.name},
                               {"prior", f.prior},
                               {"prior_mean", f.prior_mean},
                               {"prior_sd", f.prior_sd},
                               {"scenario_value", f.base},
                               {"estimate", f.estimate},
                               {"posterior_sd", number(f.sd)},
                               {"lower", number(f.lower)},
                               {"upper", number(f.upper)},
                               {"shrinkage", number(f.shrinkage)},
                               {"identified", f.identified}});
    // A share names its set of shares and component (the PSA's `name.component`).
    if (!f.shares.empty()) {
      j["parameters"].back()["shares"] = f.shares;
      j["parameters"].back()["component"] = f.component;
    }
  }
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const auto& f = r.targets[t];
    const auto& target = p.targets().targets[t];
    j["targets"].push_back({{"name", f.name},
                            {"measure", target.model_measure()},
                            {"likelihood", analysis::likelihood_name(target.likelihood)},
                            {"observed", f.observed},
                            {"observed_se", f.observed_se},
                            {"fitted", number(f.fitted)},
                            {"fitted_se", number(f.fitted_se)},
                            {"lower", number(f.lower)},
                            {"upper", number(f.upper)},
                            {"z", number(f.z)},
                            {"reached", f.reached},
                            {"source", target.source}});
  }
  j["warnings"] = r.warnings;
  return j;
}

std::string calibration_targets_csv(const analysis::CalibrationProblem& p,
                                    const analysis::CalibrationResult& r) {
  core::CsvTable table({"target", "measure", "per", "statistic", "option", "year", "areas",
                        "likelihood", "observed", "observed_se", "fitted", "fitted_se", "lower",
                        "upper", "z", "log_likelihood", "reached", "source"});
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const auto& f = r.targets[t];
    const auto& target = p.targets().targets[t];
    auto row = table.row();
    row.text(f.name)
        .text(target.model_measure())
        .text(target.per)
        .text(target.total ? "total" : "mean");
    row.text(target.option.empty() ? p.scenario().options[0].name : target.option);
    if (target.year)
      row.integer(*target.year);
    else
      row.empty();
    row.text(areas(target)).text(analysis::likelihood_name(target.likelihood));
    row.number(f.observed).number(f.observed_se).number(f.fitted).number(f.fitted_se);
    row.number(f.lower).number(f.upper).number(f.z).number(f.log_likelihood).flag(f.reached);
    row.text(target.source).end();
  }
  return table.text();
}

std::string calibration_parameters_csv(const analysis::CalibrationResult& r) {
  core::CsvTable table({"parameter", "prior", "prior_mean", "prior_sd", "scenario_value",
                        "estimate", "posterior_sd", "lower", "upper", "shrinkage", "identified"});
  for (const auto& f : r.parameters) {
    auto row = table.row();
    row.text(f.name).text(f.prior).number(f.prior_mean).number(f.prior_sd).number(f.base);
    row.number(f.estimate).number(f.sd).number(f.lower).number(f.upper).number(f.shrinkage);
    row.flag(f.identified).end();
  }
  return table.text();
}

std::string posterior_csv(const analysis::CalibrationProblem& p,
                          const analysis::CalibrationResult& r) {
  std::vector<std::string> columns{"draw", "weight", "log_likelihood"};
  for (const auto& q : p.parameters()) columns.push_back(q.name);
  core::CsvTable table(columns);
  for (Eigen::Index i = 0; i < r.sample.rows(); ++i) {
    const auto k = static_cast<std::size_t>(i);
    auto row = table.row();
    row.integer(static_cast<long long>(i) + 1).number(r.weights[k]).number(r.log_likelihoods[k]);
    for (Eigen::Index j = 0; j < r.sample.cols(); ++j) row.number(r.sample(i, j));
    row.end();
  }
  return table.text();
}

std::string calibration_trace_csv(const analysis::CalibrationProblem& p,
                                  const analysis::CalibrationResult& r) {
  std::vector<std::string> columns{"step", "evaluations",      "best_log_posterior",
                                   "ess",  "max_weight_share", "unique_share"};
  for (const auto& q : p.parameters()) columns.push_back(q.name);
  core::CsvTable table(columns);
  for (const auto& s : r.trace) {
    auto row = table.row();
    row.integer(s.step).integer(s.evaluations).number(s.best_log_posterior).number(s.ess);
    row.number(s.max_weight_share).number(s.unique_share);
    for (std::size_t j = 0; j < p.dimensions(); ++j)
      if (j < s.x.size())
        row.number(s.x[j]);
      else
        row.empty();
    row.end();
  }
  return table.text();
}

void write_calibration(const std::string& target, const analysis::CalibrationProblem& p,
                       const analysis::CalibrationSettings& st,
                       const analysis::CalibrationResult& r, const RunInfo& info, bool resumed,
                       int ranks) {
  const auto& s = p.scenario();
  AtomicDirectory dir(target);
  dir.lead_tables_with(scenario_lead(s));
  dir.write("calibration.json", calibration_json(p, st, r).dump(2) + "\n");
  dir.write("calibration_targets.csv", calibration_targets_csv(p, r));
  dir.write("calibration_parameters.csv", calibration_parameters_csv(r));
  if (r.method == CalibrationMethod::kImis) dir.write("posterior.csv", posterior_csv(p, r));
  dir.write("calibration_trace.csv", calibration_trace_csv(p, r));
  dir.write("calibration_densities.csv", calibration_densities_csv(p, r));
  // The targets as fitted, beside the scenario as run.
  {
    std::ifstream in(p.targets().file, std::ios::binary);
    dir.write("targets.yaml", std::string(std::istreambuf_iterator<char>(in), {}));
  }
  write_scenario(dir, s);
  auto manifest = manifest_json(s, info);
  manifest["analysis"] = "calibrate";
  manifest["targets_file"] = p.targets().file;
  manifest["resumed"] = resumed;
  if (ranks > 1) manifest["ranks"] = ranks;
  dir.write("manifest.json", manifest.dump(2) + "\n");
  auto docs = scenario_columns(s);
  for (auto& d : calibration_columns()) docs.push_back(std::move(d));
  write_codebook(dir, docs);
  dir.commit();
}

std::string calibration_text(const analysis::CalibrationProblem& p,
                             const analysis::CalibrationResult& r) {
  std::string out =
      fmt::format("calibration of {} to {} ({}, {} model runs)\n\n", p.scenario().name,
                  p.targets().file, analysis::method_name(r.method), r.evaluations);
  out += "  target                          observed      fitted        z   reached\n";
  for (const auto& t : r.targets)
    out += fmt::format("  {:<30} {:>9.4g} {:>11.4g} {:>8.2f}   {}\n", t.name, t.observed, t.fitted,
                       t.z, t.reached ? "yes" : "NO");
  out += "\n  parameter                       prior mean    estimate";
  out += r.method == CalibrationMethod::kImis ? "   95% interval         shrinkage\n" : "\n";
  for (const auto& f : r.parameters) {
    out += fmt::format("  {:<30} {:>11.4g} {:>11.4g}", f.name, f.prior_mean, f.estimate);
    if (r.method == CalibrationMethod::kImis && f.prior_sd == 0)
      out += "   (fixed by its prior)";  // a share its Dirichlet fixes at 0
    else if (r.method == CalibrationMethod::kImis)
      out += fmt::format("   {:>8.4g} to {:<8.4g} {:>6.2f}{}", f.lower, f.upper, f.shrinkage,
                         f.identified ? "" : "  (not identified)");
    out += "\n";
  }
  out += fmt::format("\n  log-likelihood {:.3f} (Monte Carlo SE {:.3f}), log posterior {:.3f}\n",
                     r.log_likelihood, r.objective_mc_se, r.log_posterior);
  if (r.method == CalibrationMethod::kImis)
    out += fmt::format(
        "  posterior sample: {} points, effective size {:.0f}, largest weight {:.1f}%\n",
        r.weights.size(), r.ess, 100 * r.max_weight_share);
  for (const auto& w : r.warnings) out += "  warning: " + w + "\n";
  return out;
}

}  // namespace pimhsim::output
