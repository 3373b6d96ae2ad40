// The report of a PSA's results directory: the statistics its charts draw against their
// definitions (the CE plane's ellipse against the covariance it comes from, the CEAC against the
// draws), its summary against the directory's files, and bad directories refused naming the file.
#include "pimhsim/output/report_psa.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/gnuplot.h"
#include "pimhsim/output/psa_writer.h"
#include "pimhsim/output/report.h"
#include "pimhsim/output/report_dsa.h"
#include "pimhsim/output/report_kinds.h"
#include "pimhsim/output/results.h"
#include "support/files.h"
#include "support/scenarios.h"

namespace fs = std::filesystem;
namespace out = pimhsim::output;
namespace analysis = pimhsim::analysis;

namespace {

// One directory per process: ctest runs this file's cases as processes at once.
fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" /
                       ("report_psa-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir.parent_path());
  return dir;
}

// A small PSA of the Sick-Sicker model (60 draws of 400 people), with EVPPI of two parameters,
// written as `pimhsim psa` writes it.
const fs::path& sick_sicker_psa() {
  static const fs::path dir = [] {
    const auto s = pimhsim::test::load_shipped("scenarios/validation/sick_sicker_psa.yaml",
                                               {"run.population=400"});
    analysis::PsaSettings settings;
    settings.iterations = 60;
    const analysis::Psa psa(s, settings);
    const auto its = analysis::run_psa(psa, {}, 2);
    analysis::PsaReport report;
    report.thresholds = analysis::default_threshold_grid(s.economics.thresholds);
    report.evppi_groups = {{"c_trt"}, {"u_S1"}};
    const auto summary = analysis::summarise_psa(psa, its, report);
    const fs::path d = fresh_dir("sick_sicker");
    out::AtomicDirectory dir(d);
    out::write_psa(dir, s, psa, its, summary, out::manifest_json(s, {"pimhsim psa (test)", 2, 1}));
    dir.commit();
    return d;
  }();
  return dir;
}

// A results table from its text, as the report reads it.
pimhsim::scenario::CsvTable csv(const std::string& text, const std::string& name) {
  pimhsim::scenario::Diagnostics d;
  auto table = pimhsim::scenario::parse_csv(text, name, d);
  REQUIRE(table);
  return std::move(*table);
}

// A copy of the PSA directory to break.
fs::path copy_of_psa(const std::string& name) {
  const fs::path d = fresh_dir(name);
  fs::copy(sick_sicker_psa(), d, fs::copy_options::recursive);
  return d;
}

}  // namespace

TEST_CASE("report psa: the 95 percent ellipse is the covariance ellipse of the draws") {
  out::PlaneCloud c;
  c.mean_effect = 2;
  c.mean_cost = 1000;
  c.var_effect = 0.25;
  c.var_cost = 40000;
  c.covariance = 60;  // correlation 0.6
  const double q = -2 * std::log(0.05);
  CHECK(q == doctest::Approx(5.991464547107979));  // chi-squared, 2 df, 95%
  const auto points = out::confidence_ellipse(c, 0.95, 360);
  REQUIRE(points.size() == 361);
  // Every point is on (x - m)' S^-1 (x - m) = q, and the ellipse just touches the box of
  // m +- sqrt(q var) on each axis.
  const double det = c.var_effect * c.var_cost - c.covariance * c.covariance;
  double min_e = 1e300, max_e = -1e300, min_c = 1e300, max_c = -1e300;
  for (const auto& [e, cost] : points) {
    const double de = e - c.mean_effect, dc = cost - c.mean_cost;
    const double form =
        (c.var_cost * de * de - 2 * c.covariance * de * dc + c.var_effect * dc * dc) / det;
    CHECK(form == doctest::Approx(q).epsilon(1e-9));
    min_e = std::min(min_e, e);
    max_e = std::max(max_e, e);
    min_c = std::min(min_c, cost);
    max_c = std::max(max_c, cost);
  }
  CHECK(max_e - c.mean_effect == doctest::Approx(std::sqrt(q * c.var_effect)).epsilon(1e-4));
  CHECK(c.mean_effect - min_e == doctest::Approx(std::sqrt(q * c.var_effect)).epsilon(1e-4));
  CHECK(max_c - c.mean_cost == doctest::Approx(std::sqrt(q * c.var_cost)).epsilon(1e-4));
  CHECK(c.mean_cost - min_c == doctest::Approx(std::sqrt(q * c.var_cost)).epsilon(1e-4));
  // A singular covariance (the draws on a line) has no ellipse.
  c.covariance = std::sqrt(c.var_effect * c.var_cost);
  CHECK(out::confidence_ellipse(c).empty());
}

