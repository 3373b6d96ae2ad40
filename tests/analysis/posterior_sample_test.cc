// A PSA on a calibration's posterior (analysis/posterior_sample.h): the calibrated parameters are
// drawn jointly from the sample's points in proportion to their weights, the others from their
// priors as without it; a bad posterior file is refused with its file, line and column.
#include "pimhsim/analysis/posterior_sample.h"

#include <doctest/doctest.h>

#include <cmath>
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

}  // namespace pimhsim::analysis
