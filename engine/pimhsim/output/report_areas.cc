// The run report's by-area section (a sortable table of every area and a ranked chart of them) and
// its chart of the share of health visitors trained over time: from staffing_by_area.csv,
// staffing.csv and the areas table's births.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "pimhsim/core/number_text.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/report_html.h"

namespace pimhsim::output {
namespace {

// Areas shown in the ranked chart; the table lists them all.
constexpr std::size_t kRankedAreas = 30;
// The by-area table printed on A4 shows this many options side by side (3 columns each, beside
// the area's 3, at the print style's 7.5 pt).
constexpr std::size_t kPrintedOptions = 2;

// One area in the last year of the horizon, by option.
struct AreaRow {
  std::string code, name;
  std::optional<double> births;
  struct Measures {
    std::optional<double> in_post, required, ratio, trained;
  };
  std::map<std::string, Measures> by_option;
};

int last_year(const scenario::CsvTable& t) {
  int last = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i)
    last = std::max(last, static_cast<int>(cell_number(t, i, "year").value_or(0)));
  return last;
}

// Every area of staffing_by_area.csv in its last year, in the file's order.
std::vector<AreaRow> area_rows(const RunResults& r, int year) {
  const auto& t = *r.staffing_by_area;
  std::vector<AreaRow> rows;
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    if (static_cast<int>(cell_number(t, i, "year").value_or(0)) != year) continue;
    const std::string& code = cell_text(t, i, "area_code");
    auto [it, added] = at.try_emplace(code, rows.size());
    if (added) {
      AreaRow a{code, cell_text(t, i, "area_name"), std::nullopt, {}};
      if (const auto b = r.area_births.find(code); b != r.area_births.end()) a.births = b->second;
      rows.push_back(std::move(a));
    }
    auto& m = rows[it->second].by_option[cell_text(t, i, "option")];
    m.in_post = cell_number(t, i, "in_post_wte");
    m.required = cell_number(t, i, "specialist_wisn_required_wte");
    m.ratio = cell_number(t, i, "specialist_wisn_ratio");
    m.trained = cell_number(t, i, "trained_share");
  }
  return rows;
}

std::string cell(const std::optional<double>& v, const std::string& shown) {
  if (!v) return "<td class=\"n\" data-value=\"\">–</td>";
  return fmt::format("<td class=\"n\" data-value=\"{}\">{}</td>", plot_number(*v),
                     html_escaped(shown));
}

std::string percent(double share) {
  return fmt::format("{:.0f}%", 100 * share);
}

std::string sort_button(const std::string& label) {
  return fmt::format("<button type=\"button\">{}</button>", html_escaped(label));
}

}  // namespace

std::optional<ReportChart> trained_share_chart(const RunResults& r) {
  if (!r.staffing || !r.staffing->column("trained_share")) return std::nullopt;
  const auto& t = *r.staffing;
  std::map<int, std::map<std::string, double>> by_year;
  std::vector<std::string> options;
  for (const auto& o : r.options)
    for (std::size_t i = 0; i < t.rows.size(); ++i)
      if (cell_text(t, i, "option") == o.name) {
        const auto year = cell_number(t, i, "year");
        const auto share = cell_number(t, i, "trained_share");
        if (!year || !share) continue;
        by_year[static_cast<int>(*year)][o.name] = *share;
        if (options.empty() || options.back() != o.name) options.push_back(o.name);
      }
  if (by_year.empty() || options.empty()) return std::nullopt;
  ReportChart c;
  c.name = "trained_share";
  c.title = "Health visitors trained in perinatal and infant mental health";
  c.caption =
      "The share of generic health visitors (by WTE) trained by the specialists in perinatal and "
      "infant mental health, each year, for each option: trained health visitors identify more "
      "mothers who are ill.";
  c.alt = fmt::format(
      "Line chart of the percentage of health visitors trained, by year from {} to {}, one line "
      "per option for {} options; in {} the shares are {}.",
      by_year.begin()->first, by_year.rbegin()->first, options.size(), by_year.rbegin()->first,
      [&] {
        std::vector<std::string> parts;
        for (const auto& o : options)
          if (by_year.rbegin()->second.count(o))
            parts.push_back(fmt::format("{} {}", o, percent(by_year.rbegin()->second.at(o))));
        return core::listed(parts, "and");
      }());
  std::string data = "$T << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& [year, at] : by_year) {
    data += std::to_string(year);
    std::vector<std::string> row = {std::to_string(year)};
    for (const auto& o : options) {
      const auto found = at.find(o);
      data += found == at.end() ? std::string(" NaN")
                                : fmt::format(" {}", plot_number(100 * found->second));
      row.push_back(found == at.end() ? "" : fmt::format("{:.1f}%", 100 * found->second));
    }
    data += "\n";
    rows.push_back(std::move(row));
  }
  data += "EOD\n";
  c.script = chart_header(c.title, "Year", "Health visitors trained (% of WTE)") + data +
             "set yrange [0:*]\nset key below horizontal height 1.5\nset format y '%.0f%%'\n"
             "set xtics 1\nset autoscale xfix\nplot ";
  for (std::size_t o = 0; o < options.size(); ++o)
    c.script += fmt::format("{}$T using 1:{} with linespoints lt {} title {}", o == 0 ? "" : ", ",
                            o + 2, o % 7 + 1, gnuplot_quoted(options[o]));
  c.script += "\n";
  std::vector<std::string> head = {"year"};
  head.insert(head.end(), options.begin(), options.end());
  c.table_html = html_table("Health visitors trained (% of health-visitor WTE)", head, rows);
  return c;
}

