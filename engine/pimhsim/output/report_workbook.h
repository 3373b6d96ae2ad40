// The report's workbook: the summary tables of a results directory as an .xlsx file beside the
// page, for analysts who work in spreadsheets. A first sheet, "About", says what the directory is
// (the command, the scenario, the seed and the version, from manifest.json) and lists the sheets
// with the file each comes from; then one sheet per summary table. Each sheet's first row names
// its columns with their units, "cost (GBP)", from the directory's codebook (columns.csv), with
// the column's meaning as the header cell's comment; numbers are written as numbers, booleans as
// booleans, an undefined number as an empty cell. Written with libxlsxwriter.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/status.h"
#include "pimhsim/output/report_data.h"
#include "pimhsim/output/report_kinds.h"
#include "pimhsim/scenario/csv.h"

namespace pimhsim::output {

// A cell of a sheet: nothing, a number, a text or a boolean.
struct WorkbookCell {
  enum class Kind { kEmpty, kNumber, kText, kBoolean };
  Kind kind = Kind::kEmpty;
  double number = 0;
  std::string text;
  static WorkbookCell of(double x) { return {Kind::kNumber, x, {}}; }
  static WorkbookCell of(std::optional<double> x) { return x ? of(*x) : WorkbookCell{}; }
  static WorkbookCell of(std::string s) { return {Kind::kText, 0, std::move(s)}; }
  static WorkbookCell of(bool b) { return {Kind::kBoolean, b ? 1.0 : 0.0, {}}; }
};

struct WorkbookColumn {
  std::string name;     // as in the file it comes from
  std::string unit;     // empty when none; "see unit": the row's `unit` column gives it
  std::string meaning;  // the header cell's comment
  bool integer = false;
  bool money = false;  // shown with thousands separators and no decimals
};

struct WorkbookSheet {
  std::string name;    // at most 31 characters
  std::string source;  // the file (and place in it) the figures come from
  std::string about;   // what the sheet shows, in one sentence
  std::vector<WorkbookColumn> columns;
  std::vector<std::vector<WorkbookCell>> rows;
};

struct Workbook {
  std::vector<std::pair<std::string, std::string>> about;  // the About sheet's first rows
  std::vector<WorkbookSheet> sheets;
};

// A directory's codebook (columns.csv): file -> column -> its type, unit and meaning. Empty if
// the directory has none.
struct ColumnInfo {
  std::string type, unit, meaning;
};
using Codebook = std::map<std::string, std::map<std::string, ColumnInfo>>;
Codebook read_codebook(const std::filesystem::path& dir);

// A sheet of a CSV table of the directory (`file`, as named in the codebook): every column but
// `scenario` and `variant` where each row has the same value in them (the About sheet names the
// scenario), typed and with units by the codebook; a cell the codebook calls a number that is not
// one stays text. `currency`: the unit shown as money.
WorkbookSheet csv_sheet(const scenario::CsvTable& table, const std::string& file,
                        const Codebook& codebook, const std::string& currency,
                        const std::string& name, const std::string& about);

// The About sheet's rows for the directory `dir` of a command's results (`kind`): what it is, the
// scenario, the command line, the seed and the version, from its manifest.json.
std::vector<std::pair<std::string, std::string>> workbook_about(const std::filesystem::path& dir,
                                                                ResultKind kind,
                                                                const std::string& scenario);

// Each kind's sheets (report_workbook_sheets.cc).
std::vector<WorkbookSheet> run_sheets(const RunResults& r, const Codebook& codebook);
std::vector<WorkbookSheet> psa_sheets(const PsaResults& r, const Codebook& codebook);
std::vector<WorkbookSheet> dsa_sheets(const DsaResults& r, const Codebook& codebook);
std::vector<WorkbookSheet> plan_sheets(const PlanResults& r, const Codebook& codebook);
std::vector<WorkbookSheet> compare_sheets(const CompareResults& r, const Codebook& codebook);

// Writes `book` to `file` (an .xlsx), whole or not at all; failed, saying why, if it cannot.
core::Status write_workbook(const Workbook& book, const std::filesystem::path& file);

}  // namespace pimhsim::output
