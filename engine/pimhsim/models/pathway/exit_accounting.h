// What a dyad leaves behind when its 1001 days end: its per-dyad measures (including long-term
// costs by line, sector, perspective and payer, and QALYs), computed for one option.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "pimhsim/core/tally_row.h"
#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/inputs.h"
#include "pimhsim/models/pathway/measures.h"

namespace pimhsim::models::pathway {

// Present-value factors that depend only on the option and the birth month.
// Each is the present value at the start of the horizon, at the scenario's rate, of one unit of
// present value at the birth at the source's rate (profile_factor in outcomes.h).
struct BirthFactors {
  std::array<std::array<double, kLines>, 2> cost{};  // [person][line], costs discounting
  double child_qaly = 0;                             // child's QALY loss, effects discounting
};

struct ExitTiming {
  int burn_in = 0;       // months of burn-in before the horizon
  int exit_month = 0;    // month index of the dyad's last month
  double df_effect = 1;  // effects discount factor of the exit month
};

// Long-term payers, in budget-impact order.
enum Payer : int { kNhs = 0, kLocalAuthority = 1, kEducation = 2, kCriminalJustice = 3 };
inline constexpr int kPayers = 4;
inline constexpr std::array<const char*, kPayers> kPayerNames = {"nhs", "local_authority",
                                                                 "education", "criminal_justice"};
// The payer of each long-term line (-1: no public budget pays it: victims of crime,
// productivity, quality of life).
inline constexpr std::array<int, kLines> kLinePayer = {
    kNhs, kNhs, kNhs, kLocalAuthority, kEducation, kCriminalJustice, -1, -1, -1};

// Budget years reported (years 1-5 of the horizon), and the exit years whose dyads can have
// flows in them.
inline constexpr int kBudgetYears = 5;

// Fills out[measure * options + option] for the per-dyad measures (those before kPerDyadEnd),
// and the dyad's long-term undiscounted amounts by person and line into `amounts` (the flows of
// its profile years, whose present value at the birth at the source's rate is the cost incurred).
void exit_values(const Inputs& in, const Dyad& d, const BirthFactors& birth,
                 const ExitTiming& timing, std::size_t option, std::size_t options,
                 std::span<double> out, std::array<std::array<double, kLines>, 2>& amounts);

// Whether a leaving dyad was never ill and nothing happened to it but screens: no care, and no
// cost but the local authority's assessments of its false-positive screens. Its per-dyad measures
// are then a new Dyad's under any option, inputs, birth and exit (one dyad, and zeros or -0.0),
// but for the columns never_ill_changes gives; it has no long-term amount, and no budget flow but
// the local authority's.
bool exits_never_ill(const Dyad& d);

// For a dyad that exits_never_ill: whether it had false-positive screens or a cost of them.
bool had_screens(const Dyad& d);

// Whether a dyad exits_never_ill and had no screen either: its measures are a new Dyad's, and it
// has no budget flow.
bool exits_plain(const Dyad& d);

// The per-dyad measures in which a never-ill dyad's row differs from a new Dyad's, with the
// values exit_values gives them: its false positives and their cost, in every cost that adds it.
std::array<core::TallyRow::Change, 8> never_ill_changes(const Dyad& d);

// Whether two options value a leaving dyad alike: the inputs exit_values and the budget flows
// read are equal bit for bit (their birth factors compared by the caller), so that equal dyads
// have equal values and one computation serves both.
bool values_exits_alike(const Inputs& a, const Inputs& b);

// Whether two options simulate a dyad alike while their staffing agrees: every input the monthly
// steps read from Inputs is equal bit for bit, but for contact coverage, sensitivity and
// specificity, which the contact step compares option by option for each dyad (as it does the
// staffing's coverage and trained share).
bool simulates_alike(const Inputs& a, const Inputs& b);

// Whether two options' records of one dyad are equal bit for bit (every field exit accounting
// reads, and the rest).
bool same_record(const Dyad& a, const Dyad& b);

// Whether the mother is ill at the end of month of life `month` (ill from her onset until the
// month in which she remitted, inclusive).
inline bool ill_at_end_of(const Dyad& d, int month) {
  if (!(d.flags & kEverIll) || d.onset > month) return false;
  return d.recovery_month == kNever || d.recovery_month > month;
}

// An identified mother's care arm (kArmNames): her first-line care, by a trained health visitor or
// not for listening visits.
inline int care_arm(const Dyad& d) {
  if (!(d.flags & kServiceStarted)) return 0;
  if (d.service == kListeningVisits) return (d.flags & kTrainedHv) ? 2 : 1;
  return 2 + d.service;  // talking therapies 3, specialist PMH 4, MBU 5
}

// The calendar year (from the start of the horizon, negative in the burn-in) of a month index.
inline int calendar_year(int month_index, int burn_in) {
  const int t = month_index - burn_in;
  return t >= 0 ? t / 12 : -((-t + 11) / 12);
}

}  // namespace pimhsim::models::pathway