std::optional<ReportChart> areas_chart(const RunResults& r) {
  const std::string option = focus_option(r);
  if (!r.staffing_by_area || option.empty()) return std::nullopt;
  const int year = last_year(*r.staffing_by_area);
  auto areas = area_rows(r, year);
  std::vector<std::pair<double, const AreaRow*>> ranked;
  for (const auto& a : areas)
    if (const auto m = a.by_option.find(option); m != a.by_option.end() && m->second.ratio)
      ranked.push_back({*m->second.ratio, &a});
  if (ranked.size() < 2) return std::nullopt;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  const std::size_t shown = std::min(ranked.size(), kRankedAreas);
  ReportChart c;
  c.name = "areas";
  c.title = fmt::format("Specialists in post against need, by area: {}, {}", option, year);
  const std::string which =
      shown < ranked.size()
          ? fmt::format("the {} of {} areas furthest below it are shown (the table lists all)",
                        shown, ranked.size())
          : fmt::format("all {} areas", ranked.size());
  c.caption = fmt::format(
      "Specialists in post with {} in {} as a percentage of the WTE the area's workload "
      "requires (WHO WISN), lowest first; 100% meets the need; {}.",
      option, year, which);
  c.alt = fmt::format(
      "Horizontal bar chart of {} areas, lowest first: specialists in post with {} as a "
      "percentage of the WISN requirement in {}, from {} ({}) to {} ({}).",
      shown, option, year, ranked.front().second->name, percent(ranked.front().first),
      ranked[shown - 1].second->name, percent(ranked[shown - 1].first));
  // The lowest at the top: gnuplot counts rows from the bottom.
  std::string data = "$A << EOD\n";
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = shown; k-- > 0;)
    data += fmt::format("{} {}\n", data_text(ranked[k].second->name),
                        plot_number(100 * ranked[k].first));
  for (std::size_t k = 0; k < shown; ++k)
    rows.push_back({std::to_string(k + 1), ranked[k].second->name, percent(ranked[k].first)});
  data += "EOD\n";
  c.height = static_cast<int>(120 + 20 * shown);
  c.script =
      chart_header(c.title, "Specialists in post as a % of the WISN requirement (100%: need met)",
                   "") +
      data +
      "unset grid\nset grid xtics lc rgb '#dddddd'\nset style fill solid 0.85 border -1\n"
      "set xrange [0:*]\nset yrange [-0.7:" +
      fmt::format("{}]\n", static_cast<double>(shown) - 0.3) +
      "set ytics scale 0 font ',11'\nset format x '%.0f%%'\n"
      "set arrow from 100, graph 0 to 100, graph 1 nohead dt 2 lc rgb '#444444'\n"
      "plot $A using ($2/2):0:($2/2):(0.38):yticlabels(1) with boxxyerror lt 1\n";
  c.table_html = html_table(
      fmt::format("Specialists in post with {} as a % of the WISN requirement, {}", option, year),
      {"rank", "area", "% of need"}, rows, 2);
  return c;
}

