// Composition of scenario layers: merge_into (maps merge, anything else replaces), `extends:`
// chains, and `--set key.path=value` overrides with their `--set:N:COLUMN` locations.
#include "pimhsim/scenario/compose.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

using namespace pimhsim::scenario;

namespace {

Node parse(const std::string& text, const std::string& origin) {
  Diagnostics d;
  auto root = parse_yaml(text, origin, d);
  REQUIRE_MESSAGE(root.has_value(), (d.empty() ? std::string("?") : d.sorted()[0].format()));
  return *root;
}

std::vector<std::string> keys(const Node& map) {
  std::vector<std::string> out;
  for (const auto& e : map.entries) out.push_back(e.key);
  return out;
}

const char* kBase =
    "run:\n"
    "  seed: 1\n"
    "  horizon: 30\n"
    "options:\n"
    "  - name: A\n"
    "  - name: Treatment\n"
    "    set: {switches.treatment: true}\n";

// Applies overrides to a copy of kBase and returns the diagnostics in order.
std::vector<Diagnostic> override_errors(Node& root, const std::vector<std::string>& sets) {
  Diagnostics d;
  apply_overrides(root, sets, d);
  return d.sorted();
}

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("merge_into: maps merge key by key, lists and scalars are replaced") {
  Node base = parse("a: 1\nm: {x: 1, y: 2}\nl: [1, 2, 3]\ns: {k: v}\n", "base.yaml");
  merge_into(base, parse("m: {y: 20, z: 30}\nl: [9]\nb: 2\ns: plain\n", "top.yaml"));
  CHECK(keys(base) == std::vector<std::string>{"a", "m", "l", "s", "b"});
  CHECK(base.get("a")->scalar == "1");
  CHECK(keys(*base.get("m")) == std::vector<std::string>{"x", "y", "z"});
  CHECK(base.get("m")->get("x")->scalar == "1");
  CHECK(base.get("m")->get("y")->scalar == "20");
  CHECK(base.get("m")->get("z")->scalar == "30");
  REQUIRE(base.get("l")->items.size() == 1);
  CHECK(base.get("l")->items[0].scalar == "9");
  CHECK(base.get("s")->scalar == "plain");
  // A mapping over a scalar replaces it too.
  Node scalar_base = parse("s: 1\n", "base.yaml");
  merge_into(scalar_base, parse("s: {k: v}\n", "top.yaml"));
  CHECK(scalar_base.get("s")->get("k")->scalar == "v");
}

TEST_CASE("merge_into: values and keys the top layer sets keep the top layer's locations") {
  Node base = parse("a: 1\nm:\n  x: 1\n  y: 2\n", "base.yaml");
  merge_into(base, parse("m:\n  y: 20\n", "top.yaml"));
  const Node::Entry* m = base.entry("m");
  CHECK(m->key_where.file == "top.yaml");
  CHECK(m->value.get("x")->where.file == "base.yaml");
  const Node::Entry* y = m->value.entry("y");
  CHECK(y->key_where.file == "top.yaml");
  CHECK(y->key_where.line == 2);
  CHECK(y->value.where.file == "top.yaml");
  CHECK(y->value.where.line == 2);
  CHECK(y->value.where.column == 6);
  CHECK(base.entry("a")->key_where.file == "base.yaml");
}

TEST_CASE("apply_overrides: creates missing keys and nested mappings") {
  Node root = parse(kBase, "s.yaml");
  CHECK(override_errors(root, {"run.population=1000", "economics.discount.costs=0.035",
                               "run.seed=7", "run.seed=8"})
            .empty());
  CHECK(root.get("run")->get("population")->scalar == "1000");
  CHECK(root.get("run")->get("seed")->scalar == "8");  // later overrides win
  const Node* costs = root.get("economics")->get("discount")->get("costs");
  REQUIRE(costs != nullptr);
  CHECK(costs->scalar == "0.035");
  // The value is located on its --set line, at its first character (after `=`).
  CHECK(costs->where.file == "--set");
  CHECK(costs->where.line == 2);
  CHECK(costs->where.column == 26);
}

TEST_CASE("apply_overrides: values are YAML, and an empty value is null") {
  Node root = parse(kBase, "s.yaml");
  CHECK(override_errors(root, {"economics.thresholds=[20000, 30000]", "run.note=", "name='0.5'"})
            .empty());
  CHECK(root.get("economics")->get("thresholds")->items.size() == 2);
  CHECK(root.get("run")->get("note")->is_null());
  CHECK_FALSE(root.get("name")->plain);
}

TEST_CASE("apply_overrides: a value that is null in YAML is the null value, located at the value") {
  // `null` and `~` are YAML's null, and a lone comment a document holding nothing: the null value,
  // as an empty value, which the scenario's checks then report where it was given (not an empty
  // scenario at 1:1).
  for (const char* text : {"run.seed=null", "run.seed=~", "run.seed=#x", "run.seed=  "}) {
    Node root = parse(kBase, "s.yaml");
    CAPTURE(text);
    CHECK(override_errors(root, {text}).empty());
    const Node* seed = root.get("run")->get("seed");
    REQUIRE(seed != nullptr);
    CHECK(seed->is_null());
    CHECK(seed->where.file == "--set");
    CHECK(seed->where.column == 10);
  }
}

TEST_CASE("apply_overrides: list items by index or by their name") {
  Node root = parse(kBase, "s.yaml");
  CHECK(override_errors(root,
                        {"options.0.description=comparator", "options.Treatment.description=new"})
            .empty());
  const Node& options = *root.get("options");
  CHECK(options.items[0].get("description")->scalar == "comparator");
  CHECK(options.items[1].get("description")->scalar == "new");
  CHECK(options.items[1].get("name")->scalar == "Treatment");

  const auto errors = override_errors(root, {"options.2.name=C", "options.Nope.name=C"});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].format() ==
        "--set:1:1: error: options.2: no list item `2` (an index below 2 or an item's name)");
  CHECK(errors[1].path == "options.Nope");
  CHECK(errors[1].where.line == 2);
}

