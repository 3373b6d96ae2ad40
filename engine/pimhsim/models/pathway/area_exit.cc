// The exit of an area's dyads at the child's second birthday, and their accounting: each option's
// long-term costs and QALYs (exit_accounting.h), the comparator's cost of illness, budget flows by
// year and payer, waits and the share still ill after identification. A dyad whose record is the
// same under an option as under the comparator, valued alike, is valued once; its per-dyad
// measures and budget flows go to the tally a row at a time (core/tally_row.h), which touches only
// the slots whose value is not the slot's first. A shared record of a dyad to whom nothing
// happened (most of them) is not valued at all: its rows are the area's fixed rows.
#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <vector>

#include "pimhsim/models/pathway/area_run.h"
#include "pimhsim/models/pathway/measures.h"

namespace pimhsim::models::pathway {
namespace {
constexpr double kWeeksPerMonth = 52.0 / 12.0;
}  // namespace

void AreaRun::leave(int month) {
  if (month < kLifeMonths - 1) return;
  const std::uint32_t leave_begin = ws_.first_id[month - (kLifeMonths - 1)],
                      leave_end = ws_.first_id[month - (kLifeMonths - 1) + 1];
  const int horizon_month = month - burn_in_;
  if (horizon_month >= 0) {
    const int year = horizon_month / 12;
    // Dyads leaving in year y were born in year y - 2 or y - 1; their flows can reach the first
    // budget years only if they leave within two years after them.
    const bool budget_relevant = year < kBudgetYears + 3;
    for (std::uint32_t id = leave_begin; id < leave_end; ++id) {
      if (reference_) {  // the status-quo pass: the comparator's cases and their exposure only
        const Dyad& d = dyad(0, id);
        if (d.flags & kEverIll)
          reference_->add(options_[0], d.condition,
                          {d.months_untreated, d.months_treated, (d.flags & kSpecialist) != 0});
        continue;
      }
      // A shared record of a dyad never ill has the one fixed row under every option, or that row
      // with its false positives and their cost.
      if (const Dyad& d = dyad(0, id); shared(id) && exits_never_ill(d)) {
        exit_never_ill(d, year, budget_relevant);
        continue;
      }
      const bool alike = account_exit(id, month, year, budget_relevant);
      tally_exit(year, budget_relevant, alike);
    }
  }
  first_alive_ = leave_end;
}

// One leaving dyad under every option: its values into the workspace's buffers, and the measures
// that are not per-dyad rows into the tally. Returns whether each option's values are copies of
// the comparator's.
bool AreaRun::account_exit(std::uint32_t id, int month, int year, bool budget_relevant) {
  bool alike = true;
  const ExitTiming timing{burn_in_, month, ws_.effect_discount[month]};
  const double scale = timeline_.scale;
  const auto k = static_cast<std::size_t>(n_options_);
  const Dyad& first = dyad(0, id);
  // A shared record that every option values alike is alike by construction: its rows are added
  // alike, which reads the comparator's column alone, so the other columns are not filled.
  const bool known_alike = shared(id) && all_exits_alike_;
  for (int o = 0; o < n_options_; ++o) {
    const Inputs& in = options_[o];
    const OptionState& s = ws_.options[o];
    const Dyad& d = dyad(o, id);
    const int birth = d.entry + kBirthMonth;
    const int birth_year = calendar_year(birth, burn_in_);
    // Valued once: the same record (shared, or forked and equal again), valued alike, has the
    // comparator's values.
    const bool once = o > 0 && exits_alike_[o] && (&d == &first || same_record(d, first));
    if (o > 0 && !once) alike = false;
    const auto& amounts = once ? ws_.amounts[0] : ws_.amounts[o];
    if (!once)
      exit_values(in, d, (*s.birth)[birth], timing, static_cast<std::size_t>(o), k, ws_.exit_values,
                  ws_.amounts[o]);
    else if (!known_alike)
      for (std::size_t m = 0; m < kPerDyadEnd; ++m)
        ws_.exit_values[m * k + o] = ws_.exit_values[m * k];
    for (int p = 0; p < 2; ++p)
      for (int l = 0; l < kLines; ++l)
        if (amounts[p][l] != 0) {
          tally_.add_total(o, kLongTermAmount + p * kLines + l, birth_year + 2,
                           amounts[p][l] / scale);
          if (o == 0) {  // the comparator's cost of illness by condition, person and line
            const std::size_t slot = cost_of_illness_slot(d.condition, p, l);
            tally_.add_total(0, kCostOfIllnessUndiscounted + slot, 0, amounts[p][l] / scale);
            tally_.add_total(0, kCostOfIllnessDiscounted + slot, 0,
                             amounts[p][l] / in.undiscounted_per_pv[p][l] *
                                 (*s.birth)[birth].cost[p][l] / scale);
          }
        }
    if (budget_relevant) {  // flows [year][payer][option]
      double* b = ws_.budget.data();
      const auto cell = [&](int y, int payer) -> double& {
        return b[(static_cast<std::size_t>(y) * kBudgetPayers + payer) * k + o];
      };
      if (once) {
        if (!known_alike)
          for (std::size_t c = 0; c < kBudgetYears * kBudgetPayers; ++c) b[c * k + o] = b[c * k];
      } else {
        for (int y = 0; y < kBudgetYears; ++y)
          for (int p = 0; p < kBudgetPayers; ++p) cell(y, p) = 0.0;
        const int entry_year = calendar_year(d.entry, burn_in_);
        for (int offset = 0; offset < 4; ++offset) {
          const int y = entry_year + offset;
          if (y < 0 || y >= kBudgetYears) continue;
          cell(y, kNhs) += d.service_flow[offset][kPayNhs];
          cell(y, kLocalAuthority) += d.service_flow[offset][kPayLocalAuthority];
        }
        for (int p = 0; p < 2; ++p)
          for (int l = 0; l < kLines; ++l) {
            if (kLinePayer[l] < 0 || amounts[p][l] == 0) continue;
            const int first_year = static_cast<int>(std::floor(in.years[p][l][0]));
            const int last_year = static_cast<int>(std::floor(in.years[p][l][1]));
            const double per_year = amounts[p][l] / (last_year - first_year + 1);
            for (int y = std::max(0, birth_year + first_year);
                 y <= std::min(kBudgetYears - 1, birth_year + last_year); ++y)
              cell(y, kLinePayer[l]) += per_year;
          }
      }
    }
    if (d.flags & kIdentified)
      tally_.add_one(o, kWeeksOnsetToDetection, year, (d.detect_month - d.onset) * kWeeksPerMonth);
    if (d.flags & kSpecialist)
      tally_.add_one(o, kWeeksReferralToSpecialist, year,
                     (d.specialist_start - d.referral_month) * kWeeksPerMonth);
    if (d.flags & kIdentified) {
      const int arm = care_arm(d);
      for (int f = 0; f < kFollowUps; ++f) {
        const int end = d.detect_month + kFollowUpMonths[f] - 1;  // the last month of follow-up
        if (end < kLifeMonths)
          tally_.add_one(o, kStillIllAfterIdentification + arm * kFollowUps + f, year,
                         ill_at_end_of(d, end));
      }
    }
  }
  return alike;
}

// The leaving dyad's per-dyad measures (in its exit year) and budget flows; `alike`: every
// option's are the comparator's.
void AreaRun::exit_never_ill(const Dyad& d, int year, bool budget_relevant) {
  bind_exit_year(year);
  if (!had_screens(d)) {  // exits_plain, the never-ill part known
    dyad_row_.add_fixed();
    if (budget_relevant) budget_row_.add_fixed();
    return;
  }
  dyad_row_.add_fixed_except(never_ill_changes(d));
  if (!budget_relevant) return;
  // As account_exit adds them: the local authority's flows of the assessments, each in its year.
  std::array<core::TallyRow::Change, 4> flows{};
  std::size_t n = 0;
  const int entry_year = calendar_year(d.entry, burn_in_);
  for (int offset = 0; offset < 4; ++offset) {
    const int y = entry_year + offset;
    if (y < 0 || y >= kBudgetYears) continue;
    flows[n++] = {static_cast<std::size_t>(y) * kBudgetPayers + kLocalAuthority,
                  0.0 + d.service_flow[offset][kPayLocalAuthority]};
  }
  budget_row_.add_fixed_except(std::span(flows).first(n));
}

void AreaRun::bind_exit_year(int year) {
  if (year == dyad_year_) return;
  std::vector<core::TallyRow::Column> columns(kPerDyadEnd);
  for (std::size_t m = 0; m < kPerDyadEnd; ++m) columns[m] = {m, static_cast<std::size_t>(year)};
  dyad_row_.bind(tally_, columns);
  dyad_year_ = year;
}

void AreaRun::tally_exit(int year, bool budget_relevant, bool alike) {
  bind_exit_year(year);
  if (alike) {
    dyad_row_.add_alike(ws_.exit_values);
    if (budget_relevant) budget_row_.add_alike(ws_.budget);
  } else {
    dyad_row_.add(ws_.exit_values);
    if (budget_relevant) budget_row_.add(ws_.budget);
  }
}

}  // namespace pimhsim::models::pathway