TEST_CASE("report psa: the plane holds the draws of ce_plane.csv with their mean and covariance") {
  const auto r = out::read_psa_results(sick_sicker_psa());
  REQUIRE(r.ok());
  const auto clouds = out::plane_clouds(r.value());
  REQUIRE(clouds.size() == r->options.size() - 1);
  const auto& c = clouds[0];
  REQUIRE(c.cost.size() == 60);
  double mc = 0, me = 0;
  for (std::size_t i = 0; i < 60; ++i) {
    mc += c.cost[i] / 60;
    me += c.effect[i] / 60;
  }
  double cov = 0;
  for (std::size_t i = 0; i < 60; ++i) cov += (c.cost[i] - mc) * (c.effect[i] - me) / 59;
  CHECK(c.mean_cost == doctest::Approx(mc));
  CHECK(c.mean_effect == doctest::Approx(me));
  CHECK(c.covariance == doctest::Approx(cov));
  // About 95% of the draws are inside the ellipse (a loose check: 60 draws, not normal).
  const double det = c.var_effect * c.var_cost - c.covariance * c.covariance;
  int inside = 0;
  for (std::size_t i = 0; i < 60; ++i) {
    const double de = c.effect[i] - me, dc = c.cost[i] - mc;
    inside += (c.var_cost * de * de - 2 * c.covariance * de * dc + c.var_effect * dc * dc) / det <=
              -2 * std::log(0.05);
  }
  CHECK(inside >= 50);
}

// The plane's table gives the ICER of the mean increments with its quadrant: a dominated option's
// ratio is negative and a cheaper, less effective option's positive, and neither is a cost per
// QALY gained.
TEST_CASE("report psa: the ICER of the means says its quadrant") {
  auto table =
      csv("option,iteration,delta_cost,delta_effect\n"
          "gains,1,1000,0.1\ngains,2,3000,0.1\n"
          "dearer,1,100,-0.1\ndearer,2,300,-0.1\n"
          "cheaper,1,-1000,-0.2\ncheaper,2,-3000,-0.2\n",
          "ce_plane.csv");
  out::PsaResults r;
  r.options = {"comparator", "gains", "dearer", "cheaper"};
  r.comparator = "comparator";
  r.ce_plane = std::move(table);
  const std::string html = out::psa_ce_plane_chart(r).table_html;
  CHECK(html.find("20.0k per QALY gained") != std::string::npos);
  CHECK(html.find(">dominated</td>") != std::string::npos);
  CHECK(html.find("10.0k saved per QALY lost") != std::string::npos);
  CHECK(html.find("-2.00k</td>") == std::string::npos);  // the dearer option's ratio
}

TEST_CASE("report psa: the CEAC read back is the share of draws in which each option is best") {
  const auto r = out::read_psa_results(sick_sicker_psa());
  REQUIRE(r.ok());
  const auto& t = r->ceac;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const double w = *out::cell_number(t, i, "wtp");
    const auto shares = out::ceac_from_plane(r.value(), w);
    const auto k = static_cast<std::size_t>(
        std::find(r->options.begin(), r->options.end(), out::cell_text(t, i, "option")) -
        r->options.begin());
    REQUIRE(k < shares.size());
    CAPTURE(w);
    CHECK(*out::cell_number(t, i, "probability_most_cost_effective") ==
          doctest::Approx(shares[k]).epsilon(1e-12));
    ++checked;
  }
  CHECK(checked == t.rows.size());
  CHECK(checked > 40);
}

