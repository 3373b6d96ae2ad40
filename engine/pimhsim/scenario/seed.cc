// A seed given apart from the overrides (scenario.h, add_seed), and loading a scenario with one.
#include <fmt/format.h>

#include <charconv>
#include <regex>

#include "pimhsim/scenario/scenario.h"

namespace pimhsim::scenario {

void add_seed(const std::string& seed, const std::string& seed_label, const std::string& set_label,
              std::vector<std::string>& sets, Diagnostics& diagnostics) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(seed.data(), seed.data() + seed.size(), value);
  if (seed.empty() || ec != std::errc() || end != seed.data() + seed.size()) {
    Node n;
    n.kind = Node::Kind::kScalar;
    n.scalar = seed;
    diagnostics.error({seed_label, 1, 1}, "run.seed", "found " + n.describe(),
                      "a whole number from 0 to 18446744073709551615");
    return;
  }
  // Both a seed and an override of run.seed: which one was meant is not for the program to guess.
  // `run={seed: 7, ...}` sets it too: a `seed:` key in a flow mapping given for `run`.
  static const std::regex seed_key(R"((^|[{,\s])seed\s*:)");
  for (const auto& set : sets)
    if (const std::string key = set.substr(0, set.find('='));
        key == "run.seed" || (key == "run" && set.find('=') != std::string::npos &&
                              std::regex_search(set.substr(set.find('=') + 1), seed_key)))
      diagnostics.error(
          {seed_label, 1, 1}, "run.seed",
          fmt::format("given twice, as {} {} and as {} {}", seed_label, seed, set_label, set),
          fmt::format("one of {} N and {} run.seed=N", seed_label, set_label));
  sets.push_back("run.seed=" + seed);
}

std::optional<Scenario> load_scenario(const std::string& path, std::vector<std::string> sets,
                                      const std::optional<std::string>& seed,
                                      const std::string& seed_label, const std::string& set_label,
                                      std::span<const core::ModelSpec* const> models,
                                      Diagnostics& diagnostics) {
  Diagnostics seed_diagnostics;
  if (seed) add_seed(*seed, seed_label, set_label, sets, seed_diagnostics);
  auto s = load_scenario(path, sets, models, diagnostics);
  if (!seed_diagnostics.empty()) {
    for (const auto& e : seed_diagnostics.sorted())
      diagnostics.error(e.where, e.path, e.message, e.expected);
    s.reset();
  }
  return s;
}

}  // namespace pimhsim::scenario
