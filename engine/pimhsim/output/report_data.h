// What a report reads from a results directory: only the directory's documented files, checked as
// they are read, so that a report can be made again later, and from a copy of the directory. For
// `pimhsim run`: manifest.json, summary.json, scenario.resolved.yaml and, where the model writes
// them, funnel.csv, staffing.csv, staffing_by_area.csv, budget_impact.csv, payback.csv,
// frontier.csv and the areas table in tables/. The other commands' files are
// read by report_kinds.h, with the helpers below.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/status.h"
#include "pimhsim/scenario/csv.h"

namespace pimhsim::output {

// A figure with its Monte Carlo standard error.
struct SeFigure {
  double value = 0, se = 0;
};

struct RunResults {
  std::filesystem::path directory;
  // manifest.json
  std::string version, command_line, content_hash;
  // summary.json
  std::string scenario_name, scenario_file, model, currency = "GBP";
  std::optional<int> start_year;
  int horizon = 0;
  long long replicates = 0, seed = 0;
  std::optional<double> scale;

  struct Option {
    std::string name;
    std::vector<std::string> overrides;
    std::string description = {};  // the scenario's words for it, if it gives them
  };
  std::vector<Option> options;

  // The incremental analysis (frontier), which every model's summary has.
  struct FrontierRow {
    std::string option, status, compared_with;
    SeFigure cost, effect;
    std::optional<double> icer;
  };
  std::vector<FrontierRow> frontier;
  // The option with the highest expected net monetary benefit at each threshold, with its lead
  // over the next best.
  struct Choice {
    double threshold = 0;
    std::string option, runner_up;
    std::optional<SeFigure> lead;
  };
  std::vector<Choice> choices;

  // The economic evaluation by perspective (a model with a cost ledger: summary.json's
  // `economics`), each option against the first.
  struct PerspectiveReturn {
    std::string perspective;
    SeFigure savings, net_savings;
    std::optional<SeFigure> roi;
    std::optional<int> payback_year;
  };
  struct Increment {
    std::string option, comparator;
    double investment = 0;
    std::vector<PerspectiveReturn> by_perspective;
    SeFigure cost, qalys;  // the cost-effectiveness view's cost (with investment) and QALYs
    std::optional<double> icer;
    std::string icer_text;
    std::map<double, SeFigure> nmb;  // by threshold
  };
  std::vector<Increment> increments;
  std::vector<double> thresholds;
  std::string cost_effectiveness_view;
  std::map<std::string, std::string> perspectives;  // name -> what it counts
  std::vector<std::string> notes;

  // The tables a model writes beside summary.json, where it does.
  std::optional<scenario::CsvTable> funnel, staffing, budget_impact, payback;
  // frontier.csv, and staffing_by_area.csv (option x area x year) with each area's births a year
  // from the areas table the run read (tables/; merged areas' codes joined by ", " add up).
  std::optional<scenario::CsvTable> frontier_table, staffing_by_area;
  std::map<std::string, double> area_births;
  std::map<std::string, std::vector<std::string>> area_merges;  // areas.merge: into -> from

  // scenario.resolved.yaml: the economics settings and every parameter with its source.
  std::vector<std::pair<std::string, std::string>> settings;  // label, value
  struct Parameter {
    std::string key, value, unit, source;
    bool assumption = false;
  };
  std::vector<Parameter> parameters;
};

// What a results directory holds, by the file each command alone writes: psa_summary.json,
// dsa_summary.json, plan.json, comparison.json, calibration.json or (run) summary.json.
enum class ResultKind { kUnknown, kRun, kPsa, kDsa, kPlan, kCompare, kCalibration };
ResultKind result_kind(const std::filesystem::path& dir);
// "the results directory of `pimhsim psa`", for messages.
std::string expected_directory(ResultKind kind);
// Bad input naming `file`, what is wrong with it and what was expected.
core::Status bad_result_file(const std::filesystem::path& file, const std::string& what,
                             ResultKind kind);
// Bad input unless `dir` is a directory with the manifest.json PIMHsim writes.
core::Status check_results_directory(const std::filesystem::path& dir, ResultKind kind);
// A CSV file of a results directory, with `columns` checked; a missing file is bad input if
// `required`, else leaves `out` empty.
core::Status read_result_table(const std::filesystem::path& file,
                               const std::vector<std::string>& columns, bool required,
                               ResultKind kind, std::optional<scenario::CsvTable>& out);

// Bad input, naming the file and what was expected, if `dir` is not the results directory of a
// run or one of its files cannot be read as that command writes it.
core::Expected<RunResults> read_run_results(const std::filesystem::path& dir);

// The number in a cell of a table read with read_run_results (an empty cell: nothing).
std::optional<double> cell_number(const scenario::CsvTable& table, std::size_t row,
                                  const std::string& column);
const std::string& cell_text(const scenario::CsvTable& table, std::size_t row,
                             const std::string& column);

}  // namespace pimhsim::output
