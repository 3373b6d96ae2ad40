#include "pimhsim/scenario/yaml_tree.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/emitter.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "pimhsim/core/utf8.h"
#include "pimhsim/scenario/input_file.h"

namespace pimhsim::scenario {
namespace {

constexpr std::size_t kMaxNodes = 2'000'000;         // alias expansion guard
constexpr std::uintmax_t kMaxFileBytes = 64u << 20;  // scenarios are small; tables are CSV
constexpr std::size_t kMaxFlowDepth = 256;  // `[` and `{` nested; yaml-cpp allows 500 in all

struct TooLarge {
  Location where;  // the alias or value that went over the limit
};

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& origin, Diagnostics& d, int column_offset)
      : origin_(origin), diagnostics_(d), column_offset_(column_offset) {}

  std::optional<Node> result() { return std::move(root_); }
  int documents() const { return documents_; }
  // Where the latest document starts (its `---`, or its first node).
  const Location& document_start() const { return document_start_; }

  void OnDocumentStart(const YAML::Mark& mark) override {
    ++documents_;
    document_start_ = location(mark);
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n;
    n.where = location(mark);
    complete(std::move(n), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    Node n;
    if (it != anchors_.end()) {
      count(it->second, location(mark));  // before copying what may be a bomb
      n = it->second;
    }
    n.where = location(mark);
    complete(std::move(n), 0);
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node n;
    n.kind = Node::Kind::kScalar;
    n.scalar = value;
    n.plain = tag != "!";
    n.where = location(mark);
    complete(std::move(n), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::Kind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::Kind::kMap, mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    bool have_key = false;
    std::string key;
    Location key_where;
  };

  Location location(const YAML::Mark& m) const {
    return {origin_, m.line < 0 ? 1 : m.line + 1, m.column < 0 ? 1 : m.column + 1 + column_offset_};
  }

  // The key path of the open nodes, e.g. `run.seed` while `seed:` of `run:` is read; with
  // `with_last_key` false, the path of the innermost open node itself (`run`).
  std::string current_path(bool with_last_key = true) const {
    std::string path;
    auto add = [&path](const std::string& segment) {
      if (!path.empty()) path += '.';
      path += segment;
    };
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Frame& f = stack_[i];
      const bool last = i + 1 == stack_.size();
      if (f.node.kind == Node::Kind::kSequence) {
        if (!last) add(std::to_string(f.node.items.size()));
      } else if (!last || with_last_key) {
        // A mapping still reading a key (a complex key) has no key of its own yet.
        add(last || f.have_key ? f.key : std::string("(key)"));
      }
    }
    return path;
  }

  void count(const Node& n, const Location& alias) {
    nodes_ += 1 + n.items.size() + n.entries.size();
    if (nodes_ > kMaxNodes) throw TooLarge{alias};
    for (const auto& i : n.items) count(i, alias);
    for (const auto& e : n.entries) count(e.value, alias);
  }

  void open(Node::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    Frame f;
    f.node.kind = kind;
    f.node.where = location(mark);
    f.anchor = anchor;
    stack_.push_back(std::move(f));
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(f.node), f.anchor);
  }

  void complete(Node n, YAML::anchor_t anchor) {
    if (++nodes_ > kMaxNodes) throw TooLarge{n.where};
    if (anchor != 0) anchors_[anchor] = n;
    if (stack_.empty()) {
      root_ = std::move(n);
      return;
    }
    Frame& parent = stack_.back();
    if (parent.node.kind == Node::Kind::kSequence) {
      parent.node.items.push_back(std::move(n));
      return;
    }
    if (!parent.have_key) {
      parent.have_key = true;
      parent.key_where = n.where;
      if (n.kind == Node::Kind::kScalar) {
        parent.key = n.scalar;
      } else {
        parent.key.clear();
        diagnostics_.error(n.where, current_path(false), "a key must be plain text",
                           "a key such as `name:`");
      }
      return;
    }
    parent.have_key = false;
    for (const auto& e : parent.node.entries) {
      if (e.key == parent.key) {
        diagnostics_.error(
            parent.key_where, current_path(), "duplicate key `" + parent.key + "`",
            "each key once; it is first set at line " + std::to_string(e.key_where.line));
        return;
      }
    }
    parent.node.entries.push_back({parent.key, parent.key_where, std::move(n)});
  }

