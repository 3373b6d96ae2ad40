// The DSA's tables: tornado.csv, two_way.csv and threshold.csv.
#include <string>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/analysis/sensitivity.h"
#include "pimhsim/core/csv_table.h"

namespace pimhsim::analysis {

std::string tornado_csv(const Dsa& dsa, const OneWayResult& r) {
  const auto& l = dsa.layout();
  core::CsvTable table({"option", "rank", "parameter", "low", "high", "low_source", "high_source",
                        "outcome_at_low", "outcome_at_high", "swing", "outcome_at_base"});
  for (std::size_t o = 0; o < r.tornado.size(); ++o)
    for (std::size_t k = 0; k < r.tornado[o].rows.size(); ++k) {
      const auto& row = r.tornado[o].rows[k];
      table.row()
          .text(l.options[o + 1])
          .integer(static_cast<long long>(k + 1))
          .text(row.name)
          .number(row.low)
          .number(row.high)
          .text(source_name(row.low_source))
          .text(source_name(row.high_source))
          .number(row.at_low)
          .number(row.at_high)
          .number(row.swing)
          .number(r.tornado[o].base)
          .end();
    }
  return table.text();
}

std::string two_way_csv(const Dsa& dsa, const TwoWayResult& r) {
  const auto& l = dsa.layout();
  core::CsvTable table({"option", "x_parameter", "x", "y_parameter", "y", "outcome"});
  for (std::size_t o = 0; o < r.grids.size(); ++o) {
    const auto& g = r.grids[o];
    for (std::size_t i = 0; i < g.xs.size(); ++i)
      for (std::size_t k = 0; k < g.ys.size(); ++k)
        table.row()
            .text(l.options[o + 1])
            .text(g.x.name)
            .number(g.xs[i])
            .text(g.y.name)
            .number(g.ys[k])
            .number(g.at(i, k))
            .end();
  }
  return table.text();
}

std::string threshold_csv(const Dsa& dsa, const ThresholdResult& r) {
  const auto& l = dsa.layout();
  core::CsvTable table({"option", "parameter", "low", "high", "threshold", "in_range"});
  for (std::size_t o = 0; o < r.thresholds.size(); ++o) {
    const auto& t = r.thresholds[o];
    if (t.none_in_range())
      table.row()
          .text(l.options[o + 1])
          .text(t.name)
          .number(t.lo)
          .number(t.hi)
          .empty()
          .flag(false)
          .end();
    for (double x : t.roots)
      table.row()
          .text(l.options[o + 1])
          .text(t.name)
          .number(t.lo)
          .number(t.hi)
          .number(x)
          .flag(true)
          .end();
  }
  return table.text();
}

}  // namespace pimhsim::analysis
