#include "pimhsim/output/report_workbook.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "pimhsim/output/results_dir.h"
#include "pimhsim/output/signal_cleanup.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::optional<double> number_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size()) return std::nullopt;
  return x;
}

// Whether every row holds the same text in column c.
bool constant_column(const scenario::CsvTable& t, std::size_t c) {
  return std::all_of(t.rows.begin(), t.rows.end(), [&](const auto& row) {
    return c < row.size() && c < t.rows.front().size() && row[c] == t.rows.front()[c];
  });
}

// Width of a column, in characters, from its header and its cells.
double column_width(const WorkbookSheet& s, std::size_t c, const std::string& header) {
  std::size_t width = std::min<std::size_t>(header.size(), 28);
  for (const auto& row : s.rows)
    if (c < row.size()) {
      const auto& cell = row[c];
      if (cell.kind == WorkbookCell::Kind::kText)
        width = std::max(width, std::min<std::size_t>(cell.text.size(), 48));
      else if (cell.kind == WorkbookCell::Kind::kNumber)
        width = std::max<std::size_t>(width, 12);
    }
  return static_cast<double>(width) + 2;
}

std::string header_of(const WorkbookColumn& c) {
  if (c.unit.empty()) return c.name;
  if (c.unit == "see unit") return c.name + " (unit: see unit column)";
  return fmt::format("{} ({})", c.name, c.unit);
}

}  // namespace

Codebook read_codebook(const fs::path& dir) {
  Codebook book;
  std::string why;
  const auto text = read_result_file(dir / "columns.csv", why);
  if (!text) return book;
  scenario::Diagnostics d;
  const auto table = scenario::parse_csv(*text, "columns.csv", d);
  if (!table) return book;
  const auto at = [&](const char* name) { return table->column(name); };
  const auto file = at("file"), column = at("column"), type = at("type"), unit = at("unit"),
             meaning = at("meaning");
  if (!file || !column || !type || !unit || !meaning) return book;
  for (const auto& row : table->rows)
    if (row.size() == table->header.size())
      book[row[*file]][row[*column]] = {row[*type], row[*unit], row[*meaning]};
  return book;
}

WorkbookSheet csv_sheet(const scenario::CsvTable& table, const std::string& file,
                        const Codebook& codebook, const std::string& currency,
                        const std::string& name, const std::string& about) {
  WorkbookSheet s{name, file, about, {}, {}};
  const auto described = codebook.find(file);
  std::vector<std::size_t> kept;
  std::vector<std::string> types;
  for (std::size_t c = 0; c < table.header.size(); ++c) {
    const auto& column = table.header[c];
    if ((column == "scenario" || column == "variant") && !table.rows.empty() &&
        constant_column(table, c))
      continue;
    ColumnInfo info;
    if (described != codebook.end()) {
      const auto it = described->second.find(column);
      if (it != described->second.end()) info = it->second;
    }
    if (info.type.empty()) {  // no codebook entry: a number if every cell is one
      const bool numbers = std::all_of(table.rows.begin(), table.rows.end(), [&](const auto& r) {
        return c >= r.size() || r[c].empty() || number_of(r[c]);
      });
      info.type = numbers ? "number" : "text";
    }
    kept.push_back(c);
    types.push_back(info.type);
    s.columns.push_back({column, info.unit, info.meaning, info.type == "integer",
                         !currency.empty() && info.unit.rfind(currency, 0) == 0});
  }
  for (const auto& row : table.rows) {
    auto& out = s.rows.emplace_back();
    for (std::size_t k = 0; k < kept.size(); ++k) {
      const std::string& text = kept[k] < row.size() ? row[kept[k]] : std::string();
      if (text.empty()) {
        out.emplace_back();
      } else if (types[k] == "integer" || types[k] == "number") {
        const auto x = number_of(text);
        out.push_back(x ? WorkbookCell::of(*x) : WorkbookCell::of(text));
      } else if (types[k] == "boolean" && (text == "true" || text == "false")) {
        out.push_back(WorkbookCell::of(text == "true"));
      } else {
        out.push_back(WorkbookCell::of(text));
      }
    }
  }
  return s;
}

std::vector<std::pair<std::string, std::string>> workbook_about(const fs::path& dir,
                                                                ResultKind kind,
                                                                const std::string& scenario) {
  static const std::map<ResultKind, const char*> what = {
      {ResultKind::kRun, "the results of `pimhsim run`: every option of the scenario simulated"},
      {ResultKind::kPsa, "the results of `pimhsim psa`: probabilistic sensitivity analysis"},
      {ResultKind::kDsa, "the results of `pimhsim dsa`: deterministic sensitivity analysis"},
      {ResultKind::kPlan, "the results of `pimhsim plan`: the staffing that meets a target"},
      {ResultKind::kCompare,
       "the results of `pimhsim compare`: options of several scenarios side by side"},
      {ResultKind::kCalibration,
       "the results of `pimhsim calibrate`: parameters fitted to observed targets"}};
  std::vector<std::pair<std::string, std::string>> rows;
  const auto w = what.find(kind);
  rows.push_back({"What this is", w == what.end() ? "a PIMHsim results directory" : w->second});
  rows.push_back({"Scenario", scenario});
  std::string why;
  const auto text = read_result_file(dir / "manifest.json", why);
  const auto m = text ? json::parse(*text, nullptr, false) : json();
  const auto text_of = [&](const char* key) -> std::string {
    if (!m.is_object() || !m.contains(key)) return "";
    const auto& v = m[key];
    return v.is_string() ? v.get<std::string>() : v.is_null() ? "" : v.dump();
  };
  for (const auto& [label, key] : std::vector<std::pair<const char*, const char*>>{
           {"Scenario file", "scenario_file"},
           {"Command", "command_line"},
           {"Seed", "seed"},
           {"PIMHsim version", "pimhsim_version"},
           {"Git revision", "git_revision"},
           {"Scenario content hash (SHA-256)", "scenario_content_hash"}})
    if (const auto v = text_of(key); !v.empty()) rows.push_back({label, v});
  rows.push_back({"Figures",
                  "as in the directory's files, numbers as numbers; each column's unit is in its "
                  "header and its meaning in the header cell's comment (columns.csv)"});
  return rows;
}

