#include "cli/command.h"

namespace pimhsim::cli {

extern const Command kCompareCommand;
extern const Command kPlanCommand;
extern const Command kRunCommand;
extern const Command kValidateCommand;

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {kRunCommand, kCompareCommand, kPlanCommand, kValidateCommand};
  return all;
}

}  // namespace pimhsim::cli
