// The report of a calibrate directory, and what a PSA's report says of the posterior it ran on
// (report_calibration.h).
#include "pimhsim/output/report_calibration.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
constexpr auto kKind = ResultKind::kCalibration;
constexpr std::size_t kMaxPanels = 6;  // density panels drawn (the table has every parameter)

std::optional<json> json_file(const fs::path& file, ResultKind kind, core::Status& st) {
  std::string why;
  const auto text = read_result_file(file, why);
  if (!text) {
    st = bad_result_file(file, why, kind);
    return std::nullopt;
  }
  auto j = json::parse(*text, nullptr, false);
  if (!j.is_object()) {
    st = bad_result_file(file, "not a JSON object", kind);
    return std::nullopt;
  }
  return j;
}

std::optional<double> json_number_at(const json& j, const char* key) {
  if (!j.contains(key) || !j[key].is_number()) return std::nullopt;
  return j[key].get<double>();
}

core::Status table(const fs::path& dir, const char* name, const std::vector<std::string>& columns,
                   bool required, std::optional<scenario::CsvTable>& out) {
  if (auto st = read_result_table(dir / name, columns, required, kKind, out); !st.ok()) return st;
  if (!out) return {};
  const std::vector<std::string> text_columns = {"target",   "measure", "per",        "statistic",
                                                 "option",   "areas",   "likelihood", "reached",
                                                 "source",   "prior",   "identified", "parameter",
                                                 "scenario", "variant", "year"};
  for (const auto& c : columns)
    if (std::find(text_columns.begin(), text_columns.end(), c) == text_columns.end())
      for (std::size_t i = 0; i < out->rows.size(); ++i)
        if (!cell_text(*out, i, c).empty() && !cell_number(*out, i, c))
          return bad_result_file(dir / name,
                                 fmt::format("line {}: `{}` is not a number in column `{}`", i + 2,
                                             cell_text(*out, i, c), c),
                                 kKind);
  return {};
}

std::string g(double x) {
  return core::human_number(x);
}
std::string g_or_dash(const std::optional<double>& x) {
  return x ? g(*x) : "–";
}

// Observed against fitted, each as a share of the observed value (targets differ in scale).
std::optional<ReportChart> targets_chart(const CalibrationResults& r) {
  const auto& t = r.targets;
  const bool imis = r.method == "imis";
  std::string observed, fitted;
  std::vector<std::vector<std::string>> rows;
  int k = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto obs = cell_number(t, i, "observed"), fit = cell_number(t, i, "fitted");
    if (!obs || !fit) continue;
    const double se = cell_number(t, i, "observed_se").value_or(0);
    const double base = *obs != 0 ? std::fabs(*obs) : 1.0;
    const double lo = imis ? cell_number(t, i, "lower").value_or(*fit)
                           : *fit - 1.96 * cell_number(t, i, "fitted_se").value_or(0);
    const double hi = imis ? cell_number(t, i, "upper").value_or(*fit)
                           : *fit + 1.96 * cell_number(t, i, "fitted_se").value_or(0);
    const std::string name = cell_text(t, i, "target");
    observed += fmt::format("{} {} {} {} {}\n", plot_number(100 * *obs / base), k + 0.12,
                            plot_number(100 * (*obs - 1.96 * se) / base),
                            plot_number(100 * (*obs + 1.96 * se) / base), data_text(name));
    fitted += fmt::format("{} {} {} {}\n", plot_number(100 * *fit / base), k - 0.12,
                          plot_number(100 * lo / base), plot_number(100 * hi / base));
    rows.push_back({name, fmt::format("{} ± {}", g(*obs), g(se)),
                    fmt::format("{} ({} to {})", g(*fit), g(lo), g(hi)),
                    cell_text(t, i, "z").empty() ? "–" : g(*cell_number(t, i, "z")),
                    cell_text(t, i, "reached") == "true" ? "yes" : "NO"});
    ++k;
  }
  if (k == 0) return std::nullopt;
  ReportChart c;
  c.name = "calibration_targets";
  c.title = "Observed versus fitted";
  c.caption = fmt::format(
      "Each target's observed value with its 95% interval (± 1.96 SE) and the model's {} with "
      "{}, both as a percentage of the observed value; a target the model does not reach lies "
      "more than three combined standard errors away.",
      imis ? "posterior mean" : "value at the fit",
      imis ? "its 95% posterior interval" : "its 95% Monte Carlo interval");
  c.alt = fmt::format(
      "Dot plot of {} targets: for each, the observed value and the fitted value with horizontal "
      "interval bars, as a percentage of the observed value.",
      k);
  c.height = std::max(240, 120 + 60 * k);
  c.script = chart_header(c.title, "Percentage of the observed value", "") +
             fmt::format(
                 "set yrange [-0.6:{}]\nset key below horizontal height 1.5\nunset grid\n"
                 "set grid xtics lc rgb '#dddddd'\nset offsets graph 0.05, graph 0.05, "
                 "0, 0\n",
                 k - 0.4) +
             "$OBS << EOD\n" + observed + "EOD\n$FIT << EOD\n" + fitted + "EOD\n" +
             "plot $OBS using 1:2:3:4:ytic(5) with xerrorbars lt 2 pt 5 ps 1.2 title 'observed', "
             "$FIT using 1:2:3:4 with xerrorbars lt 1 pt 7 ps 1.2 title 'fitted'\n";
  c.table_html = html_table("Observed versus fitted (the fitted value with its 95% interval)",
                            {"target", "observed ± SE", "fitted", "z", "reached"}, rows, 1);
  return c;
}

