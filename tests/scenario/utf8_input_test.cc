// Every text input is strict UTF-8 (core/utf8.h), refused before anything runs and located at the
// first bad byte: a YAML scenario, a CSV table (whose cells become area names in the outputs),
// the name of any file a scenario reads, each --set override and each command-line argument.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "pimhsim/scenario/arguments.h"
#include "pimhsim/scenario/compose.h"
#include "pimhsim/scenario/csv.h"
#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

using namespace pimhsim::scenario;
namespace fs = std::filesystem;

namespace {

fs::path test_dir() {
  const auto dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "utf8_input";
  fs::create_directories(dir);
  return dir;
}

std::vector<Diagnostic> yaml_errors(const std::string& text) {
  Diagnostics d;
  CHECK_FALSE(parse_yaml(text, "s.yaml", d).has_value());
  return d.sorted();
}

}  // namespace

TEST_CASE("parse_yaml: overlong forms, surrogates and code points above U+10FFFF are refused") {
  struct Case {
    std::string text;
    int line, column;
    std::string what;
  };
  const std::vector<Case> cases = {
      {"name: A\xC0\xAF"
       "B\n",
       1, 8, "0xC0 0xAF is an overlong encoding"},
      {"a: 1\nname: \xE0\x80\x80\n", 2, 7, "0xE0 0x80 0x80 is an overlong encoding"},
      {"a: 1\nb: 2\nname: x\xED\xA0\x80\n", 3, 8, "0xED 0xA0 0x80 encodes a UTF-16 surrogate"},
      {"name: \xF4\x90\x80\x80\n", 1, 7, "0xF4 0x90 0x80 0x80 encodes a code point above U+10FFFF"},
      {"name: \xF5\x80\x80\x80\n", 1, 7, "encodes a code point above U+10FFFF"},
      {"# caf\xE9\nname: x\n", 1, 6, "0xE9 begins a character of 3 bytes that is cut short"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    const auto errors = yaml_errors(c.text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].where.line == c.line);
    CHECK(errors[0].where.column == c.column);
    CHECK(errors[0].message.starts_with("the input is not UTF-8 text (a binary file?): "));
    CHECK(errors[0].message.find(c.what) != std::string::npos);
  }
}

TEST_CASE(
    "parse_yaml: characters at the edges of the table are text, and no escape makes bytes "
    "that are not UTF-8") {
  Diagnostics d;
  const auto root = parse_yaml(
      "a: \"\xEF\xBF\xBD \xF4\x8F\xBF\xBF \xED\x9F\xBF \xEE\x80\x80\"\n"
      "b: \"\\xff \\U0010FFFF\"\n",
      "s.yaml", d);
  REQUIRE(root.has_value());
  CHECK(root->get("b")->scalar == "\xC3\xBF \xF4\x8F\xBF\xBF");  // U+00FF, U+10FFFF
  // An escaped surrogate or a code point above U+10FFFF is a YAML error, never bytes that are
  // not UTF-8.
  for (const char* text : {"a: \"\\uD800\"\n", "a: \"\\uDFFF\"\n", "a: \"\\U00110000\"\n"}) {
    CAPTURE(text);
    const auto errors = yaml_errors(text);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.starts_with("YAML syntax error"));
  }
}

TEST_CASE("parse_csv: a cell that is not UTF-8 is refused at its line and column") {
  Diagnostics d;
  CHECK_FALSE(parse_csv("area_code,area_name\nE1,Ynys M\xF4n\n", "t.csv", d).has_value());
  const auto errors = d.sorted();
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format() ==
        "t.csv:2:10: error: the table is not UTF-8 text (a binary file?): 0xF4 begins a character "
        "of 4 bytes that is cut short (a CSV file in UTF-8, as spreadsheets save \"CSV UTF-8\")");

  // After a byte-order mark, columns count from the first byte of the header.
  Diagnostics bom;
  CHECK_FALSE(parse_csv("\xEF\xBB\xBF"
                        "a,b\n1,\xED\xB0\x80\n",
                        "t.csv", bom)
                  .has_value());
  REQUIRE(bom.size() == 1);
  CHECK(bom.sorted()[0].where.line == 2);
  CHECK(bom.sorted()[0].where.column == 3);
  CHECK(bom.sorted()[0].message.find("surrogate") != std::string::npos);

  Diagnostics good;
  const auto t = parse_csv("area_code,area_name\nW06000001,Ynys M\xC3\xB4n\n", "t.csv", good);
  REQUIRE(t.has_value());
  CHECK(t->rows[0][1] == "Ynys M\xC3\xB4n");
}

