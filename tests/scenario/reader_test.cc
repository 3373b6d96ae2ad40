// Scalar reading: which plain scalars are numbers, integers, booleans and seeds, and how the
// reader reports the rest (with their place, without stopping).
#include "pimhsim/scenario/reader.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

using namespace pimhsim::scenario;

namespace {

// The value of `x:` in a one-line YAML document `x: TEXT`.
Node scalar(const std::string& text) {
  Diagnostics d;
  auto root = parse_yaml("x: " + text + "\n", "test.yaml", d);
  REQUIRE_MESSAGE(root.has_value(), text);
  return *root->get("x");
}

std::string why_not(const std::string& text) {
  std::string why;
  const auto v = parse_number(text, &why);
  CHECK_FALSE(v.has_value());
  return why;
}

}  // namespace

TEST_CASE("parse_number: accepts plain decimal and scientific numbers") {
  CHECK(parse_number("+3", nullptr) == 3.0);
  CHECK(parse_number("-0.5", nullptr) == -0.5);
  CHECK(parse_number("1e5", nullptr) == 100000.0);
  CHECK(parse_number("2.5E-3", nullptr) == 0.0025);
  CHECK(parse_number("0", nullptr) == 0.0);
  CHECK(parse_number(".5", nullptr) == 0.5);
  CHECK(parse_number("1.7976931348623157e308", nullptr) == std::numeric_limits<double>::max());
}

TEST_CASE("parse_number: rejects out-of-range, NaN, infinities and non-decimal spellings") {
  CHECK(why_not("1e400") == "out of the range of a double-precision number");
  CHECK(why_not("-1e400") == "out of the range of a double-precision number");
  CHECK(why_not(".nan") == "not a number (NaN)");
  CHECK(why_not("NaN") == "not a number (NaN)");
  CHECK(why_not("inf") == "infinite");
  CHECK(why_not(".inf") == "infinite");
  CHECK(why_not("-.Inf") == "infinite");
  CHECK(why_not("0x10") == "not a number");   // YAML 1.2 hex is not accepted
  CHECK(why_not("1_000") == "not a number");  // nor YAML 1.1 digit separators
  CHECK(why_not("") == "not a number");
  CHECK(why_not("+") == "not a number");
  CHECK(why_not("++3") == "not a number");
  CHECK(why_not("3 ") == "not a number");
  CHECK(why_not("1,5") == "not a number");
  CHECK(why_not("ten") == "not a number");
  CHECK_FALSE(parse_number("abc", nullptr).has_value());  // no reason asked for: no crash
}

TEST_CASE("read_number: a quoted scalar is text, not a number") {
  Diagnostics d;
  CHECK(read_number(scalar("0.25"), "x", d) == 0.25);
  CHECK(d.empty());
  CHECK_FALSE(read_number(scalar("'0.25'"), "x", d).has_value());
  CHECK_FALSE(read_number(scalar("\"7\""), "x", d).has_value());
  REQUIRE(d.size() == 2);
  CHECK(d.sorted()[0].message == "found the quoted text \"0.25\"");
  CHECK(d.sorted()[0].expected == "a number");
}

TEST_CASE("read_number: problems are located at the value and reading continues") {
  Diagnostics d;
  CHECK_FALSE(read_number(scalar("1e400"), "run.x", d).has_value());
  CHECK_FALSE(read_number(scalar("[1, 2]"), "run.x", d).has_value());
  CHECK_FALSE(read_number(scalar(""), "run.x", d).has_value());  // `x:` alone is null
  REQUIRE(d.size() == 3);
  const auto all = d.sorted();
  CHECK(all[0].format() ==
        "test.yaml:1:4: error: run.x: `1e400` is out of the range of a double-precision number (a "
        "finite number)");
  CHECK(all[1].message == "found a list");
  CHECK(all[2].message == "found nothing");
}

TEST_CASE("read_number_in: values outside the closed range are reported") {
  Diagnostics d;
  CHECK(read_number_in(scalar("0"), "p", d, 0, 1, "a probability") == 0.0);
  CHECK(read_number_in(scalar("1"), "p", d, 0, 1, "a probability") == 1.0);
  CHECK_FALSE(read_number_in(scalar("1.01"), "p", d, 0, 1, "a probability").has_value());
  REQUIRE(d.size() == 1);
  CHECK(d.sorted()[0].message == "value 1.01 is out of range");
  CHECK(d.sorted()[0].expected == "a probability");
}

