#include "pimhsim/output/report_html.h"

#include <fmt/format.h>
#include <nettle/base64.h>
#include <nettle/sha2.h>

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/report_kinds.h"

namespace pimhsim::output {
namespace {

// A printed table's width on A4 (210 mm less the page's 12 mm margins, in points), and what a
// column takes there: a character of the table's font, on average, and the cell's padding; a
// column of text wraps at about this many characters.
constexpr double kPrintWidth = 527;
constexpr double kPrintPointsPerChar = 5.0;
constexpr double kPrintPadding = 12;
constexpr std::size_t kTextColumnChars = 40;

// System fonts only: the page loads nothing. Printed, the summary fills the first A4 page and no
// figure or table row is cut in two.
constexpr const char* kCss = R"(
:root { color-scheme: light; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans",
  sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 60rem;
  padding: 1.5rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 .4rem; border-bottom: 2px solid #0072B2;
  padding-bottom: .15rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
.meta { color: #555; font-size: .9rem; margin: 0 0 .8rem; }
.verdict { border-left: 6px solid #0072B2; background: #eef5fb; padding: .6rem 1rem;
  margin: .8rem 0; }
.verdict .answer { font-size: 1.35rem; font-weight: 700; margin: 0 0 .3rem; }
.verdict p { margin: .2rem 0; }
.unresolved { border-left-color: #D55E00; background: #fdf1ea; }
table { border-collapse: collapse; margin: .4rem 0 .8rem; font-size: .9rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .5rem; vertical-align: top;
  text-align: left; }
th { background: #f3f3f3; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0;
  cursor: pointer; color: #0b5394; text-align: inherit; }
th[aria-sort=ascending] button::after { content: " \25B2"; }
th[aria-sort=descending] button::after { content: " \25BC"; }
.wide { overflow-x: auto; }
.print-only { display: none; }
#headline th[scope=row] { white-space: nowrap; }
#headline thead th { white-space: normal; }
#areas-table { font-size: .8rem; }
#areas-table th, #areas-table td { padding: .2rem .35rem; }
#areas-table thead tr:first-child th { text-align: center; border-bottom: 1px solid #bbb; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2rem 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .95rem; margin-top: .3rem; }
details { margin: .3rem 0; }
summary { cursor: pointer; color: #0b5394; }
.note { background: #fff8e1; border: 1px solid #e6c200; padding: .5rem 1rem; }
.small { font-size: .85rem; color: #444; }
tr { break-inside: avoid; page-break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  .board { break-after: page; page-break-after: always; }
  #parameters { break-before: page; page-break-before: always; }
  details:not([open]) { display: none; }
  .wide { overflow: visible; }
  .screen-only { display: none; }
  .print-only { display: block; }
  #areas-table { font-size: 7.5pt; }
  a { color: inherit; text-decoration: none; }
}
)";

// Sorts the rows of a table of class "sortable" by the column whose heading's button is pressed,
// by each cell's data-value (a number; an empty one sorts first) or else its text; a second press
// reverses. It marks each table it serves with data-sortable="ready".
constexpr const char* kSortScript = R"(
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.tHead.rows[table.tHead.rows.length - 1].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var up = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
      var key = function (row) {
        var cell = row.cells[col], v = cell.getAttribute('data-value');
        if (v === null) return cell.textContent;
        return v === '' ? -Infinity : Number(v);
      };
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var order = typeof x === 'number' ? (x < y ? -1 : x > y ? 1 : 0) : x.localeCompare(y);
        return up ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  table.setAttribute('data-sortable', 'ready');
});
)";

std::string base64(const std::string& bytes) {
  std::string out(BASE64_ENCODE_RAW_LENGTH(bytes.size()), '\0');
  base64_encode_raw(out.data(), bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  return out;
}

// An SVG as gnuplot writes it, without its XML declaration and document type (for a data URI the
// rest is enough).
std::string svg_body(const std::string& svg) {
  const auto at = svg.find("<svg");
  return at == std::string::npos ? svg : svg.substr(at);
}

// The Content-Security-Policy's source of the sorting script: its SHA-256, in base64.
std::string script_hash() {
  const std::string_view script = kSortScript;
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, script.size(), reinterpret_cast<const std::uint8_t*>(script.data()));
  std::string digest(SHA256_DIGEST_SIZE, '\0');
  sha256_digest(&ctx, digest.size(), reinterpret_cast<std::uint8_t*>(digest.data()));
  return "'sha256-" + base64(digest) + "'";
}

std::string figure_html(const DrawnChart& d, std::size_t number) {
  const auto& c = d.chart;
  const bool drawn = !d.svg.empty();
  std::string html = fmt::format("<figure id=\"fig-{}\" class=\"chart\">\n", c.name);
  if (drawn)
    html += fmt::format(
        "<img src=\"data:image/svg+xml;base64,{}\" width=\"{}\" height=\"{}\" alt=\"{}\">\n",
        base64(svg_body(d.svg)), c.width, c.height, html_escaped(c.alt));
  html += fmt::format("<figcaption><strong>Figure {}. {}.</strong> {}", number,
                      html_escaped(c.title), html_escaped(c.caption));
  if (drawn)
    html += fmt::format(" <span class=\"small\">Files: {} and {}.</span>", html_escaped(d.svg_file),
                        html_escaped(d.png_file));
  html += "</figcaption>\n";
  html += fmt::format("<details{}><summary>The figures behind the chart</summary>\n{}</details>\n",
                      drawn ? "" : " open", c.table_html);
  return html + "</figure>\n";
}

std::string parameters_html(const RunResults& r) {
  std::string html =
      "<section id=\"parameters\">\n<h2>Settings, parameters and their sources</h2>\n"
      "<p>As the scenario ran (<code>scenario.resolved.yaml</code>): each parameter's value, "
      "its unit and the source the scenario gives for it; those it marks as assumptions are "
      "flagged.</p>\n";
  std::vector<std::vector<std::string>> settings;
  for (const auto& [label, value] : r.settings) settings.push_back({label, value});
  if (!settings.empty()) html += html_table("Settings", {"setting", "value"}, settings, 2);
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : r.parameters)
    rows.push_back({p.key, parameter_words(r.model, p.key), p.value, p.unit,
                    (p.assumption ? "Assumption. " : "") + p.source});
  html += html_table(fmt::format("Parameters ({})", r.parameters.size()),
                     {"parameter", "what it is", "value", "unit", "source"}, rows, 5);
  return html + "</section>\n";
}

}  // namespace

std::string html_escaped(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// The table's columns `shown` (indices into header and rows), with `attributes` if given.
std::string table_of_columns(const std::string& caption, const std::string& table_attributes,
                             const std::vector<std::string>& header,
                             const std::vector<std::vector<std::string>>& rows,
                             std::size_t first_numeric,
                             const std::vector<std::vector<std::string>>& attributes,
                             const std::vector<std::size_t>& shown) {
  std::string html = "<table" + table_attributes + ">\n";
  if (!caption.empty()) html += std::string("<caption>") + html_escaped(caption) + "</caption>\n";
  html += "<thead><tr>";
  for (const auto i : shown)
    html += fmt::format("<th scope=\"col\"{}>{}</th>", i >= first_numeric ? " class=\"n\"" : "",
                        html_escaped(header[i]));
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& row = rows[k];
    html += "<tr>";
    for (const auto i : shown) {
      if (i >= row.size()) continue;
      html += i == 0
                  ? std::string("<th scope=\"row\">") + html_escaped(row[i]) + "</th>"
                  : fmt::format("<td{}{}>{}</td>", i >= first_numeric ? " class=\"n\"" : "",
                                k < attributes.size() && i < attributes[k].size() ? attributes[k][i]
                                                                                  : std::string(),
                                html_escaped(row[i]));
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table>\n";
}

// Points a column takes printed (A4, the print style's table font): its widest cell, or for a
// column of text, which may wrap, its widest cell up to kTextColumnChars characters (a header's
// widest word: headers wrap).
double printed_width(const std::vector<std::string>& header,
                     const std::vector<std::vector<std::string>>& rows, std::size_t column,
                     std::size_t first_numeric) {
  // Characters, not bytes: "±" is one.
  const auto is_char = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  const auto characters = [&](const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), is_char));
  };
  std::size_t chars = 0, run = 0;
  for (char c : header[column]) {
    if (!is_char(c)) continue;
    run = c == ' ' ? 0 : run + 1;
    chars = std::max(chars, run);
  }
  for (const auto& row : rows)
    if (column < row.size())
      chars = std::max(chars, column >= first_numeric
                                  ? characters(row[column])
                                  : std::min(characters(row[column]), kTextColumnChars));
  return kPrintPadding + kPrintPointsPerChar * static_cast<double>(chars);
}

}  // namespace

std::string html_table(const std::string& caption, const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows, std::size_t first_numeric,
                       const std::vector<std::vector<std::string>>& attributes) {
  std::vector<std::size_t> all(header.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  // The leading columns of text name the row; they are repeated in each printed part.
  const std::size_t keys = std::clamp<std::size_t>(first_numeric, 1, header.size());
  std::vector<double> widths(header.size());
  double total = 0;
  for (std::size_t i = 0; i < header.size(); ++i)
    total += widths[i] = printed_width(header, rows, i, first_numeric);
  if (total <= kPrintWidth || keys == header.size())
    return table_of_columns(caption, "", header, rows, first_numeric, attributes, all);
  // Too wide for an A4 page: on screen whole, printed in parts of as many columns as fit, each
  // with the row's name (the screen's copy is the one with the attributes that tests and scripts
  // read; the printed parts are hidden from assistive technology, which reads the whole table).
  double key_width = 0;
  for (std::size_t i = 0; i < keys; ++i) key_width += widths[i];
  std::vector<std::vector<std::size_t>> parts;
  double width = kPrintWidth;
  for (std::size_t i = keys; i < header.size(); ++i) {
    if (parts.empty() || (width + widths[i] > kPrintWidth && parts.back().size() > keys)) {
      parts.emplace_back(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keys));
      width = key_width;
    }
    parts.back().push_back(i);
    width += widths[i];
  }
  std::string html = table_of_columns(caption, " class=\"screen-only\"", header, rows,
                                      first_numeric, attributes, all) +
                     "<div class=\"print-only\" aria-hidden=\"true\">\n";
  for (std::size_t p = 0; p < parts.size(); ++p)
    html += table_of_columns(
        fmt::format("{} (part {} of {})", caption.empty() ? "Table" : caption, p + 1, parts.size()),
        " class=\"print-part\"", header, rows, first_numeric, {}, parts[p]);
  return html + "</div>\n";
}

std::string money_with_se(double value, double se) {
  return se > 0 ? core::money_text(value) + " ± " + core::money_text(se) : core::money_text(value);
}

std::string report_page_html(const ReportPage& page, const std::vector<DrawnChart>& charts,
                             const std::string& charts_note) {
  std::string html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
      "style-src 'unsafe-inline'; script-src {}\">\n<meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" "
      "content=\"PIMHsim {}\">\n<title>{}: PIMHsim {}</title>\n<style>{}</style>\n</head>\n"
      "<body>\n",
      script_hash(), html_escaped(page.version), html_escaped(page.title), html_escaped(page.kind),
      kCss);
  html += page.summary_html;
  html += "<section id=\"charts\">\n<h2>Charts</h2>\n";
  if (charts.empty()) html += "<p>" + html_escaped(page.no_charts) + "</p>\n";
  if (!charts_note.empty())
    html +=
        std::string("<p class=\"note\" id=\"charts-note\">") + html_escaped(charts_note) + "</p>\n";
  std::size_t number = 0;
  for (const auto& c : charts)
    if (c.chart.section.empty()) html += figure_html(c, ++number);
  html += "</section>\n";
  if (!page.areas_html.empty()) {
    html += "<section id=\"areas\">\n<h2>By area</h2>\n";
    for (const auto& c : charts)
      if (c.chart.section == "areas") html += figure_html(c, ++number);
    html += page.areas_html + "</section>\n";
  }
  html += page.after_html;
  html += "<footer class=\"small\"><p>" + page.footer_html + "</p></footer>\n";
  if (html.find("class=\"sortable") != std::string::npos)
    html += std::string("<script>") + kSortScript + "</script>\n";
  html += "</body>\n</html>\n";
  return html;
}

ReportPage run_page(const RunResults& r) {
  ReportPage page;
  page.title = r.scenario_name;
  page.kind = "report";
  page.version = r.version;
  page.summary_html = board_summary_html(r);
  page.charts = run_charts(r);
  page.no_charts = "These results have no tables to chart (the model writes only its summary).";
  page.areas_html = areas_html(r);
  page.after_html = parameters_html(r);
  page.footer_html = fmt::format(
      "Made by PIMHsim {} from the results directory <code>{}</code> (scenario content hash "
      "<code>{}</code>; command: <code>{}</code>). Figures are population totals over the horizon; "
      "± is one Monte Carlo standard error.",
      html_escaped(r.version), html_escaped(r.directory.string()), html_escaped(r.content_hash),
      html_escaped(r.command_line));
  return page;
}

std::string run_report_html(const RunResults& r, const std::vector<DrawnChart>& charts,
                            const std::string& charts_note) {
  return report_page_html(run_page(r), charts, charts_note);
}

}  // namespace pimhsim::output
