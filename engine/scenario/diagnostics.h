// Errors in scenario input, each tied to a place in a file, all collected before anything runs.
//
// A message reads `FILE:LINE:COLUMN: error: key.path: what is wrong (what was expected)`, the
// form compilers use, so editors and CI logs can jump to it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace pimhsim::scenario {

// A place in an input: 1-based line and column. Input that is not from a file (a --set
// option) names its origin in `file`.
struct Location {
  std::string file;
  int line = 1;
  int column = 1;
};

struct Diagnostic {
  Location where;
  std::string path;      // key path, e.g. "parameters.p_HS1.value"; may be empty
  std::string message;   // what is wrong
  std::string expected;  // what was expected; may be empty
  std::string format() const;
};

class Diagnostics {
 public:
  void error(const Location& where, std::string path, std::string message,
             std::string expected = {});
  bool empty() const { return items_.empty(); }
  std::size_t size() const { return items_.size(); }
  // In file order (files in order of first mention, then line and column).
  std::vector<Diagnostic> sorted() const;
  void print(std::ostream& out) const;

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace pimhsim::scenario
