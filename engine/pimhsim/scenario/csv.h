// A small RFC 4180 CSV reader for the tables scenarios refer to (area births, workforce).
// Every cell keeps its line and column so that problems in a table point into the table.
#pragma once

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
  std::vector<std::vector<Location>> where;  // per row, per cell

  // Index of a column, or nothing.
  std::optional<std::size_t> column(const std::string& name) const;
};

// Reads a table with a header row. `referenced_from` is where the scenario names the file.
std::optional<CsvTable> read_csv(const std::string& path, const Location& referenced_from,
                                 const std::string& key_path, Diagnostics& d);

// The same from a table's text, `path` naming it in diagnostics.
std::optional<CsvTable> parse_csv(std::string content, const std::string& path, Diagnostics& d);

}  // namespace pimhsim::scenario
