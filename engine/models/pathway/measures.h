// What the pathway measures, in tally order. Per-dyad measures are recorded when a dyad leaves
// (the child's second birthday), in the year it leaves; budget measures per budget year; totals
// as they occur.
#pragma once

#include <vector>

#include "core/tally.h"
#include "models/pathway/spec.h"

namespace pimhsim::models::pathway {

inline constexpr int kBudgetPayers = 4;  // nhs, local_authority, education, criminal_justice

enum Measure : std::size_t {
  // Per dyad, paired across options, by exit year.
  kDyads,
  kIll,
  kIllByCondition,                                  // + condition
  kDetected = kIllByCondition + kConditions,
  kDetectedAtContact,
  kFalsePositives,
  kTreatedByService,                                // + service
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
  kLongTermByLine,                                  // + line (mother and child together)
  kLongTermBySector = kLongTermByLine + kLines,     // + sector
  kQalysMother = kLongTermBySector + kSectors,
  kQalysChild,
  kQalysTotal,
  kCostNhsPss,            // services and long-term costs to the NHS and local authorities
  kCostPublicSector,      // ... plus education and criminal justice
  kCostSocietal,          // ... plus productivity (monetised quality of life apart)
  kCostQualityOfLife,     // monetised quality of life and life (Bauer et al.)
  kCostSocietalWithQol,   // societal plus monetised quality of life
  kCostMinusQalys,        // NHS and PSS cost minus QALYs: gives the cost-QALY covariance
  kPerDyadEnd,
  // Per dyad, paired, for dyads whose flows can fall in the first budget years: undiscounted
  // amounts by budget year (period = year of the horizon, 0-4).
  kBudgetFlow = kPerDyadEnd,                        // + payer
  // Per dyad, unpaired (the subsets differ between options), by exit year.
  kWeeksOnsetToDetection = kBudgetFlow + kBudgetPayers,
  kWeeksReferralToSpecialist,
  // Totals by calendar year of occurrence, for the whole population (simulated amounts / scale).
  kStaffCost,               // specialist posts (discounted)
  kTrainingCost,            // specialists' training and generic health visitors' time (discounted)
  kInvestmentFlow,          // both, undiscounted
  kServiceFlowNhs,          // in-period care, undiscounted
  kServiceFlowLocalAuthority,
  kSpecialistWteMonths,     // in post
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
  kTrainedHvWteMonths,      // trained share x health-visitor WTE
  kChildrenOnCaseloadMonths,
  kContactsDelivered,
  kPositiveScreens,         // assessments after a positive screen (true or false)
  kListeningCourses,
  kSpecialistDemand,        // detected dyads the routing would refer to a specialist
  kHvTrainingNeed,          // health visitors specialists should train to sustain the WISN target share
  // Totals by birth year (period = birth year + 2): undiscounted long-term amounts by person and
  // line, expanded over their profile years into annual cash flows when reported.
  kLongTermAmount,                                  // + person * kLines + line
  // The comparator's cost of illness, totals over the horizon by condition, person and line
  // (cost_of_illness_slot): undiscounted, and discounted to the start of the horizon.
  kCostOfIllnessUndiscounted = kLongTermAmount + 2 * kLines,
  kCostOfIllnessDiscounted = kCostOfIllnessUndiscounted + kConditions * 2 * kLines,
  kMeasureCount = kCostOfIllnessDiscounted + kConditions * 2 * kLines
};

inline constexpr std::size_t cost_of_illness_slot(int condition, int person, int line) {
  return static_cast<std::size_t>((condition * 2 + person) * kLines + line);
}

std::vector<core::MeasureSpec> measure_specs(std::size_t years, const std::string& currency);

}  // namespace pimhsim::models::pathway
