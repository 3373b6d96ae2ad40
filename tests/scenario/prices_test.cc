// Money parameters given in another year's prices are converted to the scenario's price year
// with its inflation index: value, bounds and distribution alike.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/scenario.h"

namespace {

std::string write_scenario(const std::string& name, const std::string& body) {
  const std::filesystem::path dir =
      std::filesystem::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "prices";
  std::filesystem::create_directories(dir);
  const auto path = dir / name;
  std::ofstream(path) << "extends: " << PIMHSIM_SOURCE_DIR
                      << "/scenarios/validation/sick_sicker.yaml\n"
                      << body;
  return path.string();
}

}  // namespace

TEST_CASE(
    "prices: a parameter in 2018 prices is scaled by index(2025) / index(2018), with its bounds "
    "and distribution") {
  const auto path = write_scenario("scaled.yaml", R"(economics:
  price_year: 2025
  inflation_index: {2018: 100, 2025: 125}
parameters:
  c_H:
    value: 2000
    low: 1600
    high: 2400
    price_year: 2018
    distribution: {type: gamma, mean: 2000, se: 200}
)");
  pimhsim::scenario::Diagnostics d;
  const auto s = pimhsim::scenario::load_scenario(path, {}, pimhsim::models::specs(), d);
  REQUIRE(s.has_value());
  const auto& p = s->parameters.at("c_H");
  CHECK(p.value == doctest::Approx(2500));
  CHECK(*p.low == doctest::Approx(2000));
  CHECK(*p.high == doctest::Approx(3000));
  CHECK(p.distribution.mean() == doctest::Approx(2500));
  CHECK(p.distribution.sd() == doctest::Approx(250));
  CHECK(*p.price_year == 2025);
  // Every option starts from the converted baseline.
  CHECK(s->options[1].parameters.at("c_H").value == doctest::Approx(2500));
}

TEST_CASE(
    "prices: a price year the index does not cover, or no scenario price year, is a located "
    "error") {
  for (const auto& c : std::vector<std::pair<std::string, std::string>>{
           {"no_index.yaml", "economics:\n  price_year: 2025\n  inflation_index: {2025: 125}\n"},
           {"no_target.yaml", ""}}) {
    const std::string &name = c.first, &economics = c.second;
    CAPTURE(name);
    const auto path = write_scenario(
        name, economics + "parameters:\n  c_H:\n    value: 2000\n    price_year: 2018\n");
    pimhsim::scenario::Diagnostics d;
    CHECK_FALSE(
        pimhsim::scenario::load_scenario(path, {}, pimhsim::models::specs(), d).has_value());
    REQUIRE(d.size() == 1);
    const auto e = d.sorted().front();
    CHECK(e.path == "parameters.c_H.price_year");
    CHECK(e.where.file == path);
  }
}

TEST_CASE(
    "prices: a price year on a parameter that is not money is refused at its `price_year` key") {
  // A utility and a probability: converting them by an inflation index would change them silently.
  for (const auto& c : std::vector<std::pair<std::string, std::string>>{
           {"u_trt", "  u_trt:\n    price_year: 2013\n"},
           {"p_HS1", "  p_HS1:\n    price_year: 2013\n"}}) {
    const std::string &name = c.first, &parameter = c.second;
    CAPTURE(name);
    const auto path =
        write_scenario("not_money_" + name + ".yaml",
                       "economics:\n  price_year: 2025\n  inflation_index: {2013: 50, 2025: 131}\n"
                       "parameters:\n" +
                           parameter);
    pimhsim::scenario::Diagnostics d;
    CHECK_FALSE(
        pimhsim::scenario::load_scenario(path, {}, pimhsim::models::specs(), d).has_value());
    REQUIRE(d.size() == 1);
    const auto e = d.sorted().front();
    CHECK(e.path == "parameters." + name + ".price_year");
    CHECK(e.where.file == path);
    CHECK(e.where.line == 7);
    CHECK(e.where.column == 5);
    CHECK(e.message.find("`" + name + "` is not an amount of money") != std::string::npos);
    CHECK(e.expected.find("only on a money parameter") != std::string::npos);
  }
}

TEST_CASE("prices: every cost of both models may carry a price year, and nothing else") {
  for (const auto* spec : pimhsim::models::specs()) {
    for (const auto& p : spec->parameters) {
      CAPTURE(p.name);
      const bool named_as_money = p.name.starts_with("c_") ||
                                  p.name.find("cost") != std::string::npos ||
                                  p.name.starts_with("pay.") || p.name == "investment.ni_threshold";
      // Rates and factors about costs are not money.
      const bool rate = p.name.ends_with("_rate") || p.name.ends_with("_factor");
      CHECK(p.money == (named_as_money && !rate));
      if (p.money) CHECK(p.domain == pimhsim::core::Domain::kNonNegative);
    }
  }
}

TEST_CASE("prices: a converted value is checked against its domain again") {
  const auto path = write_scenario("overflow.yaml", R"(economics:
  price_year: 2025
  inflation_index: {2018: 1e-10, 2025: 1}
parameters:
  c_H:
    value: 1e300
    price_year: 2018
)");
  pimhsim::scenario::Diagnostics d;
  CHECK_FALSE(pimhsim::scenario::load_scenario(path, {}, pimhsim::models::specs(), d).has_value());
  REQUIRE(d.size() == 1);
  const auto e = d.sorted().front();
  CHECK(e.path == "parameters.c_H.value");
  CHECK(e.where.line == 7);
  CHECK(e.message == "converted from 2018 to 2025 prices (x 1e+10), inf is out of range");
  CHECK(e.expected == "a number >= 0");
}
