#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/economics/frontier.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::analysis {
namespace {

std::optional<double> parse_double(const std::string& s) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

}  // namespace

core::Expected<std::vector<double>> threshold_grid(const std::optional<std::string>& text,
                                                   const std::vector<double>& scenario_thresholds) {
  if (!text) return default_threshold_grid(scenario_thresholds);
  std::string why;
  auto grid = parse_threshold_grid(*text, why);
  if (!grid) return core::Status::bad_input("`wtp`: " + why);
  return with_thresholds(std::move(*grid), scenario_thresholds);
}

std::optional<std::vector<double>> parse_threshold_grid(const std::string& text, std::string& why) {
  std::vector<double> out;
  if (text.find(':') != std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
    const auto a = parts.size() == 3 ? parse_double(parts[0]) : std::nullopt;
    const auto b = parts.size() == 3 ? parse_double(parts[1]) : std::nullopt;
    const auto step = parts.size() == 3 ? parse_double(parts[2]) : std::nullopt;
    if (!a || !b || !step || *a < 0 || *b < *a || *b > economics::kMaxWillingnessToPay ||
        *step <= 0 || (*b - *a) / *step > 100000) {
      why = "FROM:TO:STEP with 0 <= FROM <= TO <= 1e12, STEP > 0 and at most 100,000 points";
      return std::nullopt;
    }
    const auto n = static_cast<std::size_t>(std::floor((*b - *a) / *step + 1e-9));
    for (std::size_t k = 0; k <= n; ++k) out.push_back(*a + static_cast<double>(k) * *step);
  } else {
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, ',');) {
      const auto v = parse_double(p);
      if (!v || *v < 0 || *v > economics::kMaxWillingnessToPay) {
        why = "amounts per QALY from 0 to 1e12 separated by commas, or FROM:TO:STEP";
        return std::nullopt;
      }
      out.push_back(*v);
    }
  }
  if (out.empty()) {
    why = "at least one threshold";
    return std::nullopt;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::vector<std::vector<std::string>>> parse_evppi_groups(
    const std::string& text, const std::vector<std::string>& known, std::string& why) {
  std::vector<std::vector<std::string>> groups;
  if (text == "all") {
    for (const auto& k : known) groups.push_back({k});
    return groups;
  }
  std::stringstream ss(text);
  for (std::string g; std::getline(ss, g, ';');) {
    std::vector<std::string> group;
    std::stringstream gs(g);
    for (std::string name; std::getline(gs, name, ',');) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        why = fmt::format("`{}` is not a sampled parameter", name);
        if (const auto near = scenario::nearest(name, known))
          why += fmt::format("; did you mean `{}`?", *near);
        why +=
            " (see psa_parameters.csv's columns: parameters with a distribution, and shares as "
            "NAME.COMPONENT)";
        return std::nullopt;
      }
      group.push_back(name);
    }
    if (group.empty()) {
      why = "an empty group (groups are separated by `;`, names within a group by `,`)";
      return std::nullopt;
    }
    groups.push_back(group);
  }
  if (groups.empty()) {
    why = "no group given";
    return std::nullopt;
  }
  return groups;
}

std::vector<core::SettingSpec> psa_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {
      {"iterations", K::kInteger, "parameter draws (PSA iterations)", 1000LL, 'n'},
      {"method", K::kText, "sampling: mc (simple Monte Carlo) or lhs (Latin hypercube)",
       std::string("mc")},
      {"wtp", K::kText,
       "CEAC grid per QALY: `FROM:TO:STEP` or `a,b,c`, the scenario's thresholds always added "
       "(default: 0 to twice the largest scenario threshold, 41 points)"},
      {"evppi", K::kText,
       "EVPPI of parameter groups: `a,b;c` (groups split by `;`), or `all` (each on its own)"},
      {"population", K::kNumber,
       "people affected by the decision each year, for population EVPI (default for a model of "
       "births over its horizon: those births / horizon years)"},
      {"horizon_years", K::kInteger,
       "years of new cohorts the decision applies to, for population EVPI of a model of one "
       "cohort (needed with population there; a model of births over its horizon always uses the "
       "births of run.horizon)"},
      {"parameter_sets", K::kText,
       "a calibration's posterior.csv: draw its parameters jointly from it (weighted resampling, "
       "keeping their correlation), the others from their priors"},
      {"report", K::kSwitch,
       "also write report.html, an offline page with a board summary and charts (charts need "
       "gnuplot), the charts as SVG and PNG files in report_charts/ and the summary tables in "
       "report.xlsx"},
  };
}

