// The settings of an analysis, declared by the engine so that every front end offers the same
// names, defaults and help, and so that the engine's messages can name them. A command line
// offers setting `two_way` as `--two-way`; a library user fills SettingValues directly.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace pimhsim::core {

struct SettingSpec {
  using Value = std::variant<bool, long long, double, std::string, std::vector<std::string>>;
  // kTexts: a repeatable text setting (a command line's --grid A --grid B), in the order given.
  enum class Kind { kSwitch, kInteger, kNumber, kText, kTexts };
  std::string name;  // lower case with underscores, e.g. "two_way"
  Kind kind = Kind::kText;
  std::string help;
  // The value when not given; none: absent unless given (a switch is false unless given).
  std::optional<Value> default_value = std::nullopt;
  char short_name = '\0';  // a one-letter alias for a command line ('n' for -n), if any
};

// What a front end collected: each setting's value, and whether the user gave it (a default
// is not given). Reading a setting that is absent or of another kind is a caller's bug and
// throws std::logic_error.
class SettingValues {
 public:
  void set(const std::string& name, SettingSpec::Value value, bool given = true);
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  bool given(const std::string& name) const;
  bool flag(const std::string& name) const;
  long long integer(const std::string& name) const;
  double number(const std::string& name) const;
  const std::string& text(const std::string& name) const;
  // The texts of a repeatable setting (kTexts); none if it is absent.
  std::vector<std::string> texts(const std::string& name) const;
  // The text of a setting that may be absent.
  std::optional<std::string> optional_text(const std::string& name) const;

 private:
  const SettingSpec::Value& at(const std::string& name) const;
  std::map<std::string, std::pair<SettingSpec::Value, bool>> values_;
};

// The command-line flag of a setting: "two_way" -> "--two-way".
std::string flag_name(const std::string& setting);

}  // namespace pimhsim::core
