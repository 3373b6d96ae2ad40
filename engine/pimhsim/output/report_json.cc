// Every JSON file a report of a psa, dsa, plan or compare directory reads, read in this one file
// (the tables are read in report_kinds.cc): what the tables do not hold.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "pimhsim/output/report_kinds.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What `read` throws for a file that is well formed but holds nothing a report can be made of.
struct Unreportable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads `dir/name` as a JSON object and hands it to `read`; bad input naming the file if it is
// missing, not JSON, without what `read` needs, or unreportable.
template <typename Read>
core::Status read_json(const fs::path& dir, const char* name, ResultKind kind, Read read) {
  const fs::path file = dir / name;
  std::string why;
  const auto text = read_result_file(file, why);
  if (!text) return bad_result_file(file, why, kind);
  const auto j = json::parse(*text, nullptr, false);
  if (!j.is_object()) return bad_result_file(file, "not a JSON object", kind);
  try {
    read(j);
  } catch (const json::exception& e) {
    return bad_result_file(file, fmt::format("unexpected content: {}", e.what()), kind);
  } catch (const Unreportable& e) {
    return bad_result_file(file, e.what(), kind);
  }
  return {};
}

std::optional<double> number_at(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_number()) return std::nullopt;
  return j[key].get<double>();
}

// A figure that is a number, or an estimate object ({"estimate": x, "se": s}, or the older
// {"mean": x, "mc_se": s}): its value and, if given, its standard error.
std::optional<std::pair<double, std::optional<double>>> estimate_at(const json& j,
                                                                    const char* key) {
  if (!j.is_object() || !j.contains(key)) return std::nullopt;
  const auto& v = j[key];
  if (v.is_number()) return std::pair{v.get<double>(), number_at(j, "mc_se")};
  for (const char* value : {"estimate", "mean", "value"})
    if (const auto x = number_at(v, value)) {
      auto se = number_at(v, "se");
      return std::pair{*x, se ? se : number_at(v, "mc_se")};
    }
  return std::nullopt;
}

void read_scenario_header(const json& sc, ResultHeader& into) {
  into.scenario_name = sc.at("name").get<std::string>();
  into.model = sc.value("model", "");
}

}  // namespace

core::Status read_manifest_json(const fs::path& dir, ResultKind kind, ResultHeader& into) {
  return read_json(dir, "manifest.json", kind, [&](const json& j) {
    into.version = j.at("pimhsim_version").get<std::string>();
    into.command_line = j.value("command_line", "");
  });
}

core::Status read_psa_json(const fs::path& dir, PsaResults& into) {
  return read_json(dir, "psa_summary.json", ResultKind::kPsa, [&](const json& j) {
    read_scenario_header(j.at("scenario"), into);
    into.currency = j.value("currency", into.currency);
    into.comparator = j.at("comparator").get<std::string>();
    into.method = j.value("method", "");
    into.iterations = j.at("iterations").get<long long>();
    for (const auto& w : j.value("warnings", json::array()))
      into.warnings.push_back(w.get<std::string>());
    if (!j.contains("decision")) return;  // one option: no decision
    const auto& d = j["decision"];
    into.per = d.value("per", into.per);
    into.annual_population = number_at(d, "annual_population");
    if (d.contains("horizon_years") && d["horizon_years"].is_number_integer())
      into.decision_years = d["horizon_years"].get<long long>();
    const std::string per_key = "per_" + into.per;
    for (const auto& t : d.at("thresholds")) {
      const double w =
          t.contains("threshold") ? t["threshold"].get<double>() : t.at("wtp").get<double>();
      into.thresholds.push_back(w);
      if (!into.evppi_file.empty() && into.evppi_file != "psa_summary.json") continue;
      for (const auto& e : t.value("evppi", json::array())) {
        PsaResults::Evppi v;
        for (const auto& p : e.at("parameters"))
          v.parameters += (v.parameters.empty() ? "" : ", ") + p.get<std::string>();
        v.group = e.value("group", v.parameters);
        v.wtp = w;
        const auto per_person = estimate_at(e, per_key.c_str());
        if (!per_person) {
          (void)e.at(per_key).at("estimate");  // throws, naming what is missing
          continue;
        }
        v.value = per_person->first;
        v.se = per_person->second.value_or(0);
        if (const auto pop = estimate_at(e, "population")) v.population = pop->first;
        into.evppi.push_back(std::move(v));
        into.evppi_file = "psa_summary.json";
      }
    }
  });
}

