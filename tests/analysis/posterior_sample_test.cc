// A PSA on a calibration's posterior (analysis/posterior_sample.h): the calibrated parameters are
// drawn jointly from the sample's points in proportion to their weights, the others from their
// priors as without it; a bad posterior file is refused with its file, line and column.
#include "pimhsim/analysis/posterior_sample.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include "pimhsim/analysis/psa.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

std::string write(const std::string& name, const std::string& text) {
  const std::string file = std::string(PIMHSIM_BINARY_DIR) + "/" + name;
  std::ofstream(file) << text;
  return file;
}

// A file in a scratch directory of this process's own (ctest runs this file's cases at once).
std::string write_own(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::path(PIMHSIM_BINARY_DIR) /
                   ("posterior_shares_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = (dir / name).string();
  std::ofstream(file) << text;
  return file;
}

const char* const kRoutingHeader =
    "draw,weight,log_likelihood,routing.mild.none,routing.mild.listening_visits,"
    "routing.mild.talking_therapies,routing.mild.specialist_pmh\n";

}  // namespace

TEST_CASE("posterior sample: a PSA draws calibrated parameters jointly by weight") {
  // Two points, weights 1/4 and 3/4, each a pair (p_HS1, p_S1H) that never occurs crossed.
  const auto file = write("posterior_test.csv",
                          "scenario,variant,draw,weight,log_likelihood,p_HS1,p_S1H\n"
                          "s,,1,0.25,-1,0.1,0.6\ns,,2,0.75,-2,0.2,0.4\n");
  auto sample = read_posterior_sample(file);
  REQUIRE(sample.ok());
  CHECK(sample->ess == doctest::Approx(1.0 / (0.25 * 0.25 + 0.75 * 0.75)));
  const auto s = test::load_shipped("scenarios/validation/sick_sicker_psa.yaml");
  const std::uint32_t n = 2000;
  Psa plain(s, {n, SamplingMethod::kMonteCarlo});
  Psa calibrated(s, {n, SamplingMethod::kMonteCarlo}, sample.value());
  int second = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto a = calibrated.draw(i), b = plain.draw(i);
    for (const auto& o : a.options) {
      const double x = o.parameters.value("p_HS1"), y = o.parameters.value("p_S1H");
      CHECK(((x == 0.1 && y == 0.6) || (x == 0.2 && y == 0.4)));
    }
    second += a.options[0].parameters.value("p_HS1") == 0.2;
    // Uncalibrated parameters keep the draws of the PSA without a posterior.
    CHECK(a.options[0].parameters.value("c_trt") == b.options[0].parameters.value("c_trt"));
  }
  // The share of the second point is 3/4 within four binomial standard errors.
  CHECK(std::abs(second / double(n) - 0.75) < 4 * std::sqrt(0.75 * 0.25 / n));
  CHECK(calibrated.identity() != plain.identity());
}

TEST_CASE("posterior sample: a bad file is refused with its file, line and column") {
  const auto file = write("posterior_bad.csv", "draw,weight,p_HS1\n1,0.5,0.1\n2,-1,x\n");
  const auto sample = read_posterior_sample(file);
  REQUIRE_FALSE(sample.ok());
  CHECK(sample.status().message().find("posterior_bad.csv:3:3: error: weight: -1 is negative") !=
        std::string::npos);
  CHECK(sample.status().message().find(
            "posterior_bad.csv:3:6: error: p_HS1: `x` is not a number") != std::string::npos);
  const auto none = read_posterior_sample(write("posterior_none.csv", "draw,p_HS1\n1,0.1\n"));
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().message().find("no `weight` column") != std::string::npos);
}