  const std::string& origin_;
  Diagnostics& diagnostics_;
  int column_offset_;
  Location document_start_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Node> anchors_;
  std::optional<Node> root_;
  std::size_t nodes_ = 0;
  int documents_ = 0;
};

// The offset of the first `[` or `{` that opens flow collections deeper than `limit`, if any.
// yaml-cpp's own depth guard reports where its scanner has read to, which for flow collections
// is the end of the input; this finds the bracket itself. Quoted text and comments are skipped;
// in block context a bracket opens a collection only where a value starts.
std::optional<std::size_t> first_too_deep_flow(std::string_view s, std::size_t limit) {
  std::size_t depth = 0;
  bool value_start = true;  // in block context: a flow collection may start here
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n') {
      value_start = true;
      continue;
    }
    if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n')) {
      while (i + 1 < s.size() && s[i + 1] != '\n') ++i;
      continue;
    }
    if ((c == '"' || c == '\'') && value_start) {
      for (++i; i < s.size() && s[i] != c; ++i)
        if (c == '"' && s[i] == '\\') ++i;
      value_start = false;
      continue;
    }
    if (c == ' ' || c == '\t') continue;
    if ((c == '[' || c == '{') && (depth > 0 || value_start)) {
      if (++depth > limit) return i;
      value_start = true;
      continue;
    }
    if ((c == ']' || c == '}') && depth > 0) {
      --depth;
      value_start = false;
      continue;
    }
    // A value starts after `key: `, `- `, `? ` and, in brackets, after `,` and `:`.
    value_start = (depth > 0 && (c == ',' || c == ':')) ||
                  ((c == ':' || c == '-' || c == '?') &&
                   (i + 1 == s.size() || s[i + 1] == ' ' || s[i + 1] == '\n'));
  }
  return std::nullopt;
}

}  // namespace

const Node::Entry* Node::entry(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}

const Node* Node::get(std::string_view key) const {
  const auto* e = entry(key);
  return e == nullptr ? nullptr : &e->value;
}

Node* Node::get(std::string_view key) {
  for (auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

void Node::remove(std::string_view key) {
  std::erase_if(entries, [&](const Entry& e) { return e.key == key; });
}

std::string Node::describe() const {
  switch (kind) {
    case Kind::kNull:
      return "nothing";
    case Kind::kScalar: {
      std::string s(core::utf8_prefix(scalar, 40));
      if (s.size() < scalar.size()) s += "...";
      return (plain ? "`" : "the quoted text \"") + s + (plain ? "`" : "\"");
    }
    case Kind::kSequence:
      return items.empty() ? "an empty list" : "a list";
    case Kind::kMap:
      return entries.empty() ? "an empty mapping" : "a mapping";
  }
  return "?";
}

namespace {
// `document`: the text is a whole scenario, which must not be empty; otherwise a value, for which
// a document that holds nothing or only a null (`null`, `~`, a comment) is the null value.
std::optional<Node> parse_text(std::string_view text, const std::string& origin,
                               Diagnostics& diagnostics, int column_offset, bool document) {
  if (const auto why = not_text_problem(text)) {
    diagnostics.error(location_of_offset(text, why->first, origin, column_offset), "",
                      "the input is not UTF-8 text (a binary file?): " + why->second,
                      "a YAML scenario");
    return std::nullopt;
  }
  // YAML forbids tabs in indentation; say so plainly instead of yaml-cpp's generic message.
  bool bad_tabs = false;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '\n') {
      std::size_t j = line_start;
      while (j < i && (text[j] == ' ' || text[j] == '\t')) {
        if (text[j] == '\t' && j + 1 < i && text[j + 1] != '#') {
          diagnostics.error(location_of_offset(text, j, origin, column_offset), "",
                            "tab character in indentation",
                            "indent with spaces; YAML forbids tabs there");
          bad_tabs = true;
          break;
        }
        ++j;
      }
      line_start = i + 1;
    }
  }
  if (bad_tabs) return std::nullopt;
  if (const auto deep = first_too_deep_flow(text, kMaxFlowDepth)) {
    diagnostics.error(
        location_of_offset(text, *deep, origin, column_offset), "",
        "nesting is too deep (over " + std::to_string(kMaxFlowDepth) + " levels of brackets)",
        "a scenario nested a few levels deep");
    return std::nullopt;
  }

  std::istringstream in{std::string(text)};
  TreeBuilder builder(origin, diagnostics, column_offset);
  const std::size_t before = diagnostics.size();
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(builder)) {
      if (builder.documents() > 1) {
        diagnostics.error(builder.document_start(), "", "more than one YAML document",
                          "a single scenario document");
        return std::nullopt;
      }
    }
  } catch (const YAML::DeepRecursion& e) {
    diagnostics.error({origin, e.mark.line + 1, e.mark.column + 1 + column_offset}, "",
                      "nesting is too deep (over " + std::to_string(e.depth()) + " levels)",
                      "a scenario nested a few levels deep");
    return std::nullopt;
  } catch (const YAML::ParserException& e) {
    const int line = e.mark.line < 0 ? 1 : e.mark.line + 1;
    const int col = e.mark.column < 0 ? 1 : e.mark.column + 1 + column_offset;
    diagnostics.error({origin, line, col}, "", "YAML syntax error: " + e.msg, "valid YAML");
    return std::nullopt;
  } catch (const TooLarge& e) {
    diagnostics.error(e.where, "", "the document expands to too many nodes (alias bomb?)",
                      "fewer than 2,000,000 values");
    return std::nullopt;
  }
  if (diagnostics.size() != before) return std::nullopt;
  auto root = builder.result();
  if (!document) return root ? std::move(*root) : Node{};
  if (!root || root->is_null()) {
    diagnostics.error({origin, 1, 1}, "", "the scenario is empty",
                      "a mapping with at least `model:` and `options:`");
    return std::nullopt;
  }
  return root;
}
}  // namespace

