#include "pimhsim/scenario/csv.h"

#include <filesystem>
#include <fstream>

#include "pimhsim/scenario/input_file.h"

namespace pimhsim::scenario {

namespace {
constexpr std::uintmax_t kMaxTableBytes = 64u << 20;  // England's births table is 30 KiB
}  // namespace

std::optional<std::size_t> CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

std::optional<CsvTable> read_csv(const std::string& path, const Location& from,
                                 const std::string& key_path, Diagnostics& d) {
  namespace fs = std::filesystem;
  if (const auto why = file_name_problem(path); !why.empty()) {
    d.error(from, key_path, why, "the path of a CSV file, relative to the scenario");
    return std::nullopt;
  }
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    d.error(from, key_path, "cannot open table `" + path + "`: " + missing_file_reason(path, ec),
            "the path of a CSV file, relative to the scenario");
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    d.error(from, key_path, "`" + path + "` is a directory", "a CSV file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    d.error(from, key_path,
            "`" + path + "` is " + special_file_kind(status.type()) + ", not a regular file",
            "a CSV file");
    return std::nullopt;
  }
  if (const auto size = fs::file_size(path, ec); !ec && size > kMaxTableBytes) {
    d.error(from, key_path, "`" + path + "` is too large for a table",
            "a CSV file of at most 64 MiB");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    d.error(from, key_path, "cannot read table `" + path + "`", "a readable CSV file");
    return std::nullopt;
  }
  // Read straight into the string the table keeps (a stream's str() would copy it).
  const auto size = fs::file_size(path, ec);
  std::string content(ec ? 0 : static_cast<std::size_t>(size), '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (in.gcount() == static_cast<std::streamsize>(content.size()))
    for (char c; in.get(c);) content += c;  // a file that grew since its size was taken
  return parse_csv(std::move(content), path, d);
}

std::optional<CsvTable> parse_csv(std::string content, const std::string& path, Diagnostics& d) {
  CsvTable t;
  t.file = path;
  t.content = std::move(content);
  // A UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one) is not part of the first column's
  // name.
  const std::string_view text =
      std::string_view(t.content).substr(t.content.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  if (const auto why = not_text_problem(text)) {
    d.error(location_of_offset(text, why->first, path), "",
            "the table is not UTF-8 text (a binary file?): " + why->second,
            "a CSV file in UTF-8, as spreadsheets save \"CSV UTF-8\"");
    return std::nullopt;
  }
  std::vector<std::string> row;
  std::vector<CsvTable::CellAt> row_where;
  std::string field;
  int line = 1, column = 1, field_line = 1, field_column = 1;
  bool quoted = false, in_quotes = false, at_field_start = true, any = false;
  int quote_line = 0, quote_column = 0;
  auto end_field = [&] {
    row.push_back(field);
    row_where.push_back({field_line, field_column});
    field.clear();
    quoted = false;
    at_field_start = true;
  };
  auto end_row = [&] {
    end_field();
    const bool blank = row.size() == 1 && row[0].empty() && !quoted;
    if (!blank) {
      if (t.header.empty()) {
        t.header = row;
        for (const auto& at : row_where) t.header_where.push_back({path, at.line, at.column});
      } else {
        t.rows.emplace_back(std::make_move_iterator(row.begin()),
                            std::make_move_iterator(row.end()));
        t.row_first.push_back(t.cells_at.size());
        t.cells_at.insert(t.cells_at.end(), row_where.begin(), row_where.end());
      }
    }
    row.clear();
    row_where.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (at_field_start) {
      field_line = line;
      field_column = column;
      at_field_start = false;
    }
    any = true;
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
          ++column;
        } else {
          in_quotes = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !quoted) {
      in_quotes = quoted = true;
      quote_line = line;
      quote_column = column;
    } else if (c == '"') {
      d.error({path, line, column}, "", "stray quote inside a field",
              "quotes only around a whole field");
      return std::nullopt;
    } else if (c == ',') {
      end_field();
    } else if (c == '\r') {
      // tolerated before \n
    } else if (c == '\n') {
      end_row();
    } else {
      if (quoted) {
        d.error({path, line, column}, "", "text after a closing quote",
                "a comma or the end of the line");
        return std::nullopt;
      }
      field += c;
    }
    if (c == '\n') {
      ++line;
      column = 1;
      at_field_start = true;
    } else {
      ++column;
    }
  }
  if (in_quotes) {
    d.error({path, quote_line, quote_column}, "", "quote never closed", "a closing quote");
    return std::nullopt;
  }
  if (any && (!field.empty() || !row.empty() || quoted)) end_row();
  if (t.header.empty()) {
    d.error({path, 1, 1}, "", "the table is empty", "a header row and at least one data row");
    return std::nullopt;
  }
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r].size() != t.header.size()) {
      d.error(t.where(r, 0), "", "row has " + std::to_string(t.rows[r].size()) + " fields",
              std::to_string(t.header.size()) + " fields, as in the header");
    }
  return t;
}

}  // namespace pimhsim::scenario