TEST_CASE("apply_overrides: a path through a scalar is an error and leaves the scalar alone") {
  Node root = parse(kBase, "s.yaml");
  const auto errors = override_errors(root, {"run.seed.low=3"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].where.file == "--set");
  CHECK(errors[0].where.line == 1);
  CHECK(errors[0].path == "run.seed.low");
  CHECK(errors[0].message == "cannot set a key inside `1`");
  CHECK(root.get("run")->get("seed")->scalar == "1");
}

TEST_CASE("apply_overrides: malformed overrides are reported at --set:N") {
  Node root = parse(kBase, "s.yaml");
  const auto errors = override_errors(root, {"run.seed", "=3", "run..seed=3"});
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format() == "--set:1:1: error: `run.seed` is not an override (key.path=value)");
  CHECK(errors[1].where.line == 2);
  CHECK(errors[2].where.line == 3);
  CHECK(errors[2].message == "empty key in the path");
}

TEST_CASE(
    "apply_overrides: `extends` cannot be overridden, as it is composed before the overrides") {
  Node root = parse(kBase, "s.yaml");
  const auto errors = override_errors(root, {"run.seed=2", "extends=other.yaml", "extends.x=1"});
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].format() ==
        "--set:2:1: error: extends: `extends` cannot be overridden with --set (a scenario file "
        "whose `extends:` "
        "names the base, run with these --set values)");
  CHECK(errors[1].where.line == 3);
  CHECK(root.get("extends") == nullptr);  // nothing would reach scenario.resolved.yaml
  CHECK(root.get("run")->get("seed")->scalar == "2");
}

TEST_CASE("apply_overrides: value parse errors are located at --set:N:COLUMN of the value") {
  Node root = parse(kBase, "s.yaml");
  // Override 2's value starts at column 10 (after `run.seed=`); its bad byte is the 4th.
  const auto bad_byte = override_errors(root, {"run.horizon=5", "run.seed=12\xff"});
  REQUIRE(bad_byte.size() == 1);
  CHECK(bad_byte[0].where.file == "--set");
  CHECK(bad_byte[0].where.line == 2);
  CHECK(bad_byte[0].where.column == 12);
  CHECK(bad_byte[0].path == "run.seed");

  const auto tab = override_errors(root, {"x=1", "y=2", "run.seed=\t3"});
  REQUIRE(tab.size() == 1);
  CHECK(tab[0].where.line == 3);
  CHECK(tab[0].where.column == 10);

  // A syntax error is somewhere within the value's columns of the right --set line.
  const std::string arg = "run.seed=[1, 2";
  const auto syntax = override_errors(root, {arg});
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].where.line == 1);
  CHECK(syntax[0].where.column >= 10);
  CHECK(syntax[0].where.column <= static_cast<int>(arg.size()) + 1);
  CHECK(syntax[0].message.starts_with("YAML syntax error"));
  CHECK(root.get("run")->get("seed")->scalar == "1");  // nothing was set
}

