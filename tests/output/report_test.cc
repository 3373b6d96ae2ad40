// The report of a run's results directory: read from the directory's files alone, with every
// section and chart a board needs, nothing the browser would fetch, and bad directories refused
// with nothing written.
#include "pimhsim/output/report.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>

#include "pimhsim/analysis/run.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/report_charts.h"
#include "pimhsim/output/report_data.h"
#include "pimhsim/output/report_html.h"
#include "pimhsim/output/results.h"
#include "support/files.h"
#include "support/scenarios.h"

namespace fs = std::filesystem;
namespace out = pimhsim::output;

namespace {

// One directory per process: ctest runs this file's cases as processes at once.
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" /
                       ("report-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

using pimhsim::test::read;

// A small run of the example area (one area, three years), written as `pimhsim run` writes it.
const fs::path& example_run() {
  static const fs::path dir = [] {
    const auto s = pimhsim::test::load_shipped("scenarios/example_area.yaml",
                                               {"run.scale=0.2", "run.horizon=3", "run.seed=11"});
    // Each test case runs as its own process, several at once: one directory per process.
    const fs::path d = fresh_dir("example_run-" + std::to_string(::getpid()));
    out::write_run(d.string(), s, pimhsim::analysis::run(s, 2), {"pimhsim run (test)", 2, 1.0});
    return d;
  }();
  return dir;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: html_escaped and gnuplot_quoted keep names as they are written") {
  CHECK(out::html_escaped("A & B <b> \"c\" 'd'") ==
        "A &amp; B &lt;b&gt; &quot;c&quot; &#39;d&#39;");
  CHECK(out::gnuplot_quoted("King's Lynn\nand 'West'") == "'King''s Lynn and ''West'''");
  CHECK(out::money_with_se(1520000, 101000) == "1.52m ± 101k");
}

TEST_CASE("report: a run directory reads back as summary.json and the tables hold it") {
  const auto r = out::read_run_results(example_run());
  REQUIRE(r.ok());
  const auto summary = nlohmann::json::parse(read(example_run() / "summary.json"));
  CHECK(r->scenario_name == summary["scenario"]["name"].get<std::string>());
  REQUIRE(r->options.size() == summary["options"].size());
  REQUIRE(r->increments.size() == r->options.size() - 1);
  REQUIRE(!r->choices.empty());
  const auto& best = summary["frontier"]["optimal_at_threshold"];
  CHECK(r->choices.front().option ==
        best[fmt::format("{}", static_cast<long long>(r->choices.front().threshold))]);
  const auto& inc = summary["economics"]["increments"][0];
  CHECK(r->increments[0].qalys.value == inc["incremental_qalys"]["estimate"].get<double>());
  CHECK(r->increments[0].by_perspective[0].savings.value ==
        inc["by_perspective"]["nhs_pss"]["savings"]["estimate"].get<double>());
  CHECK(r->funnel.has_value());
  CHECK(r->staffing.has_value());
  CHECK(r->budget_impact.has_value());
  REQUIRE(r->payback.has_value());
  CHECK(!r->parameters.empty());
}

TEST_CASE("report: every figure the summary ties to summary.json equals it there") {
  const auto r = out::read_run_results(example_run());
  REQUIRE(r.ok());
  const auto summary = nlohmann::json::parse(read(example_run() / "summary.json"));
  const std::string html = out::board_summary_html(r.value());
  const std::regex tied("data-json=\"([^\"]+)\"( data-value=\"([^\"]+)\")?>([^<]*)<");
  std::size_t checked = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), tied); it != std::sregex_iterator();
       ++it) {
    const std::string pointer = (*it)[1];
    CAPTURE(pointer);
    const auto& expected = summary.at(nlohmann::json::json_pointer(pointer));
    if ((*it)[2].matched)
      CHECK(std::stod((*it)[3]) == expected.get<double>());
    else
      CHECK((*it)[4] == expected.get<std::string>());
    ++checked;
  }
  // The recommendation, its lead and per compared option at least its investment, savings, net
  // savings and payback in three perspectives, QALYs and NMB at two thresholds.
  CHECK(checked >= 2 + r->increments.size() * (1 + 3 * 2 + 1 + 2));
  CHECK(html.find("id=\"recommended-option\" data-json") != std::string::npos);
}

