// What the pathway measures, in tally order. Per-dyad measures are recorded when a dyad leaves
// (the child's second birthday), in the year it leaves; budget measures per budget year; totals
// as they occur.
#pragma once

#include <array>
#include <vector>

#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/spec.h"

namespace pimhsim::models::pathway {

inline constexpr int kBudgetPayers = 4;  // nhs, local_authority, education, criminal_justice

enum Measure : std::size_t {
  // Per dyad, paired across options, by exit year.
  kDyads,
  kIll,
  kIllByCondition,  // + condition
  kDetected = kIllByCondition + kConditions,
  kDetectedAtContact,
  kFalsePositives,
  kTreatedByService,  // + service
  kSpecialistReferred = kTreatedByService + kServices,
  kSpecialistCare,
  kSpecialistTimely,
  kTreatedAny,
  kRecoveredByExit,
  kIllAtExit,
  kMonthsIllUntreated,
  kMonthsIllTreated,
  kServiceCost,
  kServiceCostNhs,
  kServiceCostLocalAuthority,
  kLongTermCostMother,
  kLongTermCostChild,
  kLongTermByLine,                               // + line (mother and child together)
  kLongTermBySector = kLongTermByLine + kLines,  // + sector
  kQalysMother = kLongTermBySector + kSectors,
  kQalysChild,
  kQalysTotal,
  kCostNhsPss,           // services and long-term costs to the NHS and local authorities
  kCostPublicSector,     // ... plus education and criminal justice
  kCostSocietal,         // ... plus productivity (monetised quality of life apart)
  kCostQualityOfLife,    // monetised quality of life and life (Bauer et al.)
  kCostSocietalWithQol,  // societal plus monetised quality of life
  kCostMinusQalys,       // NHS and PSS cost minus QALYs: gives the cost-QALY covariance
  kIllAtAge,             // + age index (kAgesMonths): mother ill when the child is that old
  kRecoveredByAge = kIllAtAge + 5,  // + age index: mother ill before and well again by that age
  kPerDyadEnd = kRecoveredByAge + 5,
  // Per dyad, paired, for dyads whose flows can fall in the first budget years: undiscounted
  // amounts by budget year (period = year of the horizon, 0-4).
  kBudgetFlow = kPerDyadEnd,  // + payer
  // Per dyad, unpaired (the subsets differ between options), by exit year.
  kWeeksOnsetToDetection = kBudgetFlow + kBudgetPayers,
  kWeeksReferralToSpecialist,
  // Identified mothers, unpaired, by care arm and follow-up: still ill kFollowUpMonths[k] months
  // after identification (the month of identification is the first; mothers whose 1001 days end
  // sooner are not counted).
  kStillIllAfterIdentification,  // + arm * kFollowUps + follow-up
  kStaffCostFirst = kStillIllAfterIdentification + 6 * 5,
  // Totals by calendar year of occurrence, for the whole population (simulated amounts / scale).
  kStaffCost = kStaffCostFirst,  // specialist posts (discounted)
  kTrainingCost,    // specialists' training and generic health visitors' time (discounted)
  kInvestmentFlow,  // both, undiscounted
  kServiceFlowNhs,  // in-period care, undiscounted
  kServiceFlowLocalAuthority,
  kSpecialistWteMonths,  // in post
  kSpecialistSlotMonths,
  kSpecialistAdmissions,
  // The workforce (staffing.h) and the activity WISN needs, by year (months summed).
  kFundedWteMonths,
  kEffectiveWteMonths,
  kClinicalWteMonths,
  kTrainingWteMonths,
  kSpecialistHires,
  kSpecialistLeavers,
  kHvsTrained,
  kHvWteMonths,
  kTrainedHvWteMonths,  // trained share x health-visitor WTE
  kChildrenOnCaseloadMonths,
  kContactsDelivered,
  kPositiveScreens,  // assessments after a positive screen (true or false)
  kListeningCourses,
  kSpecialistDemand,  // detected dyads the routing would refer to a specialist
  kHvTrainingNeed,    // health visitors specialists should train to sustain the WISN target share
  // Totals by birth year (period = birth year + 2): undiscounted long-term amounts by person and
  // line, expanded over their profile years into annual cash flows when reported.
  kLongTermAmount,  // + person * kLines + line
  // The comparator's cost of illness, totals over the horizon by condition, person and line
  // (cost_of_illness_slot): undiscounted, and discounted to the start of the horizon.
  kCostOfIllnessUndiscounted = kLongTermAmount + 2 * kLines,
  kCostOfIllnessDiscounted = kCostOfIllnessUndiscounted + kConditions * 2 * kLines,
  kMeasureCount = kCostOfIllnessDiscounted + kConditions * 2 * kLines
};

// Child ages (months) at which the mother's state is measured; the state at age A is the state at
// the end of month of life 8 + A (24 months: at exit).
inline constexpr std::array<int, 5> kAgesMonths = {3, 6, 12, 18, 24};
inline constexpr int kFollowUps = 5;
inline constexpr std::array<int, kFollowUps> kFollowUpMonths = {3, 4, 5, 6, 12};
// Care arms by first-line care (specialist work, which runs alongside, aside).
inline constexpr int kArms = 6;
inline constexpr std::array<const char*, kArms> kArmNames = {
    "no_first_line_care", "usual_hv", "trained_hv", "talking_therapies", "specialist_pmh", "mbu"};

static_assert(kRecoveredByAge - kIllAtAge == kAgesMonths.size() &&
              kPerDyadEnd - kRecoveredByAge == kAgesMonths.size());
static_assert(kStaffCostFirst - kStillIllAfterIdentification == kArms * kFollowUps);

inline constexpr std::size_t cost_of_illness_slot(int condition, int person, int line) {
  return static_cast<std::size_t>((condition * 2 + person) * kLines + line);
}

std::vector<core::MeasureSpec> measure_specs(std::size_t years, const std::string& currency);

// A per-dyad measure over every year of the horizon (pooled over its exit years), as a level or
// as the increment of `option` over the comparator.
core::Moments over_years(const core::Tally& t, std::size_t option, std::size_t measure,
                         bool increment);
// A total measure summed over every year of the horizon.
double total_over_years(const core::Tally& t, std::size_t option, std::size_t measure);

}  // namespace pimhsim::models::pathway