TEST_CASE("load_composed: a file extends its base relative to itself, and cycles are reported") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "compose";
  fs::create_directories(dir / "sub");
  write(dir / "base.yaml", "name: base\nrun: {seed: 1, horizon: 30}\n");
  write(dir / "sub" / "child.yaml", "extends: ../base.yaml\nrun:\n  seed: 2\n");
  Diagnostics d;
  const auto root = load_composed((dir / "sub" / "child.yaml").string(), d);
  REQUIRE(d.empty());
  REQUIRE(root.has_value());
  CHECK(root->get("extends") == nullptr);
  CHECK(root->get("name")->scalar == "base");
  CHECK(root->get("run")->get("seed")->scalar == "2");
  CHECK(root->get("run")->get("seed")->where.file.ends_with("child.yaml"));
  CHECK(root->get("run")->get("horizon")->scalar == "30");

  write(dir / "a.yaml", "extends: b.yaml\nx: 1\n");
  write(dir / "b.yaml", "extends: a.yaml\ny: 1\n");
  Diagnostics cycle;
  CHECK_FALSE(load_composed((dir / "a.yaml").string(), cycle).has_value());
  REQUIRE(cycle.size() == 1);
  CHECK(cycle.sorted()[0].message == "extends cycle: a.yaml -> b.yaml -> a.yaml");

  write(dir / "orphan.yaml", "extends: missing.yaml\n");
  Diagnostics missing;
  CHECK_FALSE(load_composed((dir / "orphan.yaml").string(), missing).has_value());
  REQUIRE(missing.size() == 1);
  CHECK(missing.sorted()[0].where.file.ends_with("orphan.yaml"));
  CHECK(missing.sorted()[0].where.line == 1);
  CHECK(missing.sorted()[0].where.column == 10);
}

TEST_CASE(
    "load_composed: a chain of extends longer than the limit is refused at the extends that goes "
    "too deep") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "compose_chain";
  fs::remove_all(dir);
  fs::create_directories(dir);
  // f0 extends f1, ..., f(n-2) extends f(n-1): n files in all.
  auto chain = [&](std::size_t n) {
    for (std::size_t i = 0; i + 1 < n; ++i)
      write(dir / fmt::format("f{}.yaml", i), fmt::format("extends: f{}.yaml\nk{}: 1\n", i + 1, i));
    write(dir / fmt::format("f{}.yaml", n - 1), "name: base\n");
  };
  chain(kMaxExtendsFiles);
  Diagnostics at_limit;
  const auto root = load_composed((dir / "f0.yaml").string(), at_limit);
  CHECK(at_limit.empty());
  REQUIRE(root.has_value());
  CHECK(root->get("name")->scalar == "base");
  CHECK(root->get("k0") != nullptr);

  // Far longer than the limit (a chain of 10,000 used to overflow the stack): one error, at the
  // `extends:` of the last file the chain may hold.
  fs::remove_all(dir);
  fs::create_directories(dir);
  chain(10'000);
  Diagnostics d;
  CHECK_FALSE(load_composed((dir / "f0.yaml").string(), d).has_value());
  REQUIRE(d.size() == 1);
  const auto e = d.sorted()[0];
  CHECK(fs::path(e.where.file).filename() == fmt::format("f{}.yaml", kMaxExtendsFiles - 1));
  CHECK(e.where.line == 1);
  CHECK(e.where.column == 10);
  CHECK(e.path == "extends");
  CHECK(e.message == "more than 64 files in a chain of `extends:`, from f0.yaml");
  CHECK(e.expected == "a chain of at most 64 scenario files, each extending the next");
}

