// The tables a report of a psa, dsa, plan or compare directory reads (report_kinds.h); the JSON
// files are read in report_json.cc.
#include "pimhsim/output/report_kinds.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "pimhsim/output/report_calibration.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

// A table the command always writes.
core::Status required(const fs::path& dir, const char* name,
                      const std::vector<std::string>& columns, ResultKind kind,
                      scenario::CsvTable& out) {
  std::optional<scenario::CsvTable> table;
  if (auto st = read_result_table(dir / name, columns, true, kind, table); !st.ok()) return st;
  out = std::move(*table);
  return {};
}

// Every number of `columns` in `table` reads as a number (empty cells aside): else bad input
// naming the file, the line and the column.
core::Status numbers_in(const fs::path& file, const scenario::CsvTable& table,
                        const std::vector<std::string>& columns, ResultKind kind) {
  for (const auto& c : columns)
    for (std::size_t i = 0; i < table.rows.size(); ++i)
      if (!cell_text(table, i, c).empty() && !cell_number(table, i, c))
        return bad_result_file(file,
                               fmt::format("line {}: `{}` is not a number in column `{}`", i + 2,
                                           cell_text(table, i, c), c),
                               kind);
  return {};
}

// The scenario's name, from scenario.resolved.yaml (plan.json does not repeat it).
core::Status scenario_name(const fs::path& dir, ResultKind kind, ResultHeader& into) {
  const fs::path file = dir / "scenario.resolved.yaml";
  std::string why;
  const auto text = read_result_file(file, why);
  if (!text) return bad_result_file(file, why, kind);
  try {
    const auto y = YAML::Load(*text);
    into.scenario_name = y["name"] ? y["name"].as<std::string>() : "";
    into.model = y["model"] ? y["model"].as<std::string>() : "";
    if (y["economics"] && y["economics"]["currency"])
      into.currency = y["economics"]["currency"].as<std::string>();
  } catch (const YAML::Exception& e) {
    return bad_result_file(file, fmt::format("not the scenario PIMHsim writes: {}", e.what()),
                           kind);
  }
  return {};
}

core::Status start(const fs::path& dir, ResultKind kind, ResultHeader& into) {
  if (auto st = check_results_directory(dir, kind); !st.ok()) return st;
  if (result_kind(dir) != kind)
    return core::Status::bad_input(fmt::format("`{}` does not hold these results ({})",
                                               dir.string(), expected_directory(kind)));
  into.directory = dir;
  return read_manifest_json(dir, kind, into);
}

}  // namespace

core::Expected<PsaResults> read_psa_results(const fs::path& dir) {
  constexpr auto kind = ResultKind::kPsa;
  PsaResults r;
  if (auto st = start(dir, kind, r); !st.ok()) return st;
  if (auto st = required(dir, "ce_plane.csv",
                         {"iteration", "option", "comparator", "delta_cost", "delta_effect"}, kind,
                         r.ce_plane);
      !st.ok())
    return st;
  if (auto st = numbers_in(dir / "ce_plane.csv", r.ce_plane, {"delta_cost", "delta_effect"}, kind);
      !st.ok())
    return st;
  if (auto st = required(dir, "ceac.csv",
                         {"wtp", "option", "probability_cost_effective",
                          "probability_most_cost_effective", "on_frontier"},
                         kind, r.ceac);
      !st.ok())
    return st;
  if (auto st = required(dir, "convergence.csv",
                         {"iterations", "option", "figure", "estimate", "se", "lower", "upper"},
                         kind, r.convergence);
      !st.ok())
    return st;
  std::optional<scenario::CsvTable> evppi;
  if (auto st = read_result_table(dir / "evppi.csv",
                                  {"group", "parameters", "wtp", "evppi", "evppi_se", "rank"},
                                  false, kind, evppi);
      !st.ok())
    return st;
  if (evppi) {
    r.evppi_file = "evppi.csv";
    for (std::size_t i = 0; i < evppi->rows.size(); ++i) {
      const auto w = cell_number(*evppi, i, "wtp"), v = cell_number(*evppi, i, "evppi");
      if (!w || !v) continue;
      std::string parameters = cell_text(*evppi, i, "parameters");
      std::replace(parameters.begin(), parameters.end(), ';', ',');
      r.evppi.push_back({cell_text(*evppi, i, "group"), parameters, *w, *v,
                         cell_number(*evppi, i, "evppi_se").value_or(0), std::nullopt});
    }
  }
  if (auto st = read_psa_json(dir, r); !st.ok()) return st;
  if (auto st = read_psa_calibration(dir, r); !st.ok()) return st;
  const auto per = "_per_" + r.per;
  if (auto st = numbers_in(dir / "ceac.csv", r.ceac,
                           {"wtp", "probability_cost_effective", "probability_most_cost_effective",
                            "expected_nmb" + per, "evpi" + per, "evpi" + per + "_se"},
                           kind);
      !st.ok())
    return st;
  for (std::size_t i = 0; i < r.ceac.rows.size(); ++i) {
    const auto& o = cell_text(r.ceac, i, "option");
    if (std::find(r.options.begin(), r.options.end(), o) != r.options.end()) break;
    r.options.push_back(o);
  }
  if (r.options.size() < 2)
    return bad_result_file(dir / "ceac.csv", "holds fewer than two options", kind);
  return r;
}