// Each parameter's prior and posterior densities (calibration_densities.csv).
std::optional<ReportChart> densities_chart(const CalibrationResults& r) {
  if (!r.densities) return std::nullopt;
  const auto& d = *r.densities;
  const auto& p = r.parameters;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < d.rows.size(); ++i)
    if (const auto& name = cell_text(d, i, "parameter");
        std::find(names.begin(), names.end(), name) == names.end() && names.size() < kMaxPanels)
      names.push_back(name);
  if (names.empty()) return std::nullopt;
  const bool imis = r.method == "imis";
  std::string data, panels;
  for (std::size_t k = 0; k < names.size(); ++k) {
    data += fmt::format("$D{} << EOD\n", k);
    for (std::size_t i = 0; i < d.rows.size(); ++i)
      if (cell_text(d, i, "parameter") == names[k]) {
        const auto x = cell_number(d, i, "x"), f = cell_number(d, i, "prior_density"),
                   post = cell_number(d, i, "posterior_density");
        if (!x) continue;
        data += fmt::format("{} {} {}\n", plot_number(*x), f ? plot_number(*f) : "NaN",
                            post ? plot_number(*post) : "NaN");
      }
    data += "EOD\n";
    std::string estimate = "NaN";
    for (std::size_t i = 0; i < p.rows.size(); ++i)
      if (cell_text(p, i, "parameter") == names[k])
        if (const auto e = cell_number(p, i, "estimate")) estimate = plot_number(*e);
    panels += fmt::format("set title {}\nunset arrow\n", gnuplot_quoted(names[k]));
    if (!imis)
      panels += fmt::format("set arrow from {0}, graph 0 to {0}, graph 1 nohead lt 1 lw 2 dt 1\n",
                            estimate);
    panels += fmt::format(
        "plot $D{0} using 1:2 with lines lt 2 dt 2 title 'prior'{1}\n", k,
        imis ? fmt::format(", $D{} using 1:3 with lines lt 1 title 'posterior'", k) : "");
  }
  const std::size_t lines = (names.size() + 2) / 3;
  ReportChart c;
  c.name = "calibration_densities";
  c.title = imis ? "Prior versus posterior" : "Prior and the fitted value";
  c.caption =
      imis ? "Each fitted parameter's prior density (dashed) and posterior density (solid, a "
             "weighted kernel estimate from the IMIS sample): a posterior much narrower than its "
             "prior is informed by the targets; one like its prior is not identified."
           : "Each fitted parameter's prior density (dashed) and the posterior mode found by the "
             "optimiser (the vertical line); run --method imis for the posterior's spread.";
  c.alt = fmt::format("{} small line charts, one per parameter ({}), of its prior{} density.",
                      names.size(), core::listed(names, "and"), imis ? " and posterior" : "");
  c.width = 960;
  c.height = static_cast<int>(60 + 280 * lines);
  c.script = std::string(chart_style()) + data +
             fmt::format("set multiplot layout {},{} title {}\n", lines,
                         std::min<std::size_t>(3, names.size()), gnuplot_quoted(c.title)) +
             "set key top right\nset ylabel 'density'\nset autoscale xfix\nset yrange [0:*]\n" +
             panels + "unset multiplot\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < p.rows.size(); ++i)
    rows.push_back({cell_text(p, i, "parameter"), cell_text(p, i, "prior"),
                    g_or_dash(cell_number(p, i, "prior_mean")),
                    g_or_dash(cell_number(p, i, "prior_sd")),
                    g_or_dash(cell_number(p, i, "estimate")),
                    cell_text(p, i, "lower").empty()
                        ? "–"
                        : fmt::format("{} to {}", g(*cell_number(p, i, "lower")),
                                      g(cell_number(p, i, "upper").value_or(NAN))),
                    g_or_dash(cell_number(p, i, "shrinkage")),
                    cell_text(p, i, "identified") == "true" ? "yes" : "NO"});
  c.table_html = html_table("Parameters: prior, estimate and 95% posterior interval",
                            {"parameter", "prior", "prior mean", "prior SD", "estimate",
                             "95% interval", "shrinkage", "identified"},
                            rows, 2);
  return c;
}

}  // namespace

