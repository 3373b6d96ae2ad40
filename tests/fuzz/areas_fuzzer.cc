// libFuzzer harness: the areas table reader (scenario::read_areas) with the pathway model's
// columns, as a scenario's `areas:` section reads it. The input is the table, areas.csv, read
// with `areas: {table: areas.csv}`; or, when it holds the line kSecondFile, the `areas:` mapping
// in YAML (its `include:` and `merge:` rules) before that line and the table after it.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

#include "fuzz_support.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/areas_reader.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace fs = std::filesystem;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const pimhsim::core::ModelSpec* const pathway = pimhsim::models::spec_of("pathway");
  if (pathway == nullptr) __builtin_trap();
  const auto [first, second] = pimhsim::fuzz::split_input(data, size);
  const bool rules = first.size() < size;
  const fs::path& dir = pimhsim::fuzz::work_dir();
  pimhsim::fuzz::write_file(dir / "areas.csv", rules ? second : first);
  pimhsim::scenario::Diagnostics d;
  const std::string origin = (dir / "scenario.yaml").string();
  const auto node = pimhsim::scenario::parse_yaml(rules ? first : "table: areas.csv\n", origin, d);
  if (!node) return 0;
  const auto areas = pimhsim::scenario::read_areas(*node, dir.string(), pathway->area_columns, d);
  if (areas.has_value() && !d.empty()) __builtin_trap();
  if (areas) {
    // Every area the reader keeps has a code and every required column.
    for (const auto& a : areas->areas) {
      if (a.code.empty()) __builtin_trap();
      for (const auto& c : pathway->area_columns)
        if (c.required && !a.value(c.name)) __builtin_trap();
    }
  }
  return 0;
}
