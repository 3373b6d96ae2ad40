// Variants of one scenario for compare: named overrides, and sweeps over one or two settings.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pimhsim/analysis/compare.h"

using pimhsim::analysis::grid_variants;

TEST_CASE("grid_variants: one grid gives a variant per point, named by its setting") {
  const auto v = grid_variants({"parameters.x.value=0.1:0.3:0.1"});
  REQUIRE(v.ok());
  REQUIRE(v.value().size() == 3);
  CHECK(v.value()[0].name == "parameters.x.value=0.1");
  CHECK(v.value()[2].name == "parameters.x.value=0.30000000000000004");
  CHECK(v.value()[1].sets ==
        std::vector<std::string>{"parameters.x.value=0.2", "variant=\"parameters.x.value=0.2\""});
}

TEST_CASE("grid_variants: two grids give their product, the second varying fastest") {
  const auto v = grid_variants({"a=1:2:1", "b=0:10:5"});
  REQUIRE(v.ok());
  std::vector<std::string> names;
  for (const auto& x : v.value()) names.push_back(x.name);
  CHECK(names == std::vector<std::string>{"a=1, b=0", "a=1, b=5", "a=1, b=10", "a=2, b=0",
                                          "a=2, b=5", "a=2, b=10"});
  CHECK(v.value()[4].sets == std::vector<std::string>{"a=2", "b=5", "variant=\"a=2, b=5\""});
}

TEST_CASE("grid_variants: the end is reached despite rounding, and never passed") {
  const auto v = grid_variants({"k=0:1:0.1"});
  REQUIRE(v.ok());
  CHECK(v.value().size() == 11);
  const auto w = grid_variants({"k=0:1:0.3"});
  REQUIRE(w.ok());
  CHECK(w.value().size() == 4);  // 0, 0.3, 0.6, 0.9
}

TEST_CASE("grid_variants: bad grids are bad input, naming the grid") {
  for (const char* g : {"k", "=1:2:1", "k=1:2", "k=2:1:1", "k=1:2:0", "k=1:2:-1", "k=a:b:c",
                        "k=1:2:1x", "k=0:1e9:1", "k=nan:1:1"}) {
    CAPTURE(g);
    const auto v = grid_variants({g});
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find(std::string("`grid` `") + g + "`") != std::string::npos);
  }
  CHECK_FALSE(grid_variants({"a=1:2:1", "b=1:2:1", "c=1:2:1"}).ok());
  // 21 x 21 = 441 points: more than a comparison takes.
  CHECK_FALSE(grid_variants({"a=0:20:1", "b=0:20:1"}).ok());
}

TEST_CASE("parse_variants: a name is set as a quoted variant that reads back as written") {
  // The first colon ends the name; quotes, a hash and a backslash are escaped.
  const auto v = pimhsim::analysis::parse_variants(
      {"say \"hi\" #1\\x:parameters.x.value=1", "low:parameters.x.value=0", "low:run.seed=2"});
  REQUIRE(v.ok());
  REQUIRE(v.value().size() == 2);
  CHECK(v.value()[0].name == "say \"hi\" #1\\x");
  CHECK(v.value()[0].sets ==
        std::vector<std::string>{"parameters.x.value=1", "variant=\"say \\\"hi\\\" #1\\\\x\""});
  CHECK(v.value()[1].sets ==
        std::vector<std::string>{"parameters.x.value=0", "run.seed=2", "variant=\"low\""});
}
