// The settings of a comparison (compare.h): the variants of one file, a sweep, unpaired
// populations and the report, declared once for every front end.
#include <fmt/format.h>

#include "pimhsim/analysis/compare.h"

namespace pimhsim::analysis {

std::vector<core::SettingSpec> compare_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {
      {"variant", K::kTexts,
       "a variant of the one scenario file, NAME:KEY=VALUE (a NAME again: more overrides); "
       "variants of one population share random numbers"},
      {"grid", K::kTexts, "a sweep of one or two settings, KEY=FROM:TO:STEP: each point a variant"},
      {"unpaired_populations", K::kSwitch,
       "compare files whose populations differ (areas, scale, horizon, economics): each file's "
       "options side by side, each file with its own frontier"},
      {"report", K::kSwitch,
       "also write report.html (the headline side by side and the frontier plot, charts in "
       "report_charts/, the tables in report.xlsx) into the results"},
  };
}

core::Expected<std::vector<Variant>> requested_variants(const core::SettingValues& settings,
                                                        std::size_t files) {
  const auto variants = settings.texts("variant");
  const auto grids = settings.texts("grid");
  if (variants.empty() && grids.empty()) return std::vector<Variant>{};
  if (!variants.empty() && !grids.empty())
    return core::Status::bad_input(
        "`variant` or `grid` makes variants of one scenario file, not both at once: named "
        "variants or a sweep");
  if (files != 1)
    return core::Status::bad_input(fmt::format(
        "`variant` or `grid` makes variants of one scenario file; {} files were given", files));
  return grids.empty() ? parse_variants(variants) : grid_variants(grids);
}

}  // namespace pimhsim::analysis
