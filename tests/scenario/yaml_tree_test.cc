// The located YAML tree: 1-based places of keys and values, and messages (not crashes) for
// duplicate keys, tabs, deep nesting, several documents, alias bombs, binary and empty input.
#include "pimhsim/scenario/yaml_tree.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "pimhsim/scenario/diagnostics.h"

using namespace pimhsim::scenario;

namespace {

// Parses text that must be valid.
Node parse_ok(const std::string& text) {
  Diagnostics d;
  auto root = parse_yaml(text, "s.yaml", d);
  REQUIRE_MESSAGE(root.has_value(), (d.empty() ? std::string("?") : d.sorted()[0].format()));
  REQUIRE(d.empty());
  return *root;
}

// Parses text that must be rejected; returns its diagnostics in file order.
std::vector<Diagnostic> parse_bad(const std::string& text) {
  Diagnostics d;
  CHECK_FALSE(parse_yaml(text, "s.yaml", d).has_value());
  CHECK_FALSE(d.empty());
  return d.sorted();
}

bool at(const Location& where, int line, int column) {
  return where.file == "s.yaml" && where.line == line && where.column == column;
}

}  // namespace

TEST_CASE("parse_yaml: keys and values carry 1-based line and column") {
  const Node root = parse_ok(
      "model: toy\n"       // line 1
      "run:\n"             // line 2
      "  seed: 42\n"       // line 3
      "  horizon:   30\n"  // line 4
      "options:\n"         // line 5
      "  - name: A\n"      // line 6
      "  - [1, 2]\n");     // line 7
  CHECK(root.is_map());
  CHECK(at(root.entries[0].key_where, 1, 1));
  CHECK(at(root.get("model")->where, 1, 8));
  const Node::Entry* seed = root.get("run")->entry("seed");
  REQUIRE(seed != nullptr);
  CHECK(at(seed->key_where, 3, 3));
  CHECK(at(seed->value.where, 3, 9));
  CHECK(at(root.get("run")->get("horizon")->where, 4, 14));
  const Node& options = *root.get("options");
  REQUIRE(options.items.size() == 2);
  CHECK(at(options.items[0].entries[0].key_where, 6, 5));
  CHECK(at(options.items[0].get("name")->where, 6, 11));
  CHECK(at(options.items[1].where, 7, 5));
  CHECK(at(options.items[1].items[1].where, 7, 9));
}

TEST_CASE("parse_yaml: scalars keep their text and whether they were quoted") {
  const Node root = parse_ok("a: '1'\nb: \"2\"\nc: 3\nd:\ne: [x, 'y']\n");
  CHECK(root.get("a")->scalar == "1");
  CHECK_FALSE(root.get("a")->plain);
  CHECK_FALSE(root.get("b")->plain);
  CHECK(root.get("c")->plain);
  CHECK(root.get("d")->is_null());
  CHECK(root.get("e")->items[0].plain);
  CHECK_FALSE(root.get("e")->items[1].plain);
  CHECK(root.get("missing") == nullptr);
  CHECK(root.get("a")->describe() == "the quoted text \"1\"");
  CHECK(root.get("c")->describe() == "`3`");
}

TEST_CASE("parse_yaml: a duplicate key is reported at the second one, naming the first's line") {
  const auto all = parse_bad("a: 1\nb:\n  x: 1\n  x: 2\na: 3\n");
  REQUIRE(all.size() == 2);
  CHECK(at(all[0].where, 4, 3));
  CHECK(all[0].message == "duplicate key `x`");
  CHECK(all[0].expected == "each key once; it is first set at line 3");
  CHECK(at(all[1].where, 5, 1));
  CHECK(all[1].message == "duplicate key `a`");
  CHECK(all[1].expected == "each key once; it is first set at line 1");
}

TEST_CASE("parse_yaml: tabs in indentation are reported at the tab") {
  const auto all = parse_bad("a:\n  b: 1\n\tc: 2\n \td: 3\n");
  REQUIRE(all.size() == 2);
  CHECK(at(all[0].where, 3, 1));
  CHECK(all[0].message == "tab character in indentation");
  CHECK(at(all[1].where, 4, 2));
  // A tab inside a value is not indentation.
  const Node ok = parse_ok("a: x\ty\nb: 2\n");
  CHECK(ok.get("a")->scalar == "x\ty");
}