TEST_CASE("report psa: every probability on the page is the one in ceac.csv") {
  const fs::path d = copy_of_psa("page");
  const auto files = out::write_report(d);
  REQUIRE(files.ok());
  const std::string html = pimhsim::test::read(d / "report.html");
  const auto r = out::read_psa_results(d);
  REQUIRE(r.ok());
  const std::regex cell(
      "data-csv=\"ceac.csv\" data-wtp=\"([^\"]*)\" data-option=\"([^\"]*)\" "
      "data-column=\"([^\"]*)\" data-value=\"([^\"]*)\"");
  std::size_t n = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), cell); it != std::sregex_iterator();
       ++it, ++n) {
    const auto& m = *it;
    bool found = false;
    for (std::size_t i = 0; i < r->ceac.rows.size(); ++i)
      if (out::cell_text(r->ceac, i, "wtp") == m[1].str() &&
          out::cell_text(r->ceac, i, "option") == m[2].str()) {
        CHECK(out::cell_text(r->ceac, i, m[3].str()) == m[4].str());
        found = true;
      }
    CHECK(found);
  }
  CHECK(n >= 2 * r->thresholds.size() * r->options.size());
  // The recommended option is the CEAF's at the first threshold.
  std::string on_frontier;
  for (std::size_t i = 0; i < r->ceac.rows.size(); ++i)
    if (out::cell_number(r->ceac, i, "wtp") == r->thresholds.front() &&
        out::cell_text(r->ceac, i, "on_frontier") == "true")
      on_frontier = out::cell_text(r->ceac, i, "option");
  CHECK(html.find(fmt::format("<span id=\"recommended-option\">{}</span>", on_frontier)) !=
        std::string::npos);
  for (const char* figure : {"ce_plane", "ceac", "evpi", "evppi", "convergence"}) {
    CAPTURE(figure);
    CHECK(html.find(fmt::format("<figure id=\"fig-{}\"", figure)) != std::string::npos);
  }
  CHECK(html.find("http://") == std::string::npos);
  CHECK(html.find("https://") == std::string::npos);
  CHECK(files->charts == 5);
}

TEST_CASE("report psa: a missing or malformed file is refused naming the file") {
  fs::path d = copy_of_psa("no_ceac");
  fs::remove(d / "ceac.csv");
  auto r = out::write_report(d);
  CHECK(r.status().code() == pimhsim::core::StatusCode::kBadInput);
  CHECK(r.status().message().find((d / "ceac.csv").string() + ": missing") != std::string::npos);
  CHECK(!fs::exists(d / "report.html"));

  d = copy_of_psa("bad_plane");
  std::ofstream(d / "ce_plane.csv") << "iteration,option,comparator,delta_cost,delta_effect\n"
                                       "1,Treatment,No Treatment,lots,0.5\n";
  r = out::write_report(d);
  CHECK(r.status().code() == pimhsim::core::StatusCode::kBadInput);
  CHECK(r.status().message().find("ce_plane.csv: line 2: `lots` is not a number") !=
        std::string::npos);

  d = copy_of_psa("bad_summary");
  std::ofstream(d / "psa_summary.json") << "{\"scenario\": 3}";
  r = out::write_report(d);
  CHECK(r.status().code() == pimhsim::core::StatusCode::kBadInput);
  CHECK(r.status().message().find("psa_summary.json: unexpected content") != std::string::npos);

  d = copy_of_psa("no_column");
  std::ofstream(d / "convergence.csv") << "iterations,option,figure,estimate\n1,a,b,2\n";
  r = out::write_report(d);
  CHECK(r.status().message().find("convergence.csv: has no column `se`") != std::string::npos);
}

TEST_CASE("report dsa: the tornado bars are ordered by swing, widest first") {
  auto table =
      csv("option,rank,parameter,low,high,outcome_at_low,outcome_at_high,swing,outcome_at_base\n"
          "B,1,b1,0,1,-5,5,10,0\n"
          "A,3,narrow,0,1,-1,1,2,0\n"
          "A,1,wide,0,1,30,-20,50,0\n"
          "A,2,middle,0,1,-4,8,12,0\n",
          "tornado.csv");
  out::DsaResults r;
  r.tornado = std::move(table);
  CHECK(out::tornado_options(r) == std::vector<std::string>{"B", "A"});
  const auto bars = out::tornado_bars(r, "A");
  REQUIRE(bars.size() == 3);
  CHECK(bars[0].parameter == "wide");
  CHECK(bars[1].parameter == "middle");
  CHECK(bars[2].parameter == "narrow");
  CHECK(bars[0].at_low == 30);
  CHECK(bars[0].at_high == -20);
  // The chart draws them in that order, the widest at the top (the highest y).
  r.outcome_name = "nmb";
  r.outcome_label = "incremental net monetary benefit";
  r.comparator = "B";
  const auto charts = out::dsa_charts(r);
  REQUIRE(charts.size() == 2);
  const auto& script = charts[1].script;
  CHECK(script.find("3 30 -20 0\n") != std::string::npos);
  CHECK(script.find("1 -1 1 0\n") != std::string::npos);
  // Each bar labelled by its parameter (an unknown model: its name) and range, on two lines.
  CHECK(script.find("set ytics (\"wide\\n(0 to 1)\" 3, \"middle\\n(0 to 1)\" 2, "
                    "\"narrow\\n(0 to 1)\" 1)") != std::string::npos);
}