std::optional<Node> parse_yaml(std::string_view text, const std::string& origin,
                               Diagnostics& diagnostics, int column_offset) {
  return parse_text(text, origin, diagnostics, column_offset, true);
}

std::optional<Node> parse_yaml_value(std::string_view text, const std::string& origin,
                                     Diagnostics& diagnostics, int column_offset) {
  return parse_text(text, origin, diagnostics, column_offset, false);
}

std::optional<Node> load_yaml_file(const std::string& path, Diagnostics& diagnostics,
                                   const Location* referenced_from) {
  namespace fs = std::filesystem;
  const Location here =
      referenced_from ? *referenced_from : Location{core::escape_invalid_utf8(path), 1, 1};
  const std::string path_key = referenced_from ? "extends" : "";
  if (const auto why = file_name_problem(path); !why.empty()) {
    diagnostics.error(here, path_key, why, "the path of a YAML scenario file");
    return std::nullopt;
  }
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    diagnostics.error(here, path_key,
                      "cannot open `" + path + "`: " + missing_file_reason(path, ec),
                      "the path of a YAML scenario file");
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    diagnostics.error(here, path_key, "`" + path + "` is a directory", "a YAML scenario file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    diagnostics.error(
        here, path_key,
        "`" + path + "` is " + special_file_kind(status.type()) + ", not a regular file",
        "a YAML scenario file");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > kMaxFileBytes) {
    diagnostics.error(here, path_key, "`" + path + "` is too large for a scenario",
                      "at most 64 MiB; put large tables in CSV files");
    return std::nullopt;
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    diagnostics.error(here, path_key, "cannot read `" + path + "`", "a readable file");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  return parse_yaml(buffer.str(), path, diagnostics);
}

namespace {
void emit(YAML::Emitter& out, const Node& n) {
  switch (n.kind) {
    case Node::Kind::kNull:
      out << YAML::Null;
      break;
    case Node::Kind::kScalar:
      if (n.plain)
        out << n.scalar;
      else
        out << YAML::DoubleQuoted << n.scalar;
      break;
    case Node::Kind::kSequence:
      out << YAML::BeginSeq;
      for (const auto& i : n.items) emit(out, i);
      out << YAML::EndSeq;
      break;
    case Node::Kind::kMap:
      out << YAML::BeginMap;
      for (const auto& e : n.entries) {
        out << YAML::Key << e.key << YAML::Value;
        emit(out, e.value);
      }
      out << YAML::EndMap;
      break;
  }
}
}  // namespace

std::string to_yaml(const Node& node) {
  YAML::Emitter out;
  emit(out, node);
  return std::string(out.c_str()) + "\n";
}

}  // namespace pimhsim::scenario