core::Expected<DsaResults> read_dsa_results(const fs::path& dir) {
  constexpr auto kind = ResultKind::kDsa;
  DsaResults r;
  if (auto st = start(dir, kind, r); !st.ok()) return st;
  if (auto st = read_dsa_json(dir, r); !st.ok()) return st;
  struct Wanted {
    const char* name;
    std::vector<std::string> columns, numbers;
    std::optional<scenario::CsvTable>* into;
  };
  const std::vector<Wanted> tables = {
      {"tornado.csv",
       {"option", "rank", "parameter", "low", "high", "outcome_at_low", "outcome_at_high", "swing",
        "outcome_at_base"},
       {"low", "high", "outcome_at_low", "outcome_at_high", "swing", "outcome_at_base"},
       &r.tornado},
      {"two_way.csv",
       {"option", "x_parameter", "x", "y_parameter", "y", "outcome"},
       {"x", "y", "outcome"},
       &r.two_way},
      {"threshold.csv",
       {"option", "parameter", "low", "high", "threshold", "in_range"},
       {"low", "high", "threshold"},
       &r.threshold}};
  for (const auto& t : tables) {
    if (auto st = read_result_table(dir / t.name, t.columns, false, kind, *t.into); !st.ok())
      return st;
    if (*t.into)
      if (auto st = numbers_in(dir / t.name, **t.into, t.numbers, kind); !st.ok()) return st;
  }
  if (!r.tornado && !r.two_way && !r.threshold)
    return bad_result_file(dir / "tornado.csv",
                           "missing, and so are two_way.csv and threshold.csv: no analysis to show",
                           kind);
  return r;
}

core::Expected<PlanResults> read_plan_results(const fs::path& dir) {
  constexpr auto kind = ResultKind::kPlan;
  PlanResults r;
  if (auto st = start(dir, kind, r); !st.ok()) return st;
  if (auto st = scenario_name(dir, kind, r); !st.ok()) return st;
  if (auto st = read_plan_json(dir, r); !st.ok()) return st;
  if (auto st = read_result_table(
          dir / "dose_response.csv",
          {"x", "x_unit", "total_wte", "annual_post_cost", "measure", "unit", "estimate", "se"},
          false, kind, r.dose_response);
      !st.ok())
    return st;
  if (r.dose_response)
    if (auto st = numbers_in(dir / "dose_response.csv", *r.dose_response,
                             {"x", "total_wte", "annual_post_cost", "estimate", "se"}, kind);
        !st.ok())
      return st;
  if (auto st = read_result_table(dir / "plan.csv", {"area_code", "area_name", "wte"}, false, kind,
                                  r.plan);
      !st.ok())
    return st;
  return r;
}

core::Expected<CompareResults> read_compare_results(const fs::path& dir) {
  constexpr auto kind = ResultKind::kCompare;
  CompareResults r;
  if (auto st = start(dir, kind, r); !st.ok()) return st;
  if (auto st = read_compare_json(dir, r); !st.ok()) return st;
  if (auto st = required(
          dir, "frontier.csv",
          {"option", "cost", "cost_se", "effect", "effect_se", "status", "compared_with", "icer"},
          kind, r.frontier);
      !st.ok())
    return st;
  if (auto st = numbers_in(dir / "frontier.csv", r.frontier,
                           {"cost", "cost_se", "effect", "effect_se", "icer"}, kind);
      !st.ok())
    return st;
  if (auto st = required(dir, "headline.csv",
                         {"option", "figure", "comparator", "estimate", "se", "description"}, kind,
                         r.headline);
      !st.ok())
    return st;
  // The currency of the first scenario compared (all are valued alike on one frontier).
  std::error_code ec;
  std::vector<fs::path> compared;
  for (const auto& e : fs::directory_iterator(dir / "scenarios", ec))
    if (e.is_directory()) compared.push_back(e.path());
  std::sort(compared.begin(), compared.end());
  if (!compared.empty()) {
    ResultHeader first;
    if (auto st = scenario_name(compared[0], kind, first); !st.ok()) return st;
    r.currency = first.currency;
  }
  r.scenario_name = r.scenarios.size() == 1
                        ? r.scenarios[0]
                        : fmt::format("{} scenarios compared", r.scenarios.size());
  return r;
}

}  // namespace pimhsim::output