core::Status write_workbook(const Workbook& book, const fs::path& file) {
  const fs::path tmp = file.string() + ".tmp";
  const RemovedOnSignal unfinished(tmp);
  lxw_workbook* wb = workbook_new(tmp.c_str());
  if (!wb) return core::Status::failed(fmt::format("cannot write {}\n", file.string()));
  // The same directory makes the same bytes: the document's creation time is not the clock's but
  // SOURCE_DATE_EPOCH where it is set (the reproducible-builds convention), else 1980-01-01.
  lxw_doc_properties properties{};
  properties.created = 315532800;
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"))
    properties.created = static_cast<time_t>(std::strtoll(epoch, nullptr, 10));
  workbook_set_properties(wb, &properties);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  format_set_text_wrap(bold);
  format_set_align(bold, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* wrap = workbook_add_format(wb);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  lxw_format* whole = workbook_add_format(wb);
  format_set_num_format(whole, "#,##0");
  lxw_format* general = workbook_add_format(wb);
  format_set_num_format(general, "General");

  lxw_worksheet* about = workbook_add_worksheet(wb, "About");
  worksheet_set_column(about, 0, 0, 32, bold);
  worksheet_set_column(about, 1, 1, 90, wrap);
  worksheet_set_column(about, 2, 2, 40, nullptr);
  lxw_row_t r = 0;
  for (const auto& [label, value] : book.about) {
    worksheet_write_string(about, r, 0, label.c_str(), bold);
    worksheet_write_string(about, r++, 1, value.c_str(), wrap);
  }
  ++r;
  worksheet_write_string(about, r, 0, "Sheet", bold);
  worksheet_write_string(about, r, 1, "What it shows", bold);
  worksheet_write_string(about, r++, 2, "Source", bold);
  for (const auto& s : book.sheets) {
    worksheet_write_string(about, r, 0, s.name.c_str(), nullptr);
    worksheet_write_string(about, r, 1, s.about.c_str(), wrap);
    worksheet_write_string(about, r++, 2, s.source.c_str(), nullptr);
  }

  for (const auto& s : book.sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, s.name.c_str());
    if (!ws) {
      workbook_close(wb);
      std::error_code ec;
      fs::remove(tmp, ec);
      return core::Status::failed(
          fmt::format("cannot add the sheet `{}` to {}\n", s.name, file.string()));
    }
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const std::string header = header_of(s.columns[c]);
      worksheet_set_column(ws, col, col, column_width(s, c, header), nullptr);
      worksheet_write_string(ws, 0, col, header.c_str(), bold);
      if (!s.columns[c].meaning.empty())
        worksheet_write_comment(ws, 0, col, s.columns[c].meaning.c_str());
    }
    lxw_row_t row = 1;
    for (const auto& cells : s.rows) {
      for (std::size_t c = 0; c < cells.size() && c < s.columns.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const auto& cell = cells[c];
        const bool round = s.columns[c].integer || s.columns[c].money;
        switch (cell.kind) {
          case WorkbookCell::Kind::kNumber:
            worksheet_write_number(ws, row, col, cell.number, round ? whole : general);
            break;
          case WorkbookCell::Kind::kText:
            worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
            break;
          case WorkbookCell::Kind::kBoolean:
            worksheet_write_boolean(ws, row, col, cell.number != 0, nullptr);
            break;
          case WorkbookCell::Kind::kEmpty:
            break;
        }
      }
      ++row;
    }
    worksheet_freeze_panes(ws, 1, 0);
    if (!s.columns.empty())
      worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(s.rows.size()),
                           static_cast<lxw_col_t>(s.columns.size() - 1));
  }
  const lxw_error err = workbook_close(wb);
  std::error_code ec;
  if (err != LXW_NO_ERROR) {
    fs::remove(tmp, ec);
    return core::Status::failed(
        fmt::format("cannot write {}: {}\n", file.string(), lxw_strerror(err)));
  }
  fs::rename(tmp, file, ec);
  if (ec) {
    fs::remove(tmp, ec);
    return core::Status::failed(fmt::format("cannot write {}: {}\n", file.string(), ec.message()));
  }
  return {};
}

}  // namespace pimhsim::output
