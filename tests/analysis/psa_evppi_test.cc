// EVPPI after the fact: a PSA's saved samples read back bit for bit, refused with the file and
// line when they do not match the scenario; groups parsed; every group ranked at every threshold.
#include "pimhsim/analysis/psa_evppi.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "pimhsim/models/registry.h"
#include "support/scenarios.h"

namespace pimhsim::analysis {
namespace {

scenario::Scenario sick_sicker_psa() {
  return test::load_shipped("scenarios/validation/sick_sicker_psa.yaml", {"run.population=1000"});
}

bool same(double a, double b) {
  return a == b || (std::isnan(a) && std::isnan(b));
}

}  // namespace

TEST_CASE("evppi: the saved samples of a PSA read back bit for bit, and other files are refused") {
  Psa psa(sick_sicker_psa(), {30, SamplingMethod::kMonteCarlo});
  const auto its = run_psa(psa, {}, 2);
  const std::string samples = psa_csv(psa, its), parameters = psa_parameters_csv(psa, its);
  const auto back = read_psa_samples(psa, samples, parameters);
  REQUIRE(back.ok());
  REQUIRE(back->size() == its.size());
  for (std::size_t i = 0; i < its.size(); ++i) {
    CAPTURE(i);
    CHECK(back.value()[i].iteration == its[i].iteration);
    CHECK(back.value()[i].parameters == its[i].parameters);
    REQUIRE(back.value()[i].value.size() == its[i].value.size());
    for (std::size_t k = 0; k < its[i].value.size(); ++k) {
      CHECK(same(back.value()[i].value[k], its[i].value[k]));
      CHECK(same(back.value()[i].se[k], its[i].se[k]));
    }
  }
  // A header of other figures, a missing option row, a parameters file one row short.
  std::string other = samples;
  other.replace(other.find("iteration,option"), 16, "iteration,choice");
  CHECK(read_psa_samples(psa, other, parameters).status().message().find("psa.csv:1:") == 0);
  std::string short_rows = samples.substr(0, samples.rfind('\n', samples.size() - 2) + 1);
  CHECK(read_psa_samples(psa, short_rows, parameters).status().code() ==
        core::StatusCode::kBadInput);
  std::string fewer = parameters.substr(0, parameters.rfind('\n', parameters.size() - 2) + 1);
  CHECK(read_psa_samples(psa, samples, fewer).status().message().find("psa_parameters.csv:") == 0);
}

TEST_CASE("evppi: groups from their text, and every group ranked at every threshold") {
  Psa psa(sick_sicker_psa(), {40, SamplingMethod::kLatinHypercube});
  const auto& known = psa.layout().parameters;
  const auto groups = parse_evppi_group_list({"cost=c_trt", "u_S1,u_trt", "all"}, known);
  REQUIRE(groups.ok());
  CHECK(groups.value()[0].name == "cost");
  CHECK(groups.value()[1].name == "u_S1+u_trt");
  // `all` adds each parameter alone, except c_trt, which is a group already.
  CHECK(groups->size() == 2 + known.size() - 1);
  CHECK(parse_evppi_group_list({"c_tr"}, known).status().message().find("did you mean `c_trt`") !=
        std::string::npos);
  CHECK_FALSE(parse_evppi_group_list({"a=c_trt", "a=u_S1"}, known).ok());
  CHECK_FALSE(parse_evppi_group_list({}, known).ok());

  const auto its = run_psa(psa, {}, 2);
  const std::vector<double> grid{0, 50000, 100000, 150000};
  const auto e = evppi_grid(psa, its, groups.value(), grid);
  REQUIRE(e.ok());
  for (std::size_t t = 0; t < grid.size(); ++t) {
    std::vector<std::size_t> ranks;
    for (const auto& c : e->curves) {
      const auto& p = c.points[t];
      CHECK(p.wtp == grid[t]);
      CHECK(p.evppi >= 0);
      CHECK(p.evppi <= p.evpi + 4 * p.standard_error + 1e-9);
      ranks.push_back(p.rank);
    }
    std::sort(ranks.begin(), ranks.end());
    for (std::size_t r = 0; r < ranks.size(); ++r) CHECK(ranks[r] == r + 1);
    // Ranked by EVPPI: rank 1 has the largest.
    for (const auto& c : e->curves)
      for (const auto& d : e->curves)
        if (c.points[t].rank < d.points[t].rank) CHECK(c.points[t].evppi >= d.points[t].evppi);
  }
  // Too few iterations for a regression.
  CHECK(evppi_grid(psa, std::vector<PsaIteration>(its.begin(), its.begin() + 10), groups.value(),
                   grid)
            .status()
            .code() == core::StatusCode::kBadInput);
}

}  // namespace pimhsim::analysis
