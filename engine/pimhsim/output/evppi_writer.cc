#include "pimhsim/output/evppi_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <sstream>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/codebook.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

std::optional<std::string> slurp(const std::filesystem::path& p) {
  std::string why;
  return read_result_file(p, why);
}

}  // namespace

core::Expected<FinishedPsa> read_finished_psa(const std::filesystem::path& dir) {
  const auto resolved = dir / "scenario.resolved.yaml";
  std::error_code ec;
  const auto psa_csv = slurp(dir / "psa.csv");
  const auto parameters_csv = slurp(dir / "psa_parameters.csv");
  if (!std::filesystem::exists(resolved, ec) || !psa_csv || !parameters_csv)
    return core::Status::bad_input(fmt::format(
        "{} is not the directory of a finished PSA (it needs scenario.resolved.yaml, psa.csv and "
        "psa_parameters.csv, as `pimhsim psa` writes them)",
        dir.string()));
  scenario::Diagnostics diagnostics;
  auto s = scenario::load_scenario(resolved.string(), {}, models::specs(), diagnostics);
  if (!s) {
    std::ostringstream why;
    diagnostics.print(why);
    return core::Status::bad_input(
        fmt::format("{} does not load:\n{}", resolved.string(), why.str()));
  }
  auto psa = analysis::Psa::make(*s, {});
  if (!psa.ok()) return psa.status();
  auto its = analysis::read_psa_samples(psa.value(), *psa_csv, *parameters_csv);
  if (!its.ok()) return its.status();
  return FinishedPsa{std::move(*s), std::move(psa.value()), std::move(its.value())};
}

core::Status write_evppi(const std::filesystem::path& file, const analysis::EvppiGrid& grid,
                         const scenario::Scenario& s) {
  if (auto st = write_file_whole(file, scenario_lead(s).table(evppi_csv(grid))); !st.ok())
    return st;
  // Beside a PSA's own files, the directory's codebook gains evppi.csv's columns.
  const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  if (std::filesystem::exists(dir / "columns.csv")) update_codebook(dir);
  return {};
}

std::string evppi_csv(const analysis::EvppiGrid& grid) {
  core::CsvTable table({"group", "parameters", "wtp", "evppi", "evppi_se", "evppi_se_regression",
                        "evppi_se_sampling", "evpi", "share_of_evpi", "rank", "method",
                        "r_squared"});
  for (const auto& c : grid.curves) {
    std::string parameters;
    for (const auto& p : c.group.parameters) parameters += (parameters.empty() ? "" : ";") + p;
    for (const auto& p : c.points)
      table.row()
          .text(c.group.name)
          .text(parameters)
          .number(p.wtp)
          .number(p.evppi)
          .number(p.standard_error)
          .number(p.standard_error_regression)
          .number(p.standard_error_sampling)
          .number(p.evpi)
          .number(p.evpi > 0 ? p.evppi / p.evpi : std::nan(""))
          .integer(static_cast<long long>(p.rank))
          .text(c.method)
          .number(c.r_squared)
          .end();
  }
  return table.text();
}

std::string evppi_text(const analysis::EvppiGrid& grid, const std::vector<double>& at) {
  std::string out = fmt::format("EVPPI from {} iterations, per {}; ranked at each threshold\n",
                                grid.iterations, grid.per.empty() ? "person" : grid.per);
  for (double wtp : at) {
    if (grid.thresholds.empty()) break;
    std::size_t t = 0;
    for (std::size_t k = 1; k < grid.thresholds.size(); ++k)
      if (std::abs(grid.thresholds[k] - wtp) < std::abs(grid.thresholds[t] - wtp)) t = k;
    const double evpi = grid.curves.empty() ? 0 : grid.curves[0].points[t].evpi;
    out +=
        fmt::format("  at {} per QALY (EVPI {} per {}):\n", core::human_number(grid.thresholds[t]),
                    core::money_text(evpi), grid.per.empty() ? "person" : grid.per);
    std::vector<const analysis::EvppiGroupCurve*> ranked;
    for (const auto& c : grid.curves) ranked.push_back(&c);
    std::sort(ranked.begin(), ranked.end(),
              [&](auto* a, auto* b) { return a->points[t].rank < b->points[t].rank; });
    for (const auto* c : ranked) {
      const auto& p = c->points[t];
      out += fmt::format("    {:>2}. {:<40} {:>10} ± {:<10} {:>5.1f}% of EVPI{}\n", p.rank,
                         c->group.name, core::money_text(p.evppi),
                         core::money_text(p.standard_error), evpi > 0 ? 100 * p.evppi / evpi : 0.0,
                         c->r_squared < 0.05 ? "  (poor fit: R² < 0.05, likely noise)" : "");
    }
  }
  return out;
}

std::vector<core::SettingSpec> evppi_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {{"group", K::kTexts,
           "a group of parameters whose EVPPI to estimate: NAME=a,b or a,b, or `all` (each "
           "sampled parameter alone); repeatable"},
          {"wtp", K::kText,
           "the threshold grid per QALY: `FROM:TO:STEP` or `a,b,c`, the scenario's thresholds "
           "always added (default: the PSA's CEAC grid)"},
          {"out", K::kText, "the file to write (default: PSA_DIR/evppi.csv)"}};
}

std::filesystem::path evppi_path(const std::filesystem::path& psa_dir,
                                 const std::optional<std::string>& out) {
  return out ? std::filesystem::path(*out) : psa_dir / "evppi.csv";
}

std::string evppi_job_text(const analysis::EvppiGrid& grid,
                           const std::vector<double>& scenario_thresholds,
                           const std::vector<double>& grid_thresholds,
                           const std::filesystem::path& file) {
  return evppi_text(grid, scenario_thresholds.empty() ? grid_thresholds : scenario_thresholds) +
         fmt::format("every threshold and group in {}\n", file.string());
}

}  // namespace pimhsim::output
