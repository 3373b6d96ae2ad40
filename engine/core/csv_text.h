// One CSV field (RFC 4180): quoted, with quotes doubled, only when it holds a comma, a quote or
// a line break.
#pragma once

#include <string>

namespace pimhsim::core {

inline std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace pimhsim::core