TEST_CASE(
    "read_integer: accepts whole numbers in range, rejects fractions and out-of-range values") {
  Diagnostics d;
  CHECK(read_integer(scalar("30"), "h", d, 1, 1000) == 30);
  CHECK(read_integer(scalar("1e3"), "h", d, 1, 1000) == 1000);
  CHECK(read_integer(scalar("-5"), "h", d, -10, 10) == -5);
  CHECK(d.empty());
  CHECK_FALSE(read_integer(scalar("2.5"), "h", d, 1, 1000).has_value());
  CHECK_FALSE(read_integer(scalar("0"), "h", d, 1, 1000).has_value());
  CHECK_FALSE(read_integer(scalar("1001"), "h", d, 1, 1000).has_value());
  CHECK_FALSE(read_integer(scalar("'5'"), "h", d, 1, 1000).has_value());
  REQUIRE(d.size() == 4);
  const auto all = d.sorted();
  CHECK(all[0].message == "`2.5` is not a whole number");
  CHECK(all[1].message == "value 0 is out of range");
  CHECK(all[2].message == "value 1001 is out of range");
  CHECK(all[0].expected == "a whole number from 1 to 1000");
}

TEST_CASE("read_integer: values at or beyond 2^63 are out of range of a 64-bit maximum") {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  Diagnostics d;
  // 2^63 = 9223372036854775808 does not fit in an int64; as a double it equals double(kMax).
  CHECK_FALSE(read_integer(scalar("9223372036854775808"), "n", d, 0, kMax).has_value());
  CHECK_FALSE(read_integer(scalar("1e19"), "n", d, 0, kMax).has_value());
  CHECK(d.size() == 2);
  CHECK(read_integer(scalar("4611686018427387904"), "n", d, 0, kMax) == std::int64_t{1} << 62);
}

TEST_CASE("read_seed: the full unsigned 64-bit range, digits only") {
  Diagnostics d;
  CHECK(read_seed(scalar("0"), "run.seed", d) == 0u);
  CHECK(read_seed(scalar("18446744073709551615"), "run.seed", d) ==
        std::numeric_limits<std::uint64_t>::max());
  CHECK(d.empty());
  for (const char* bad : {"18446744073709551616", "-1", "1.5", "1e3", "'42'", "+5"}) {
    CAPTURE(bad);
    Diagnostics local;
    CHECK_FALSE(read_seed(scalar(bad), "run.seed", local).has_value());
    CHECK(local.size() == 1);
  }
}

TEST_CASE("read_bool: true and false in three spellings, nothing else") {
  Diagnostics d;
  for (const char* t : {"true", "True", "TRUE"}) CHECK(read_bool(scalar(t), "s", d) == true);
  for (const char* f : {"false", "False", "FALSE"}) CHECK(read_bool(scalar(f), "s", d) == false);
  CHECK(d.empty());
  for (const char* bad : {"yes", "no", "1", "0", "on", "'true'", "tRUE"}) {
    CAPTURE(bad);
    Diagnostics local;
    CHECK_FALSE(read_bool(scalar(bad), "s", local).has_value());
    REQUIRE(local.size() == 1);
    CHECK(local.sorted()[0].expected == "true or false");
  }
}

TEST_CASE("read_text: any scalar, quoted or not, but not a list or mapping") {
  Diagnostics d;
  CHECK(read_text(scalar("hello world"), "t", d) == "hello world");
  CHECK(read_text(scalar("'0.5'"), "t", d) == "0.5");
  CHECK(read_text(scalar("12"), "t", d) == "12");
  CHECK(d.empty());
  CHECK_FALSE(read_text(scalar("{a: 1}"), "t", d).has_value());
  CHECK(d.size() == 1);
}

TEST_CASE("MapReader: unknown keys are reported at the key with the nearest known key") {
  Diagnostics d;
  auto root = parse_yaml("seed: 1\nreplicats: 2\nzzz: 3\n", "run.yaml", d);
  REQUIRE(root.has_value());
  MapReader r(*root, "run", d);
  CHECK(r.ok());
  CHECK(r.required("seed", "a seed") != nullptr);
  CHECK(r.optional("replicates") == nullptr);
  CHECK(r.required("horizon", "cycles") == nullptr);  // missing: reported at the mapping
  r.finish();
  const auto all = d.sorted();
  REQUIRE(all.size() == 3);
  CHECK(all[0].path == "run.horizon");
  CHECK(all[0].message == "missing");
  CHECK(all[1].format() ==
        "run.yaml:2:1: error: run.replicats: unknown key; did you mean `replicates`? "
        "(one of: seed, replicates, horizon)");
  CHECK(all[2].path == "run.zzz");
  CHECK(all[2].message == "unknown key");
}

TEST_CASE("MapReader: a node that is not a mapping is reported once") {
  Diagnostics d;
  const Node n = scalar("[1, 2]");
  MapReader r(n, "run", d);
  CHECK_FALSE(r.ok());
  CHECK(r.optional("seed") == nullptr);
  r.finish();
  REQUIRE(d.size() == 1);
  CHECK(d.sorted()[0].message == "found a list");
  CHECK(join_path("", "seed") == "seed");
  CHECK(join_path("run", "seed") == "run.seed");
}
