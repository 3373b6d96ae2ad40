#include "pimhsim/analysis/journal_format.h"

#include <fmt/format.h>

#include <charconv>

#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

std::string checksummed_line(std::string_view body) {
  return fmt::format("{},#{}\n", body, scenario::fnv1a64_hex(body));
}

std::optional<std::string_view> checked_body(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  const auto hash_at = line.rfind(",#");
  if (hash_at == std::string_view::npos || line.size() != hash_at + 18) return std::nullopt;
  const std::string_view body = line.substr(0, hash_at);
  if (scenario::fnv1a64_hex(body) != line.substr(hash_at + 2)) return std::nullopt;
  return body;
}

std::vector<std::string_view> split_fields(std::string_view text) {
  std::vector<std::string_view> fields;
  for (std::size_t start = 0;;) {
    const auto comma = text.find(',', start);
    fields.push_back(text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return fields;
}

std::optional<double> read_number(std::string_view field) {
  double x = 0;
  const auto [p, ec] = std::from_chars(field.data(), field.data() + field.size(), x);
  if (field.empty() || ec != std::errc() || p != field.data() + field.size()) return std::nullopt;
  return x;
}

}  // namespace pimhsim::analysis
