// A YAML document as a tree whose every node knows where it came from.
//
// Built from yaml-cpp's event parser rather than YAML::Node so that duplicate keys are caught
// (YAML::Node keeps them silently), every key and value keeps its file, line and column, and
// hostile input (binary data, tabs, 100,000 levels of nesting, alias bombs) gives a message
// instead of a crash or a hang.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"

namespace pimhsim::scenario {

struct Node {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  struct Entry;

  Kind kind = Kind::kNull;
  std::string scalar;          // for kScalar
  bool plain = true;           // an unquoted scalar (a quoted "1" is text, not a number)
  std::vector<Node> items;     // for kSequence
  std::vector<Entry> entries;  // for kMap, in document order
  Location where;

  bool is_map() const { return kind == Kind::kMap; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_null() const { return kind == Kind::kNull; }
  const Node* get(std::string_view key) const;
  Node* get(std::string_view key);
  const Entry* entry(std::string_view key) const;
  void remove(std::string_view key);
  // A short description of the kind, for messages: "a mapping", "the text \"abc\"", ...
  std::string describe() const;
};

struct Node::Entry {
  std::string key;
  Location key_where;
  Node value;
};

// Parses YAML text. `origin` names the text in locations (a file path, or "--set").
// Reports problems to `diagnostics` and returns nothing when the text is not usable YAML.
std::optional<Node> parse_yaml(std::string_view text, const std::string& origin,
                               Diagnostics& diagnostics, int column_offset = 0);

// Parses one value (a `--set` value) as YAML: as parse_yaml, but a document that holds nothing or
// only a null (`null`, `~`, only a comment) is the null value, not an empty scenario.
std::optional<Node> parse_yaml_value(std::string_view text, const std::string& origin,
                                     Diagnostics& diagnostics, int column_offset = 0);

// Reads and parses a file. `referenced_from`, if given, is where the file was named (an
// `extends:` value); problems opening the file are reported there.
std::optional<Node> load_yaml_file(const std::string& path, Diagnostics& diagnostics,
                                   const Location* referenced_from = nullptr);

// Writes a tree back as YAML (block style, keys in document order).
std::string to_yaml(const Node& node);

}  // namespace pimhsim::scenario
