// A plan's planned scenario written where the user asks (`plan --write-scenario FILE`): the
// scenario of the results directory with its areas table named from FILE's directory.
#include <fmt/format.h>

#include <filesystem>

#include "pimhsim/models/registry.h"
#include "pimhsim/output/plan_writer.h"
#include "pimhsim/output/results_dir.h"
#include "pimhsim/scenario/scenario.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

// The first line of every scenario a plan writes: how an earlier plan's file is recognised.
constexpr const char* kFirstLine = "# Written by `pimhsim plan`";

// `path` as seen from directory `from`: relative where it can be, else absolute.
std::string seen_from(const fs::path& path, const fs::path& from) {
  std::error_code ec;
  const fs::path target = fs::weakly_canonical(fs::absolute(path), ec);
  const fs::path base = fs::weakly_canonical(fs::absolute(from), ec);
  const fs::path rel = fs::relative(target, base, ec);
  return (ec || rel.empty() ? target : rel).generic_string();
}

bool plain_path(const std::string& p) {
  return !p.empty() && p.find_first_not_of(
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                           "0123456789._/-") == std::string::npos;
}

}  // namespace

std::optional<std::string> scenario_file_problem(const std::string& file) {
  const fs::path f(file);
  const auto ext = f.extension().string();
  const fs::path dir = f.parent_path().empty() ? fs::path(".") : f.parent_path();
  std::error_code ec;
  if (ext != ".yaml" && ext != ".yml")
    return fmt::format(
        "`write_scenario` {}: not a scenario file name (expected a file ending in "
        ".yaml or .yml)",
        file);
  if (!fs::is_directory(dir, ec))
    return fmt::format(
        "`write_scenario` {}: no directory {} (expected a file in an existing "
        "directory)",
        file, dir.string());
  if (!fs::exists(f, ec)) return std::nullopt;
  std::string why;
  const auto text = read_result_file(f, why);
  if (!text || !text->starts_with(kFirstLine))
    return fmt::format(
        "`write_scenario` {}: the file exists and is not a scenario an earlier "
        "`pimhsim plan` wrote (expected a new file, or one a plan wrote, which is "
        "replaced)",
        file);
  return std::nullopt;
}

core::Expected<std::string> write_planned_scenario_file(const scenario::Scenario& s,
                                                        const analysis::PlanResult& plan) {
  if (!plan.scenario_file) return std::string();
  const fs::path file(*plan.scenario_file);
  if (plan.planned_scenario.empty())
    return fmt::format("no scenario written to {}: {}\n", file.string(), plan.planned_scenario_why);
  scenario::Diagnostics d;
  auto root = scenario::parse_yaml(plan.planned_scenario, "planned_scenario.yaml", d);
  scenario::Node* areas = root ? root->get("areas") : nullptr;
  scenario::Node* table = areas != nullptr ? areas->get("table") : nullptr;
  const fs::path dir = file.parent_path();
  std::string table_ref;
  if (!plan.planned_areas_table.empty()) {
    // The table with each area's planned WTE goes beside the scenario.
    const fs::path written = dir / (file.stem().string() + "_areas.csv");
    if (auto st = write_file_whole(written, plan.planned_areas_table); !st.ok()) return st;
    table_ref = written.filename().string();
  } else if (!s.tables.empty()) {
    table_ref = seen_from(s.tables.front().source, dir.empty() ? fs::path(".") : dir);
  }
  if (table != nullptr && !table_ref.empty()) {
    table->scalar = table_ref;
    table->plain = plain_path(table_ref);
  }
  // The results directory's header (what was planned) up to where it says where its tables are.
  const std::string header =
      plan.planned_scenario.substr(0, plan.planned_scenario.find("\n# Its tables"));
  const std::string text = fmt::format(
      "{}\n# Its areas table is {}\n# (relative to this file), so it runs as it is:\n"
      "#   pimhsim run {}\n{}",
      header, table_ref.empty() ? "none" : table_ref, file.string(),
      root ? scenario::to_yaml(*root) : plan.planned_scenario);
  if (auto st = write_file_whole(file, text); !st.ok()) return st;
  // The scenario must load as written; if it does not, that is a bug here, and it is removed.
  scenario::Diagnostics loaded;
  if (!scenario::load_scenario(file.string(), {}, models::specs(), loaded)) {
    std::error_code ec;
    fs::remove(file, ec);
    return core::Status::failed(
        fmt::format("the planned scenario written to {} does not load (a bug; please report it)\n",
                    file.string()));
  }
  return fmt::format("planned scenario in {}: `pimhsim run {}` runs it beside the comparator\n",
                     file.string(), file.string());
}

}  // namespace pimhsim::output
