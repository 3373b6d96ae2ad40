// load_scenario: the validation scenarios load with the values their files give; every accepted
// form of a parameter's distribution gives the intended Distribution; every error is reported;
// options fix the parameters they set; the content hash follows content, not comments.
#include "pimhsim/scenario/scenario.h"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/digest.h"
#include "support/toy_model.h"

using namespace pimhsim;
using core::Distribution;
using core::Domain;
using core::Family;
using scenario::Diagnostics;
using scenario::load_scenario;

namespace {

constexpr double kZ975 = 1.959963984540054;

std::string validation(const char* file) {
  return std::string(PIMHSIM_SOURCE_DIR) + "/scenarios/validation/" + file;
}

// A model for tests that declares exactly the given parameters and one boolean switch, `treat`.
core::ModelSpec toy_spec(const std::vector<std::pair<std::string, Domain>>& params) {
  core::ModelSpec spec = test::toy_model_spec(params);
  core::SwitchSpec treat;
  treat.name = "treat";
  treat.description = "treat";
  spec.switches.push_back(treat);
  return spec;
}

// Writes a scenario for the toy model into a fresh file and returns its path.
std::string write_scenario(const std::string& file, const std::string& parameters,
                           const std::string& options = "options:\n  - name: A\n") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "scenario";
  fs::create_directories(dir);
  const fs::path path = dir / file;
  std::ofstream(path)
      << "model: toy\nname: Toy\nrun: {seed: 1, replicates: 2, horizon: 5}\n"
         "economics:\n  discount: {costs: 0.035, effects: 0.035}\n  thresholds: [20000]\n"
         "switches: {treat: false}\nparameters:\n"
      << parameters << options;
  return path.string();
}

// One number parameter in block style, with an optional distribution in flow style.
std::string param(const std::string& name, const std::string& value,
                  const std::string& distribution = "") {
  std::string s = "  " + name + ":\n    value: " + value + "\n    unit: u\n    source: s\n";
  if (!distribution.empty()) s += "    distribution: " + distribution + "\n";
  return s;
}

std::optional<scenario::Scenario> load(const std::string& path, const core::ModelSpec& spec,
                                       Diagnostics& d, const std::vector<std::string>& sets = {}) {
  const core::ModelSpec* models[] = {&spec};
  return load_scenario(path, sets, models, d);
}

void check_same(const Distribution& got, const Distribution& want) {
  CHECK(got.family() == want.family());
  for (int i = 0; i < 3; ++i)
    CHECK(got.parameters()[i] == doctest::Approx(want.parameters()[i]).epsilon(1e-12));
}

}  // namespace

TEST_CASE("load_scenario: sick_sicker.yaml loads with the values its file gives") {
  Diagnostics d;
  const auto s = load_scenario(validation("sick_sicker.yaml"), {}, models::specs(), d);
  REQUIRE_MESSAGE(d.empty(), (d.empty() ? std::string() : d.sorted()[0].format()));
  REQUIRE(s.has_value());
  CHECK(s->model == "sick_sicker");
  CHECK(s->run.seed == 20180301u);
  CHECK(s->run.replicates == 1u);
  CHECK(s->run.population == 100000u);
  CHECK(s->run.horizon == 30u);
  CHECK(s->economics.cost_discount_name == "0.03");
  CHECK(s->economics.effect_discount_name == "0.03");
  CHECK(s->economics.cost_discount.factor(1) == doctest::Approx(1 / 1.03).epsilon(1e-15));
  CHECK(s->economics.thresholds == std::vector<double>{50000, 100000});
  CHECK(s->economics.currency == "USD");
  CHECK(s->parameters.value("p_HS1") == 0.15);
  CHECK(s->parameters.value("c_S2") == 15000);
  CHECK(s->parameters.at("p_HS1").unit == "probability per cycle");
  CHECK(s->parameters.at("p_HS1").distribution.family() == Family::kFixed);
  CHECK(s->parameters.at("initial_state").components == std::vector<std::string>{"H", "S1", "S2"});
  CHECK(s->parameters.shares("initial_state") == std::vector<double>{1, 0, 0});
  CHECK_FALSE(s->switches.flag("treatment"));
  CHECK_FALSE(s->switches.flag("time_dependence"));
  REQUIRE(s->options.size() == 2);
  CHECK(s->options[0].name == "No Treatment");
  CHECK_FALSE(s->options[0].switches.flag("treatment"));
  CHECK(s->options[1].name == "Treatment");
  CHECK(s->options[1].switches.flag("treatment"));
  CHECK(s->options[1].overrides == std::vector<std::string>{"switches.treatment = true"});
  // No tables: the SHA-256 of `sha256sum scenario.resolved.yaml`'s line.
  CHECK(s->content_hash == scenario::sha256_hex(scenario::sha256_hex(s->resolved_yaml) +
                                                "  scenario.resolved.yaml\n"));
}

