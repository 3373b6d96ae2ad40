#include "pimhsim/scenario/compose.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "pimhsim/core/utf8.h"
#include "pimhsim/scenario/reader.h"

namespace pimhsim::scenario {
namespace fs = std::filesystem;

void merge_into(Node& base, Node top) {
  if (!base.is_map() || !top.is_map()) {
    base = std::move(top);
    return;
  }
  // The merged mapping is the top layer's: a problem with it as a whole (shares that no longer
  // sum to 1, a key still missing) is reported in the file that changed it last.
  base.where = top.where;
  for (auto& e : top.entries) {
    if (Node* existing = base.get(e.key)) {
      merge_into(*existing, std::move(e.value));
      for (auto& b : base.entries)
        if (b.key == e.key) b.key_where = e.key_where;
    } else {
      base.entries.push_back(std::move(e));
    }
  }
}

namespace {

std::optional<Node> load_layer(const std::string& path, Diagnostics& d,
                               std::vector<std::string>& chain, const Location* from,
                               std::vector<std::string>* files) {
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& c : chain) cycle += fs::path(c).filename().string() + " -> ";
    d.error(from ? *from : Location{path, 1, 1}, "extends",
            "extends cycle: " + cycle + fs::path(canonical).filename().string(),
            "a chain of files that ends in a file without `extends:`");
    return std::nullopt;
  }
  auto node = load_yaml_file(path, d, from);
  if (!node) return std::nullopt;
  if (files != nullptr) files->push_back(path);
  if (!node->is_map()) return node;  // the scenario reader reports the wrong kind
  const Node::Entry* ext = node->entry("extends");
  if (ext == nullptr) return node;
  const auto base_name = read_text(ext->value, "extends", d);
  if (!base_name) return std::nullopt;
  if (base_name->empty()) {
    d.error(ext->value.where, "extends", "empty file name", "the path of the scenario to extend");
    return std::nullopt;
  }
  if (chain.size() + 1 >= kMaxExtendsFiles) {  // this file is the last the chain may hold
    d.error(ext->value.where, "extends",
            fmt::format("more than {} files in a chain of `extends:`, from {}", kMaxExtendsFiles,
                        fs::path(chain.empty() ? path : chain.front()).filename().string()),
            fmt::format("a chain of at most {} scenario files, each extending the next",
                        kMaxExtendsFiles));
    return std::nullopt;
  }
  const fs::path base_path = fs::path(path).parent_path() / *base_name;
  // A path that names nothing at all; anything else there that cannot be read (a symbolic link
  // loop, a directory) is reported by load_yaml_file, at this `extends:` too.
  std::error_code ec_status, ec_link;
  if (fs::status(base_path, ec_status).type() == fs::file_type::not_found &&
      !fs::is_symlink(fs::symlink_status(base_path, ec_link))) {
    // Say relative to what: a copy of a shipped scenario moved elsewhere keeps its `extends:`.
    d.error(ext->value.where, "extends",
            fmt::format("cannot find `{}`: an `extends:` path is relative to the directory of the "
                        "file that names it, here {}",
                        *base_name, base_path.lexically_normal().string()),
            fmt::format("the path of the scenario to extend, relative to {} (or an absolute path)",
                        fs::path(path).parent_path().empty()
                            ? std::string("the current directory")
                            : fs::path(path).parent_path().lexically_normal().string()));
    return std::nullopt;
  }
  chain.push_back(canonical);
  const Location where = ext->value.where;
  auto base = load_layer(base_path.lexically_normal().string(), d, chain, &where, files);
  chain.pop_back();
  if (!base) return std::nullopt;
  node->remove("extends");
  if (!base->is_map()) {
    d.error(where, "extends", "`" + *base_name + "` is not a scenario mapping", "a scenario file");
    return std::nullopt;
  }
  merge_into(*base, std::move(*node));
  return base;
}

}  // namespace

std::optional<Node> load_composed(const std::string& path, Diagnostics& diagnostics,
                                  std::vector<std::string>* files) {
  std::vector<std::string> chain;
  return load_layer(path, diagnostics, chain, nullptr, files);
}

