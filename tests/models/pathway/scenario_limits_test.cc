// Limits of a pathway scenario: births.annual_trend's domain, the births it compounds to over the
// horizon, an area with too few births for any scale, a table whose areas have no births (a
// warning), and the model's own guard on the births it enters in a month.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/inputs.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/scenario.h"

namespace {

using pimhsim::scenario::Diagnostic;
using pimhsim::scenario::Diagnostics;

const std::string kEngland = std::string(PIMHSIM_SOURCE_DIR) + "/scenarios/england.yaml";

// The errors of scenarios/england.yaml with these overrides (none if it loads).
std::vector<Diagnostic> errors_with(const std::vector<std::string>& sets) {
  Diagnostics d;
  const auto s = pimhsim::scenario::load_scenario(kEngland, sets, pimhsim::models::specs(), d);
  CHECK(s.has_value() == d.empty());
  return d.sorted();
}

// england.yaml's births trend set to `value`, with bounds and a distribution that allow it.
std::vector<std::string> trend(const std::string& value, const std::string& horizon) {
  return {"run.horizon=" + horizon, "parameters.births.annual_trend.value=" + value,
          "parameters.births.annual_trend.low=-0.03",
          "parameters.births.annual_trend.high=" + value,
          "parameters.births.annual_trend.distribution={type: triangular, min: -0.03, mode: 0, "
          "max: " +
              value + "}"};
}

}  // namespace

TEST_CASE("pathway limits: births.annual_trend is an annual proportional change in -0.5 to 0.5") {
  for (const std::string value : {"1e308", "-0.6", "0.51"}) {
    CAPTURE(value);
    const auto errors = errors_with({"parameters.births.annual_trend.value=" + value});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "parameters.births.annual_trend.value");
    CHECK(errors[0].where.file == "--set");
    CHECK(errors[0].message.ends_with(" is out of range"));
    CHECK(errors[0].expected == "an annual proportional change in [-0.5, 0.5]");
  }
  // A normal distribution could draw beyond the domain, however narrow.
  const auto normal = errors_with(
      {"parameters.births.annual_trend.distribution={type: normal, mean: 0, sd: 0.01}"});
  REQUIRE(normal.size() == 1);
  CHECK(normal[0].path == "parameters.births.annual_trend.distribution");
  CHECK(normal[0].message == "Normal(0, 0.01) can draw values outside the parameter's range");
  // The ends of the domain are allowed (over a horizon short enough for them).
  CHECK(errors_with(trend("0.5", "10")).empty());
  CHECK(errors_with({"parameters.births.annual_trend.value=-0.5",
                     "parameters.births.annual_trend.low=-0.5",
                     "parameters.births.annual_trend.distribution={type: uniform, min: -0.5, "
                     "max: 0.03}"})
            .empty());
}

TEST_CASE(
    "pathway limits: a births trend that compounds past 1e9 simulated births a year in an area is "
    "refused where it is given") {
  // 1.5^39 x 15,429 (Kent) x 0.1 = 1.14e10 births in year 40.
  const auto value = errors_with(trend("0.5", "40"));
  REQUIRE(value.size() == 1);
  CHECK(value[0].format() ==
        "--set:2:38: error: parameters.births.annual_trend.value: growing by 0.5 a year, "
        "E10000016 (Kent, 15429 births a year at scale 0.1) would have 1.14e+10 simulated births "
        "in year 40 of the horizon, more than 1e+09 (a growth that keeps every area at most 1e+09 "
        "simulated births a year: a smaller one, a shorter horizon or a smaller scale)");
  // The same growth at a smaller scale stays within the limit.
  auto smaller = trend("0.5", "40");
  smaller.push_back("run.scale=0.005");
  CHECK(errors_with(smaller).empty());
  // The distribution's upper bound (the PSA's largest draw) counts, as does `high` (the DSA's).
  const auto distribution = errors_with(
      {"run.horizon=100",
       "parameters.births.annual_trend.distribution={type: triangular, min: -0.3, mode: 0, max: "
       "0.3}"});
  REQUIRE(distribution.size() == 1);
  CHECK(distribution[0].path == "parameters.births.annual_trend.distribution");
  const auto high = errors_with({"run.horizon=100", "parameters.births.annual_trend.high=0.3"});
  REQUIRE(high.size() == 1);
  CHECK(high[0].path == "parameters.births.annual_trend.high");
  // An option's own setting is reported at the option.
  const auto option =
      errors_with({"run.horizon=100", "options.1.set={parameters.births.annual_trend: 0.3}"});
  REQUIRE(option.size() == 1);
  CHECK(option[0].path == "options.1");
  CHECK(option[0].message.starts_with(
      "with this option's settings, parameters.births.annual_trend: growing by 0.3 a year"));
}

