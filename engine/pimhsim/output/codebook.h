// The codebook of a results directory, columns.csv: one row per column of every CSV file in it
// (file, column, type, unit, meaning, when it may be empty), so that an analyst can load every
// table into pandas or R with its types and units and no cleaning. Every column the engine writes
// is described here or by the writer that names it (a PSA's figures); a column without a
// description is a programming error, caught when the codebook is written.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

struct ColumnDoc {
  std::string file;    // a shell pattern: "results.csv"; "*" any file; "*tables/*" an input table
  std::string column;  // a header's name; "*" any column of `file` not described otherwise
  std::string type;    // integer, number, text or boolean (`true`/`false`)
  std::string unit;    // empty when none
  std::string meaning;
  std::string empty_when = {};  // when a field may be empty (an undefined number); else never
};

// The types a codebook names, in the order the strict check reads them.
inline constexpr const char* kColumnTypes[] = {"integer", "number", "text", "boolean"};

// columns.csv for the CSV files below `dir` (the files' paths relative to it), each column
// described by the first of: `extra` for its file, the codebook's entry for its file, the
// codebook's entry for any file, a wildcard of its file. Throws std::logic_error naming a column
// nothing describes.
std::string codebook_csv(const std::filesystem::path& dir, const std::vector<ColumnDoc>& extra);

// Writes columns.csv into the directory about to be committed.
void write_codebook(AtomicDirectory& dir, const std::vector<ColumnDoc>& extra = {});

// Rewrites columns.csv of a finished directory after a file was added to it (evppi.csv beside a
// PSA's files), keeping the descriptions it already has.
void update_codebook(const std::filesystem::path& dir);

// The columns of a scenario's input tables as the model reads them (copied into tables/).
std::vector<ColumnDoc> scenario_columns(const scenario::Scenario& s);

}  // namespace pimhsim::output