TEST_CASE("load_scenario: sick_sicker_extended.yaml overrides its base and inherits the rest") {
  Diagnostics d;
  const auto s = load_scenario(validation("sick_sicker_extended.yaml"), {}, models::specs(), d);
  REQUIRE_MESSAGE(d.empty(), (d.empty() ? std::string() : d.sorted()[0].format()));
  REQUIRE(s.has_value());
  CHECK(s->name == "Sick-Sicker microsimulation with time dependence (Krijkamp et al. 2018)");
  CHECK(s->parameters.value("rp") == 0.2);
  CHECK(s->parameters.value("ru") == 0.03);
  CHECK(s->parameters.value("x_halfwidth") == 0.05);
  CHECK(s->parameters.at("rp").source == "Krijkamp et al. 2018, extended model");
  CHECK(s->parameters.at("rp").unit ==
        "relative rise in mortality rate per cycle sick");  // from the base
  CHECK(s->parameters.value("p_HS1") == 0.15);
  CHECK(s->switches.flag("time_dependence"));
  CHECK(s->run.seed == 20180301u);
  REQUIRE(s->options.size() == 2);
  CHECK(s->options[1].switches.flag("time_dependence"));
}

TEST_CASE("load_scenario: every accepted form of a distribution gives the intended Distribution") {
  const std::vector<std::pair<std::string, Domain>> names{
      {"b_ab", Domain::kProbability}, {"b_mse", Domain::kProbability},
      {"b_se", Domain::kProbability}, {"b_ci", Domain::kProbability},
      {"g_ss", Domain::kNonNegative}, {"g_se", Domain::kNonNegative},
      {"g_ci", Domain::kNonNegative}, {"ln_ml", Domain::kPositive},
      {"ln_se", Domain::kPositive},   {"ln_ci", Domain::kPositive},
      {"n_msd", Domain::kReal},       {"n_sd", Domain::kReal},
      {"n_se", Domain::kReal},        {"n_ci", Domain::kReal},
      {"u", Domain::kReal},           {"t", Domain::kReal},
      {"f", Domain::kReal},           {"none", Domain::kReal},
      {"group.inner", Domain::kReal}, {"sh_a", Domain::kShares},
      {"sh_n", Domain::kShares}};
  const std::string params =
      param("b_ab", "0.3", "{type: beta, alpha: 3, beta: 7}") +
      param("b_mse", "0.3", "{type: beta, mean: 0.25, se: 0.05}") +
      param("b_se", "0.3", "{type: beta, se: 0.05}") +
      param("b_ci", "0.3", "{type: beta, ci95: [0.2, 0.4]}") +
      param("g_ss", "6", "{type: gamma, shape: 3, scale: 2}") +
      param("g_se", "1500", "{type: gamma, se: 300}") +
      param("g_ci", "1500", "{type: gamma, ci95: [1000, 2000]}") +
      param("ln_ml", "1.5", "{type: lognormal, meanlog: 0.4, sdlog: 0.2}") +
      param("ln_se", "2.5", "{type: lognormal, se: 0.8}") +
      param("ln_ci", "4", "{type: lognormal, ci95: [2, 8]}") +
      param("n_msd", "10", "{type: normal, mean: 11, sd: 2}") +
      param("n_sd", "10", "{type: normal, sd: 2}") +
      param("n_se", "10", "{type: normal, se: 0.5}") +
      param("n_ci", "5", "{type: normal, ci95: [3, 7]}") +
      param("u", "4", "{type: uniform, min: 2, max: 6}") +
      param("t", "1", "{type: triangular, min: 0, mode: 1, max: 4}") +
      param("f", "7", "{type: fixed}") + param("none", "7") +
      "  group:\n    inner:\n      value: 2\n      unit: u\n      source: s\n"
      "      distribution: {type: normal, sd: 1}\n"
      "  sh_a:\n    value: {a: 0.2, b: 0.8}\n    unit: share\n    source: s\n"
      "    distribution: {type: dirichlet, alpha: {a: 20, b: 80}}\n"
      "  sh_n:\n    value: {a: 0.25, b: 0.75}\n    unit: share\n    source: s\n"
      "    distribution: {type: dirichlet, n: 40}\n";
  const auto spec = toy_spec(names);
  Diagnostics d;
  const auto s = load(write_scenario("forms.yaml", params), spec, d);
  REQUIRE_MESSAGE(d.empty(), (d.empty() ? std::string() : d.sorted()[0].format()));
  REQUIRE(s.has_value());
  const auto& p = s->parameters;
  auto dist = [&](const char* name) { return p.at(name).distribution; };

  check_same(dist("b_ab"), Distribution::beta(3, 7));
  // Beta by moments: k = m (1 - m) / se^2 - 1, alpha = m k, beta = (1 - m) k.
  check_same(dist("b_mse"), Distribution::beta(0.25 * 74, 0.75 * 74));  // k = 0.1875 / 0.0025 - 1
  check_same(dist("b_se"), Distribution::beta(0.3 * 83, 0.7 * 83));     // the value is the mean
  CHECK(dist("b_ci").mean() == doctest::Approx(0.3).epsilon(1e-12));
  CHECK(dist("b_ci").sd() == doctest::Approx(0.2 / (2 * kZ975)).epsilon(1e-12));
  check_same(dist("g_ss"), Distribution::gamma(3, 2));
  check_same(dist("g_se"), Distribution::gamma(25, 60));  // shape (m/se)^2, scale se^2/m
  CHECK(dist("g_ci").mean() == doctest::Approx(1500).epsilon(1e-12));
  CHECK(dist("g_ci").sd() == doctest::Approx(1000 / (2 * kZ975)).epsilon(1e-12));
  check_same(dist("ln_ml"), Distribution::lognormal(0.4, 0.2));
  const double s2 = std::log(1 + 0.64 / 6.25);  // sdlog^2 = ln(1 + se^2 / m^2)
  check_same(dist("ln_se"), Distribution::lognormal(std::log(2.5) - s2 / 2, std::sqrt(s2)));
  check_same(dist("ln_ci"), Distribution::lognormal(std::log(4.0), std::log(4.0) / (2 * kZ975)));
  check_same(dist("n_msd"), Distribution::normal(11, 2));
  check_same(dist("n_sd"), Distribution::normal(10, 2));
  check_same(dist("n_se"), Distribution::normal(10, 0.5));
  check_same(dist("n_ci"), Distribution::normal(5, 4 / (2 * kZ975)));
  check_same(dist("u"), Distribution::uniform(2, 6));
  check_same(dist("t"), Distribution::triangular(0, 1, 4));
  check_same(dist("f"), Distribution::fixed(7));
  check_same(dist("none"), Distribution::fixed(7));
  check_same(dist("group.inner"), Distribution::normal(2, 1));
  REQUIRE(p.at("sh_a").dirichlet.has_value());
  CHECK(p.at("sh_a").dirichlet->alpha() == std::vector<double>{20, 80});
  REQUIRE(p.at("sh_n").dirichlet.has_value());
  CHECK(p.at("sh_n").dirichlet->alpha() == std::vector<double>{10, 30});  // n x share
}

