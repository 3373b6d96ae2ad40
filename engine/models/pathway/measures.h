// What the pathway measures, in tally order. Per-dyad measures are recorded when a dyad leaves
// (the child's second birthday), in the year it leaves; totals are recorded as they occur.
#pragma once

#include <vector>

#include "core/tally.h"
#include "models/pathway/spec.h"

namespace pimhsim::models::pathway {

enum Measure : std::size_t {
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
  kLongTermCostMother,
  kLongTermCostChild,
  kLongTermByLine,                                  // + line (mother and child together)
  kLongTermBySector = kLongTermByLine + kLines,     // + sector
  kQalysMother = kLongTermBySector + kSectors,
  kQalysChild,
  kWeeksOnsetToDetection,                           // detected dyads only (unpaired)
  kWeeksReferralToSpecialist,                       // dyads who started specialist care (unpaired)
  kStaffCost,                                       // totals from here on
  kSpecialistWteMonths,
  kSpecialistSlotMonths,
  kSpecialistAdmissions,
  kMeasureCount
};

std::vector<core::MeasureSpec> measure_specs(std::size_t years, const std::string& currency);

}  // namespace pimhsim::models::pathway
