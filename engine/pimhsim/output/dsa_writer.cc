#include "pimhsim/output/dsa_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "pimhsim/output/codebook.h"
#include "pimhsim/output/dsa_summary_json.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/summary_text.h"

namespace pimhsim::output {
namespace {

std::string tornado_text(const analysis::Dsa& dsa, const analysis::OneWayResult& r,
                         std::size_t top) {
  std::string out;
  bool undefined = false;
  const auto shown = [&](double x) {
    if (!std::isnan(x)) return human_number(x);
    undefined = true;
    return std::string("not defined");
  };
  const auto label = [](const analysis::TornadoRow& row) {
    return fmt::format("{} ({} .. {})", row.name, human_number(row.low), human_number(row.high));
  };
  for (std::size_t o = 0; o < r.tornado.size(); ++o) {
    const auto& t = r.tornado[o];
    const std::size_t rows = std::min(top, t.rows.size());
    std::size_t width =
        58;  // wider when a printed row's label needs it, so the numbers stay in columns
    for (std::size_t k = 0; k < rows; ++k) width = std::max(width, label(t.rows[k]).size() + 2);
    out += fmt::format("\n{} vs {}: {} at base {}\n", dsa.layout().options[o + 1],
                       dsa.layout().options[0], dsa.outcome().label(), shown(t.base));
    out += fmt::format("  {:<{}}{:>16}{:>16}{:>16}\n", "parameter (low .. high)", width, "at low",
                       "at high", "swing");
    for (std::size_t k = 0; k < rows; ++k) {
      const auto& row = t.rows[k];
      out += fmt::format("  {:<{}}{:>16}{:>16}{:>16}\n", label(row), width, shown(row.at_low),
                         shown(row.at_high), shown(row.swing));
    }
    if (t.rows.size() > top)
      out += fmt::format("  ... {} more in tornado.csv\n", t.rows.size() - top);
  }
  if (undefined && dsa.outcome().measure == analysis::DsaMeasure::kIcer)
    out +=
        "\nnot defined: the option gains no QALYs there (dominated, or cheaper and worse), so it "
        "has no cost per QALY\n"
        "gained; rows where the ICER becomes undefined come first. --outcome nmb ranks every "
        "case.\n";
  return out;
}

}  // namespace

void write_dsa(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::Dsa& dsa,
               const analysis::OneWayResult* one, const analysis::TwoWayResult* two,
               const analysis::ThresholdResult* threshold, const analysis::DsaSummary& summary,
               const nlohmann::json& manifest) {
  dir.lead_tables_with(scenario_lead(s));
  if (one) dir.write("tornado.csv", analysis::tornado_csv(dsa, *one));
  if (two) dir.write("two_way.csv", analysis::two_way_csv(dsa, *two));
  if (threshold) {
    dir.write("threshold.csv", analysis::threshold_csv(dsa, *threshold));
    dir.write("threshold.json", threshold_json(summary).dump(2) + "\n");
  }
  dir.write("dsa_summary.json", dsa_summary_json(summary).dump(2) + "\n");
  write_scenario(dir, s);
  dir.write("manifest.json", manifest.dump(2) + "\n");
  write_codebook(dir, scenario_columns(s));
}

std::string dsa_text(const std::string& scenario_name, const analysis::Dsa& dsa,
                     const analysis::OneWayResult* one, const analysis::ThresholdResult* thr,
                     std::size_t top) {
  std::string out = scenario_name + "\n";
  if (one) out += tornado_text(dsa, *one, top);
  if (thr)
    for (std::size_t o = 0; o < thr->thresholds.size(); ++o) {
      const auto& t = thr->thresholds[o];
      std::string roots;
      for (double x : t.roots) roots += fmt::format("{}{:.6g}", roots.empty() ? "" : ", ", x);
      out += fmt::format("\nthreshold of {} for {} in [{:g}, {:g}]: {}\n", t.name,
                         dsa.layout().options[o + 1], t.lo, t.hi,
                         t.none_in_range() ? std::string("none in range") : roots);
    }
  if (thr && !thr->preferred_at_ends.empty()) {
    const auto& names = dsa.layout().options;
    out +=
        fmt::format("preferred option: {} at the low end", names[thr->preferred_at_ends.front()]);
    for (const auto& c : thr->preferred_changes)
      out += fmt::format(", {} from {:.6g}", names[c.to], c.value);
    out += thr->preferred_changes.empty() ? " throughout (no change in range)\n" : "\n";
  }
  return out;
}

}  // namespace pimhsim::output
