#include "pimhsim/scenario/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "pimhsim/core/utf8.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::scenario {

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

MapReader::MapReader(const Node& node, std::string path, Diagnostics& diagnostics)
    : node_(node), path_(std::move(path)), diagnostics_(diagnostics), ok_(node.is_map()) {
  if (!ok_)
    diagnostics_.error(node.where, path_, "found " + node.describe(),
                       "a mapping of keys to values");
}

const Node* MapReader::optional(std::string_view key) {
  allow(key);
  return ok_ ? node_.get(key) : nullptr;
}

const Node* MapReader::required(std::string_view key, std::string_view expected) {
  const Node* n = optional(key);
  if (n == nullptr && ok_) missing_.emplace_back(key, expected);
  return n;
}

void MapReader::allow(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
}

void MapReader::finish() {
  if (!ok_) return;
  std::vector<std::string> suggested;
  for (const auto& e : node_.entries) {
    if (std::find(known_.begin(), known_.end(), e.key) != known_.end()) continue;
    std::string message = "unknown key";
    if (const auto s = nearest(e.key, known_)) {
      message += "; did you mean `" + *s + "`?";
      suggested.push_back(*s);
    }
    std::string expected = "one of: ";
    for (std::size_t i = 0; i < known_.size(); ++i) expected += (i ? ", " : "") + known_[i];
    diagnostics_.error(e.key_where, path_of(e.key), message, expected);
  }
  for (const auto& [key, expected] : missing_)
    if (std::find(suggested.begin(), suggested.end(), key) == suggested.end())
      diagnostics_.error(node_.where, path_of(key), "missing", expected);
  missing_.clear();
}

std::optional<double> parse_number(std::string_view text, std::string* why) {
  auto fail = [&](std::string w) -> std::optional<double> {
    if (why) *why = std::move(w);
    return std::nullopt;
  };
  std::string_view t = text;
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  const std::string lowered = [&] {
    std::string s(t);
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
  }();
  if (lowered == ".nan" || lowered == "nan") return fail("not a number (NaN)");
  if (lowered.find("inf") != std::string::npos) return fail("infinite");
  double value = 0;
  const auto [end, ec] =
      std::from_chars(t.data(), t.data() + t.size(), value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range)
    return fail("out of the range of a double-precision number");
  if (ec != std::errc() || end != t.data() + t.size() || t.empty()) return fail("not a number");
  if (!std::isfinite(value)) return fail("not a finite number");
  return value;
}

std::optional<double> read_number(const Node& n, const std::string& path, Diagnostics& d) {
  if (!n.is_scalar() || !n.plain) {
    d.error(n.where, path, "found " + n.describe(), "a number");
    return std::nullopt;
  }
  std::string why;
  const auto v = parse_number(n.scalar, &why);
  if (!v)
    d.error(n.where, path, fmt::format("`{}` is {}", core::utf8_prefix(n.scalar, 40), why),
            "a finite number");
  return v;
}

std::optional<double> read_number_in(const Node& n, const std::string& path, Diagnostics& d,
                                     double min, double max, const std::string& expected) {
  const auto v = read_number(n, path, d);
  if (!v) return v;
  if (*v < min || *v > max) {
    d.error(n.where, path, "value " + n.scalar + " is out of range", expected);
    return std::nullopt;
  }
  return v;
}

std::optional<std::int64_t> read_integer(const Node& n, const std::string& path, Diagnostics& d,
                                         std::int64_t min, std::int64_t max) {
  const std::string expected =
      "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!n.is_scalar() || !n.plain) {
    d.error(n.where, path, "found " + n.describe(), expected);
    return std::nullopt;
  }
  std::string why;
  const auto v = parse_number(n.scalar, &why);
  if (!v) {
    d.error(n.where, path, fmt::format("`{}` is {}", core::utf8_prefix(n.scalar, 40), why),
            expected);
    return std::nullopt;
  }
  if (*v != std::floor(*v)) {
    d.error(n.where, path, "`" + n.scalar + "` is not a whole number", expected);
    return std::nullopt;
  }
  // double(INT64_MAX) rounds up to 2^63, which does not convert back: reject it explicitly.
  if (*v < static_cast<double>(min) || *v > static_cast<double>(max) || *v >= 0x1p63) {
    d.error(n.where, path, "value " + n.scalar + " is out of range", expected);
    return std::nullopt;
  }
  return static_cast<std::int64_t>(*v);
}

std::optional<std::uint64_t> read_seed(const Node& n, const std::string& path, Diagnostics& d) {
  const std::string expected = "a whole number from 0 to 18446744073709551615";
  std::uint64_t value = 0;
  if (n.is_scalar() && n.plain) {
    const auto* b = n.scalar.data();
    const auto [end, ec] = std::from_chars(b, b + n.scalar.size(), value);
    if (ec == std::errc() && end == b + n.scalar.size() && !n.scalar.empty()) return value;
  }
  d.error(n.where, path, "found " + n.describe(), expected);
  return std::nullopt;
}

std::optional<bool> read_bool(const Node& n, const std::string& path, Diagnostics& d) {
  if (n.is_scalar() && n.plain) {
    if (n.scalar == "true" || n.scalar == "True" || n.scalar == "TRUE") return true;
    if (n.scalar == "false" || n.scalar == "False" || n.scalar == "FALSE") return false;
  }
  d.error(n.where, path, "found " + n.describe(), "true or false");
  return std::nullopt;
}

std::optional<std::string> read_text(const Node& n, const std::string& path, Diagnostics& d) {
  if (n.is_scalar()) return n.scalar;
  d.error(n.where, path, "found " + n.describe(), "text");
  return std::nullopt;
}

}  // namespace pimhsim::scenario
