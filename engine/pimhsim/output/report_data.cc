#include "pimhsim/output/report_data.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

core::Status bad(const fs::path& file, const std::string& what) {
  return bad_result_file(file, what, ResultKind::kRun);
}

// An estimate in the shape every JSON file uses: {"estimate": x, "se": s}, either may be null.
std::optional<SeFigure> se_figure(const json& j) {
  if (!j.is_object() || !j.contains("estimate") || !j["estimate"].is_number()) return std::nullopt;
  return SeFigure{j["estimate"].get<double>(),
                  j.value("se", json()).is_number() ? j["se"].get<double>() : 0.0};
}

void read_economics(const json& e, RunResults& r) {
  r.currency = e.value("currency", r.currency);
  r.cost_effectiveness_view = e.value("cost_effectiveness_view", "");
  for (const auto& t : e.at("thresholds")) r.thresholds.push_back(t.get<double>());
  for (const auto& [name, meaning] : e.at("perspectives").items())
    r.perspectives[name] = meaning.get<std::string>();
  for (const auto& n : e.value("notes", json::array())) r.notes.push_back(n.get<std::string>());
  for (const auto& i : e.at("increments")) {
    RunResults::Increment inc;
    inc.option = i.at("option").get<std::string>();
    inc.comparator = i.at("comparator").get<std::string>();
    inc.investment = i.at("investment").get<double>();
    for (const auto& [name, p] : i.at("by_perspective").items()) {
      RunResults::PerspectiveReturn ret;
      ret.perspective = name;
      ret.savings = se_figure(p.at("savings")).value_or(SeFigure{});
      ret.net_savings = se_figure(p.at("npv_net_savings")).value_or(SeFigure{});
      ret.roi = se_figure(p.at("roi"));
      if (p.at("payback_year").is_number()) ret.payback_year = p["payback_year"].get<int>();
      inc.by_perspective.push_back(ret);
    }
    inc.cost = se_figure(i.at("incremental_cost_nhs_pss")).value_or(SeFigure{});
    inc.cost.value += inc.investment;  // the view's cost is with the investment
    inc.qalys = se_figure(i.at("incremental_qalys")).value_or(SeFigure{});
    const auto& icer = i.at("icer");
    if (icer.value("estimate", json()).is_number()) inc.icer = icer["estimate"].get<double>();
    inc.icer_text = icer.value("text", "");
    for (const auto& [w, nmb] : i.at("net_monetary_benefit").items())
      inc.nmb[std::stod(w)] = se_figure(nmb).value_or(SeFigure{});
    r.increments.push_back(std::move(inc));
  }
}

void read_summary(const json& s, RunResults& r) {
  const auto& sc = s.at("scenario");
  r.scenario_name = sc.at("name").get<std::string>();
  r.scenario_file = sc.value("file", "");
  r.model = sc.at("model").get<std::string>();
  r.currency = s.value("currency", r.currency);
  if (s.contains("start_year")) r.start_year = s["start_year"].get<int>();
  const auto& run = s.at("run");
  r.horizon = run.at("horizon").get<int>();
  r.replicates = run.at("replicates").get<long long>();
  r.seed = run.at("seed").get<long long>();
  if (s.contains("population")) r.scale = s["population"].at("scale").get<double>();
  for (const auto& o : s.at("options")) {
    RunResults::Option option{o.at("name").get<std::string>(), {}, ""};
    if (o.contains("description") && o["description"].is_string())
      option.description = o["description"].get<std::string>();
    for (const auto& text : o.value("overrides", json::array()))
      option.overrides.push_back(text.get<std::string>());
    r.options.push_back(std::move(option));
  }
  const auto& frontier = s.at("frontier");
  for (const auto& row : frontier.at("rows")) {
    RunResults::FrontierRow f;
    f.option = row.at("option").get<std::string>();
    f.status = row.at("status").get<std::string>();
    if (row.at("compared_with").is_string()) f.compared_with = row["compared_with"];
    row.at("cost").at("estimate").get<double>();  // present, or the file is refused
    row.at("effect").at("estimate").get<double>();
    f.cost = se_figure(row["cost"]).value_or(SeFigure{});
    f.effect = se_figure(row["effect"]).value_or(SeFigure{});
    if (const auto icer = se_figure(row.at("icer"))) f.icer = icer->value;
    r.frontier.push_back(std::move(f));
  }
  for (const auto& [w, best] : frontier.at("optimal_margin").items()) {
    RunResults::Choice c{std::stod(w), best.at("option").get<std::string>(), "", std::nullopt};
    if (best.value("runner_up", json()).is_string()) {
      c.runner_up = best["runner_up"];
      c.lead = se_figure(best);
    }
    r.choices.push_back(std::move(c));
  }
  std::sort(r.choices.begin(), r.choices.end(),
            [](const auto& a, const auto& b) { return a.threshold < b.threshold; });
  if (s.contains("economics")) read_economics(s["economics"], r);
}