TEST_CASE("input files: a name that is not UTF-8, or holds a NUL, is refused before opening") {
  const std::string bad_name = (test_dir() / "sc\xFF.yaml").string();
  Diagnostics d;
  CHECK_FALSE(load_yaml_file(bad_name, d).has_value());
  REQUIRE(d.size() == 1);
  const auto e = d.sorted()[0];
  CHECK(e.where.file.ends_with("sc\\xFF.yaml"));
  CHECK(e.message.find("is not UTF-8 text: 0xFF never appears in UTF-8") != std::string::npos);

  Diagnostics table;
  const Location from{"s.yaml", 3, 10};
  CHECK_FALSE(read_csv(std::string("t\0.csv", 6), from, "areas.table", table).has_value());
  REQUIRE(table.size() == 1);
  CHECK(table.sorted()[0].format().starts_with(
      "s.yaml:3:10: error: areas.table: the file name holds a NUL byte"));

  Diagnostics overlong;
  CHECK_FALSE(read_csv("t\xC0\xAE.csv", from, "areas.table", overlong).has_value());
  REQUIRE(overlong.size() == 1);
  CHECK(overlong.sorted()[0].message ==
        "the file name `t\\xC0\\xAE.csv` is not UTF-8 text: 0xC0 0xAE is an overlong encoding (a "
        "character written with more bytes than it needs)");
}

TEST_CASE("apply_overrides: an override that is not UTF-8 is refused at --set:N:COLUMN") {
  Diagnostics parse_d;
  auto root = parse_yaml("name: x\nrun: {seed: 1}\n", "s.yaml", parse_d);
  REQUIRE(root.has_value());
  Diagnostics d;
  apply_overrides(*root, {"run.seed=2", "name=caf\xE9", "na\xFFme=x"}, d);
  const auto errors = d.sorted();
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].format() ==
        "--set:2:9: error: name: the override is not UTF-8 text: 0xE9 begins a character of 3 "
        "bytes that is cut short (key.path=value in UTF-8)");
  CHECK(errors[1].where.line == 3);
  CHECK(errors[1].where.column == 3);
  CHECK(errors[1].path.empty());
  CHECK(root->get("name")->scalar == "x");
}

TEST_CASE("check_arguments: each option value and positional argument that is not UTF-8") {
  Diagnostics d;
  CHECK(check_arguments(
      {{"", "scenarios/a.yaml"}, {"--set", "run.seed=1"}, {"--out", "r/\xC3\xA9"}}, d));
  CHECK(d.empty());
  CHECK_FALSE(check_arguments({{"", "sc\xFF.yaml"},
                               {"--set", "run.seed=1"},
                               {"--set", "name=\xED\xA0\x80"},
                               {"--out", "results/\xC0\x80"}},
                              d));
  const auto errors = d.sorted();
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format() ==
        "sc\\xFF.yaml:1:1: error: the argument is not UTF-8 text: 0xFF never appears in UTF-8 (a "
        "path or name in UTF-8)");
  CHECK(errors[1].format().starts_with(
      "--set:2:6: error: the value is not UTF-8 text: 0xED 0xA0 0x80 encodes a UTF-16 surrogate"));
  CHECK(errors[2].format().starts_with("--out:1:9: error: the value is not UTF-8 text: 0xC0 0x80"));

  std::ostringstream printed;
  CHECK_FALSE(arguments_are_utf8({{"--out", "\xF8"}}, printed));
  CHECK(printed.str() ==
        "--out:1:1: error: the value is not UTF-8 text: 0xF8 never appears in UTF-8 (a path or "
        "value in UTF-8)\n1 error; nothing was run\n");
}
