#include "pimhsim/scenario/areas_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/core/utf8.h"
#include "pimhsim/scenario/csv.h"
#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/scenario/reader.h"

namespace pimhsim::scenario {
namespace {

std::optional<double> cell_number(const CsvTable& t, std::size_t r, std::size_t c,
                                  const std::string& column, double min, double max,
                                  const std::string& expected, Diagnostics& d) {
  std::string why;
  const auto v = parse_number(t.rows[r][c], &why);
  if (!v) {
    d.error(t.where(r, c), column,
            fmt::format("`{}` is {}", core::utf8_prefix(t.rows[r][c], 40), why), expected);
    return std::nullopt;
  }
  if (*v < min || *v > max) {
    d.error(t.where(r, c), column, fmt::format("{} is out of range", t.rows[r][c]), expected);
    return std::nullopt;
  }
  return v;
}

std::vector<std::string> read_codes(const Node& n, const std::string& path, Diagnostics& d) {
  std::vector<std::string> codes;
  if (n.is_scalar()) return {n.scalar};
  if (!n.is_sequence()) {
    d.error(n.where, path, "found " + n.describe(), "a list of area codes");
    return codes;
  }
  for (std::size_t i = 0; i < n.items.size(); ++i)
    if (auto c = read_text(n.items[i], fmt::format("{}.{}", path, i), d)) codes.push_back(*c);
  return codes;
}

}  // namespace

std::optional<AreaSettings> read_areas(const Node& node, const std::string&,
                                       std::span<const core::AreaColumn> model_columns,
                                       Diagnostics& d) {
  MapReader r(node, "areas", d);
  if (!r.ok()) return std::nullopt;
  const std::size_t before = d.size();
  AreaSettings out;
  const Node* table_node =
      r.required("table", "the path of a CSV table of areas, relative to the scenario file");
  const Node* include = r.optional("include");
  const Node* merge = r.optional("merge");
  r.finish();
  if (table_node == nullptr) return std::nullopt;
  const auto rel = read_text(*table_node, "areas.table", d);
  if (!rel) return std::nullopt;
  // Relative to the file that names the table (which may be a base scenario).
  const std::filesystem::path base = std::filesystem::path(table_node->where.file).parent_path();
  out.table = (base / *rel).lexically_normal().string();
  auto t = read_csv(out.table, table_node->where, "areas.table", d);
  if (!t || d.size() != before) return std::nullopt;
  out.table_content = std::move(t->content);

  // Every column must be one the reader knows: a misspelt optional column (`trainedshare`) would
  // otherwise leave every area at the scenario's default without a word. Descriptive columns
  // (the year and source of the figures, a note) are allowed and ignored.
  std::vector<std::string> required = {"area_code", "area_name", "region"}, optional;
  for (const auto& c : model_columns) (c.required ? required : optional).push_back(c.name);
  std::vector<std::string> known = required;
  known.insert(known.end(), optional.begin(), optional.end());
  for (const char* descriptive : {"year", "source", "note"}) known.push_back(descriptive);
  std::string columns = fmt::format("columns {}", core::listed(required, "and"));
  if (!optional.empty()) columns += fmt::format("; optional {}", core::listed(optional, "and"));
  columns += "; descriptive year, source and note, which are ignored";
  std::vector<std::string> suggested;
  for (std::size_t i = 0; i < t->header.size(); ++i) {
    const std::string& h = t->header[i];
    const Location& at = t->header_where[i];
    if (h.empty()) {
      d.error(at, "", "a column without a name",
              fmt::format("a name for every column (a trailing comma makes an empty one); {}",
                          columns));
    } else if (const auto first = t->column(h); first && *first < i) {
      d.error(at, "", fmt::format("duplicate column `{}`", h),
              fmt::format("each column once; `{}` is column {} already", h, *first + 1));
    } else if (std::find(known.begin(), known.end(), h) == known.end()) {
      std::string message = fmt::format("unknown column `{}`", h);
      if (const auto s = nearest(h, known)) {
        message += fmt::format("; did you mean `{}`?", *s);
        suggested.push_back(*s);
      }
      d.error(at, "", message, columns);
    }
  }
  std::map<std::string, std::size_t> col;
  for (const auto& name : required) {
    if (const auto c = t->column(name)) {
      col[name] = *c;
    } else if (std::find(suggested.begin(), suggested.end(), name) == suggested.end()) {
      d.error({t->file, 1, 1}, "", fmt::format("missing column `{}`", name),
              fmt::format("a header with {}", columns));
    }
  }
  if (d.size() != before) return std::nullopt;
  std::map<std::string, std::size_t> index;
  out.areas.reserve(t->rows.size());
  for (std::size_t i = 0; i < t->rows.size(); ++i) {
    if (t->rows[i].size() != t->header.size()) continue;  // reported by read_csv
    Area a;
    a.code = t->rows[i][col["area_code"]];
    a.name = t->rows[i][col["area_name"]];
    a.region = t->rows[i][col["region"]];
    if (a.code.empty())
      d.error(t->where(i, col["area_code"]), "area_code", "empty area code", "an ONS area code");
    for (const auto& c : model_columns) {
      const auto at = t->column(c.name);
      if (!at || (!c.required && t->rows[i][*at].empty())) continue;
      const auto v = cell_number(*t, i, *at, c.name, c.lower, c.upper, c.expected, d);
      if (v || c.required) a.values.emplace_back(c.name, v.value_or(0));
    }
    if (index.count(a.code)) {
      d.error(t->where(i, col["area_code"]), "area_code", "duplicate area code `" + a.code + "`",
              "each area once");
      continue;
    }
    index[a.code] = out.areas.size();
    out.areas.push_back(std::move(a));
  }
  // An area by its code, or (where `names` allows) by its name in any case.
  auto find = [&](const std::string& code, const Location& at, const std::string& path,
                  bool names = false) -> std::optional<std::size_t> {
    const auto it = index.find(code);
    if (it != index.end()) return it->second;
    if (names)
      for (std::size_t i = 0; i < out.areas.size(); ++i)
        if (same_ignoring_case(out.areas[i].name, code)) return i;
    std::string message =
        "no area `" + code + "` in " + std::filesystem::path(t->file).filename().string();
    std::vector<std::string> all_codes, all_names;  // for a suggestion, only when one is needed
    for (const auto& a : out.areas) {
      all_codes.push_back(a.code);
      all_names.push_back(a.name);
    }
    if (const auto s = nearest(code, all_codes)) {
      message += "; did you mean `" + *s + "`?";
    } else if (const auto n = names ? nearest(code, all_names) : std::nullopt) {
      const auto i = static_cast<std::size_t>(std::find(all_names.begin(), all_names.end(), *n) -
                                              all_names.begin());
      message += fmt::format("; did you mean `{}` ({})?", *n, all_codes[i]);
    }
    d.error(at, path, message,
            names ? "an area_code or area_name of the table (`pimhsim areas --find TEXT` lists "
                    "them)"
                  : "a code from the table's area_code column");
    return std::nullopt;
  };
  // merge: [{into: CODE, from: [CODE, ...]}]: the `from` areas' values of the columns summed on
  // merge (births, say) join `into`.
  std::vector<bool> removed(out.areas.size(), false);
  if (merge != nullptr) {
    if (!merge->is_sequence()) {
      d.error(merge->where, "areas.merge", "found " + merge->describe(),
              "a list of {into: CODE, from: [CODES]}");
    } else {
      for (std::size_t m = 0; m < merge->items.size(); ++m) {
        const std::string path = fmt::format("areas.merge.{}", m);
        MapReader mr(merge->items[m], path, d);
        const Node* into = mr.required("into", "the code of the area that absorbs the others");
        const Node* from = mr.required("from", "the codes of the areas merged into it");
        mr.finish();
        if (!into || !from) continue;
        const auto into_code = read_text(*into, path + ".into", d);
        if (!into_code) continue;
        const auto from_codes = read_codes(*from, path + ".from", d);
        // A merge of areas none of which is in the table (a scenario extending England's, with a
        // table of its own areas) does not apply to it.
        if (!index.count(*into_code) &&
            std::none_of(from_codes.begin(), from_codes.end(),
                         [&](const std::string& c) { return index.count(c) > 0; })) {
          d.warning(into->where, path,
                    fmt::format("merge into `{}` skipped: none of its areas is in {}", *into_code,
                                std::filesystem::path(t->file).filename().string()),
                    "");
          continue;
        }
        const auto target = find(*into_code, into->where, path + ".into");
        for (const auto& code : from_codes) {
          const auto src = find(code, from->where, path + ".from");
          if (!target || !src) continue;
          if (*src == *target || removed[*src]) {
            d.error(from->where, path + ".from",
                    "area `" + code + "` is merged twice or into itself", "each area merged once");
            continue;
          }
          for (const auto& c : model_columns)
            if (const auto v = out.areas[*src].value(c.name); c.summed_on_merge && v)
              out.areas[*target].value_of(c.name) += *v;
          out.areas[*target].merged_codes.push_back(code);
          removed[*src] = true;
        }
      }
    }
  }
  std::vector<bool> keep(out.areas.size(), include == nullptr);
  if (include != nullptr)
    for (const auto& code : read_codes(*include, "areas.include", d))
      if (const auto i = find(code, include->where, "areas.include", true)) {
        if (removed[*i])
          d.error(include->where, "areas.include", "area `" + code + "` was merged into another",
                  "a code that was not merged");
        keep[*i] = true;
      }
  if (d.size() != before) return std::nullopt;
  std::vector<Area> kept;
  kept.reserve(static_cast<std::size_t>(std::count(keep.begin(), keep.end(), true)));
  for (std::size_t i = 0; i < out.areas.size(); ++i)
    if (keep[i] && !removed[i]) kept.push_back(std::move(out.areas[i]));
  out.areas = std::move(kept);
  if (out.areas.empty()) {
    d.error(table_node->where, "areas", "no areas to simulate", "at least one area");
    return std::nullopt;
  }
  return out;
}

}  // namespace pimhsim::scenario
