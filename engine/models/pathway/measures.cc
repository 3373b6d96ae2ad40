#include "models/pathway/measures.h"

#include <fmt/format.h>

namespace pimhsim::models::pathway {

std::vector<core::MeasureSpec> measure_specs(std::size_t years, const std::string& money) {
  std::vector<core::MeasureSpec> m(kMeasureCount);
  auto set = [&](std::size_t i, std::string name, std::string description, std::string unit,
                 bool paired = true, bool total = false, bool summable = true) {
    m[i] = {std::move(name), std::move(description), std::move(unit), years, "year", paired, total, summable};
  };
  set(kDyads, "dyads", "mother-infant dyads whose 1001 days ended in the year", "dyads");
  set(kIll, "mothers_ill", "mothers ill at any time in pregnancy or the first two years", "share");
  for (int c = 0; c < kConditions; ++c)
    set(kIllByCondition + c, fmt::format("ill_{}", kConditionNames[c]), fmt::format("mothers with {}", kConditionNames[c]), "share");
  set(kDetected, "detected", "ill mothers identified (by a health visitor, GP or midwife)", "share");
  set(kDetectedAtContact, "detected_at_contact", "ill mothers identified at a health-visitor contact", "share");
  set(kFalsePositives, "false_positives", "positive screens of well mothers at health-visitor contacts", "screens per dyad");
  for (int s = 0; s < kServices; ++s)
    set(kTreatedByService + s, fmt::format("treated_{}", kServiceNames[s]), fmt::format("mothers who started {}", kServiceNames[s]), "share");
  set(kSpecialistReferred, "referred_specialist_hv", "dyads referred to the specialist health visitor", "share");
  set(kSpecialistCare, "treated_specialist_hv", "dyads who started the specialist health visitor's parent-infant work", "share");
  set(kSpecialistTimely, "specialist_timely", "dyads who started specialist work within the timely window of referral", "share");
  set(kTreatedAny, "treated_any", "ill mothers who started any care (first-line service or specialist work)", "share");
  set(kRecoveredByExit, "recovered_by_exit", "mothers who were ill and were well again by the child's second birthday", "share");
  set(kIllAtExit, "ill_at_exit", "mothers still ill at the child's second birthday", "share");
  set(kMonthsIllUntreated, "months_ill_untreated", "months ill without care", "months per dyad");
  set(kMonthsIllTreated, "months_ill_treated", "months ill in care", "months per dyad");
  set(kServiceCost, "service_cost", "cost of assessments and courses of care (discounted)", money);
  set(kLongTermCostMother, "long_term_cost_mother", "long-term costs to the mother (discounted)", money);
  set(kLongTermCostChild, "long_term_cost_child", "long-term costs to the child (discounted)", money);
  for (int l = 0; l < kLines; ++l)
    set(kLongTermByLine + l, fmt::format("long_term_{}", kLineNames[l]), fmt::format("long-term costs, {} (mother and child, discounted)", kLineNames[l]), money);
  for (int s = 0; s < kSectors; ++s)
    set(kLongTermBySector + s, fmt::format("sector_{}", kSectorNames[s]), fmt::format("long-term costs to the {} sector (discounted)", kSectorNames[s]), money);
  set(kQalysMother, "qalys_mother", "mother's QALYs relative to no illness (<= 0, discounted)", "QALY");
  set(kQalysChild, "qalys_child", "child's QALYs relative to no maternal illness (<= 0, discounted)", "QALY");
  set(kWeeksOnsetToDetection, "weeks_onset_to_detection", "weeks from onset to identification, identified mothers", "weeks", false, false, false);
  set(kWeeksReferralToSpecialist, "weeks_referral_to_specialist", "weeks from referral to the start of specialist work", "weeks", false, false, false);
  set(kStaffCost, "staff_cost", "cost of specialist posts (discounted)", money, false, true);
  set(kSpecialistWteMonths, "specialist_wte_months", "funded specialist WTE-months", "WTE-months", false, true);
  set(kSpecialistSlotMonths, "specialist_slot_months", "specialist caseload places, summed over months", "place-months", false, true);
  set(kSpecialistAdmissions, "specialist_admissions", "dyads admitted to specialist caseloads", "dyads", false, true);
  return m;
}

}  // namespace pimhsim::models::pathway
