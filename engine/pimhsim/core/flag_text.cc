#include "pimhsim/core/flag_text.h"

#include <algorithm>

namespace pimhsim::core {

std::string with_flags(std::string message, const std::vector<std::string>& flags) {
  for (const auto& flag : flags) {
    if (flag == "scenario" || flag == "help") continue;
    std::string name = flag;
    std::replace(name.begin(), name.end(), '-', '_');
    const std::string quoted = "`" + name + "`", shown = "--" + flag;
    for (auto at = message.find(quoted); at != std::string::npos;
         at = message.find(quoted, at + shown.size()))
      message.replace(at, quoted.size(), shown);
  }
  return message;
}

}  // namespace pimhsim::core
