#include "pimhsim/output/area_listing.h"

#include <fmt/format.h>

#include <cmath>

#include "pimhsim/core/number_text.h"
#include "pimhsim/models/registry.h"

namespace pimhsim::output {

std::string areas_text(const scenario::Scenario& s, const std::vector<const scenario::Area*>& found,
                       const std::string& find) {
  const auto& columns = models::spec_of(s.model)->area_columns;
  std::string out =
      fmt::format("{} of the {} areas of {} ({}){}\n", found.size(), s.areas->areas.size(), s.name,
                  s.file, find.empty() ? "" : fmt::format(" match `{}`", find));
  out += fmt::format("  {:<10} {:<36} {:<26}", "code", "name", "region");
  for (const auto& c : columns) out += fmt::format(" {:>15}", c.name);
  out += "\n";
  for (const auto* a : found) {
    out += fmt::format("  {:<10} {:<36} {:<26}", a->code, a->name, a->region);
    for (const auto& c : columns) {
      const auto v = a->value(c.name);
      out +=
          fmt::format(" {:>15}", !v                                   ? std::string("-")
                                 : *v >= 1000 || *v == std::round(*v) ? core::human_number(*v)
                                                                      : fmt::format("{:.3g}", *v));
    }
    if (!a->merged_codes.empty()) out += " (with " + core::listed(a->merged_codes, "and") + ")";
    out += "\n";
  }
  return out;
}

}  // namespace pimhsim::output
