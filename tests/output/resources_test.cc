// The resource budget (output/resources.h): estimates that grow with what a run holds, refusals
// against a machine said to be small, and --force.
#include "pimhsim/output/resources.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "support/environment.h"
#include "support/scenarios.h"

namespace {

using pimhsim::output::BudgetRequest;
using pimhsim::output::estimate_resources;

BudgetRequest run_request() {
  BudgetRequest r;
  r.command = "run";
  r.out_dir = (std::filesystem::temp_directory_path() / "pimhsim_budget_test" / "out").string();
  r.threads = 2;
  return r;
}

}  // namespace

TEST_CASE("budget: the memory and work of a run grow with its scale") {
  const auto small = pimhsim::test::load_shipped("scenarios/england.yaml", {"run.scale=0.1"});
  const auto large = pimhsim::test::load_shipped("scenarios/england.yaml", {"run.scale=1"});
  const auto a = estimate_resources({&small, 1}, run_request());
  const auto b = estimate_resources({&large, 1}, run_request());
  CHECK(a.work_unit == "dyad-months");
  CHECK(b.work == doctest::Approx(10 * a.work).epsilon(0.01));
  CHECK(b.memory > a.memory);
  CHECK(a.memory > 12.0 * (1 << 20));  // the process alone (kBaseBytes)
  CHECK(a.output > 0);
}

TEST_CASE("budget: a machine with too little memory or disk refuses, and force goes ahead") {
  const auto s = pimhsim::test::load_shipped("scenarios/example_area.yaml");
  {
    const pimhsim::test::Environment memory("PIMHSIM_TEST_MEMORY_AVAILABLE", "1000");
    const auto e = estimate_resources({&s, 1}, run_request());
    REQUIRE(e.memory_available.has_value());
    CHECK(*e.memory_available == 1000);
    CHECK(e.problem.find("of memory at its peak") != std::string::npos);
    CHECK(e.problem.find("`force`") != std::string::npos);
    auto forced = run_request();
    forced.force = true;
    CHECK(estimate_resources({&s, 1}, forced).problem.empty());
  }
  {
    const pimhsim::test::Environment disk("PIMHSIM_TEST_DISK_AVAILABLE", "1000");
    const auto e = estimate_resources({&s, 1}, run_request());
    CHECK(e.problem.find("of results") != std::string::npos);
    auto validate = run_request();
    validate.command = "validate";  // writes nothing: its output is not checked
    CHECK(estimate_resources({&s, 1}, validate).problem.empty());
  }
}

TEST_CASE("budget: free disk is asked of the nearest folder that exists") {
  std::string folder;
  const auto temp = std::filesystem::temp_directory_path();
  const auto free =
      pimhsim::output::available_disk((temp / "no" / "such" / "dir").string(), &folder);
  CHECK(free.has_value());
  CHECK(folder == temp.lexically_normal().string());
}

TEST_CASE("budget: amounts of bytes in plain numbers") {
  CHECK(pimhsim::output::bytes_text(512) == "512 bytes");
  CHECK(pimhsim::output::bytes_text(1536) == "about 1.5 KiB (1,536 bytes)");
  CHECK(pimhsim::output::bytes_text(3.0 * (1 << 30)) == "about 3.0 GiB (3,221,225,472 bytes)");
}

TEST_CASE("budget: the output counts the report and the scenario and variant of every row") {
  const auto plain = pimhsim::test::load_shipped("scenarios/example_area.yaml", {});
  const std::string long_name(200, 'v');
  const auto named =
      pimhsim::test::load_shipped("scenarios/example_area.yaml", {"variant=" + long_name});
  const auto a = estimate_resources({&plain, 1}, run_request());
  const auto b = estimate_resources({&named, 1}, run_request());
  // results.csv alone has more than 1,000 rows, each 200 bytes longer.
  CHECK(b.output > a.output + 1000 * 200);
  auto with_report = run_request();
  with_report.settings.set("report", true);
  const auto c = estimate_resources({&plain, 1}, with_report);
  CHECK(c.output >= a.output + 1.0 * (1 << 20));  // a report's page and charts: 1-1.2 MB measured
}

TEST_CASE("budget: the output of psa, dsa and plan counts the report when it is asked for") {
  const auto s = pimhsim::test::load_shipped("scenarios/validation/sick_sicker_psa.yaml");
  for (const char* command : {"psa", "dsa", "plan"}) {
    CAPTURE(command);
    auto plain = run_request();
    plain.command = command;
    if (std::string(command) == "psa") plain.settings.set("iterations", 1000LL);
    auto with_report = plain;
    with_report.settings.set("report", true);
    const auto a = estimate_resources({&s, 1}, plain);
    const auto b = estimate_resources({&s, 1}, with_report);
    // The page and its charts: 0.4 to 1.2 MB measured for each.
    CHECK(b.output >= a.output + 1.0 * (1 << 20));
    if (std::string(command) == "psa") {
      // and each of 1,000 draws of the one compared option: 690 bytes measured.
      CHECK(b.output >= a.output + 1.0 * (1 << 20) + 1000 * 690);
    }
  }
}

TEST_CASE("budget: a comparison counts each file once and one report for them all") {
  const auto s = pimhsim::test::load_shipped("scenarios/example_area.yaml", {"run.scale=0.3"});
  const std::vector<pimhsim::scenario::Scenario> three(3, s);
  auto plain = run_request();
  plain.command = "compare";
  auto with_report = plain;
  with_report.settings.set("report", true);
  const auto a = estimate_resources(three, plain);
  const auto b = estimate_resources(three, with_report);
  // One report (3.5 MiB allowed), not one a file.
  CHECK(b.output - a.output == doctest::Approx(3.5 * (1 << 20)));
  // A comparison writes no run's tables: its files are each scenario's resolved copy and figures
  // (comparison.json). Three variants of this scenario at this scale wrote 1.0 MB (measured).
  const auto one_run = estimate_resources({&s, 1}, run_request());
  CHECK(a.output < 3 * one_run.output);
  CHECK(a.output > 1.0e6);
  CHECK(a.largest == "comparison.json");
}
