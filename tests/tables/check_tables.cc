// A strict reader of a results directory, independent of the engine's own CSV code: every CSV
// file below DIR must be RFC 4180, with CRLF or LF line ends (one field per header column in every
// record, quotes only around whole fields, doubled inside), and must match the directory's
// codebook, columns.csv: the same columns in the same order, each field of the type the codebook
// names (integer, number, text, boolean `true`/`false`), empty only where the codebook says
// when. Numbers must be finite decimals a strict parser reads whole (no `inf`, `nan`, `1,000` or
// units). Usage: pimhsim_check_tables DIR...; exit 0 when every directory passes, 1 otherwise,
// with each problem as FILE:LINE:COLUMN.
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Field {
  std::string text;
  int line = 0, column = 0;
};
using Record = std::vector<Field>;

int problems = 0;

void problem(const std::string& where, const std::string& what) {
  ++problems;
  if (problems <= 50) std::cerr << where << ": " << what << "\n";
}

// RFC 4180, whose line break is CRLF; LF alone is accepted too (as every reader does), a bare CR
// is not.
std::optional<std::vector<Record>> parse(const std::string& name, const std::string& s) {
  std::vector<Record> records;
  if (s.empty() || s.back() != '\n') {
    problem(name, "the file is empty or does not end with a line break");
    return std::nullopt;
  }
  Record record;
  std::size_t i = 0;
  int line = 1, column = 1;
  while (i < s.size()) {
    Field f{"", line, column};
    if (s[i] == '"') {
      ++i, ++column;
      for (;;) {
        if (i >= s.size()) {
          problem(name + ":" + std::to_string(f.line) + ":" + std::to_string(f.column),
                  "a quoted field never closes");
          return std::nullopt;
        }
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            f.text += '"';
            i += 2, column += 2;
            continue;
          }
          ++i, ++column;
          break;
        }
        if (s[i] == '\n') ++line, column = 0;
        f.text += s[i++];
        ++column;
      }
      if (i + 1 < s.size() && s[i] == '\r' && s[i + 1] == '\n') ++i;
      if (i < s.size() && s[i] != ',' && s[i] != '\n') {
        problem(name + ":" + std::to_string(line) + ":" + std::to_string(column),
                "text after a closing quote");
        return std::nullopt;
      }
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '\n') {
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
          ++i;  // CRLF: the CR belongs to the line break
          break;
        }
        if (s[i] == '"' || s[i] == '\r') {
          problem(name + ":" + std::to_string(line) + ":" + std::to_string(column),
                  s[i] == '"' ? "a quote inside an unquoted field" : "a carriage return");
          return std::nullopt;
        }
        f.text += s[i++];
        ++column;
      }
    }
    record.push_back(std::move(f));
    if (s[i] == ',') {
      ++i, ++column;
      if (i < s.size() && s[i] == '\n') record.push_back({"", line, column});
      if (i >= s.size() || s[i] != '\n') continue;
    }
    // s[i] is the line break that ends the record.
    ++i, ++line, column = 1;
    records.push_back(std::move(record));
    record.clear();
  }
  return records;
}

bool is_integer(const std::string& t) {
  std::size_t i = t.starts_with('-') ? 1 : 0;
  if (i >= t.size()) return false;
  if (t[i] == '0' && t.size() > i + 1) return false;
  for (; i < t.size(); ++i)
    if (t[i] < '0' || t[i] > '9') return false;
  return true;
}

bool is_number(const std::string& t) {
  if (t.empty() || t.find_first_not_of("0123456789+-.eE") != std::string::npos) return false;
  if (t.front() == '+') return false;
  errno = 0;
  char* end = nullptr;
  const double x = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && errno != ERANGE && std::isfinite(x);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Doc {
  std::string column, type;
  bool may_be_empty = false;
};

void check_directory(const fs::path& dir) {
  const auto codebook = parse("columns.csv", slurp(dir / "columns.csv"));
  if (!codebook) return problem((dir / "columns.csv").string(), "no readable codebook");
  const std::vector<std::string> expected{"file", "column",  "type",
                                          "unit", "meaning", "empty_when"};
  std::vector<std::string> header;
  for (const auto& f : codebook->front()) header.push_back(f.text);
  if (header != expected) return problem("columns.csv:1", "not the codebook's header");
  std::map<std::string, std::vector<Doc>> docs;
  for (std::size_t r = 1; r < codebook->size(); ++r) {
    const auto& row = (*codebook)[r];
    const std::string where = "columns.csv:" + std::to_string(row.front().line);
    if (row.size() != expected.size()) {
      problem(where, "a row of another width than the header");
      continue;
    }
    static const std::set<std::string> types{"integer", "number", "text", "boolean"};
    if (!types.contains(row[2].text)) problem(where, "unknown type `" + row[2].text + "`");
    if (row[4].text.empty()) problem(where, "no meaning given for " + row[1].text);
    if (row[5].text.empty()) problem(where, "empty_when is empty (`never` when never)");
    docs[row[0].text].push_back({row[1].text, row[2].text, row[5].text != "never"});
  }
  std::size_t files = 0, cells = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().extension() != ".csv") continue;
    const std::string name = fs::relative(e.path(), dir).generic_string();
    if (name == "columns.csv") continue;
    ++files;
    const auto it = docs.find(name);
    if (it == docs.end()) {
      problem(name, "a CSV file the codebook does not describe");
      continue;
    }
    const auto& cols = it->second;
    const auto records = parse(name, slurp(e.path()));
    if (!records) continue;
    std::set<std::string> seen;
    const auto& head = records->front();
    if (head.size() != cols.size()) problem(name + ":1", "the header and the codebook differ");
    for (std::size_t c = 0; c < head.size() && c < cols.size(); ++c) {
      if (head[c].text != cols[c].column)
        problem(name + ":1:" + std::to_string(head[c].column),
                "column `" + head[c].text + "`, the codebook's is `" + cols[c].column + "`");
      if (!seen.insert(head[c].text).second)
        problem(name + ":1", "column `" + head[c].text + "` twice");
    }
    if (records->size() < 2) problem(name, "no rows");
    for (std::size_t r = 1; r < records->size(); ++r) {
      const auto& row = (*records)[r];
      if (row.size() != head.size()) {
        problem(
            name + ":" + std::to_string(row.front().line),
            std::to_string(row.size()) + " fields, the header has " + std::to_string(head.size()));
        continue;
      }
      for (std::size_t c = 0; c < row.size() && c < cols.size(); ++c, ++cells) {
        const auto& f = row[c];
        const std::string where =
            name + ":" + std::to_string(f.line) + ":" + std::to_string(f.column);
        const auto& d = cols[c];
        if (f.text.empty()) {
          if (!d.may_be_empty) problem(where, "`" + d.column + "` is empty");
          continue;
        }
        const bool ok = d.type == "integer"   ? is_integer(f.text)
                        : d.type == "number"  ? is_number(f.text)
                        : d.type == "boolean" ? (f.text == "true" || f.text == "false")
                                              : true;
        if (!ok) problem(where, "`" + d.column + "` is `" + f.text + "`, not " + d.type);
      }
    }
  }
  for (const auto& [file, cols] : docs)
    if (!fs::exists(dir / file)) problem("columns.csv", "describes a missing file " + file);
  std::cout << dir.string() << ": " << files << " CSV files, " << cells << " fields checked\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: pimhsim_check_tables DIR...\n";
    return 2;
  }
  for (int i = 1; i < argc; ++i) check_directory(argv[i]);
  if (problems > 50) std::cerr << "... and " << problems - 50 << " more problems\n";
  return problems == 0 ? 0 : 1;
}
