#include <fmt/format.h>

#include <sstream>

#include "pimhsim/analysis/calibration.h"

namespace pimhsim::analysis {

std::vector<core::SettingSpec> calibration_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {
      {"targets", K::kText, "the targets file (YAML): observed values, likelihoods and sources"},
      {"parameters", K::kText,
       "the parameters to fit, `a,b,c`: numbers with a distribution in the scenario, or sets of "
       "shares with a Dirichlet (their priors)"},
      {"method", K::kText,
       "optimise (posterior mode by BOBYQA, with restarts) or imis (posterior sample by "
       "incremental mixture importance sampling)",
       std::string("optimise")},
      {"restarts", K::kInteger,
       "optimise: starting points drawn from the prior, besides its median", 3LL},
      {"evaluations", K::kInteger, "optimise: most model runs from each starting point", 200LL},
      {"maximum_likelihood", K::kSwitch,
       "optimise: maximise the likelihood alone, without the priors (the priors still bound the "
       "search)"},
      {"initial", K::kInteger, "imis: points drawn from the prior first", 400LL},
      {"per_round", K::kInteger, "imis: points drawn in each later round", 40LL},
      {"rounds", K::kInteger, "imis: most rounds after the first", 20LL},
      {"mc_replicates", K::kInteger,
       "runs on fresh random numbers at the fit, for the objective's Monte Carlo error", 5LL},
  };
}

core::Status calibration_request(const core::SettingValues& v, CalibrationRequest& r) {
  using core::Status;
  if (!v.has("targets"))
    return Status::bad_input("`targets`: give the targets file (--targets FILE)");
  r.targets = v.text("targets");
  if (!v.has("parameters"))
    return Status::bad_input("`parameters`: name the parameters to fit (--parameters a,b)");
  std::stringstream ss(v.text("parameters"));
  for (std::string name; std::getline(ss, name, ',');) {
    if (name.empty())
      return Status::bad_input("`parameters`: an empty name (names are separated by commas)");
    r.settings.parameters.push_back(name);
  }
  if (r.settings.parameters.empty())
    return Status::bad_input("`parameters`: name at least one parameter to fit");
  const std::string& method = v.text("method");
  if (method == "optimise" || method == "optimize")
    r.settings.method = CalibrationMethod::kOptimise;
  else if (method == "imis")
    r.settings.method = CalibrationMethod::kImis;
  else
    return Status::bad_input(
        fmt::format("`method`: unknown method `{}` (optimise or imis)", method));
  auto integer = [&](const char* name, long long lo, long long hi, std::uint32_t& out) -> Status {
    const long long x = v.integer(name);
    if (x < lo || x > hi)
      return Status::bad_input(fmt::format("`{}`: {} is out of range ({} to {})", name, x, lo, hi));
    out = static_cast<std::uint32_t>(x);
    return {};
  };
  auto& s = r.settings;
  for (auto st : {integer("restarts", 0, 1000, s.restarts),
                  integer("evaluations", 10, 100000, s.max_evaluations),
                  integer("initial", 10, 1000000, s.imis.initial),
                  integer("per_round", 2, 100000, s.imis.per_round),
                  integer("rounds", 0, 1000, s.imis.rounds),
                  integer("mc_replicates", 0, 1000, s.mc_replicates)})
    if (!st.ok()) return st;
  s.imis.resample = s.imis.initial;
  s.maximum_likelihood = v.has("maximum_likelihood") && v.flag("maximum_likelihood");
  return {};
}

}  // namespace pimhsim::analysis