void apply_overrides(Node& root, const std::vector<std::string>& sets, Diagnostics& d) {
  for (std::size_t k = 0; k < sets.size(); ++k) {
    const std::string& arg = sets[k];
    const int line = static_cast<int>(k) + 1;
    const std::size_t eq = arg.find('=');
    // Keys and values reach the outputs: the whole override must be UTF-8 text. A bad byte in
    // the value is reported under the key path, which is text.
    if (const auto e = core::first_utf8_error(arg)) {
      d.error({"--set", line, static_cast<int>(e->offset) + 1},
              eq != std::string::npos && e->offset > eq ? arg.substr(0, eq) : std::string(),
              "the override is not UTF-8 text: " + core::utf8_error_text(arg, *e),
              "key.path=value in UTF-8");
      continue;
    }
    if (eq == std::string::npos || eq == 0) {
      d.error({"--set", line, 1}, "", "`" + arg + "` is not an override", "key.path=value");
      continue;
    }
    const std::string key_path = arg.substr(0, eq);
    const std::string text = arg.substr(eq + 1);
    // The files a scenario extends are composed before the overrides apply: an `extends` set here
    // would change nothing that runs, yet be written into scenario.resolved.yaml.
    if (key_path == "extends" || key_path.starts_with("extends.")) {
      d.error({"--set", line, 1}, "extends", "`extends` cannot be overridden with --set",
              "a scenario file whose `extends:` names the base, run with these --set values");
      continue;
    }
    if (const std::size_t parts =
            1 + static_cast<std::size_t>(std::count(key_path.begin(), key_path.end(), '.'));
        parts > kMaxSetPathParts) {
      // At the first part over the limit.
      std::size_t over = 0;
      for (std::size_t dots = 0; dots < kMaxSetPathParts; ++over)
        if (key_path[over] == '.') ++dots;
      d.error({"--set", line, static_cast<int>(over) + 1}, "",
              fmt::format("the key path has {} parts separated by dots, more than {}", parts,
                          kMaxSetPathParts),
              fmt::format("a key path of at most {} parts, such as "
                          "parameters.staffing.wte_per_area",
                          kMaxSetPathParts));
      continue;
    }
    Location value_at{"--set", line, static_cast<int>(eq) + 2};
    Node value;
    value.where = value_at;
    if (!text.empty()) {
      Diagnostics local;
      auto parsed = parse_yaml_value(text, "--set", local, static_cast<int>(eq) + 1);
      if (!parsed) {
        for (auto diag : local.sorted()) {
          diag.where.line = line;
          d.error(diag.where, diag.path.empty() ? key_path : join_path(key_path, diag.path),
                  diag.message, diag.expected);
        }
        continue;
      }
      value = std::move(*parsed);
      value.where = value_at;
    }
    // Each segment is found in one pass over the keys of the node it is in, so the work is linear
    // in the length of the path and of the keys it passes (segments are never joined afresh).
    Node* at = &root;
    std::size_t begin = 0;  // where the segment being set starts in key_path
    while (true) {
      const std::string_view rest = std::string_view(key_path).substr(begin);
      const std::string_view seg = rest.substr(0, std::min(rest.find('.'), rest.size()));
      // The path up to and including this segment (or key), for messages.
      auto walked = [&](std::size_t length) { return key_path.substr(0, begin + length); };
      std::size_t length = seg.size();  // of the key or segment used here
      if (seg.empty()) {
        d.error({"--set", line, 1}, key_path, "empty key in the path", "key.path=value");
        break;
      }
      if (at->is_null()) at->kind = Node::Kind::kMap;
      if (at->is_map()) {
        // A key may itself hold dots (an option's `switches.treatment:`): the longest run of
        // segments that names an existing key wins.
        Node* child = nullptr;
        for (auto& e : at->entries) {
          const bool whole_segments =
              rest.starts_with(e.key) && (e.key.size() == rest.size() || rest[e.key.size()] == '.');
          if (whole_segments && (child == nullptr || e.key.size() > length)) {
            child = &e.value;
            length = e.key.size();
          }
        }
        if (child == nullptr) {
          Node fresh;
          fresh.where = value_at;
          at->entries.push_back({std::string(seg), {"--set", line, 1}, std::move(fresh)});
          child = &at->entries.back().value;
        }
        at = child;
      } else if (at->is_sequence()) {
        std::size_t index = at->items.size();
        const auto [end, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), index);
        if (ec != std::errc() || end != seg.data() + seg.size()) {
          index = at->items.size();
          for (std::size_t i = 0; i < at->items.size(); ++i) {
            const Node* name = at->items[i].is_map() ? at->items[i].get("name") : nullptr;
            if (name && name->is_scalar() && name->scalar == seg) index = i;
          }
        }
        if (index >= at->items.size()) {
          d.error({"--set", line, 1}, walked(length), "no list item `" + std::string(seg) + "`",
                  "an index below " + std::to_string(at->items.size()) + " or an item's name");
          break;
        }
        at = &at->items[index];
      } else {
        d.error({"--set", line, 1}, walked(length), "cannot set a key inside " + at->describe(),
                "a path through mappings and lists");
        break;
      }
      if (length == rest.size()) {
        // A number for a parameter (a mapping with a `value`) is its value, as in an option's
        // `set:`: `parameters.detection.hidden_share=0.3` is `...hidden_share.value=0.3`.
        Node* parameter_value = at->is_map() && value.is_scalar() ? at->get("value") : nullptr;
        if (parameter_value != nullptr && at->get("unit") != nullptr)
          *parameter_value = value;
        else
          *at = value;
        break;
      }
      begin += length + 1;
    }
  }
}

}  // namespace pimhsim::scenario
