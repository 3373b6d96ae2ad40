// `pimhsim validate SCENARIO`: check a scenario and say what it would run, without running it.
// Warnings (a PSA distribution not centred on the parameter's value) are printed to stderr in the
// errors' FILE:LINE:COLUMN form; they leave the exit status 0.
#include <iostream>

#include "cli/options.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::cli {
namespace {

int validate(const Invocation& inv) {
  const auto s = load_scenario_at(inv.options["scenario"].as<std::string>(), inv);
  if (!s) return kBadInput;
  const auto e = output::estimate_resources({&*s, 1}, budget(inv, out_dir(inv, *s)));
  if (!e.problem.empty()) return bad_input(inv, e.problem);
  if (quiet(inv)) return kSuccess;
  for (const auto& w : s->warnings) std::cerr << w.format() << '\n';
  std::cout << output::validate_text(*s, *models::make(*s), &e);
  return kSuccess;
}

}  // namespace

extern const Command kValidateCommand{
    .name = "validate",
    .summary = "check a scenario and print what it would run, without running it",
    .usage = "pimhsim validate SCENARIO [--set key.path=value ...]",
    .examples = {"pimhsim validate scenarios/example_area.yaml",
                 "pimhsim validate scenarios/england.yaml --set run.replicates=10"},
    .action = &validate,
    .shared = kOverrides | kQuiet,
};

}  // namespace pimhsim::cli