TEST_CASE("parse_yaml: 100,000 levels of nesting give a message, not a crash") {
  constexpr std::size_t depth = 100'000;
  const auto flow = parse_bad(std::string(depth, '[') + std::string(depth, ']'));
  CHECK(flow[0].message.find("nesting is too deep") != std::string::npos);
  std::string block;
  for (std::size_t i = 0; i < depth; ++i) block += "- ";
  const auto nested = parse_bad(block + "x\n");
  CHECK(nested[0].message.find("too deep") != std::string::npos);
}

TEST_CASE("parse_yaml: several documents are rejected but one explicit document is fine") {
  const auto all = parse_bad("a: 1\n---\nb: 2\n");
  REQUIRE(all.size() == 1);
  CHECK(all[0].message == "more than one YAML document");
  CHECK(parse_ok("---\na: 1\n...\n").get("a")->scalar == "1");
}

TEST_CASE("parse_yaml: an alias is a copy of its anchor, located at the alias") {
  const Node root = parse_ok("base: &b {x: 1, y: [2, 3]}\ncopy: *b\n");
  const Node& copy = *root.get("copy");
  REQUIRE(copy.is_map());
  CHECK(copy.get("x")->scalar == "1");
  CHECK(copy.get("y")->items.size() == 2);
  CHECK(at(copy.where, 2, 7));
  CHECK(at(root.get("base")->where, 1, 7));
}

TEST_CASE("parse_yaml: an alias bomb is stopped with a message") {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {  // 10^8 values once expanded
    const char p = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", *" : "*") + p;
    text += "]\n";
  }
  const auto all = parse_bad(text);
  CHECK(all[0].message.find("too many nodes") != std::string::npos);
}

TEST_CASE("parse_yaml: empty text, comments only and a bare null are an empty scenario") {
  for (const char* text : {"", "# nothing here\n", "~\n", "\n\n"}) {
    CAPTURE(text);
    const auto all = parse_bad(text);
    REQUIRE(all.size() == 1);
    CHECK(all[0].message == "the scenario is empty");
  }
}

TEST_CASE("parse_yaml: invalid UTF-8 and syntax errors are located") {
  const auto binary = parse_bad("a: 1\nb: \xff\xfe\n");
  REQUIRE(binary.size() == 1);
  CHECK(at(binary[0].where, 2, 4));
  CHECK(binary[0].message.find("not UTF-8") != std::string::npos);
  CHECK(parse_bad(std::string("a: 1\0", 5))[0].message.find("not UTF-8") != std::string::npos);

  const auto syntax = parse_bad("a: 1\nb: [1, 2\n");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].message.starts_with("YAML syntax error"));
  CHECK(syntax[0].where.line >= 2);
  CHECK(parse_bad("{a: 1}: 2\n")[0].message == "a key must be plain text");
}

TEST_CASE("parse_yaml: a column offset shifts columns, for values cut from a longer line") {
  Diagnostics d;
  const auto n = parse_yaml("[1, 2]", "--set", d, 10);
  REQUIRE(n.has_value());
  CHECK(n->where.column == 11);
  CHECK(n->items[1].where.column == 15);
  CHECK(n->where.file == "--set");
}

TEST_CASE("to_yaml: writing a tree back and reading it again keeps its content") {
  const Node root = parse_ok("name: 'quoted 1'\nn: 3\nlist: [a, 'b']\nmap:\n  k: ~\n  j: {x: 1}\n");
  const Node again = parse_ok(to_yaml(root));
  CHECK(again.get("name")->scalar == "quoted 1");
  CHECK_FALSE(again.get("name")->plain);
  CHECK(again.get("n")->scalar == "3");
  CHECK(again.get("n")->plain);
  CHECK_FALSE(again.get("list")->items[1].plain);
  CHECK(again.get("map")->get("k")->is_null());
  CHECK(again.get("map")->get("j")->get("x")->scalar == "1");
  CHECK(to_yaml(again) == to_yaml(root));
}

TEST_CASE("load_yaml_file: a missing file or a directory is reported where it was named") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "yaml_tree";
  fs::create_directories(dir);
  Diagnostics d;
  const Location from{"top.yaml", 3, 10};
  CHECK_FALSE(load_yaml_file((dir / "nope.yaml").string(), d, &from).has_value());
  CHECK_FALSE(load_yaml_file(dir.string(), d).has_value());
  const auto all = d.sorted();
  REQUIRE(all.size() == 2);
  CHECK(all[0].where.file == "top.yaml");
  CHECK(all[0].where.line == 3);
  CHECK(all[0].path == "extends");
  CHECK(all[0].message.find("no such file") != std::string::npos);
  CHECK(all[1].message.find("is a directory") != std::string::npos);
}