TEST_CASE("pathway limits: a scale too small for an area never asks for a scale above 1") {
  const auto dir = std::filesystem::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "limits";
  std::filesystem::create_directories(dir);
  // 0.01 births a year needs a horizon of 100 years at scale 1; 1e-320 (whose inverse is not a
  // double) no horizon at all. They were "a scale of at least 10" and "of at least inf".
  for (const auto& c : std::vector<std::pair<std::string, std::string>>{
           {"0.01",
            "births x scale x horizon of at least 1 in every area, which no scale gives City of "
            "London in 10 years: scale 1 and a horizon of at least 100 years, or leave out or "
            "merge the small areas with areas.include or areas.merge"},
           {"1e-320",
            "births x scale x horizon of at least 1 in every area, which no scale or horizon "
            "gives City of London: leave it out, or merge it into another area, with "
            "areas.include or areas.merge"}}) {
    const std::string &births = c.first, &expected = c.second;
    CAPTURE(births);
    const auto table = (dir / ("tiny_" + births + ".csv")).string();
    std::ofstream(table) << "area_code,area_name,region,births\n"
                            "E06000047,County Durham,North East,4300\n"
                            "E09000001,City of London,London,"
                         << births << "\n";
    const auto errors = errors_with({"areas.table=" + table, "areas.merge=[]", "run.scale=1"});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "run.scale");
    CHECK(errors[0].expected == expected);
  }
}

TEST_CASE("pathway limits: a table whose every area has no births loads, with a warning") {
  const auto dir = std::filesystem::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "limits";
  std::filesystem::create_directories(dir);
  const auto table = (dir / "zero_births.csv").string();
  std::ofstream(table) << "area_code,area_name,region,births\n"
                          "E09000012,Hackney,London,0\n"
                          "E09000001,City of London,London,0\n";
  Diagnostics d;
  const auto s = pimhsim::scenario::load_scenario(kEngland, {"areas.table=" + table},
                                                  pimhsim::models::specs(), d);
  REQUIRE(s.has_value());
  REQUIRE(s->warnings.size() == 1);
  CHECK(s->warnings[0].format() ==
        "--set:1:13: warning: areas.table: every area has 0 births a year (1 area(s)): nothing "
        "is simulated, and every result is 0 (areas with births to simulate)");
  // Chosen with areas.include, the warning is at the choice.
  Diagnostics included;
  const auto hackney = pimhsim::scenario::load_scenario(
      kEngland, {"areas.table=" + table, "areas.include=[E09000012]"}, pimhsim::models::specs(),
      included);
  REQUIRE(hackney.has_value());
  REQUIRE(hackney->warnings.size() == 1);
  CHECK(hackney->warnings[0].path == "areas.include");
  CHECK(hackney->warnings[0].where.line == 2);
}

TEST_CASE("pathway limits: monthly entries refuse a count of births beyond an int") {
  namespace pw = pimhsim::models::pathway;
  pw::Inputs in;
  const pw::AreaInput area{1e8};  // the most births a year the areas table allows
  const pw::Timeline century{12 * 100, 1.0};
  CHECK_NOTHROW(pw::monthly_entries(area, in, century));
  in.births_trend = 0.5;  // not a validated scenario: 1.5^99 x 1e8 births in its last year
  CHECK_THROWS_AS(pw::monthly_entries(area, in, century), std::overflow_error);
}
