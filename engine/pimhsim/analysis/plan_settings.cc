// The search settings of a staffing plan: the grid, and settings that leave nothing to search.
#include <fmt/format.h>

#include <cmath>

#include "pimhsim/analysis/plan.h"

namespace pimhsim::analysis {
namespace {
constexpr double kMaxGridSteps = 100000;
}  // namespace

std::pair<double, double> search_grid(const PlanSettings& settings) {
  const bool births_rule = settings.rule == PlanRule::kBirths;
  return {settings.step > 0 ? settings.step : (births_rule ? 0.05 : 0.1),
          settings.maximum > 0 ? settings.maximum : (births_rule ? 3.0 : 30.0)};
}

std::string settings_problem(const PlanSettings& settings) {
  const auto [step, maximum] = search_grid(settings);
  const char* unit = settings.rule == PlanRule::kBirths ? "WTE per 1,000 births" : "WTE per area";
  const std::string top =
      settings.maximum > 0
          ? fmt::format("`maximum` {:g} {}", maximum, unit)
          : fmt::format("the default top of the search, {:g} {} (set another with `maximum`)",
                        maximum, unit);
  if (settings.rule != PlanRule::kBirths && settings.minimum_wte > maximum)
    return fmt::format(
        "`minimum_wte` {:g} is above {}: no staffing in the search meets it (a minimum at most the "
        "top of "
        "the search)",
        settings.minimum_wte, top);
  if (step > maximum)
    return fmt::format("`step` {:g} is above {} (a grid step at most the top of the search)", step,
                       top);
  if (maximum / step > kMaxGridSteps)
    return fmt::format(
        "`step` {:g} up to {} makes {:.0f} grid steps (at most {:.0f}: a larger `step` or a "
        "smaller `maximum`)",
        step, top, std::ceil(maximum / step), kMaxGridSteps);
  return {};
}

}  // namespace pimhsim::analysis
