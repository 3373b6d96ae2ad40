// pimhsim_golden_normalise: rewrites one output file into the form whose digest the golden-output
// harness stores (tests/golden/golden.cmake).
//
//   pimhsim_golden_normalise IN OUT RESULTS_DIR
//
// 1. Lines that differ between two runs of the same scenario and seed are dropped: a manifest's
//    "command_line", "git_revision", "pimhsim_version", "threads" and "wall_seconds", and the
//    terminal's closing line ("... in 0.2 s on 2 thread(s); results in DIR").
// 2. RESULTS_DIR, wherever it appears, becomes `<OUT>`, so the build directory does not matter.
// 3. Every number with more than kSignificant significant digits is rounded to kSignificant
//    (printf's %.*g): the harness guards results to nine significant digits, so a compiler's or
//    libm's last-bit difference does not count as a change, and anything larger does. A "number"
//    is a decimal literal standing alone: not part of a word such as an area code (E06000047) or
//    a hash (356db118...).
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

namespace {

constexpr int kSignificant = 9;

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// True for a line that two identical runs write differently.
bool volatile_line(std::string_view line) {
  for (std::string_view key : {"\"command_line\":", "\"git_revision\":", "\"pimhsim_version\":",
                               "\"threads\":", "\"wall_seconds\":"}) {
    if (line.find(key) != std::string_view::npos) return true;
  }
  // The terminal's closing line: "<what> in <seconds> s[ on N thread(s)]; results in <dir>".
  const auto in = line.find(" s; results in ");
  const auto on = line.find(" thread(s); results in ");
  return in != std::string_view::npos || on != std::string_view::npos;
}

// The count of significant digits in a decimal literal's mantissa.
int significant_digits(std::string_view number) {
  int count = 0;
  bool leading = true;
  for (char c : number) {
    if (c == 'e' || c == 'E') break;
    if (!is_digit(c)) continue;
    if (leading && c == '0') continue;
    leading = false;
    ++count;
  }
  return count;
}

std::string round_numbers(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  std::size_t i = 0;
  while (i < line.size()) {
    const bool starts =
        is_digit(line[i]) || (line[i] == '-' && i + 1 < line.size() && is_digit(line[i + 1]));
    const bool after_word = i > 0 && (is_word_char(line[i - 1]) || line[i - 1] == '.');
    if (!starts || after_word) {
      out += line[i++];
      continue;
    }
    std::size_t j = i + (line[i] == '-' ? 1 : 0);
    while (j < line.size() && is_digit(line[j])) ++j;
    if (j + 1 < line.size() && line[j] == '.' && is_digit(line[j + 1])) {
      ++j;
      while (j < line.size() && is_digit(line[j])) ++j;
    }
    if (j < line.size() && (line[j] == 'e' || line[j] == 'E')) {
      std::size_t k = j + 1;
      if (k < line.size() && (line[k] == '+' || line[k] == '-')) ++k;
      if (k < line.size() && is_digit(line[k])) {
        while (k < line.size() && is_digit(line[k])) ++k;
        j = k;
      }
    }
    const std::string_view token = line.substr(i, j - i);
    if ((j < line.size() && is_word_char(line[j])) || significant_digits(token) <= kSignificant) {
      // Part of a word, or already short enough: kept as written.
      while (j < line.size() && is_word_char(line[j])) ++j;
      out.append(line.substr(i, j - i));
    } else {
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.*g", kSignificant,
                    std::strtod(std::string(token).c_str(), nullptr));
      out += buffer;
    }
    i = j;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: pimhsim_golden_normalise IN OUT RESULTS_DIR\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::cerr << "pimhsim_golden_normalise: cannot read " << argv[1] << "\n";
    return 1;
  }
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string results_dir = argv[3];
  std::ofstream out(argv[2], std::ios::binary);
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    const bool newline = end != std::string::npos;
    if (!newline) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (volatile_line(line)) continue;
    if (!results_dir.empty()) {
      for (std::size_t at = line.find(results_dir); at != std::string::npos;
           at = line.find(results_dir, at + 5)) {
        line.replace(at, results_dir.size(), "<OUT>");
      }
    }
    out << round_numbers(line) << (newline ? "\n" : "");
  }
  if (!out) {
    std::cerr << "pimhsim_golden_normalise: cannot write " << argv[2] << "\n";
    return 1;
  }
  return 0;
}
