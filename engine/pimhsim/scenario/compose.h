// A scenario as the user means it: a file, the files it `extends:` (base first, each layer
// overriding the one below), and the `--set key.path=value` overrides from the command line.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

// The most files a chain of `extends:` may hold (the scenario itself and the bases it extends,
// directly or through one another). Shipped scenarios use two; the limit keeps a runaway chain
// (a generated one, say) from exhausting the stack.
inline constexpr std::size_t kMaxExtendsFiles = 64;

// The most dot-separated parts a `--set` key path may have. Scenario keys nest a few levels deep
// (`options.0.set.parameters.staffing.wte_per_area` has six); a longer path names nothing.
inline constexpr std::size_t kMaxSetPathParts = 64;

// Loads `path` and, recursively, the file named by its `extends:` (relative to the extending
// file). Maps merge key by key; any other value replaces the base's. Nodes keep the location
// of the file that set them, so messages point into the file that holds the bad value. The files
// read (`path` first, then its bases) are added to `files` if given. A chain of more than
// kMaxExtendsFiles files is an error at the `extends:` that would go deeper.
std::optional<Node> load_composed(const std::string& path, Diagnostics& diagnostics,
                                  std::vector<std::string>* files = nullptr);

// Deep merge of `top` over `base`.
void merge_into(Node& base, Node top);

// Applies `key.path=value` overrides in order. A value is YAML (`0.2`, `true`, `[1, 2]`). Path
// segments name map keys, list indices (`options.0`) or list items by their `name`. Problems
// are reported at `--set:N:COLUMN` for the N-th override. A path of more than kMaxSetPathParts
// parts is refused. The work is linear in the length of the path.
void apply_overrides(Node& root, const std::vector<std::string>& sets, Diagnostics& diagnostics);

}  // namespace pimhsim::scenario