core::Expected<CalibrationResults> read_calibration_results(const fs::path& dir) {
  CalibrationResults r;
  if (auto st = check_results_directory(dir, kKind); !st.ok()) return st;
  if (result_kind(dir) != kKind)
    return core::Status::bad_input(fmt::format("`{}` does not hold these results ({})",
                                               dir.string(), expected_directory(kKind)));
  r.directory = dir;
  if (auto st = read_manifest_json(dir, kKind, r); !st.ok()) return st;
  {
    const fs::path file = dir / "scenario.resolved.yaml";
    std::string why;
    const auto text = read_result_file(file, why);
    if (!text) return bad_result_file(file, why, kKind);
    try {
      const auto y = YAML::Load(*text);
      r.scenario_name = y["name"] ? y["name"].as<std::string>() : "";
      r.model = y["model"] ? y["model"].as<std::string>() : "";
    } catch (const YAML::Exception& e) {
      return bad_result_file(file, fmt::format("not the scenario PIMHsim writes: {}", e.what()),
                             kKind);
    }
  }
  core::Status st;
  const auto j = json_file(dir / "calibration.json", kKind, st);
  if (!j) return st;
  try {
    r.method = j->at("method").get<std::string>();
    r.objective = j->value("objective", "");
    r.targets_file = j->value("targets_file", "");
    r.evaluations = j->at("evaluations").get<long long>();
    r.failed_evaluations = j->value("failed_evaluations", 0LL);
    r.log_likelihood = json_number_at(*j, "log_likelihood");
    r.log_posterior = json_number_at(*j, "log_posterior");
    r.objective_mc_se = json_number_at(*j, "objective_mc_se");
    r.ess = json_number_at(*j, "effective_sample_size");
    r.max_weight_share = json_number_at(*j, "max_weight_share");
    if (j->contains("sample_size")) r.sample_size = j->at("sample_size").get<long long>();
    for (const auto& w : j->value("warnings", json::array()))
      r.warnings.push_back(w.get<std::string>());
  } catch (const json::exception& e) {
    return bad_result_file(dir / "calibration.json",
                           fmt::format("unexpected content: {}", e.what()), kKind);
  }
  std::optional<scenario::CsvTable> t;
  if (auto s = table(dir, "calibration_targets.csv",
                     {"target", "observed", "observed_se", "fitted", "fitted_se", "lower", "upper",
                      "z", "reached"},
                     true, t);
      !s.ok())
    return s;
  r.targets = std::move(*t);
  if (auto s = table(dir, "calibration_parameters.csv",
                     {"parameter", "prior", "prior_mean", "prior_sd", "estimate", "lower", "upper",
                      "shrinkage", "identified"},
                     true, t);
      !s.ok())
    return s;
  r.parameters = std::move(*t);
  if (auto s = table(dir, "calibration_densities.csv",
                     {"parameter", "x", "prior_density", "posterior_density"}, false, r.densities);
      !s.ok())
    return s;
  return r;
}

