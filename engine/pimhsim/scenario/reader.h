// Typed, validated reading of a YAML tree: every key known, every value checked, every problem
// reported with its place, and reading goes on after an error so that all of them are found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/scenario/diagnostics.h"
#include "pimhsim/scenario/yaml_tree.h"

namespace pimhsim::scenario {

std::string join_path(std::string_view parent, std::string_view key);

// Reads one mapping. Keys asked for are the known keys; finish() reports every other key as
// unknown, with the nearest known key as a suggestion.
class MapReader {
 public:
  MapReader(const Node& node, std::string path, Diagnostics& diagnostics);
  bool ok() const { return ok_; }  // the node is a mapping
  const std::string& path() const { return path_; }
  const Node& node() const { return node_; }

  const Node* optional(std::string_view key);
  const Node* required(std::string_view key, std::string_view expected);
  std::string path_of(std::string_view key) const { return join_path(path_, key); }
  // Keys this reader knows but did not ask for yet (for keys valid only in some cases).
  void allow(std::string_view key);
  // Reports unknown keys (with the nearest known key) and missing required keys; a missing key
  // that an unknown key was probably meant to be is reported once, as the misspelling.
  void finish();

 private:
  const Node& node_;
  std::string path_;
  Diagnostics& diagnostics_;
  bool ok_;
  std::vector<std::string> known_;
  std::vector<std::pair<std::string, std::string>> missing_;  // key, expected
};

// Scalar conversions. Each reports a problem at the node and returns nothing on failure.
std::optional<double> read_number(const Node& n, const std::string& path, Diagnostics& d);
std::optional<std::int64_t> read_integer(const Node& n, const std::string& path, Diagnostics& d,
                                         std::int64_t min, std::int64_t max);
std::optional<std::uint64_t> read_seed(const Node& n, const std::string& path, Diagnostics& d);
std::optional<bool> read_bool(const Node& n, const std::string& path, Diagnostics& d);
std::optional<std::string> read_text(const Node& n, const std::string& path, Diagnostics& d);

// A number within [min, max]; `expected` describes the range for the message.
std::optional<double> read_number_in(const Node& n, const std::string& path, Diagnostics& d,
                                     double min, double max, const std::string& expected);

// Parses a plain scalar as a finite number, or says why not.
std::optional<double> parse_number(std::string_view text, std::string* why);

}  // namespace pimhsim::scenario
