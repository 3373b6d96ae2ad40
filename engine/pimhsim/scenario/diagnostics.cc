#include "pimhsim/scenario/diagnostics.h"

#include <algorithm>
#include <ostream>

namespace pimhsim::scenario {

Location location_of_offset(std::string_view text, std::size_t offset, const std::string& origin,
                            int column_offset) {
  int line = 1, column = 1 + column_offset;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1 + column_offset;
    } else {
      ++column;
    }
  }
  return {origin, line, column};
}

std::string Diagnostic::format() const {
  std::string s = where.file + ":" + std::to_string(where.line) + ":" +
                  std::to_string(where.column) + (warning ? ": warning: " : ": error: ");
  if (!path.empty()) s += path + ": ";
  s += message;
  if (!expected.empty()) s += " (" + expected + ")";
  return s;
}

void Diagnostics::error(const Location& where, std::string path, std::string message,
                        std::string expected) {
  items_.push_back({where, std::move(path), std::move(message), std::move(expected)});
}

void Diagnostics::warning(const Location& where, std::string path, std::string message,
                          std::string expected) {
  Diagnostic w{where, std::move(path), std::move(message), std::move(expected)};
  w.warning = true;
  warnings_.push_back(std::move(w));
}

namespace {

// In file order (files in order of first mention, then line and column).
std::vector<Diagnostic> in_file_order(const std::vector<Diagnostic>& items) {
  std::vector<std::string> files;
  for (const auto& d : items)
    if (std::find(files.begin(), files.end(), d.where.file) == files.end())
      files.push_back(d.where.file);
  auto rank = [&](const std::string& f) {
    return std::find(files.begin(), files.end(), f) - files.begin();
  };
  auto out = items;
  std::stable_sort(out.begin(), out.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const auto ra = rank(a.where.file), rb = rank(b.where.file);
    if (ra != rb) return ra < rb;
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
  return out;
}

}  // namespace

std::vector<Diagnostic> Diagnostics::sorted() const {
  return in_file_order(items_);
}

std::vector<Diagnostic> Diagnostics::warnings() const {
  return in_file_order(warnings_);
}

void Diagnostics::print(std::ostream& out) const {
  constexpr std::size_t kMaxShown = 200;
  const auto all = sorted();
  for (std::size_t i = 0; i < all.size() && i < kMaxShown; ++i) out << all[i].format() << '\n';
  if (all.size() > kMaxShown) out << "... and " << all.size() - kMaxShown << " more errors\n";
  out << all.size() << (all.size() == 1 ? " error" : " errors") << "; nothing was run\n";
}

}  // namespace pimhsim::scenario
