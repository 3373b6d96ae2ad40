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

CsvLead::CsvLead(std::vector<std::pair<std::string, std::string>> columns) {
  for (const auto& [name, value] : columns) {
    names_ += csv_text(name) + ",";
    values_ += csv_text(value) + ",";
  }
}

std::string CsvLead::header(const std::vector<std::string>& columns) const {
  return names_ + CsvTable(columns).header();
}

void CsvLead::rows(std::string_view records, std::string& out) const {
  out.reserve(out.size() + records.size() + values_.size() * (records.size() / 64 + 1));
  bool quoted = false, start = true;
  for (const char c : records) {
    if (start) out += values_;
    out += c;
    if (c == '"') quoted = !quoted;  // a doubled quote toggles twice
    start = c == '\n' && !quoted;
  }
}

std::string CsvLead::table(std::string_view csv) const {
  if (empty() || csv.substr(0, names_.size()) == names_) return std::string(csv);
  // The header ends at its first newline outside quotes; column names hold none.
  const std::size_t end = csv.find('\n');
  if (end == std::string_view::npos) return std::string(csv);
  std::string out = names_;
  out.append(csv.substr(0, end + 1));
  rows(csv.substr(end + 1), out);
  return out;
}

}  // namespace pimhsim::core
