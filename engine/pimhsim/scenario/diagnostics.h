// Errors in scenario input, each tied to a place in a file, all collected before anything runs.
//
// A message reads `FILE:LINE:COLUMN: error: key.path: what is wrong (what was expected)`, the
// form compilers use, so editors and CI logs can jump to it. Warnings (`warning:` in place of
// `error:`) are kept apart: they do not stop a scenario from loading or running.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace pimhsim::scenario {

// A place in an input: 1-based line and column. Input that is not from a file (a --set
// option) names its origin in `file`.
struct Location {
  std::string file;
  int line = 1;
  int column = 1;
};

// The place of byte `offset` of `text`, which is named `origin`: its line, and its column
// counted in bytes from 1 (plus `column_offset`, for text that starts inside a line).
Location location_of_offset(std::string_view text, std::size_t offset, const std::string& origin,
                            int column_offset = 0);

struct Diagnostic {
  Location where;
  std::string path;      // key path, e.g. "parameters.p_HS1.value"; may be empty
  std::string message;   // what is wrong
  std::string expected;  // what was expected; may be empty
  bool warning = false;  // a warning, not an error
  std::string format() const;
};

class Diagnostics {
 public:
  void error(const Location& where, std::string path, std::string message,
             std::string expected = {});
  void warning(const Location& where, std::string path, std::string message,
               std::string expected = {});
  // Errors only: warnings do not count.
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  // In file order (files in order of first mention, then line and column).
  std::vector<Diagnostic> sorted() const;
  // The warnings, in file order.
  std::vector<Diagnostic> warnings() const;
  void print(std::ostream& out) const;

 private:
  std::vector<Diagnostic> items_;
  std::vector<Diagnostic> warnings_;
};

}  // namespace pimhsim::scenario