TEST_CASE("load_scenario: every error in a file is reported, each at its line") {
  const auto spec = toy_spec({{"p", Domain::kProbability}, {"c", Domain::kNonNegative}});
  namespace fs = std::filesystem;
  const fs::path path = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "scenario" / "errors.yaml";
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "model: toy\n"                                // 1
                         "name: Toy\n"                                 // 2
                         "descripton: typo\n"                          // 3: unknown key
                         "run:\n"                                      // 4
                         "  seed: 1\n"                                 // 5
                         "  replicates: 0\n"                           // 6: out of range
                         "  horizon: 5\n"                              // 7
                         "economics:\n"                                // 8
                         "  discount: {costs: abc, effects: 0.035}\n"  // 9: not a number
                         "  thresholds: [20000]\n"                     // 10
                         "switches: {treat: maybe}\n"                  // 11: not a boolean
                         "parameters:\n"                               // 12
                         "  p: {value: 1.5, unit: u, source: s}\n"     // 13: not a probability
                         "  c:\n"                                      // 14
                         "    value: 3\n"                              // 15
                         "    unit: u\n"                               // 16
                         "    source: s\n"                             // 17
                         "    distribution: {type: gama, se: 1}\n"     // 18: unknown family
                         "options:\n"                                  // 19
                         "  - name: A\n";                              // 20
  Diagnostics d;
  CHECK_FALSE(load(path.string(), spec, d).has_value());
  const auto all = d.sorted();
  std::vector<std::pair<int, std::string>> got;
  for (const auto& e : all) got.emplace_back(e.where.line, e.path);
  const std::vector<std::pair<int, std::string>> want{
      {3, "descripton"},      {6, "run.replicates"},      {9, "economics.discount.costs"},
      {11, "switches.treat"}, {13, "parameters.p.value"}, {18, "parameters.c.distribution.type"}};
  CHECK(got == want);
  CHECK(all[0].message == "unknown key; did you mean `description`?");
  CHECK(all[5].message == "unknown distribution `gama`; did you mean `gamma`?");
}

