// What a report reads from the results directories of `pimhsim psa`, `dsa`, `plan` and `compare`,
// and their pages (report_html.h's ReportPage). Each reads only the directory's documented files:
// the CSV tables where they hold what a report needs, and the command's JSON summary (read in one
// place, report_json.cc) for the rest. A missing or malformed file is bad input naming it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/status.h"
#include "pimhsim/output/report_html.h"
#include "pimhsim/scenario/csv.h"

namespace pimhsim::output {

// What every results directory's manifest.json and scenario say about it.
struct ResultHeader {
  std::filesystem::path directory;
  std::string version, command_line;  // manifest.json
  std::string scenario_name, model, currency = "GBP";
};

struct PsaResults : ResultHeader {
  std::string comparator, method, per = "person";  // per: whom the decision's values are per
  long long iterations = 0;
  std::optional<double> annual_population;
  std::optional<long long> decision_years;
  std::vector<double> thresholds;    // the decision's (the scenario's)
  std::vector<std::string> options;  // comparator first, as ceac.csv lists them
  std::vector<std::string> warnings;
  struct Evppi {
    std::string group, parameters;  // parameters joined by ", "
    double wtp = 0, value = 0, se = 0;
    std::optional<double> population;
  };
  std::vector<Evppi> evppi;  // evppi.csv if `pimhsim evppi` wrote it, else psa_summary.json's
  std::string evppi_file;
  scenario::CsvTable ce_plane, ceac, convergence;
  // manifest.json's `calibrated`: a PSA on a calibration's posterior (`psa --parameter-sets`).
  struct Calibrated {
    std::string file, content_hash, targets_file;
    std::vector<std::string> parameters;
    long long points = 0;
    std::optional<double> ess;
  };
  std::optional<Calibrated> calibrated;
};

struct DsaResults : ResultHeader {
  std::string comparator, outcome_name, outcome_label;
  std::optional<double> wtp;
  std::optional<scenario::CsvTable> tornado, two_way, threshold;
};

struct PlanResults : ResultHeader {
  std::string target, measure, rule;
  bool reachable = true;
  std::optional<double> total_wte, annual_post_cost, budget;
  struct Reconciliation {
    std::string question;
    double total_wte = 0, annual_post_cost = 0;
  };
  std::vector<Reconciliation> reconciliation;
  std::optional<scenario::CsvTable> dose_response, plan;
};

struct CompareResults : ResultHeader {
  std::string random_numbers;  // what comparison.json says of common random numbers
  std::vector<std::string> scenarios;
  // The option with the highest expected net monetary benefit at each threshold, and its lead.
  struct Choice {
    double threshold = 0;
    std::string option, runner_up;
    std::optional<double> lead, lead_se;
  };
  std::vector<Choice> choices;
  scenario::CsvTable frontier, headline;
};

// Each reads `dir`; bad input, naming the file and what was expected, if it is not that command's
// results directory or one of its files cannot be read as that command writes it.
core::Expected<PsaResults> read_psa_results(const std::filesystem::path& dir);
core::Expected<DsaResults> read_dsa_results(const std::filesystem::path& dir);
core::Expected<PlanResults> read_plan_results(const std::filesystem::path& dir);
core::Expected<CompareResults> read_compare_results(const std::filesystem::path& dir);

// The pages.
ReportPage psa_page(const PsaResults& r);
ReportPage dsa_page(const DsaResults& r);
ReportPage plan_page(const PlanResults& r);
ReportPage compare_page(const CompareResults& r);

// (report_labels.cc) A measure's or headline figure's name in plain words ("timely_specialist":
// "Referrals seen by the specialist in time"; an unknown name with its underscores as spaces); a
// plan's target in words ("... at least 80%"); a figure's value ± SE formatted for its kind (a year
// as a year, money with its scale, WTE to one decimal, counts with separators).
std::string plain_label(const std::string& name);
// A parameter's name in words: its model's description of it, capitalised ("p_HS1" of the
// Sick-Sicker model: "Annual probability Healthy -> Sick"); a share of a split parameter adds the
// share ("Severity mix of depression: moderate"); a name the model does not declare, or of an
// unknown model, as it is.
std::string parameter_words(const std::string& model, const std::string& name);
// Words that start a name, for the middle of a sentence: "Utility in Sick" as "utility in Sick".
std::string lower_first(std::string words);
std::string target_words(const std::string& target);
std::string figure_text(const std::string& name, double value, double se);
// `labels` without the part every one starts with up to a ": " or ", " (given back as `prefix`),
// so that options of one scenario are named by what tells them apart; unchanged if none.
std::vector<std::string> without_common_prefix(const std::vector<std::string>& labels,
                                               std::string& prefix);

// The JSON files' readers (report_json.cc), filling what the tables do not hold.
core::Status read_manifest_json(const std::filesystem::path& dir, ResultKind kind,
                                ResultHeader& into);
core::Status read_psa_json(const std::filesystem::path& dir, PsaResults& into);
core::Status read_dsa_json(const std::filesystem::path& dir, DsaResults& into);
core::Status read_plan_json(const std::filesystem::path& dir, PlanResults& into);
core::Status read_compare_json(const std::filesystem::path& dir, CompareResults& into);

}  // namespace pimhsim::output