TEST_CASE("report: payback.csv meets the payback year of summary.json") {
  const auto r = out::read_run_results(example_run());
  REQUIRE(r.ok());
  const auto& t = *r->payback;
  for (const auto& inc : r->increments)
    for (const auto& p : inc.by_perspective) {
      std::optional<int> first;
      for (std::size_t i = 0; i < t.rows.size(); ++i)
        if (out::cell_text(t, i, "option") == inc.option &&
            out::cell_text(t, i, "perspective") == p.perspective &&
            out::cell_number(t, i, "cumulative_net").value() >= 0 && !first)
          first = static_cast<int>(out::cell_number(t, i, "year").value());
      CAPTURE(inc.option);
      CAPTURE(p.perspective);
      CHECK(first == p.payback_year);
    }
}

TEST_CASE("report: the page holds the summary and every chart, and nothing to fetch") {
  const auto r = out::read_run_results(example_run());
  REQUIRE(r.ok());
  const auto charts = out::run_charts(r.value());
  std::vector<std::string> names;
  for (const auto& c : charts) {
    names.push_back(c.name);
    CAPTURE(c.name);
    CHECK(!c.title.empty());
    CHECK(!c.caption.empty());
    CHECK(!c.alt.empty());
    CHECK(c.script.find("set xlabel") != std::string::npos);
    CHECK(c.script.find("set ylabel") != std::string::npos);
    CHECK(c.table_html.find("<table>") != std::string::npos);
  }
  CHECK(names == std::vector<std::string>{"payback_1", "payback_2", "payback_3", "budget_impact",
                                          "staffing", "trained_share", "funnel"});
  std::vector<out::DrawnChart> drawn;
  for (const auto& c : charts) drawn.push_back({c, "", "", ""});
  const std::string html = out::run_report_html(r.value(), drawn, "charts need gnuplot");
  for (const char* id :
       {"id=\"summary\"", "id=\"question\"", "id=\"options\"", "id=\"recommendation\"",
        "id=\"assumptions\"", "id=\"charts-note\"", "id=\"parameters\"", "Content-Security-Policy"})
    CHECK_MESSAGE(html.find(id) != std::string::npos, id);
  CHECK(count(html, "<figure") == charts.size());
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  // The one script is the page's own, which sorts the by-area table, allowed by its hash alone.
  CHECK(count(html, "<script") == 1);
  CHECK(html.find("<script src") == std::string::npos);
  CHECK(html.find("script-src 'sha256-") != std::string::npos);
  CHECK(html.find("unsafe-eval") == std::string::npos);
  CHECK(html.find("id=\"areas-table\"") != std::string::npos);
}

TEST_CASE("report: written with its charts beside it, or with tables and a note without gnuplot") {
  const fs::path copy = fresh_dir("written");
  fs::copy(example_run(), copy, fs::copy_options::recursive);
  const auto files = out::write_report(copy);
  REQUIRE(files.ok());
  CHECK(files->html == copy / "report.html");
  const std::string html = read(copy / "report.html");
  CHECK(html.find("http://") == std::string::npos);
  if (out::find_gnuplot()) {
    CHECK(files->drawn == files->charts);
    CHECK(files->note.empty());
    CHECK(fs::file_size(copy / "report_charts" / "funnel.svg") > 1000);
    CHECK(fs::file_size(copy / "report_charts" / "funnel.png") > 1000);
    CHECK(count(html, "data:image/svg+xml;base64,") == files->charts);
  } else {
    MESSAGE("gnuplot is not on the PATH: only the page without charts is checked");
    CHECK(files->drawn == 0);
    CHECK(html.find("need gnuplot") != std::string::npos);
  }
}

TEST_CASE("report: a directory that is not a run, or a bad page name, is refused") {
  const fs::path empty = fresh_dir("not_results");
  fs::create_directories(empty);
  auto r = out::write_report(empty);
  CHECK(r.status().code() == pimhsim::core::StatusCode::kBadInput);
  CHECK(r.status().message().find("manifest.json") != std::string::npos);
  r = out::write_report(empty / "missing");
  CHECK(r.status().message().find("is not there") != std::string::npos);
  r = out::write_report(example_run(), std::string((example_run() / "page.txt").string()));
  CHECK(r.status().message().find("ending in .html") != std::string::npos);
  CHECK(!fs::exists(example_run() / "page.txt"));
  CHECK(!fs::exists(empty / "report.html"));
  const fs::path psa = fresh_dir("psa_like");
  fs::copy(example_run(), psa, fs::copy_options::recursive);
  std::ofstream(psa / "psa_summary.json") << "{}";
  r = out::write_report(psa);
  // A PSA's summary without the PSA's tables: refused, naming the first table missing.
  CHECK(r.status().message().find("ce_plane.csv: missing") != std::string::npos);
  CHECK(!fs::exists(psa / "report.html"));
}