std::string yaml_text(const YAML::Node& n) {
  if (!n || n.IsNull()) return "";
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << n;
  return e.c_str();
}

// Every mapping below `node` with a `value:` is a parameter; its key path joins the keys.
void collect_parameters(const YAML::Node& node, const std::string& path, RunResults& r) {
  if (!node.IsMap()) return;
  if (node["value"] && (node["source"] || node["unit"])) {
    r.parameters.push_back({path, yaml_text(node["value"]), yaml_text(node["unit"]),
                            yaml_text(node["source"]),
                            node["assumption"] && node["assumption"].as<bool>(false)});
    return;
  }
  for (const auto& kv : node)
    collect_parameters(kv.second, path.empty() ? kv.first.Scalar() : path + "." + kv.first.Scalar(),
                       r);
}

void read_scenario(const YAML::Node& y, RunResults& r) {
  const auto& e = y["economics"];
  if (e && e["discount"]) {
    if (e["discount"]["costs"])
      r.settings.push_back({"discount rate, costs", yaml_text(e["discount"]["costs"])});
    if (e["discount"]["effects"])
      r.settings.push_back({"discount rate, QALYs", yaml_text(e["discount"]["effects"])});
  }
  if (y["switches"] && y["switches"].IsMap())
    for (const auto& kv : y["switches"])
      r.settings.push_back({"switch " + kv.first.Scalar(), yaml_text(kv.second)});
  collect_parameters(y["parameters"], "", r);
  if (y["areas"] && y["areas"]["merge"] && y["areas"]["merge"].IsSequence())
    for (const auto& m : y["areas"]["merge"])
      if (m["into"] && m["from"] && m["from"].IsSequence())
        for (const auto& from : m["from"])
          r.area_merges[m["into"].Scalar()].push_back(from.Scalar());
}

// Births a year by area code, from the areas tables the run read (copied into tables/): a table
// with `area_code` and `births` columns. An area that the scenario merges others into (`areas:
// merge:`) has their sum, as has one whose code joins several by ", " that the table has
// separately. A table that cannot be read leaves births unknown.
void read_area_births(const fs::path& dir, RunResults& r) {
  std::map<std::string, double> births;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir / "tables", ec)) {
    if (e.path().extension() != ".csv") continue;
    std::optional<scenario::CsvTable> t;
    if (!read_result_table(e.path(), {"area_code", "births"}, false, ResultKind::kRun, t).ok() ||
        !t)
      continue;
    for (std::size_t i = 0; i < t->rows.size(); ++i)
      if (const auto b = cell_number(*t, i, "births")) births[cell_text(*t, i, "area_code")] = *b;
  }
  for (const auto& [into, from] : r.area_merges) {
    const auto it = births.find(into);
    for (const auto& code : from)
      if (const auto b = births.find(code); it != births.end() && b != births.end())
        it->second += b->second;
  }
  const auto& areas = *r.staffing_by_area;
  for (std::size_t i = 0; i < areas.rows.size(); ++i) {
    const std::string& codes = cell_text(areas, i, "area_code");
    if (r.area_births.count(codes)) continue;
    if (const auto b = births.find(codes); b != births.end()) {
      r.area_births[codes] = b->second;
      continue;
    }
    double sum = 0;
    bool known = true;
    std::size_t from = 0;
    while (known && from <= codes.size()) {
      auto to = codes.find(", ", from);
      if (to == std::string::npos) to = codes.size();
      const auto b = births.find(codes.substr(from, to - from));
      known = b != births.end();
      if (known) sum += b->second;
      from = to + 2;
    }
    if (known) r.area_births[codes] = sum;
  }
}

}  // namespace

ResultKind result_kind(const fs::path& dir) {
  static const std::array<std::pair<const char*, ResultKind>, 6> kinds = {
      {{"psa_summary.json", ResultKind::kPsa},
       {"calibration.json", ResultKind::kCalibration},
       {"dsa_summary.json", ResultKind::kDsa},
       {"plan.json", ResultKind::kPlan},
       {"comparison.json", ResultKind::kCompare},
       {"summary.json", ResultKind::kRun}}};
  std::error_code ec;
  for (const auto& [file, kind] : kinds)
    if (fs::is_regular_file(dir / file, ec)) return kind;
  return ResultKind::kUnknown;
}

std::string expected_directory(ResultKind kind) {
  switch (kind) {
    case ResultKind::kRun:
      return "the results directory of `pimhsim run`";
    case ResultKind::kPsa:
      return "the results directory of `pimhsim psa`";
    case ResultKind::kDsa:
      return "the results directory of `pimhsim dsa`";
    case ResultKind::kPlan:
      return "the results directory of `pimhsim plan`";
    case ResultKind::kCompare:
      return "the results directory of `pimhsim compare`";
    case ResultKind::kCalibration:
      return "the results directory of `pimhsim calibrate`";
    case ResultKind::kUnknown:
      break;
  }
  return "the results directory of `pimhsim run`, `psa`, `dsa`, `plan`, `compare` or `calibrate`";
}

