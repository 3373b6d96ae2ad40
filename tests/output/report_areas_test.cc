// The run report's by-area section and trained-share chart, and the workbook's sheets of CSV
// tables: each from a small table written here, so that every expected value is known.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pimhsim/output/report_charts.h"
#include "pimhsim/output/report_data.h"
#include "pimhsim/output/report_kinds.h"
#include "pimhsim/output/report_workbook.h"

namespace out = pimhsim::output;

namespace {

pimhsim::scenario::CsvTable table(const std::string& text) {
  pimhsim::scenario::Diagnostics d;
  auto t = pimhsim::scenario::parse_csv(text, "test.csv", d);
  REQUIRE(t.has_value());
  return *t;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Three areas, two options, two years; only the last year's figures are shown.
out::RunResults three_areas() {
  out::RunResults r;
  r.options = {{"None", {}}, {"One WTE", {}}};
  r.staffing_by_area = table(
      "option,area_code,area_name,year,in_post_wte,specialist_wisn_required_wte,"
      "specialist_wisn_ratio,trained_share\n"
      "None,A1,Alpha,2026,0,2,0,0.1\nNone,A1,Alpha,2027,0,2,0,0.1\n"
      "None,B2,Beta,2027,0,4,0,0.1\nNone,\"C3, C4\",Gamma,2027,0,1,0,0.1\n"
      "One WTE,A1,Alpha,2026,1,2,0.5,0.2\nOne WTE,A1,Alpha,2027,1,2,0.5,0.3\n"
      "One WTE,B2,Beta,2027,1,4,0.25,0.2\nOne WTE,\"C3, C4\",Gamma,2027,1,1,1,0.6\n");
  r.area_births = {{"A1", 1200}, {"B2", 3400}, {"C3, C4", 910}};
  return r;
}

}  // namespace

TEST_CASE("report areas: the ranked chart puts the area furthest below its need first") {
  const auto r = three_areas();
  const auto c = out::areas_chart(r);
  REQUIRE(c.has_value());
  CHECK(c->name == "areas");
  CHECK(c->title.find("One WTE, 2027") != std::string::npos);
  // gnuplot counts rows from the bottom: the lowest share (Beta, 25%) is the last data line.
  const auto beta = c->script.find("\"Beta\" 25");
  const auto alpha = c->script.find("\"Alpha\" 50");
  const auto gamma = c->script.find("\"Gamma\" 100");
  REQUIRE(beta != std::string::npos);
  REQUIRE(alpha != std::string::npos);
  REQUIRE(gamma != std::string::npos);
  CHECK(gamma < alpha);
  CHECK(alpha < beta);
  CHECK(c->caption.find("all 3 areas") != std::string::npos);
  CHECK(c->alt.find("from Beta (25%) to Gamma (100%)") != std::string::npos);
}

TEST_CASE("report areas: one area has no ranked chart, and the table still lists it") {
  auto r = three_areas();
  r.staffing_by_area = table(
      "option,area_code,area_name,year,in_post_wte,specialist_wisn_required_wte,"
      "specialist_wisn_ratio,trained_share\nOne WTE,A1,Alpha,2027,1,2,0.5,0.3\n");
  CHECK_FALSE(out::areas_chart(r).has_value());
  CHECK(out::areas_html(r).find("<th scope=\"row\">Alpha</th>") != std::string::npos);
}

TEST_CASE("report areas: the table has every area once with its births and each option's figures") {
  const std::string html = out::areas_html(three_areas());
  CHECK(html.find("class=\"sortable\"") != std::string::npos);
  CHECK(html.find("Specialist staffing by area, 2027 (3 areas)") != std::string::npos);
  CHECK(count(html, "<tr><td>") == 3);
  // Each sortable cell carries its number for the script: births, then per option in post, the
  // share of need and the share trained.
  CHECK(html.find("<td class=\"n\" data-value=\"3400\">3,400</td>") != std::string::npos);
  CHECK(html.find("<td class=\"n\" data-value=\"0.25\">25%</td>") != std::string::npos);
  CHECK(html.find("<td class=\"n\" data-value=\"0.6\">60%</td>") != std::string::npos);
  CHECK(html.find("C3, C4") != std::string::npos);
  CHECK(count(html, "<button type=\"button\">") == 3 + 2 * 3);
}

TEST_CASE("report areas: the trained share is drawn per option and year in percent") {
  out::RunResults r;
  r.options = {{"None", {}}, {"One WTE", {}}};
  r.staffing = table(
      "option,year,trained_share\nNone,2026,0.1\nNone,2027,0.1\n"
      "One WTE,2026,0.2\nOne WTE,2027,0.35\n");
  const auto c = out::trained_share_chart(r);
  REQUIRE(c.has_value());
  CHECK(c->script.find("2027 10 35\n") != std::string::npos);
  CHECK(c->alt.find("None 10% and One WTE 35%") != std::string::npos);
  CHECK(c->table_html.find("35.0%") != std::string::npos);
}

TEST_CASE("workbook: a CSV table's sheet has typed cells and units, without constant labels") {
  const auto t = table(
      "scenario,variant,option,cost,n,on_frontier,note\n"
      "S,,a,1.5,3,true,\nS,,b,,4,false,x\n");
  out::Codebook book;
  book["t.csv"]["cost"] = {"number", "GBP", "the cost"};
  book["t.csv"]["n"] = {"integer", "dyads", "how many"};
  book["t.csv"]["on_frontier"] = {"boolean", "", "on the frontier"};
  book["t.csv"]["option"] = {"text", "", "the option"};
  const auto s = out::csv_sheet(t, "t.csv", book, "GBP", "T", "about");
  // `scenario` and `variant` are the same in every row: left to the About sheet.
  REQUIRE(s.columns.size() == 5);
  CHECK(s.columns[0].name == "option");
  CHECK(s.columns[1].unit == "GBP");
  CHECK(s.columns[1].money);
  CHECK(s.columns[2].integer);
  using K = out::WorkbookCell::Kind;
  REQUIRE(s.rows.size() == 2);
  CHECK(s.rows[0][1].kind == K::kNumber);
  CHECK(s.rows[0][1].number == 1.5);
  CHECK(s.rows[1][1].kind == K::kEmpty);
  CHECK(s.rows[0][3].kind == K::kBoolean);
  CHECK(s.rows[0][3].number == 1);
  CHECK(s.rows[1][3].number == 0);
  // A column the codebook does not describe: numbers if every field is one, else text.
  CHECK(s.rows[1][4].kind == K::kText);
  CHECK(s.rows[0][4].kind == K::kEmpty);
}

TEST_CASE("report labels: names, targets and figures in plain words and numbers for people") {
  CHECK(out::plain_label("timely_specialist") == "Referrals seen by the specialist in time");
  CHECK(out::plain_label("roi") == "Return per 1 invested, NHS and PSS");
  CHECK(out::plain_label("nmb@20000") == "Net monetary benefit at 20,000 per QALY");
  CHECK(out::plain_label("delta_cost_nhs_pss") == "Extra cost, NHS and PSS");
  CHECK(out::plain_label("payback_year_societal") == "Payback year, society");
  CHECK(out::plain_label("something_new") == "something new");
  CHECK(out::target_words("timely_specialist >= 0.8") ==
        "referrals seen by the specialist in time at least 80%");
  CHECK(out::target_words("max nmb@20000") ==
        "the highest net monetary benefit at 20,000 per QALY");
  CHECK(out::figure_text("payback_year_public_sector", 2046, 0) == "2046");
  CHECK(out::figure_text("roi_nhs_pss", -0.1921, 0.1563) == "-0.19 ± 0.16");
  CHECK(out::figure_text("funded_wte", 1, 0) == "1.0");
  CHECK(out::figure_text("mothers_ill", 15666.2, 113.03) == "15,666 ± 113");
  CHECK(out::figure_text("cost_nhs_pss", 110e6, 1.23e6) == "110m ± 1.23m");
}

TEST_CASE("report labels: options of one scenario are named by what tells them apart") {
  std::string prefix;
  const auto shorter = out::without_common_prefix(
      {"Leeds (example): No specialist", "Leeds (example), band 6: Two WTE"}, prefix);
  CHECK(prefix == "Leeds (example)");
  CHECK(shorter == std::vector<std::string>{"No specialist", "band 6: Two WTE"});
  const auto apart = out::without_common_prefix({"PoNDER: Trial", "Holden: Trial"}, prefix);
  CHECK(prefix.empty());
  CHECK(apart == std::vector<std::string>{"PoNDER: Trial", "Holden: Trial"});
}