std::string areas_html(const RunResults& r) {
  if (!r.staffing_by_area) return "";
  const int year = last_year(*r.staffing_by_area);
  const auto areas = area_rows(r, year);
  if (areas.empty()) return "";
  std::vector<std::string> options;
  for (const auto& o : r.options)
    if (std::any_of(areas.begin(), areas.end(),
                    [&](const auto& a) { return a.by_option.count(o.name) > 0; }))
      options.push_back(o.name);
  std::string html = fmt::format(
      "<p>Each area's specialist staffing in {} (the horizon's last year) under each option: the "
      "specialists in post (WTE) and what share of the WTE its workload requires they meet (WHO "
      "WISN; 100% meets the need), and the share of its health visitors trained. Click a "
      "column's heading to sort by it.</p>\n",
      year);
  // The table of `shown` options: on screen sortable, with every option; printed, in parts of
  // kPrintedOptions options (an A4 page's width), each with the area's columns.
  const bool in_parts = options.size() > kPrintedOptions;
  const auto table = [&](const std::vector<std::string>& shown, bool screen,
                         const std::string& part) {
    std::string t = fmt::format(
        "<table{}>\n<caption>Specialist staffing by area, {} ({} areas){}</caption>\n<thead>\n"
        "<tr><th colspan=\"3\">Area</th>",
        screen ? fmt::format(" id=\"areas-table\" class=\"sortable{}\"",
                             in_parts ? " screen-only" : "")
               : std::string(" class=\"print-part\""),
        year, areas.size(), part);
    for (const auto& o : shown)
      t += fmt::format("<th colspan=\"3\" scope=\"colgroup\">{}</th>", html_escaped(o));
    t += "</tr>\n<tr>";
    for (const char* label : {"code", "name", "births a year"})
      t += fmt::format("<th scope=\"col\"{}>{}</th>",
                       std::string(label) == "births a year" ? " class=\"n\"" : "",
                       screen ? sort_button(label) : html_escaped(label));
    for (std::size_t o = 0; o < shown.size(); ++o)
      for (const char* label : {"in post (WTE)", "% of need", "HVs trained"})
        t += fmt::format("<th scope=\"col\" class=\"n\">{}</th>",
                         screen ? sort_button(label) : html_escaped(label));
    t += "</tr>\n</thead>\n<tbody>\n";
    for (const auto& a : areas) {
      t += fmt::format("<tr><td>{}</td><th scope=\"row\">{}</th>", html_escaped(a.code),
                       html_escaped(a.name));
      t += cell(a.births,
                a.births ? count_text(static_cast<long long>(std::llround(*a.births))) : "");
      for (const auto& o : shown) {
        const auto m = a.by_option.find(o);
        const AreaRow::Measures none;
        const auto& v = m == a.by_option.end() ? none : m->second;
        t += cell(v.in_post, v.in_post ? fmt::format("{:.1f}", *v.in_post) : "");
        t += cell(v.ratio, v.ratio ? percent(*v.ratio) : "");
        t += cell(v.trained, v.trained ? percent(*v.trained) : "");
      }
      t += "</tr>\n";
    }
    return t + "</tbody>\n</table>\n";
  };
  html += "<div class=\"wide\">\n" + table(options, true, "");
  if (in_parts) {
    html += "<div class=\"print-only\" aria-hidden=\"true\">\n";
    const std::size_t parts = (options.size() + kPrintedOptions - 1) / kPrintedOptions;
    for (std::size_t p = 0; p < parts; ++p) {
      const auto from = options.begin() + static_cast<std::ptrdiff_t>(p * kPrintedOptions);
      const auto to = options.begin() + static_cast<std::ptrdiff_t>(
                                            std::min(options.size(), (p + 1) * kPrintedOptions));
      html += table({from, to}, false, fmt::format(" (part {} of {})", p + 1, parts));
    }
    html += "</div>\n";
  }
  return html + "</div>\n";
}

}  // namespace pimhsim::output