ReportPage calibration_page(const CalibrationResults& r) {
  ReportPage page;
  page.title = r.scenario_name;
  page.kind = "calibration report";
  page.version = r.version;
  const bool imis = r.method == "imis";
  std::string html = fmt::format(
      "<section class=\"board\" id=\"summary\">\n<h1>{}</h1>\n<p class=\"meta\">PIMHsim {} "
      "calibration · {} model · {} ({}) · {} model runs</p>\n<h2>The question</h2>\n<p "
      "id=\"question\">{}</p>\n",
      html_escaped(r.scenario_name), html_escaped(r.version), html_escaped(r.model),
      html_escaped(r.method), html_escaped(r.objective), count_text(r.evaluations),
      html_escaped(fmt::format("Does the model reproduce what is observed ({}), and what do the "
                               "observations say of the parameters fitted?",
                               r.targets_file)));
  std::vector<std::string> missed;
  for (std::size_t i = 0; i < r.targets.rows.size(); ++i)
    if (cell_text(r.targets, i, "reached") != "true")
      missed.push_back(cell_text(r.targets, i, "target"));
  html += fmt::format("<div class=\"verdict{}\" id=\"recommendation\">\n<p class=\"answer\">",
                      missed.empty() ? "" : " unresolved");
  html += html_escaped(
      missed.empty() ? fmt::format("The model reaches all {} targets.", r.targets.rows.size())
                     : fmt::format("The model does not reach {} of {} targets: {}.", missed.size(),
                                   r.targets.rows.size(), core::listed(missed, "and")));
  html +=
      "</p>\n<p>" +
      html_escaped(
          missed.empty()
              ? "Each fitted value is within three combined standard errors of its observation."
              : "Within the priors of the parameters fitted, the model cannot come within three "
                "combined standard errors of these observations: fit other parameters, or "
                "check what the target measures. They are not silently matched.") +
      "</p>\n";
  if (imis && r.ess)
    html += fmt::format(
        "<p>Posterior sample: {} points, effective sample size {}, largest weight {:.1f}%.</p>\n",
        r.sample_size ? count_text(*r.sample_size) : "–", fmt::format("{:.0f}", *r.ess),
        100 * r.max_weight_share.value_or(0));
  html += fmt::format(
      "<p>Log-likelihood at the fit {} (Monte Carlo SE {}), log posterior {}.</p>\n</div>\n",
      g_or_dash(r.log_likelihood), g_or_dash(r.objective_mc_se), g_or_dash(r.log_posterior));
  if (!r.warnings.empty()) {
    html += "<h2>Warnings</h2>\n<ul id=\"warnings\">\n";
    for (const auto& w : r.warnings) html += "<li>" + html_escaped(w) + "</li>\n";
    html += "</ul>\n";
  }
  page.summary_html = html + "</section>\n";
  if (auto c = targets_chart(r)) page.charts.push_back(std::move(*c));
  if (auto c = densities_chart(r)) page.charts.push_back(std::move(*c));
  page.no_charts = "These results have no targets to chart.";
  // Without calibration_densities.csv the parameters' table still shows.
  if (!r.densities) {
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < r.parameters.rows.size(); ++i)
      rows.push_back({cell_text(r.parameters, i, "parameter"), cell_text(r.parameters, i, "prior"),
                      g_or_dash(cell_number(r.parameters, i, "estimate")),
                      g_or_dash(cell_number(r.parameters, i, "shrinkage")),
                      cell_text(r.parameters, i, "identified")});
    page.after_html =
        "<section id=\"parameters\">\n<h2>Parameters</h2>\n" +
        html_table("Parameters fitted",
                   {"parameter", "prior", "estimate", "shrinkage", "identified"}, rows, 2) +
        "</section>\n";
  }
  page.footer_html = fmt::format(
      "Made by PIMHsim {} from the results directory <code>{}</code> (its calibration.json, "
      "calibration_targets.csv, calibration_parameters.csv{}; command: <code>{}</code>).",
      html_escaped(r.version), html_escaped(r.directory.string()),
      r.densities ? " and calibration_densities.csv" : "", html_escaped(r.command_line));
  return page;
}

std::vector<WorkbookSheet> calibration_sheets(const CalibrationResults& r,
                                              const Codebook& codebook) {
  return {csv_sheet(r.targets, "calibration_targets.csv", codebook, r.currency, "Targets",
                    "Each target: observed against fitted, and whether the model reaches it"),
          csv_sheet(r.parameters, "calibration_parameters.csv", codebook, r.currency, "Parameters",
                    "Each parameter fitted: its prior, estimate and interval")};
}

core::Status read_psa_calibration(const fs::path& dir, PsaResults& r) {
  core::Status st;
  const auto j = json_file(dir / "manifest.json", ResultKind::kPsa, st);
  if (!j) return st;
  if (!j->contains("calibrated") || !(*j)["calibrated"].is_object()) return {};
  const auto& c = (*j)["calibrated"];
  try {
    PsaResults::Calibrated k;
    k.file = c.at("parameter_sets").get<std::string>();
    k.content_hash = c.value("content_hash", "");
    for (const auto& p : c.at("parameters")) k.parameters.push_back(p.get<std::string>());
    k.points = c.value("points", 0LL);
    k.ess = json_number_at(c, "effective_sample_size");
    k.targets_file = c.value("targets_file", "");
    r.calibrated = std::move(k);
  } catch (const json::exception& e) {
    return bad_result_file(dir / "manifest.json",
                           fmt::format("unexpected `calibrated`: {}", e.what()), ResultKind::kPsa);
  }
  return {};
}

std::string psa_calibration_html(const PsaResults& r) {
  if (!r.calibrated) return {};
  const auto& c = *r.calibrated;
  return "<p id=\"calibrated\" class=\"note\">" +
         html_escaped(fmt::format(
             "A calibrated PSA: {} ({}) drawn jointly from the posterior sample {} ({} points, "
             "effective size {}{}{}), the other parameters from their priors.",
             c.parameters.size() == 1 ? "the parameter" : "the parameters",
             core::listed(c.parameters, "and"), c.file, count_text(c.points),
             c.ess ? fmt::format("{:.0f}", *c.ess) : "–",
             c.targets_file.empty() ? "" : ", fitted to " + c.targets_file,
             c.content_hash.empty() ? "" : "; SHA-256 " + c.content_hash)) +
         "</p>\n";
}

}  // namespace pimhsim::output
