// `pimhsim validate SCENARIO`: check a scenario and say what it would run, without running it.
// Warnings (a PSA distribution not centred on the parameter's value) are printed to stderr in the
// errors' FILE:LINE:COLUMN form; they leave the exit status 0.
#include <fmt/format.h>

#include <iostream>

#include "cli/command.h"
#include "cli/scenario_options.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::cli {
namespace {

int validate(const Invocation& inv) {
  const auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  if (inv.options["quiet"].as<bool>()) return kSuccess;
  // Warnings (a PSA distribution not centred on its value) go to stderr; the scenario is valid.
  for (const auto& w : s->warnings) std::cerr << w.format() << '\n';
  std::cout << output::validate_text(*s, *models::make(*s));
  return kSuccess;
}

void options(po::options_description& d) {
  add_scenario_options(d);
  d.add_options()("quiet", po::bool_switch(), "print nothing; only the exit status tells");
}

}  // namespace

extern const Command kValidateCommand{
    "validate",
    "check a scenario and print what it would run, without running it",
    "pimhsim validate SCENARIO [--set key.path=value ...]",
    {"pimhsim validate scenarios/example_area.yaml",
     "pimhsim validate scenarios/england.yaml --set run.replicates=10"},
    &options,
    &validate,
};

}  // namespace pimhsim::cli