// An ICER's conclusion is a cost per QALY gained within the threshold or not: a bar whose ends
// are both positive ratios may cross it, and one whose end gains no QALY (not defined there, rank
// 1 in tornado.csv, its swing not a number) changes it too. Ranked as the file ranks them.
TEST_CASE("report dsa: an ICER's conclusion is judged against the threshold, not by its sign") {
  auto table =
      csv("option,rank,parameter,low,high,outcome_at_low,outcome_at_high,swing,outcome_at_base\n"
          "A,3,steady,0,1,5000,9000,4000,8000\n"
          "A,2,dearer,0,1,8000,45000,37000,8000\n"
          "A,1,utility,0,1,,8500,,8000\n",
          "tornado.csv");
  out::DsaResults r;
  r.tornado = std::move(table);
  r.model = "no_such_model";
  r.outcome_name = "icer";
  r.outcome_label = "ICER";
  r.comparator = "B";
  r.wtp = 20000;
  const auto bars = out::tornado_bars(r, "A");
  REQUIRE(bars.size() == 3);
  CHECK(bars[0].parameter == "utility");
  CHECK(std::isnan(bars[0].swing));
  CHECK(bars[1].parameter == "dearer");
  CHECK(bars[2].parameter == "steady");
  const std::string html = out::dsa_page(r).summary_html;
  CHECK(html.find("The ICER crosses 20.0k per QALY gained (or the QALY gain ends) within the "
                  "range of 2 parameters (utility and dearer)") != std::string::npos);
  CHECK(html.find(">not defined</span> at its low value") != std::string::npos);
  // By sign alone, as for another outcome, only the undefined end would change it.
  r.outcome_name = "delta_cost";
  CHECK(out::dsa_page(r).summary_html.find(
            "The sign of the outcome changes within the range of one parameter (utility)") !=
        std::string::npos);
}

TEST_CASE(
    "report labels: parameters in words from their model, shares and unknown names as they are") {
  CHECK(out::parameter_words("sick_sicker", "p_HS1") == "Annual probability Healthy -> Sick");
  CHECK(
      out::parameter_words("pathway", "detection.sensitivity.trained") ==
      "Probability that a trained health visitor identifies a detectable ill mother at a contact");
  CHECK(out::parameter_words("pathway", "services.mbu.cost") ==
        "Cost of a course of a mother and baby unit");
  CHECK(out::parameter_words("pathway", "severity.depression.moderate") ==
        "Severity mix of depression: moderate");
  CHECK(out::parameter_words("pathway", "no.such.parameter") == "no.such.parameter");
  CHECK(out::parameter_words("no_such_model", "p_HS1") == "p_HS1");
  CHECK(out::lower_first("Utility in Sick") == "utility in Sick");
}

TEST_CASE("report charts: labels wrap at spaces and quote for gnuplot") {
  CHECK(out::wrapped("one two three four", 9) ==
        std::vector<std::string>{"one two", "three", "four"});
  CHECK(out::wrapped("averyveryverylongword x", 5) ==
        std::vector<std::string>{"averyveryverylongword", "x"});
  CHECK(out::wrapped("", 5) == std::vector<std::string>{""});
  CHECK(out::gnuplot_lines({"a \"b\"", "c\\d"}) == "\"a \\\"b\\\"\\nc\\\\d\"");
}

TEST_CASE("report charts: gnuplot warnings about the data leave a chart, errors do not") {
  const auto gnuplot = out::find_gnuplot();
  if (!gnuplot) {
    MESSAGE("gnuplot is not installed: skipped");
    return;
  }
  // Every point at x = 0 (a PSA whose options never differ in QALYs): gnuplot widens the empty
  // range and says so.
  const auto drawn = out::run_gnuplot(*gnuplot, "$D << EOD\n0 1\n0 2\nEOD\nplot $D using 1:2\n",
                                      out::ChartFormat::kSvg, 400, 300);
  REQUIRE(drawn.ok());
  CHECK(drawn.value().find("<svg") != std::string::npos);
  const auto broken =
      out::run_gnuplot(*gnuplot, "plot $NoSuchBlock using 1:2\n", out::ChartFormat::kSvg, 400, 300);
  CHECK_FALSE(broken.ok());
}
