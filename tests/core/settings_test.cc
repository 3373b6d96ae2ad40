// Settings as front ends fill them (core/settings.h): a repeatable text setting keeps every value
// in the order given, reads as none when absent, and is refused when read as another kind.
#include "pimhsim/core/settings.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using pimhsim::core::SettingValues;

TEST_CASE("settings: a repeatable text setting keeps its values in order") {
  SettingValues v;
  CHECK(v.texts("grid").empty());
  CHECK_FALSE(v.given("grid"));
  v.set("grid", std::vector<std::string>{"b=1:3:1", "a=0:1:0.5"});
  CHECK(v.given("grid"));
  CHECK(v.texts("grid") == std::vector<std::string>{"b=1:3:1", "a=0:1:0.5"});
  CHECK_THROWS_AS((void)v.text("grid"), std::logic_error);
  v.set("wtp", std::string("20000"));
  CHECK_THROWS_AS((void)v.texts("wtp"), std::logic_error);
  CHECK(pimhsim::core::flag_name("unpaired_populations") == "--unpaired-populations");
}
