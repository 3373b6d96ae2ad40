// `pimhsim validate SCENARIO`: check a scenario and say what it would run, without running it.
// Warnings (a PSA distribution not centred on the parameter's value) are printed to stderr in the
// errors' FILE:LINE:COLUMN form; they leave the exit status 0.
#include <fmt/format.h>

#include <iostream>

#include "cli/command.h"
#include "cli/scenario_options.h"
#include "pimhsim/models/registry.h"

namespace pimhsim::cli {
namespace {

int validate(const Invocation& inv) {
  const auto s = load_scenario_from(inv);
  if (!s) return kBadInput;
  if (inv.options["quiet"].as<bool>()) return kSuccess;
  // Warnings (a PSA distribution not centred on its value) go to stderr; the scenario is valid.
  for (const auto& w : s->warnings) std::cerr << w.format() << '\n';
  const auto model = models::make(*s);
  std::cout << fmt::format("{}: valid{}\n", s->file,
                           s->warnings.empty()
                               ? ""
                               : fmt::format(", with {} warning{}", s->warnings.size(),
                                             s->warnings.size() == 1 ? "" : "s"));
  std::cout << fmt::format("  scenario   {}\n", s->name);
  std::cout << fmt::format("  model      {}\n", s->model);
  std::string unit = "cycles";
  for (const auto* spec : models::specs())
    if (spec->name == s->model) unit = spec->horizon_unit;
  std::cout << fmt::format("  run        seed {}, {} replicate(s), horizon {} {}", s->run.seed,
                           s->run.replicates, s->run.horizon, unit);
  if (s->run.population > 0)
    std::cout << fmt::format(", {} individuals per replicate", s->run.population);
  std::cout << fmt::format("\n  work       {} units ({} partitions x {} replicates)\n",
                           model->partitions() * s->run.replicates, model->partitions(),
                           s->run.replicates);
  std::cout << fmt::format("  parameters {} ({} with a distribution for PSA)\n",
                           s->parameters.all().size(), [&] {
                             std::size_t n = 0;
                             for (const auto& p : s->parameters.all())
                               n += p.dirichlet || p.distribution.family() != core::Family::kFixed;
                             return n;
                           }());
  std::cout << "  options\n";
  for (std::size_t i = 0; i < s->options.size(); ++i) {
    const auto& o = s->options[i];
    std::cout << fmt::format("    {}. {}{}\n", i + 1, o.name, i == 0 ? " (comparator)" : "");
    for (const auto& ov : o.overrides) std::cout << "         " << ov << "\n";
  }
  std::cout << fmt::format("  content    {}\n", s->content_hash);
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