TEST_CASE(
    "load_scenario: an option's parameter setting is fixed, and the baseline keeps its "
    "distribution") {
  const auto spec = toy_spec({{"p", Domain::kProbability}});
  const std::string params =
      "  p:\n    value: 0.3\n    low: 0.1\n    high: 0.5\n    unit: u\n    source: s\n"
      "    distribution: {type: beta, alpha: 3, beta: 7}\n";
  const std::string options =
      "options:\n  - name: A\n  - name: B\n    set:\n      parameters.p: 0.4\n      "
      "switches.treat: true\n";
  Diagnostics d;
  const auto s = load(write_scenario("options.yaml", params, options), spec, d);
  REQUIRE_MESSAGE(d.empty(), (d.empty() ? std::string() : d.sorted()[0].format()));
  REQUIRE(s.has_value());
  CHECK(s->parameters.at("p").distribution.family() == Family::kBeta);
  CHECK(s->options[0].parameters.at("p").distribution.family() == Family::kBeta);
  const auto& b = s->options[1].parameters.at("p");
  CHECK(b.value == 0.4);
  check_same(b.distribution, Distribution::fixed(0.4));
  CHECK_FALSE(b.low.has_value());
  CHECK_FALSE(b.high.has_value());
  CHECK(s->options[1].switches.flag("treat"));
  CHECK(s->options[1].overrides ==
        std::vector<std::string>{"parameters.p = 0.4", "switches.treat = true"});

  // An option's value must lie in the parameter's domain.
  Diagnostics bad;
  const std::string out_of_range =
      "options:\n  - name: A\n  - name: B\n    set: {parameters.p: 1.4}\n";
  CHECK_FALSE(
      load(write_scenario("options_bad.yaml", params, out_of_range), spec, bad).has_value());
  REQUIRE(bad.size() == 1);
  CHECK(bad.sorted()[0].path == "options.1.set.parameters.p");
}