core::Status bad_result_file(const fs::path& file, const std::string& what, ResultKind kind) {
  return core::Status::bad_input(
      fmt::format("{}: {} ({})", file.string(), what, expected_directory(kind)));
}

core::Status check_results_directory(const fs::path& dir, ResultKind kind) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return core::Status::bad_input(fmt::format(
        "`{}` is {} ({})", dir.string(), fs::exists(dir, ec) ? "not a directory" : "not there",
        expected_directory(kind)));
  if (!is_results_directory(dir))
    return bad_result_file(dir / "manifest.json",
                           fmt::format("missing, or not the manifest.json PIMHsim writes: `{}` is "
                                       "not a PIMHsim results directory",
                                       dir.string()),
                           kind);
  return {};
}

core::Status read_result_table(const fs::path& file, const std::vector<std::string>& columns,
                               bool required, ResultKind kind,
                               std::optional<scenario::CsvTable>& out) {
  std::error_code ec;
  if (!fs::exists(file, ec))
    return required ? bad_result_file(file, "missing", kind) : core::Status{};
  std::string why;
  auto text = read_result_file(file, why);
  if (!text) return bad_result_file(file, why, kind);
  scenario::Diagnostics d;
  auto table = scenario::parse_csv(std::move(*text), file.string(), d);
  if (!table) {
    std::ostringstream said;
    d.print(said);
    return core::Status::bad_input(said.str() +
                                   fmt::format("(expected {})", expected_directory(kind)));
  }
  for (const auto& c : columns)
    if (!table->column(c)) return bad_result_file(file, fmt::format("has no column `{}`", c), kind);
  out = std::move(*table);
  return {};
}

core::Expected<RunResults> read_run_results(const fs::path& dir) {
  if (auto st = check_results_directory(dir, ResultKind::kRun); !st.ok()) return st;
  if (const auto kind = result_kind(dir); kind != ResultKind::kRun)
    return core::Status::bad_input(fmt::format("`{}` does not hold a run's results ({})",
                                               dir.string(), expected_directory(ResultKind::kRun)));
  RunResults r;
  r.directory = dir;
  std::string why;
  for (const char* name : {"manifest.json", "summary.json"}) {
    const fs::path file = dir / name;
    const auto text = read_result_file(file, why);
    if (!text) return bad(file, why);
    const auto j = json::parse(*text, nullptr, false);
    if (!j.is_object()) return bad(file, "not a JSON object");
    try {
      if (std::string(name) == "manifest.json") {
        r.version = j.at("pimhsim_version").get<std::string>();
        r.command_line = j.value("command_line", "");
        r.content_hash = j.value("scenario_content_hash", "");
      } else {
        read_summary(j, r);
      }
    } catch (const json::exception& e) {
      return bad(file, fmt::format("unexpected content: {}", e.what()));
    }
  }
  const fs::path yaml = dir / "scenario.resolved.yaml";
  const auto text = read_result_file(yaml, why);
  if (!text) return bad(yaml, why);
  try {
    read_scenario(YAML::Load(*text), r);
  } catch (const YAML::Exception& e) {
    return bad(yaml, fmt::format("not the scenario PIMHsim writes: {}", e.what()));
  }
  struct Wanted {
    const char* name;
    std::vector<std::string> columns;
    std::optional<scenario::CsvTable>* into;
  };
  const std::vector<Wanted> tables = {
      {"funnel.csv", {"option", "stage", "dyads", "dyads_se", "share_of_born"}, &r.funnel},
      {"staffing.csv",
       {"option", "year", "funded_wte", "in_post_wte", "effective_wte",
        "specialist_wisn_required_wte"},
       &r.staffing},
      {"budget_impact.csv",
       {"option", "comparator", "payer", "year", "estimate", "se"},
       &r.budget_impact},
      {"payback.csv",
       {"option", "comparator", "perspective", "year", "cumulative_investment",
        "cumulative_savings"},
       &r.payback},
      {"frontier.csv", {"option", "cost", "effect", "status"}, &r.frontier_table},
      {"staffing_by_area.csv",
       {"option", "area_code", "area_name", "year", "in_post_wte", "specialist_wisn_required_wte",
        "trained_share"},
       &r.staffing_by_area}};
  for (const auto& t : tables)
    if (auto st = read_result_table(dir / t.name, t.columns, false, ResultKind::kRun, *t.into);
        !st.ok())
      return st;
  if (r.staffing_by_area) read_area_births(dir, r);
  return r;
}

std::optional<double> cell_number(const scenario::CsvTable& table, std::size_t row,
                                  const std::string& column) {
  const std::string& text = cell_text(table, row, column);
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() ? std::optional<double>(x) : std::nullopt;
}

const std::string& cell_text(const scenario::CsvTable& table, std::size_t row,
                             const std::string& column) {
  static const std::string kEmpty;
  const auto c = table.column(column);
  if (!c || row >= table.rows.size() || *c >= table.rows[row].size()) return kEmpty;
  return table.rows[row][*c];
}

}  // namespace pimhsim::output
