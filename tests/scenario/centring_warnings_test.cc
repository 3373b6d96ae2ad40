// Validation warns, at the distribution, of exactly the parameters whose PSA distribution
// is not centred on their value; a warning does not stop the scenario from loading.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/scenario/scenario.h"
#include "support/toy_model.h"

using namespace pimhsim;
using core::Domain;
using scenario::Diagnostics;

namespace {

std::string write(const std::string& file, const std::string& parameters) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "centring";
  fs::create_directories(dir);
  const fs::path path = dir / file;
  std::ofstream(path)
      << "model: toy\nname: Toy\nrun: {seed: 1, replicates: 2, horizon: 5}\n"
         "economics:\n  discount: {costs: 0.035, effects: 0.035}\n  thresholds: [20000]\n"
         "parameters:\n"
      << parameters << "options:\n  - name: A\n";
  return path.string();
}

// One parameter in block style (5 lines, the distribution's key on the last); the first starts
// on line 8, so the Nth one's distribution is on line 7 + 5 N.
std::string param(const std::string& name, const std::string& value,
                  const std::string& distribution) {
  return "  " + name + ":\n    value: " + value +
         "\n    unit: u\n    source: s\n    distribution: " + distribution + "\n";
}

}  // namespace

TEST_CASE("validate: warns exactly of the parameters whose distribution is off its value") {
  const std::vector<std::pair<std::string, Domain>> declared{{"beta_se", Domain::kProbability},
                                                             {"beta_ab", Domain::kProbability},
                                                             {"gamma_se", Domain::kPositive},
                                                             {"gamma_mean", Domain::kPositive},
                                                             {"ln_ci", Domain::kPositive},
                                                             {"ln_ci_median", Domain::kPositive},
                                                             {"ln_se", Domain::kPositive},
                                                             {"ln_se_median", Domain::kPositive},
                                                             {"normal_zero", Domain::kReal},
                                                             {"normal_mean", Domain::kReal},
                                                             {"uniform_edge", Domain::kProbability},
                                                             {"uniform_mid", Domain::kProbability},
                                                             {"tri_skew", Domain::kReal},
                                                             {"tri_sym", Domain::kReal},
                                                             {"fixed", Domain::kReal},
                                                             {"shares_n", Domain::kShares},
                                                             {"shares_alpha", Domain::kShares}};
  const auto spec = test::toy_model_spec(declared);
  const std::string parameters =
      param("beta_se", "0.3", "{type: beta, se: 0.05}") +
      param("beta_ab", "0.3", "{type: beta, alpha: 2, beta: 2}") +  // mean 0.5
      param("gamma_se", "10", "{type: gamma, se: 2}") +
      param("gamma_mean", "10", "{type: gamma, mean: 12, se: 2}") +  // mean 12
      param("ln_ci", "2", "{type: lognormal, ci95: [1, 4]}") +       // median 2, mean 2.13
      param("ln_ci_median", "2", "{type: lognormal, ci95: [1, 4], centre: median}") +
      param("ln_se", "5", "{type: lognormal, se: 1}") +
      param("ln_se_median", "5",
            "{type: lognormal, se: 1, centre: median}") +  // mean 5, median 4.9
      param("normal_zero", "0", "{type: normal, sd: 1}") +
      param("normal_mean", "0", "{type: normal, mean: 0.001, sd: 1}") +  // 0.001 from 0
      param("uniform_edge", "0.1438", "{type: uniform, min: 0.1438, max: 0.2378}") +
      param("uniform_mid", "0.1908", "{type: uniform, min: 0.1438, max: 0.2378}") +
      param("tri_skew", "0", "{type: triangular, min: -0.03, mode: 0, max: 0.01}") +
      param("tri_sym", "0", "{type: triangular, min: -0.03, mode: 0, max: 0.03}") +
      param("fixed", "1", "{type: fixed}") +
      param("shares_n", "{a: 0.3, b: 0.7}", "{type: dirichlet, n: 20}") +
      param("shares_alpha", "{a: 0.3, b: 0.7}", "{type: dirichlet, alpha: {a: 5, b: 5}}");
  const std::string path = write("off_centre.yaml", parameters);
  Diagnostics d;
  const core::ModelSpec* models[] = {&spec};
  const auto s = scenario::load_scenario(path, {}, models, d);
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(s.has_value());
  CHECK(d.empty());
  std::vector<std::pair<int, std::string>> got;
  for (const auto& w : s->warnings) got.emplace_back(w.where.line, w.path);
  const std::vector<std::pair<int, std::string>> want{
      {17, "parameters.beta_ab.distribution"},     {27, "parameters.gamma_mean.distribution"},
      {32, "parameters.ln_ci.distribution"},       {47, "parameters.ln_se_median.distribution"},
      {57, "parameters.normal_mean.distribution"}, {62, "parameters.uniform_edge.distribution"},
      {72, "parameters.tri_skew.distribution"},    {92, "parameters.shares_alpha.distribution"}};
  CHECK(got == want);
  REQUIRE(s->warnings.size() == want.size());
  for (const auto& w : s->warnings) {
    CHECK(w.warning);
    CHECK(w.where.file == path);
    CHECK(w.where.column == 19);  // the distribution's `{`
  }
  CHECK(d.warnings().size() == want.size());
  CHECK(s->warnings[5].format() ==
        path +
            ":62:19: warning: parameters.uniform_edge.distribution: Uniform(0.1438, 0.2378) has "
            "mean 0.1908, not the "
            "value 0.1438 (+32.7%) (PSA centred on the base case: the distribution's mean within "
            "1% of the value, or "
            "within 1e-06 of it when it is 0; `centre: median` if the value is a median)");
  CHECK(s->warnings[6].message ==
        "Triangular(-0.03, 0, 0.01) has mean -0.00666667, not the value 0");
  CHECK(s->warnings[3].message.find("has median ") != std::string::npos);
  CHECK(s->warnings[7].message ==
        "the Dirichlet's mean share is not the value for 2 of 2 shares: `a` 0.5 (value 0.3), "
        "`b` 0.5 (value 0.7)");
}

TEST_CASE("validate: `centre` is `mean` or `median`, and a Dirichlet has none") {
  const auto spec = test::toy_model_spec({{"x", Domain::kPositive}, {"s", Domain::kShares}});
  const std::string path =
      write("bad_centre.yaml",
            param("x", "2", "{type: lognormal, ci95: [1, 4], centre: mode}") +
                param("s", "{a: 0.3, b: 0.7}", "{type: dirichlet, n: 20, centre: mean}"));
  Diagnostics d;
  const core::ModelSpec* models[] = {&spec};
  CHECK_FALSE(scenario::load_scenario(path, {}, models, d).has_value());
  std::set<std::string> paths;
  for (const auto& e : d.sorted()) paths.insert(e.path);
  CHECK(paths == std::set<std::string>{"parameters.x.distribution.centre",
                                       "parameters.s.distribution.centre"});
}
