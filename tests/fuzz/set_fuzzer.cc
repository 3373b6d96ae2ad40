// libFuzzer harness: `--set key.path=value` overrides as the command line gives them. Each line
// of the input is one override; they are checked as command-line text (scenario::check_arguments),
// applied in order (scenario::apply_overrides) to scenarios/england.yaml as `extends:` composes it
// (options by index and by name, areas, nested parameters), and what they changed is written
// back as YAML, as a results directory's scenario.resolved.yaml is.
#include <algorithm>
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
  if (!d.empty()) return 0;
  // What each override changed is written back as YAML: the node its path reaches through
  // mappings (an option or an area chosen by name or index stops at the list holding it), inside
  // one-entry mappings of the keys walked, so that keys an override created (any text but `.` and
  // `=`) go through the writer's quoting too. The rest of the tree is England's as loaded; writing
  // all of it for every input took a third of the harness's time. Each reached node is written
  // once.
  std::vector<const pimhsim::scenario::Node*> written;
  for (const auto& set : sets) {
    const std::string_view path = std::string_view(set).substr(0, set.find('='));
    const pimhsim::scenario::Node* node = &root;
    std::vector<std::string_view> keys;
    for (std::size_t start = 0; start <= path.size();) {
      const std::size_t dot = std::min(path.find('.', start), path.size());
      const std::string_view key = path.substr(start, dot - start);
      const pimhsim::scenario::Node* next = node->get(key);
      if (next == nullptr) break;
      node = next;
      keys.push_back(key);
      start = dot + 1;
    }
    if (std::find(written.begin(), written.end(), node) != written.end()) continue;
    written.push_back(node);
    pimhsim::scenario::Node wrapped = *node;
    for (auto key = keys.rbegin(); key != keys.rend(); ++key) {
      pimhsim::scenario::Node map;
      map.kind = pimhsim::scenario::Node::Kind::kMap;
      map.entries.push_back({std::string(*key), {}, std::move(wrapped)});
      wrapped = std::move(map);
    }
    (void)pimhsim::scenario::to_yaml(wrapped);
  }
  return 0;
}