TEST_CASE("apply_overrides: a key path of more than 64 parts is refused, at its 65th part") {
  Node root = parse(kBase, "s.yaml");
  // 3,000 parts, as in a report of a near-hang: each part used to rebuild every longer dotted key.
  std::string path = "run";
  for (int i = 1; i < 3000; ++i) path += ".a";
  const auto errors = override_errors(root, {"run.seed=2", path + "=1"});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].format() ==
        "--set:2:131: error: the key path has 3000 parts separated by dots, more than 64 (a key "
        "path of at most 64 parts, such as parameters.staffing.wte_per_area)");
  CHECK(root.get("run")->get("a") == nullptr);  // nothing was set
  CHECK(root.get("run")->get("seed")->scalar == "2");

  // 64 parts are set, as mappings created on the way.
  std::string deepest = "run";
  for (int i = 1; i < 64; ++i) deepest += ".a";
  CHECK(override_errors(root, {deepest + "=7"}).empty());
  const Node* n = root.get("run");
  for (int i = 1; i < 64 && n != nullptr; ++i) n = n->get("a");
  REQUIRE(n != nullptr);
  CHECK(n->scalar == "7");
}

TEST_CASE("apply_overrides: the longest run of parts that names an existing key wins") {
  Node root = parse(
      "options:\n  - name: A\n    set: {switches.treatment: true, switches: {x: 1}}\n", "s.yaml");
  CHECK(override_errors(root, {"options.A.set.switches.treatment=false",
                               "options.A.set.switches.x=2", "options.A.set.switches.y=3"})
            .empty());
  const Node& set = *root.get("options")->items[0].get("set");
  CHECK(set.get("switches.treatment")->scalar == "false");
  CHECK(set.get("switches")->get("x")->scalar == "2");
  CHECK(set.get("switches")->get("y")->scalar == "3");
  CHECK(set.get("switches")->get("treatment") == nullptr);
}

TEST_CASE("load_composed: a symbolic link loop is named as one, as the scenario or its base") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "compose_links";
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::create_symlink("loop.yaml", dir / "loop.yaml");  // a link to itself
  fs::create_symlink("missing.yaml", dir / "dangling.yaml");
  write(dir / "child.yaml", "extends: loop.yaml\n");
  const std::string loop = "a symbolic link loop (too many levels of symbolic links)";

  Diagnostics top;
  CHECK_FALSE(load_composed((dir / "loop.yaml").string(), top).has_value());
  REQUIRE(top.size() == 1);
  CHECK(top.sorted()[0].message == "cannot open `" + (dir / "loop.yaml").string() + "`: " + loop);

  Diagnostics base;
  CHECK_FALSE(load_composed((dir / "child.yaml").string(), base).has_value());
  REQUIRE(base.size() == 1);
  const auto e = base.sorted()[0];
  CHECK(e.where.file.ends_with("child.yaml"));
  CHECK(e.where.column == 10);
  CHECK(e.path == "extends");
  CHECK(e.message.ends_with("loop.yaml`: " + loop));

  Diagnostics dangling;
  CHECK_FALSE(load_composed((dir / "dangling.yaml").string(), dangling).has_value());
  REQUIRE(dangling.size() == 1);
  CHECK(dangling.sorted()[0].message.ends_with(
      "dangling.yaml`: a symbolic link to a file that does not exist"));
}

TEST_CASE("apply_overrides: a number for a parameter sets its value, a mapping replaces it") {
  Node root = parse(
      "parameters:\n  p:\n    value: 0.2\n    unit: probability\n    source: a study\n"
      "  plain:\n    value: 1\n",
      "s.yaml");
  CHECK(override_errors(root, {"parameters.p=0.3", "parameters.plain=2"}).empty());
  const Node* p = root.get("parameters")->get("p");
  REQUIRE(p != nullptr);
  REQUIRE(p->is_map());
  CHECK(p->get("value")->scalar == "0.3");
  CHECK(p->get("unit")->scalar == "probability");  // the rest of the parameter is kept
  CHECK(p->get("source")->scalar == "a study");
  // A mapping without a unit is not a parameter: the number replaces it.
  CHECK(root.get("parameters")->get("plain")->scalar == "2");
  // A mapping given for a parameter replaces it whole.
  CHECK(override_errors(root, {"parameters.p={value: 0.4, unit: share, source: b}"}).empty());
  CHECK(root.get("parameters")->get("p")->get("unit")->scalar == "share");
}
