// The pathway's footprint (core::Model::footprint): what a run holds and does, from the areas'
// births without simulating them. An area's dyads alive at once (its ring) follow the births of
// the last kLifeMonths months, so every area's count is its births times one profile of the
// months, computed once.
#include <algorithm>
#include <cmath>

#include "pimhsim/models/pathway/pathway.h"

namespace pimhsim::models::pathway {

core::Model::Footprint Model::footprint() const {
  const int months = kLifeMonths + timeline_.horizon_months;
  const double trend = options_.empty() ? 0.0 : options_[0].births_trend;
  // Per birth a year: entries in each month (monthly_entries without its rounding), the most
  // dyads alive at once, the most entries in a month, and dyad-months over the run.
  std::vector<double> entries(static_cast<std::size_t>(months));
  double window = 0, most_alive = 0, most_entering = 0, dyad_months = 0;
  for (int m = 0; m < months; ++m) {
    const int t = m - kLifeMonths;
    const int year = t >= 0 ? t / 12 : -((-t + 11) / 12);
    entries[m] = timeline_.scale * std::pow(1.0 + trend, year) / 12.0;
    window += entries[m] - (m >= kLifeMonths ? entries[m - kLifeMonths] : 0.0);
    most_alive = std::max(most_alive, window);
    most_entering = std::max(most_entering, entries[m]);
    dyad_months += window;
  }
  double births = 0, largest = 0;
  for (const auto& a : areas_) {
    births += a.births;
    largest = std::max(largest, a.births);
  }
  const double options = static_cast<double>(options_.size());
  const double by_month = static_cast<double>(months) * sizeof(double);
  Footprint f;
  f.work_unit = "dyad-months";
  f.work = births * dyad_months * options;
  // The largest area's workspace (AreaWorkspace): by option its ring of living dyads (one more
  // than the most alive, plus one for rounding), with a byte a slot for whether the dyad is
  // forked; the ids of the ill dyads, and by option of its queue (4 bytes each, held as much as
  // four times over while a vector grows); the month's contact draws (two uniforms a dyad and
  // contact); by month the first ids and two discount factors; and its staffing
  // (OptionStaffing: seven numbers by option and month).
  const double ring = largest * most_alive + 2;
  constexpr double kContactDraw = sizeof(AreaWorkspace::contact_draws[0][0]);
  constexpr double ids = 4 * sizeof(std::uint32_t);
  f.unit_bytes = ring * (options * sizeof(Dyad) + 1 + ids + options * ids) +
                 kContacts * (largest * most_entering + 1) * kContactDraw +
                 static_cast<double>(months) * 20 + options * 7 * by_month;
  // By area: its inputs, code and name (with what their text holds beyond a string's own 32
  // bytes), the funded WTE by option; the whole staffing plan when a national limit couples
  // the areas; by option and birth month, the present-value factors.
  const double areas = static_cast<double>(areas_.size());
  double text = 0;
  for (std::size_t a = 0; a < codes_.size(); ++a)
    for (const auto* s : {&codes_[a], &names_[a]})
      if (s->size() > 15) text += static_cast<double>(s->size()) + 17;
  f.fixed_bytes = areas * (sizeof(AreaInput) + 64 + 24 + options * 8) + text +
                  (coupled_staffing_.empty() ? 0.0 : areas * options * (7 * by_month + 200)) +
                  options * static_cast<double>(months) * sizeof(BirthFactors);
  return f;
}

}  // namespace pimhsim::models::pathway
