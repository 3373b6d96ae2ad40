// The one writer of every CSV file the engine writes (RFC 4180): a header of named columns, then
// rows whose fields are typed as the results' codebook (columns.csv) describes them: text quoted
// only when it holds a comma, a quote or a line break (quotes doubled); numbers in the shortest
// form that reads back to the same double; counts as integers; booleans as `true`/`false`; an
// undefined number (not finite) as an empty field. A row with too few or too many fields is a
// programming error (std::logic_error), never a ragged file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pimhsim::core {

// Text as one CSV field: quoted only when it holds a comma, a quote or a line break.
std::string csv_text(std::string_view s);

// Appends the fields of one row to a string; end() closes it.
class CsvRow {
 public:
  CsvRow(std::string& out, std::size_t columns) : out_(out), columns_(columns) {}
  CsvRow& text(std::string_view s);
  // The shortest decimal that reads back to x; empty when x is not finite (undefined).
  CsvRow& number(double x);
  CsvRow& number(const std::optional<double>& x) { return x ? number(*x) : empty(); }
  // A count: as an integer when x is one up to rounding error (a sum of scaled 0/1 outcomes such
  // as 896.0000000000001), else as number(x).
  CsvRow& count(double x);
  CsvRow& integer(long long x);
  CsvRow& flag(bool b);
  CsvRow& empty();
  // Ends the row with a newline; throws std::logic_error unless it has one field per column.
  void end();

 private:
  void separate();
  std::string& out_;
  std::size_t columns_;
  std::size_t fields_ = 0;
};

// A CSV file built in memory, or the header and row shape of one written piece by piece.
class CsvTable {
 public:
  explicit CsvTable(std::vector<std::string> columns);
  const std::vector<std::string>& columns() const { return columns_; }
  // The first line, newline included.
  std::string header() const;
  // A row appended to this table's own text.
  CsvRow row() { return CsvRow(text_, columns_.size()); }
  // A row of this table's shape appended to `out` (rows written elsewhere, as partitions are).
  CsvRow row(std::string& out) const { return CsvRow(out, columns_.size()); }
  // The header and every row appended with row().
  const std::string& text() const { return text_; }

 private:
  std::vector<std::string> columns_;
  std::string text_;
};

// Columns put before a table's own, each with one value for every row: what produced the rows
// (the scenario and its variant), so that the tables of many results directories can be stacked.
class CsvLead {
 public:
  CsvLead() = default;
  explicit CsvLead(std::vector<std::pair<std::string, std::string>> columns);
  bool empty() const { return names_.empty(); }
  // `csv`, a header and its rows, with the columns first; unchanged if its header already starts
  // with them.
  std::string table(std::string_view csv) const;
  // The header of a table with these columns first (newline included).
  std::string header(const std::vector<std::string>& columns) const;
  // Whole rows (records of a table without its header) with the values first, appended to `out`.
  void rows(std::string_view records, std::string& out) const;

 private:
  std::string names_, values_;  // "a,b," and the values' fields, each followed by a comma
};

}  // namespace pimhsim::core