namespace {

std::string grouped_numbers(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    const bool alone = (i == 0 || (!std::isalnum(static_cast<unsigned char>(text[i - 1])) &&
                                   text[i - 1] != '.' && text[i - 1] != '_')) &&
                       (j == text.size() || text[j] != '.');
    if (j - i >= 5 && alone) {
      for (std::size_t k = i; k < j; ++k) {
        if (k > i && (j - k) % 3 == 0) out += ',';
        out += text[k];
      }
      i = j;
    } else if (j > i) {
      out.append(text, i, j - i);
      i = j;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace

core::Status read_dsa_json(const fs::path& dir, DsaResults& into) {
  return read_json(dir, "dsa_summary.json", ResultKind::kDsa, [&](const json& j) {
    read_scenario_header(j.at("scenario"), into);
    into.comparator = j.at("comparator").get<std::string>();
    const auto& o = j.at("outcome");
    into.outcome_name = o.at("name").get<std::string>();
    // For people: whole numbers of five digits or more with thousands separators ("at 100,000
    // per QALY").
    into.outcome_label = grouped_numbers(o.at("label").get<std::string>());
    into.currency = o.value("currency", into.currency);
    into.wtp = number_at(o, "threshold");
  });
}

core::Status read_plan_json(const fs::path& dir, PlanResults& into) {
  return read_json(dir, "plan.json", ResultKind::kPlan, [&](const json& j) {
    into.target = j.value("target", json()).is_string() ? j["target"].get<std::string>() : "";
    into.measure = j.value("measure", json()).is_string() ? j["measure"].get<std::string>() : "";
    into.rule = j.value("rule", "");
    into.reachable = j.value("reachable", true);
    into.budget = number_at(j, "budget_per_year");
    if (j.contains("national")) {
      into.total_wte = number_at(j["national"], "total_wte");
      into.annual_post_cost = number_at(j["national"], "annual_post_cost");
    }
    for (const auto& r : j.value("reconciliation", json::array()))
      into.reconciliation.push_back({r.at("question").get<std::string>(),
                                     r.at("total_wte").get<double>(),
                                     r.at("annual_post_cost").get<double>()});
  });
}

core::Status read_compare_json(const fs::path& dir, CompareResults& into) {
  return read_json(dir, "comparison.json", ResultKind::kCompare, [&](const json& j) {
    into.random_numbers = j.value("common_random_numbers", "");
    auto& names = into.scenarios;
    for (const auto& o : j.at("options")) {
      const std::string name = o.at("scenario").get<std::string>();
      if (names.empty() || names.back() != name) names.push_back(name);
    }
    if (!j.contains("frontier") && j.contains("frontiers"))
      throw Unreportable(
          "a comparison of different populations (compare --unpaired-populations) has no "
          "frontier across its files, and so no report; its results are headline.csv, "
          "comparison.csv and each file's own frontier (`frontiers` in comparison.json)");
    const json margins = j.at("frontier").value("optimal_margin", json::object());
    for (const auto& [w, best] : margins.items()) {
      CompareResults::Choice c{std::stod(w), best.at("option").get<std::string>(), "", {}, {}};
      if (best.value("runner_up", json()).is_string()) c.runner_up = best["runner_up"];
      c.lead = number_at(best, "estimate");
      if (!c.lead) c.lead = number_at(best, "nmb_difference");  // before estimates had one shape
      c.lead_se = number_at(best, "se");
      into.choices.push_back(std::move(c));
    }
    std::sort(into.choices.begin(), into.choices.end(),
              [](const auto& a, const auto& b) { return a.threshold < b.threshold; });
  });
}

}  // namespace pimhsim::output