core::Status psa_request(const core::SettingValues& v, PsaRequest& r) {
  using core::Status;
  const long long iterations = v.integer("iterations");
  // One iteration has no spread: its intervals, probabilities and errors would all be empty or 0.
  if (iterations < 2 || iterations > 10'000'000)
    return Status::bad_input(
        fmt::format("`iterations`: {} is out of range (2 to 10,000,000)", iterations));
  r.settings.iterations = static_cast<std::uint32_t>(iterations);
  r.report = v.has("report") && v.flag("report");
  const std::string& method = v.text("method");
  if (method == "mc")
    r.settings.method = SamplingMethod::kMonteCarlo;
  else if (method == "lhs")
    r.settings.method = SamplingMethod::kLatinHypercube;
  else
    return Status::bad_input(fmt::format(
        "`method`: unknown method `{}` (mc for simple Monte Carlo, lhs for Latin hypercube)",
        method));
  if (v.has("wtp")) {
    std::string why;
    r.thresholds = parse_threshold_grid(v.text("wtp"), why);
    if (!r.thresholds)
      return Status::bad_input(fmt::format("`wtp`: `{}` is not valid ({})", v.text("wtp"), why));
  }
  r.evppi = v.optional_text("evppi");
  if (v.has("parameter_sets")) {
    auto posterior = read_posterior_sample(v.text("parameter_sets"));
    if (!posterior.ok()) return posterior.status();
    r.posterior = std::move(posterior.value());
  }
  if (v.has("population")) {
    const double p = v.number("population");
    if (!std::isfinite(p) || p <= 0)
      return Status::bad_input("`population`: the people affected each year must be a number > 0");
    r.population = p;
  }
  if (v.has("horizon_years")) {
    const long long h = v.integer("horizon_years");
    if (h < 1 || h > 1000)
      return Status::bad_input("`horizon_years`: the decision's horizon must be 1 to 1000 years");
    r.horizon_years = static_cast<std::uint32_t>(h);
  }
  return {};
}

core::Status psa_report(const PsaRequest& r, const scenario::Scenario& s, const Psa& psa,
                        PsaReport& report) {
  report.annual_population = r.population;
  report.horizon_years = r.horizon_years.value_or(s.run.horizon);
  report.write_report = r.report;
  // A model of one cohort follows it for run.horizon cycles; the years over which new cohorts
  // meet the decision are another figure, which population EVPI needs and no default gives.
  if (r.population && !r.horizon_years && !psa.layout().persons)
    return core::Status::bad_input(fmt::format(
        "`population` needs `horizon_years`: model `{}` follows one cohort for its run.horizon "
        "({}), which is not the number of years of new cohorts the decision applies to; give "
        "that too (a number of years, 1 to 1000)",
        s.model, s.run.horizon));
  if (r.horizon_years && psa.layout().persons && *r.horizon_years != s.run.horizon)
    return core::Status::bad_input(fmt::format(
        "`horizon_years`: model `{}` values the births of its own horizon (run.horizon = {} "
        "years), already discounted, so its population EVPI is over that horizon; set run.horizon "
        "(`set` run.horizon={}) instead of `horizon_years`",
        s.model, s.run.horizon, *r.horizon_years));
  report.thresholds = r.thresholds ? with_thresholds(*r.thresholds, s.economics.thresholds)
                                   : default_threshold_grid(s.economics.thresholds);
  if (r.evppi) {
    std::string why;
    const auto groups = parse_evppi_groups(*r.evppi, psa.layout().parameters, why);
    if (!groups) return core::Status::bad_input(fmt::format("`evppi`: {}", why));
    report.evppi_groups = *groups;
  }
  return {};
}

}  // namespace pimhsim::analysis