TEST_CASE("posterior sample: a calibrated set of shares is drawn from one point, summing to 1") {
  // Two points; the second's shares sum to 1 - 1.1e-16 in doubles (0.6 + 0.3 + 0.1), within the
  // tolerance: its last positive share is made 1 minus the others (0.1 + 9e-17), so that they sum
  // to exactly 1. The first's, which sum to 1, are taken as they are.
  const auto file = write_own("routing.csv", std::string(kRoutingHeader) +
                                                 "1,0.5,-1,0.25,0.5,0.25,0\n"
                                                 "2,0.5,-1,0.6,0.3,0.1,0\n");
  auto sample = read_posterior_sample(file);
  REQUIRE(sample.ok());
  const auto s = test::load_shipped("scenarios/example_area.yaml", {"run.scale=0.05"});
  Psa psa(s, {200, SamplingMethod::kMonteCarlo}, sample.value());
  int first = 0;
  for (std::uint32_t i = 0; i < 200; ++i) {
    const auto draw = psa.draw(i);
    const auto& x = draw.options[0].parameters.shares("routing.mild");
    CHECK(x.size() == 4);
    CHECK(((x[0] + x[1]) + x[2]) + x[3] == 1.0);
    first += x[0] == 0.25;
    CHECK(((x[0] == 0.25 && x[1] == 0.5 && x[2] == 0.25) ||
           (x[0] == 0.6 && x[1] == 0.3 && x[2] == 1 - (0.6 + 0.3) && x[2] != 0.1)));
    CHECK(x[3] == 0.0);
    for (const auto& o : draw.options) CHECK(o.parameters.shares("routing.mild") == x);
  }
  CHECK(std::abs(first / 200.0 - 0.5) < 4 * std::sqrt(0.25 / 200));
  // psa_parameters.csv's columns of the shares hold the point's values.
  const auto& names = psa.layout().parameters;
  CHECK(std::find(names.begin(), names.end(), "routing.mild.talking_therapies") != names.end());
}

TEST_CASE("posterior sample: shares that are negative or do not sum to 1 are refused in place") {
  const auto s = test::load_shipped("scenarios/example_area.yaml", {"run.scale=0.05"});
  const auto file = write_own("routing_bad.csv", std::string(kRoutingHeader) +
                                                     "1,0.5,-1,0.25,0.5,0.25,0\n"
                                                     "2,0.25,-1,0.5,0.6,-0.1,0\n"
                                                     "3,0.25,-1,0.3,0.5,0.25,0\n");
  auto sample = read_posterior_sample(file);
  REQUIRE(sample.ok());
  const auto psa = Psa::make(s, {10, SamplingMethod::kMonteCarlo}, sample.value());
  REQUIRE_FALSE(psa.ok());
  CHECK(psa.status().code() == core::StatusCode::kBadInput);
  const auto& m = psa.status().message();
  CHECK(m.find("routing_bad.csv:3:19: error: routing.mild.talking_therapies: the share -0.1 is "
               "negative (a share >= 0)") != std::string::npos);
  CHECK(m.find("routing_bad.csv:4:11: error: routing.mild: the shares of the point sum to 1.05 "
               "(shares that sum to 1, within 1e-09)") != std::string::npos);
  // A component without its column, and a component the set does not have.
  const auto missing = write_own("routing_missing.csv",
                                 "draw,weight,routing.mild.none,routing.mild.listening_visits\n"
                                 "1,1,0.3,0.7\n");
  const auto m2 =
      Psa::make(s, {10, SamplingMethod::kMonteCarlo}, read_posterior_sample(missing).value());
  REQUIRE_FALSE(m2.ok());
  CHECK(m2.status().message().find("has no column `routing.mild.talking_therapies`") !=
        std::string::npos);
  const auto unknown =
      write_own("routing_unknown.csv", "draw,weight,routing.mild.nothing\n1,1,1\n");
  const auto m3 =
      Psa::make(s, {10, SamplingMethod::kMonteCarlo}, read_posterior_sample(unknown).value());
  REQUIRE_FALSE(m3.ok());
  CHECK(m3.status().message().find("names `routing.mild.nothing`, which is neither a number "
                                   "parameter of the scenario nor a share") != std::string::npos);
}

}  // namespace pimhsim::analysis
