// libFuzzer harness: `--set key.path=value` overrides as the command line gives them. Each line
// of the input is one override; they are checked as command-line text (scenario::check_arguments),
// applied in order (scenario::apply_overrides) to scenarios/england.yaml as `extends:` composes it
// (options by index and by name, areas, nested parameters), and the result is written back as
// YAML, as a results directory's scenario.resolved.yaml is.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/scenario/arguments.h"
#include "pimhsim/scenario/compose.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace {

const pimhsim::scenario::Node& england() {
  static const pimhsim::scenario::Node tree = [] {
    pimhsim::scenario::Diagnostics d;
    auto n = pimhsim::scenario::load_composed(PIMHSIM_SOURCE_DIR "/scenarios/england.yaml", d);
    if (!n || !d.empty()) __builtin_trap();
    return *n;
  }();
  return tree;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> sets;
  std::vector<pimhsim::scenario::Argument> arguments;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find('\n'), text.size());
    sets.emplace_back(text.substr(0, end));
    arguments.push_back({"--set", sets.back()});
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  pimhsim::scenario::Diagnostics d;
  if (!pimhsim::scenario::check_arguments(arguments, d)) return 0;
  pimhsim::scenario::Node root = england();
  pimhsim::scenario::apply_overrides(root, sets, d);
  if (d.empty()) (void)pimhsim::scenario::to_yaml(root);
  return 0;
}
