// The areas table: the columns it may have (a misspelt one is an error, not a silent default),
// and a UTF-8 byte-order mark, as Excel writes, is not part of the first column's name.
#include "pimhsim/scenario/areas_reader.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

using namespace pimhsim::scenario;

namespace {

std::filesystem::path test_dir() {
  const auto dir = std::filesystem::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "areas";
  std::filesystem::create_directories(dir);
  return dir;
}

// Writes `csv` as NAME.csv and reads it as `areas: {table: NAME.csv}` of a scenario in the same
// folder.
std::optional<AreaSettings> read_table(const std::string& name, const std::string& csv,
                                       Diagnostics& d) {
  const auto dir = test_dir();
  std::ofstream(dir / (name + ".csv"), std::ios::binary) << csv;
  const auto root =
      parse_yaml("areas: {table: " + name + ".csv}\n", (dir / "scenario.yaml").string(), d);
  REQUIRE(root.has_value());
  return read_areas(*root->get("areas"), "", pimhsim::models::pathway::spec().area_columns, d);
}

}  // namespace

TEST_CASE("areas table: a UTF-8 byte-order mark before the header is ignored") {
  Diagnostics d;
  const auto a = read_table("bom",
                            "\xEF\xBB\xBF"
                            "area_code,area_name,region,births\r\nE1,One,North,100\r\n",
                            d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(a.has_value());
  REQUIRE(a->areas.size() == 1);
  CHECK(a->areas[0].code == "E1");
  CHECK(a->areas[0].value("births") == 100);
}

TEST_CASE("areas table: the shipped descriptive columns (year, source, note) are allowed") {
  Diagnostics d;
  const auto a = read_table(
      "descriptive",
      "area_code,area_name,region,births,trained_share,health_visitors,year,source,note\n"
      "E1,One,North,100,0.2,30,2023,ONS,checked\n",
      d);
  REQUIRE(a.has_value());
  CHECK(a->areas[0].value("trained_share") == 0.2);
  CHECK(a->areas[0].value("health_visitors") == 30);
}

TEST_CASE(
    "areas table: an unknown column is an error at its header cell, with the column it may mean") {
  Diagnostics d;
  const auto a = read_table(
      "unknown",
      "area_code,area_name,region,births,trainedshare,births_2022\nE1,One,North,100,0.9,98\n", d);
  CHECK_FALSE(a.has_value());
  REQUIRE(d.size() == 2);
  const auto all = d.sorted();
  CHECK(all[0].where.file == (test_dir() / "unknown.csv").string());
  CHECK(all[0].where.line == 1);
  CHECK(all[0].where.column == 35);
  CHECK(all[0].message == "unknown column `trainedshare`; did you mean `trained_share`?");
  CHECK(all[0].expected.find("optional trained_share, health_visitors and specialist_wte") !=
        std::string::npos);
  CHECK(all[1].where.column == 48);
  CHECK(all[1].message == "unknown column `births_2022`");
}

TEST_CASE("areas table: a misspelt required column is reported once, as the misspelling") {
  Diagnostics d;
  CHECK_FALSE(read_table("misspelt", "area_code,area_name,region,Births\nE1,One,North,100\n", d)
                  .has_value());
  REQUIRE(d.size() == 1);
  CHECK(d.sorted()[0].where.column == 28);
  CHECK(d.sorted()[0].message == "unknown column `Births`; did you mean `births`?");
}

TEST_CASE("areas table: a duplicate or unnamed column is an error") {
  Diagnostics d;
  CHECK_FALSE(read_table("duplicate",
                         "area_code,area_name,region,births,births,\nE1,One,North,100,90,\n", d)
                  .has_value());
  REQUIRE(d.size() == 2);
  const auto all = d.sorted();
  CHECK(all[0].where.column == 35);
  CHECK(all[0].message == "duplicate column `births`");
  CHECK(all[0].expected == "each column once; `births` is column 4 already");
  CHECK(all[1].where.column == 42);
  CHECK(all[1].message == "a column without a name");
}

TEST_CASE("areas table: a required column that is simply absent is reported as missing") {
  Diagnostics d;
  CHECK_FALSE(read_table("missing", "area_code,area_name,births\nE1,One,100\n", d).has_value());
  REQUIRE(d.size() == 1);
  CHECK(d.sorted()[0].where.line == 1);
  CHECK(d.sorted()[0].where.column == 1);
  CHECK(d.sorted()[0].message == "missing column `region`");
}

TEST_CASE("areas table: a table that is a symbolic link loop is named as one") {
  const auto dir = test_dir();
  std::filesystem::remove(dir / "loop.csv");
  std::filesystem::create_symlink("loop.csv", dir / "loop.csv");  // a link to itself
  Diagnostics d;
  const auto root = parse_yaml("areas: {table: loop.csv}\n", (dir / "scenario.yaml").string(), d);
  REQUIRE(root.has_value());
  CHECK_FALSE(
      read_areas(*root->get("areas"), "", pimhsim::models::pathway::spec().area_columns, d));
  REQUIRE(d.size() == 1);
  const auto e = d.sorted()[0];
  CHECK(e.path == "areas.table");
  CHECK(e.message == "cannot open table `" + (dir / "loop.csv").string() +
                         "`: a symbolic link loop (too many levels of symbolic links)");
}