TEST_CASE("load_scenario: the content hash changes with a value, not with a comment") {
  const auto spec = toy_spec({{"p", Domain::kProbability}});
  auto hash = [&](const std::string& file, const std::string& params,
                  const std::vector<std::string>& sets = {}) {
    Diagnostics d;
    const auto s = load(write_scenario(file, params), spec, d, sets);
    REQUIRE_MESSAGE(s.has_value(), (d.empty() ? std::string() : d.sorted()[0].format()));
    CHECK(s->content_hash.size() == 64);
    CHECK(s->content_hash == scenario::sha256_hex(scenario::sha256_hex(s->resolved_yaml) +
                                                  "  scenario.resolved.yaml\n"));
    return s->content_hash;
  };
  const std::string base = hash("h1.yaml", param("p", "0.3"));
  CHECK(hash("h2.yaml", "  # a comment that changes nothing\n" + param("p", "0.3") +
                            "\n# trailing\n") == base);
  CHECK(hash("h3.yaml", param("p", "0.31")) != base);
  CHECK(hash("h4.yaml", param("p", "0.3"), {"parameters.p.value=0.31"}) != base);
  // SHA-256 reference vectors (FIPS 180-4 examples: "abc", and the empty message).
  CHECK(scenario::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(scenario::sha256_hex("") ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // FNV-1a 64 (journal lines): the offset basis for "", and the published value for "a".
  CHECK(scenario::fnv1a64_hex("") == "cbf29ce484222325");
  CHECK(scenario::fnv1a64_hex("a") == "af63dc4c8601ec8c");
}

TEST_CASE("load_scenario: --set overrides reach the loaded scenario") {
  const auto spec = toy_spec({{"p", Domain::kProbability}});
  Diagnostics d;
  const auto s = load(write_scenario("set.yaml", param("p", "0.3")), spec, d,
                      {"run.seed=99", "parameters.p.value=0.5", "switches.treat=true"});
  REQUIRE(s.has_value());
  CHECK(s->run.seed == 99u);
  CHECK(s->parameters.value("p") == 0.5);
  CHECK(s->switches.flag("treat"));
  Diagnostics bad;
  CHECK_FALSE(
      load(write_scenario("set.yaml", param("p", "0.3")), spec, bad, {"run.seed=-1"}).has_value());
  REQUIRE(bad.size() == 1);
  CHECK(bad.sorted()[0].where.file == "--set");
  CHECK(bad.sorted()[0].where.column == 10);
}

TEST_CASE("load_scenario: a parameter without `value:` is reported once, as its missing value") {
  const auto spec = toy_spec({{"p", Domain::kProbability}, {"q", Domain::kProbability}});
  Diagnostics d;
  CHECK_FALSE(load(write_scenario("no_value.yaml",
                                  param("p", "0.3") + "  q:\n    unit: u\n    source: s\n"),
                   spec, d)
                  .has_value());
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(d.size() == 1);
  CHECK(d.sorted()[0].path == "parameters.q.value");
  CHECK(d.sorted()[0].message == "missing");
  CHECK(d.sorted()[0].where.line == 14);
}

TEST_CASE(
    "load_scenario: an unknown parameter set with --set is reported once, as unknown, with a "
    "suggestion") {
  const auto spec = toy_spec({{"p_HS1", Domain::kProbability}});
  Diagnostics d;
  CHECK_FALSE(load(write_scenario("set_unknown.yaml", param("p_HS1", "0.3")), spec, d,
                   {"parameters.p_HS2.value=0.3"})
                  .has_value());
  for (const auto& e : d.sorted()) MESSAGE(e.format());
  REQUIRE(d.size() == 1);
  CHECK(d.sorted()[0].format() ==
        "--set:1:1: error: parameters.p_HS2: unknown parameter; did you mean `p_HS1`? (a parameter "
        "of model `toy`)");
}

TEST_CASE("load_scenario: no model declares a parameter whose name is also a group of others") {
  for (const auto* spec : models::specs())
    for (const auto& a : spec->parameters)
      for (const auto& b : spec->parameters) {
        CAPTURE(a.name);
        CHECK_FALSE(b.name.starts_with(a.name + "."));
      }
}

TEST_CASE("load_scenario: the content hash covers the areas table's bytes, not only the YAML") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "table_hash";
  fs::create_directories(dir);
  const std::string yaml = (dir / "two_areas.yaml").string();
  std::ofstream(yaml) << "extends: " << PIMHSIM_SOURCE_DIR << "/scenarios/england.yaml\n"
                      << "areas:\n  table: areas.csv\n  merge: []\n";
  const std::string rows =
      "area_code,area_name,region,births\nE06000047,County Durham,North East,4498\n";
  auto load_with = [&](const std::string& last_row) {
    std::ofstream(dir / "areas.csv", std::ios::binary) << rows << last_row;
    Diagnostics d;
    auto s = load_scenario(yaml, {}, models::specs(), d);
    for (const auto& e : d.sorted()) MESSAGE(e.format());
    REQUIRE(s.has_value());
    return *s;
  };
  const auto a = load_with("E06000005,Darlington,North East,1040\n");
  const auto b = load_with("E06000005,Darlington,North East,1041\n");
  CHECK(a.resolved_yaml == b.resolved_yaml);
  CHECK(a.content_hash != b.content_hash);
  REQUIRE(a.tables.size() == 1);
  CHECK(a.tables[0].key == "areas.table");
  CHECK(a.tables[0].content == rows + "E06000005,Darlington,North East,1040\n");
  CHECK(a.content_hash == scenario::content_hash_of(a.resolved_yaml, a.tables));
  // The table counts: the hash is of sha256sum's lines for the YAML and the table.
  CHECK(a.content_hash ==
        scenario::sha256_hex(scenario::sha256_hex(a.resolved_yaml) + "  scenario.resolved.yaml\n" +
                             scenario::sha256_hex(a.tables[0].content) + "  " + a.tables[0].copy +
                             "\n"));
  // The same bytes give the same hash.
  CHECK(load_with("E06000005,Darlington,North East,1040\n").content_hash == a.content_hash);
  // The resolved scenario names the table's copy in a results directory, not the table's path, so
  // the same scenario and table elsewhere give the same hash.
  CHECK(a.tables[0].copy == "tables/areas.csv");
  CHECK(a.resolved_yaml.find("  table: tables/areas.csv\n") != std::string::npos);
  const fs::path other = dir / "elsewhere";
  fs::create_directories(other / "data");
  std::ofstream(other / "data" / "areas.csv", std::ios::binary) << a.tables[0].content;
  std::ofstream(other / "two_areas.yaml")
      << "extends: " << PIMHSIM_SOURCE_DIR << "/scenarios/england.yaml\n"
      << "areas:\n  table: data/areas.csv\n  merge: []\n";
  Diagnostics d;
  const auto moved = load_scenario((other / "two_areas.yaml").string(), {}, models::specs(), d);
  REQUIRE(moved.has_value());
  CHECK(moved->tables[0].source == (other / "data" / "areas.csv").string());
  CHECK(moved->content_hash == a.content_hash);
}

TEST_CASE("load_scenario: a willingness-to-pay threshold is a finite amount from 0 to 1e12") {
  const auto spec = toy_spec({{"p", Domain::kProbability}});
  Diagnostics ok;
  const auto s = load(write_scenario("wtp.yaml", param("p", "0.3")), spec, ok,
                      {"economics.thresholds=[0, 20000, 1e12]"});
  REQUIRE(s.has_value());
  CHECK(s->economics.thresholds == std::vector<double>{0, 20000, 1e12});
  // 1e308 per QALY overflows wtp * QALYs to infinity; 1.1e12 is merely beyond the domain.
  Diagnostics d;
  CHECK_FALSE(load(write_scenario("wtp.yaml", param("p", "0.3")), spec, d,
                   {"economics.thresholds=[20000, 1e308, 1.1e12, -1]"})
                  .has_value());
  const auto errors = d.sorted();
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].format() ==
        "--set:1:30: error: economics.thresholds.1: value 1e308 is out of range (an amount per "
        "QALY from 0 to 1e12)");
  CHECK(errors[1].path == "economics.thresholds.2");
  CHECK(errors[2].path == "economics.thresholds.3");
}
