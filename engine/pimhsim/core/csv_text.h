// CSV fields (RFC 4180): text that holds a comma, a quote or a line break is quoted, with quotes
// doubled, so that a name such as "E06000052, E06000053" stays one field.
#pragma once

#include <string>

namespace pimhsim::core {

// Text quoted whatever it holds, quotes doubled (for columns that are always quoted).
inline std::string csv_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Text quoted only when it holds a comma, a quote or a line break.
inline std::string csv_text(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  return csv_quoted(s);
}

}  // namespace pimhsim::core
