// libFuzzer harness: the scenario loader as `pimhsim validate` runs it (scenario::load_scenario
// with every built-in model, then the resource estimate of a run, which builds the model). The
// input is a scenario file; after the line kSecondFile it holds a second file, base.yaml, that the
// scenario may name in `extends:` (as may base.yaml itself, to make a loop). The shipped areas
// tables are copied beside them (data/...) and so is scenarios/england.yaml, so that real scenarios
// load as they are.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "fuzz_support.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/resources.h"
#include "pimhsim/scenario/scenario.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const fs::path source = PIMHSIM_SOURCE_DIR "/scenarios";
  const fs::path& dir = pimhsim::fuzz::work_dir();
  fs::create_directories(dir / "data");
  for (const auto& e : fs::directory_iterator(source / "data"))
    fs::copy_file(e.path(), dir / "data" / e.path().filename());
  fs::copy_file(source / "england.yaml", dir / "england.yaml");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [scenario, base] = pimhsim::fuzz::split_input(data, size);
  const fs::path& dir = pimhsim::fuzz::work_dir();
  pimhsim::fuzz::write_file(dir / "scenario.yaml", scenario);
  pimhsim::fuzz::write_file(dir / "base.yaml", base);
  pimhsim::scenario::Diagnostics d;
  const auto s = pimhsim::scenario::load_scenario((dir / "scenario.yaml").string(), {},
                                                  pimhsim::models::specs(), d);
  // Valid or not, the loader must say which: a scenario that loads has no errors, one that does
  // not has at least one.
  if (s.has_value() != d.empty()) __builtin_trap();
  if (s) {
    pimhsim::output::BudgetRequest request;
    request.command = "run";
    request.out_dir = (dir / "results").string();
    request.label = "results";
    const auto estimate = pimhsim::output::estimate_resources({&*s, 1}, request);
    (void)pimhsim::output::resources_text(estimate);
  }
  return 0;
}
