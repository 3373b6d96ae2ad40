// Numbers for people (core/number_text.h): money keeps three significant figures at every scale,
// so that one area's thousands are not rounded away, and never prints -0.
#include "pimhsim/core/number_text.h"

#include <doctest/doctest.h>

using pimhsim::core::human_number;
using pimhsim::core::money_text;

TEST_CASE("money_text: three significant figures with the scale") {
  CHECK(money_text(1'523'456) == "1.52m");
  CHECK(money_text(-36'940'000) == "-36.9m");
  CHECK(money_text(243'800'000) == "244m");
  CHECK(money_text(1'260'600'000) == "1.26bn");
  CHECK(money_text(568'133) == "568k");
  CHECK(money_text(43'512) == "43.5k");
  CHECK(money_text(-1'234) == "-1.23k");
  CHECK(money_text(940.4) == "940");
  // At the boundaries a figure moves to the next scale rather than printing 1000k.
  CHECK(money_text(999'600) == "1.00m");
  CHECK(money_text(999.7) == "1.00k");
}

TEST_CASE("money_text: a figure that rounds to zero is 0, not -0") {
  CHECK(money_text(0) == "0");
  CHECK(money_text(-0.3) == "0");
  CHECK(money_text(0.49) == "0");
}

TEST_CASE("human_number: separators for thousands, significant digits below") {
  CHECK(human_number(1234567.4) == "1,234,567");
  CHECK(human_number(-2500) == "-2,500");
  CHECK(human_number(0.123456) == "0.1235");
  CHECK(human_number(0) == "0");
}

TEST_CASE("listed: a list for a sentence") {
  using pimhsim::core::listed;
  CHECK(listed({}, "and").empty());
  CHECK(listed({"a"}, "and") == "a");
  CHECK(listed({"a", "b"}, "or") == "a or b");
  CHECK(listed({"a", "b", "c"}, "and") == "a, b and c");
}
