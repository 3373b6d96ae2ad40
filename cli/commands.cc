#include "cli/command.h"

namespace pimhsim::cli {

extern const Command kAreasCommand;
extern const Command kCompareCommand;
extern const Command kDsaCommand;
extern const Command kEvppiCommand;
extern const Command kNewAreaCommand;
extern const Command kPlanCommand;
extern const Command kPsaCommand;
extern const Command kRunCommand;
extern const Command kValidateCommand;

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {kRunCommand,   kCompareCommand, kPsaCommand,
                                           kDsaCommand,   kPlanCommand,    kValidateCommand,
                                           kAreasCommand, kNewAreaCommand, kEvppiCommand};
  return all;
}

}  // namespace pimhsim::cli
