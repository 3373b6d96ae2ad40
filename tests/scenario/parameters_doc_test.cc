// docs/parameters.md against the default scenario: every parameter of scenarios/england.yaml has
// a row in the page's tables with the scenario's value, one-way range and assumption label, and
// every assumption is in the page's "Assumptions to test". The page is where a reader finds each
// default's source; this keeps the two from drifting apart when a value changes.
#include <doctest/doctest.h>

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pimhsim/core/parameter.h"
#include "support/scenarios.h"

namespace {

// The cells of a Markdown table row, trimmed; empty for a line that is not a row.
std::vector<std::string> doc_row_cells(const std::string& line) {
  std::vector<std::string> cells;
  if (line.size() < 2 || line.front() != '|') return cells;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {
    if (line[i] != '|') {
      cell += line[i];
      continue;
    }
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    cell.clear();
  }
  return cells;
}

// A number as the page writes it: thousands separated by commas, a Unicode minus or a hyphen.
bool doc_number(std::string text, double& out) {
  std::string plain;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\u2212") == 0) {
      plain += '-';
      i += 2;
    } else if (text[i] != ',') {
      plain += text[i];
    }
  }
  if (plain.empty()) return false;
  char* end = nullptr;
  out = std::strtod(plain.c_str(), &end);
  return end != nullptr && *end == '\0';
}

bool same_figure(double doc, double value) {
  return std::abs(doc - value) <= 1e-9 * std::max(1.0, std::abs(value));
}

// The parameters a row's first cell names: "`a.b.c`", or a group, "`a.b.c` / `d` / `e`" or
// "`a.b.c`, `.d`, `.e`", whose later names are siblings of the first.
std::vector<std::string> doc_row_names(const std::string& cell) {
  std::vector<std::string> names;
  for (std::size_t at = cell.find('`'); at != std::string::npos;) {
    const auto end = cell.find('`', at + 1);
    if (end == std::string::npos) break;
    std::string name = cell.substr(at + 1, end - at - 1);
    if (!names.empty()) {
      const auto& first = names.front();
      const std::string parent = first.substr(0, first.rfind('.'));
      name = parent + (name.front() == '.' ? "" : ".") + name;
    }
    names.push_back(name);
    at = cell.find('`', end + 1);
  }
  return names;
}

// A row's values, one per name: "38,682 / 40,823 / 46,580" or "0.375, 3, 3" for a group; for
// one name the whole cell.
std::vector<std::string> doc_row_values(const std::string& cell, std::size_t names) {
  if (names == 1) return {cell};
  std::vector<std::string> values;
  const std::string separator = cell.find(" / ") != std::string::npos ? " / " : ", ";
  std::size_t at = 0;
  for (auto next = cell.find(separator); next != std::string::npos;
       at = next + separator.size(), next = cell.find(separator, at))
    values.push_back(cell.substr(at, next - at));
  values.push_back(cell.substr(at));
  return values;
}

}  // namespace

TEST_CASE("parameters doc: every default of england.yaml has its value, range and label there") {
  const auto s = pimhsim::test::load_shipped("scenarios/england.yaml");
  std::ifstream in(std::string(PIMHSIM_SOURCE_DIR) + "/docs/parameters.md");
  REQUIRE(in.good());
  std::map<std::string, std::vector<std::string>> rows;     // name -> the main tables' row
  std::map<std::string, std::vector<std::string>> to_test;  // the assumptions' table
  std::set<std::string> grouped;  // assumptions "Assumptions to test" names as a group
  bool in_assumptions = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("## ", 0) == 0) in_assumptions = line == "## Assumptions to test";
    const auto cells = doc_row_cells(line);
    if (cells.size() == 5 && (cells[0] == "mother" || cells[0] == "child")) {
      // "Years over which costs fall": | person | line | start | end | end low – high |, all
      // assumptions, which "Assumptions to test" names as a group.
      const std::string years = "long_term.years." + cells[0] + "." + cells[1];
      rows.emplace(years + ".start", std::vector<std::string>{years, cells[2]});
      rows.emplace(years + ".end", std::vector<std::string>{years, cells[3]});
      grouped.insert(years + ".start");
      grouped.insert(years + ".end");
      continue;
    }
    if (cells.size() < 3 || cells[0].size() < 3 || cells[0].front() != '`') continue;
    auto names = doc_row_names(cells[0]);
    auto values = doc_row_values(cells[1], names.size());
    if (names.size() == 1 && names[0].ends_with(".*")) {
      // "`a.b.*` | x 1, y 0.8": a.b.x is 1 and a.b.y is 0.8.
      const std::string prefix = names[0].substr(0, names[0].size() - 1);
      names.clear();
      values.clear();
      std::istringstream pairs(cells[1]);
      for (std::string key, value; pairs >> key >> value;) {
        if (value.ends_with(',')) value.pop_back();
        for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        names.push_back(prefix + key);
        values.push_back(value);
      }
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
      auto row = cells;
      if (values.size() == names.size()) row[1] = values[k];
      (in_assumptions ? to_test : rows).emplace(names[k], row);  // the first row of a name
    }
  }
  const auto& all = s.parameters.all();
  for (const pimhsim::core::Parameter& p : all) {
    CAPTURE(p.name);
    const auto row = rows.find(p.name);
    REQUIRE_MESSAGE(row != rows.end(), "no row for " << p.name);
    const auto& cells = row->second;
    if (p.is_shares()) {
      // "name share, name share, ...": each of the scenario's shares at its value.
      for (std::size_t k = 0; k < p.components.size(); ++k) {
        std::ostringstream share;
        share << p.components[k] << ' ' << p.shares[k];
        CHECK_MESSAGE(cells[1].find(share.str()) != std::string::npos,
                      p.name << ": '" << share.str() << "' not in '" << cells[1] << "'");
      }
    } else {
      double doc = 0;
      // The cell's leading figure: "0 (no limit)" is 0.
      REQUIRE_MESSAGE(doc_number(cells[1].substr(0, cells[1].find(' ')), doc),
                      p.name << ": value '" << cells[1] << "'");
      CHECK_MESSAGE(same_figure(doc, p.value), p.name << ": the page says " << cells[1]);
      if (p.low && p.high && cells.size() >= 8) {
        const auto dash = cells[4].find(" \u2013 ");
        double low = 0, high = 0;
        REQUIRE_MESSAGE(dash != std::string::npos, p.name << ": range '" << cells[4] << "'");
        CHECK_MESSAGE((doc_number(cells[4].substr(0, dash), low) && same_figure(low, *p.low) &&
                       doc_number(cells[4].substr(dash + 5), high) && same_figure(high, *p.high)),
                      p.name << ": the page's range is " << cells[4]);
      }
    }
    if (cells.size() >= 6)  // the sections' tables; "Remission" has value and source only
      CHECK_MESSAGE((cells.back() == "assumption") == p.assumption,
                    p.name << ": the page's assumption label is '" << cells.back() << "'");
    if (p.assumption && grouped.count(p.name) == 0)
      CHECK_MESSAGE(to_test.count(p.name) == 1, p.name << " not in Assumptions to test");
  }
}
