// A small RFC 4180 CSV reader for the tables scenarios refer to (area births, workforce).
// Every cell keeps its line and column so that problems in a table point into the table; the
// file's name is held once, for the whole table (a table of a million rows is read in memory
// linear in its size, with a small constant: docs/reliability.md, "The resource budget").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"

namespace pimhsim::scenario {

struct CsvTable {
  std::string file;
  std::string content;  // the file's bytes, as read (for the scenario's content hash)
  std::vector<std::string> header;
  std::vector<Location> header_where;
  std::vector<std::vector<std::string>> rows;
  // Where each data cell starts in `file`, row by row: row r's cells from row_first[r].
  struct CellAt {
    int line = 1, column = 1;
  };
  std::vector<CellAt> cells_at;
  std::vector<std::size_t> row_first;

  // Index of a column, or nothing.
  std::optional<std::size_t> column(const std::string& name) const;
  // Where cell c of row r starts.
  Location where(std::size_t r, std::size_t c) const {
    const CellAt& at = cells_at[row_first[r] + c];
    return {file, at.line, at.column};
  }
};

// Reads a table with a header row. `referenced_from` is where the scenario names the file.
std::optional<CsvTable> read_csv(const std::string& path, const Location& referenced_from,
                                 const std::string& key_path, Diagnostics& d);

// The same from a table's text, `path` naming it in diagnostics.
std::optional<CsvTable> parse_csv(std::string content, const std::string& path, Diagnostics& d);

}  // namespace pimhsim::scenario
