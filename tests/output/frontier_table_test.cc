// The frontier table at each threshold (output/frontier_table.h): the optimal option, the
// runner-up and the margin between them come from incremental net benefits, so neither a cost
// lost in the rounding of wtp * effect nor two infinite net benefits decides them.
#include "pimhsim/output/frontier_table.h"

#include <doctest/doctest.h>

#include <cmath>
#include <vector>

using pimhsim::output::CostEffectRow;
using pimhsim::output::frontier_table;

TEST_CASE(
    "frontier_table: a huge threshold names the option with more QALYs, with a finite margin") {
  const std::vector<CostEffectRow> rows = {{"fewer QALYs", 100, 1, 10, 0.1},
                                           {"more QALYs", 200, 1, 11, 0.1}};
  const auto t = frontier_table(rows, {20000, 1e308});
  REQUIRE(t.optimal.size() == 2);
  CHECK(t.optimal[0] == "more QALYs");
  CHECK(t.optimal[1] == "more QALYs");
  REQUIRE(t.margins.size() == 2);
  CHECK(t.margins[0].runner_up == "fewer QALYs");
  CHECK(t.margins[0].nmb_difference == 20000 - 100);
  CHECK(t.margins[1].option == "more QALYs");
  CHECK(t.margins[1].nmb_difference > 0);
  CHECK_FALSE(std::isnan(t.margins[1].nmb_difference));
}

TEST_CASE("frontier_table: the margin keeps a cost difference that the net benefits round away") {
  // At 1e20 per QALY both net benefits round to 1e20; the options differ by 1000 in cost.
  const std::vector<CostEffectRow> rows = {{"dear", 1000, 0, 1, 0}, {"cheap", 0, 0, 1, 0}};
  const auto t = frontier_table(rows, {1e20});
  CHECK(t.optimal[0] == "cheap");
  REQUIRE(t.margins.size() == 1);
  CHECK(t.margins[0].runner_up == "dear");
  CHECK(t.margins[0].nmb_difference == 1000);
}
