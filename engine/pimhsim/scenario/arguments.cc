#include "pimhsim/scenario/arguments.h"

#include <map>

#include "pimhsim/core/utf8.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::scenario {

bool check_arguments(const std::vector<Argument>& arguments, Diagnostics& d) {
  const std::size_t before = d.size();
  std::map<std::string, int> uses;
  for (const auto& a : arguments) {
    const int use = ++uses[a.option];
    const auto e = core::first_utf8_error(a.value);
    if (!e) continue;
    const std::string what = core::utf8_error_text(a.value, *e);
    if (a.option.empty()) {
      d.error({core::escape_invalid_utf8(a.value), 1, 1}, "",
              "the argument is not UTF-8 text: " + what, "a path or name in UTF-8");
    } else {
      d.error({a.option, use, static_cast<int>(e->offset) + 1}, "",
              "the value is not UTF-8 text: " + what, "a path or value in UTF-8");
    }
  }
  return d.size() == before;
}

bool arguments_are_utf8(const std::vector<Argument>& arguments, std::ostream& errors) {
  Diagnostics d;
  if (check_arguments(arguments, d)) return true;
  d.print(errors);
  return false;
}

std::string unknown_option_text(const std::string& name, const std::vector<std::string>& flags,
                                const std::string& command) {
  std::vector<std::string> dashed;
  for (const auto& flag : flags) dashed.push_back("--" + flag);
  const auto near = nearest(name, dashed);
  return "unknown option " + name + (near ? "; did you mean " + *near + "?" : "") + " (pimhsim " +
         command + " --help lists them)";
}

}  // namespace pimhsim::scenario
