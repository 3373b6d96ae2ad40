#include "pimhsim/core/csv_table.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace pimhsim::core {

std::string csv_text(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void CsvRow::separate() {
  if (fields_++ > 0) out_ += ',';
}

CsvRow& CsvRow::text(std::string_view s) {
  separate();
  out_ += csv_text(s);
  return *this;
}

CsvRow& CsvRow::number(double x) {
  separate();
  if (std::isfinite(x)) fmt::format_to(std::back_inserter(out_), "{}", x == 0 ? 0.0 : x);
  return *this;
}

CsvRow& CsvRow::count(double x) {
  const double r = std::round(x);
  // Sums of a few million scaled 0/1 outcomes carry a few ulps of error, far below 1e-9.
  if (std::isfinite(x) && std::fabs(x - r) <= 1e-9 * std::max(1.0, std::fabs(x)) &&
      std::fabs(r) < 9e15) {
    separate();
    fmt::format_to(std::back_inserter(out_), "{}", static_cast<long long>(r));
    return *this;
  }
  return number(x);
}

CsvRow& CsvRow::integer(long long x) {
  separate();
  fmt::format_to(std::back_inserter(out_), "{}", x);
  return *this;
}

CsvRow& CsvRow::flag(bool b) {
  separate();
  out_ += b ? "true" : "false";
  return *this;
}

CsvRow& CsvRow::empty() {
  separate();
  return *this;
}

void CsvRow::end() {
  if (fields_ != columns_)
    throw std::logic_error(
        fmt::format("a CSV row with {} fields in a table of {} columns", fields_, columns_));
  out_ += '\n';
}

CsvTable::CsvTable(std::vector<std::string> columns) : columns_(std::move(columns)) {
  text_ = header();
}

std::string CsvTable::header() const {
  std::string h;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (i > 0) h += ',';
    h += csv_text(columns_[i]);
  }
  return h + '\n';
}

}  // namespace pimhsim::core
