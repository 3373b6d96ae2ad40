#include "pimhsim/models/pathway/measures.h"

#include <fmt/format.h>

namespace pimhsim::models::pathway {

std::vector<core::MeasureSpec> measure_specs(std::size_t years, const std::string& money) {
  std::vector<core::MeasureSpec> m(kMeasureCount);
  auto set = [&](std::size_t i, std::string name, std::string description, std::string unit,
                 bool paired = true, bool total = false, bool summable = true) {
    // A dyad's figures count in the year its 1001 days end; an amount (a total) in the calendar
    // year it is spent.
    m[i] = {std::move(name),
            std::move(description),
            std::move(unit),
            years,
            total ? "calendar" : "exit",
            paired,
            total,
            summable};
  };
  set(kDyads, "dyads", "mother-infant dyads whose 1001 days ended in the year", "dyads");
  set(kIll, "mothers_ill", "mothers ill at any time in pregnancy or the first two years", "share");
  for (int c = 0; c < kConditions; ++c)
    set(kIllByCondition + c, fmt::format("ill_{}", kConditionNames[c]),
        fmt::format("mothers with {}", kConditionNames[c]), "share");
  set(kDetected, "detected", "ill mothers identified (by a health visitor, GP or midwife)",
      "share");
  set(kDetectedAtContact, "detected_at_contact",
      "ill mothers identified at a health-visitor contact", "share");
  set(kFalsePositives, "false_positives",
      "positive screens of well mothers at health-visitor contacts", "screens per dyad");
  for (int s = 0; s < kServices; ++s)
    set(kTreatedByService + s, fmt::format("treated_{}", kServiceNames[s]),
        fmt::format("mothers who started {}", kServiceNames[s]), "share");
  set(kSpecialistReferred, "referred_specialist_hv",
      "dyads referred to the specialist health visitor", "share");
  set(kSpecialistCare, "treated_specialist_hv",
      "dyads who started the specialist health visitor's parent-infant work", "share");
  set(kSpecialistTimely, "specialist_timely",
      "dyads who started specialist work within the timely window of referral", "share");
  set(kTreatedAny, "treated_any",
      "ill mothers who started any care (first-line service or specialist work)", "share");
  set(kRecoveredByExit, "recovered_by_exit",
      "mothers who were ill and were well again by the child's second birthday", "share");
  set(kIllAtExit, "ill_at_exit", "mothers still ill at the child's second birthday", "share");
  set(kMonthsIllUntreated, "months_ill_untreated", "months ill without care", "months per dyad");
  set(kMonthsIllTreated, "months_ill_treated", "months ill in care", "months per dyad");
  set(kServiceCost, "service_cost", "cost of assessments and courses of care (discounted)", money);
  set(kServiceCostNhs, "service_cost_nhs", "courses of care paid by the NHS (discounted)", money);
  set(kServiceCostLocalAuthority, "service_cost_local_authority",
      "health visitors' assessments and listening visits, paid by the local authority (discounted)",
      money);
  set(kLongTermCostMother, "long_term_cost_mother",
      "long-term costs to the mother in every sector, with lost productivity and monetised quality "
      "of life (discounted)",
      money);
  set(kLongTermCostChild, "long_term_cost_child",
      "long-term costs to the child in every sector, with lost productivity and monetised quality "
      "of life (discounted)",
      money);
  for (int l = 0; l < kLines; ++l)
    set(kLongTermByLine + l, fmt::format("long_term_{}", kLineNames[l]),
        fmt::format("long-term costs, {} (mother and child, discounted)", kLineNames[l]), money);
  for (int s = 0; s < kSectors; ++s)
    set(kLongTermBySector + s, fmt::format("sector_{}", kSectorNames[s]),
        fmt::format("long-term costs to the {} sector (discounted)", kSectorNames[s]), money);
  set(kQalysMother, "qalys_mother", "mother's QALYs relative to no illness (<= 0, discounted)",
      "QALY");
  set(kQalysChild, "qalys_child",
      "child's QALYs relative to no maternal illness (<= 0, discounted)", "QALY");
  set(kQalysTotal, "qalys_total", "mother's and child's QALYs relative to no illness (discounted)",
      "QALY");
  set(kCostNhsPss, "cost_nhs_pss",
      "in-period and long-term costs to the NHS and local authorities (discounted)", money);
  set(kCostPublicSector, "cost_public_sector",
      "... plus education and criminal justice (discounted)", money);
  set(kCostSocietal, "cost_societal",
      "... plus productivity, without monetised quality of life (discounted)", money);
  set(kCostQualityOfLife, "cost_quality_of_life",
      "monetised losses of quality of life and life (discounted)", money);
  set(kCostSocietalWithQol, "cost_societal_with_qol",
      "societal cost plus monetised quality of life (discounted)", money);
  set(kCostMinusQalys, "internal_cost_minus_qalys",
      "cost_nhs_pss minus qalys_total, for the cost-QALY covariance", "mixed");
  for (std::size_t i = 0; i < kAgesMonths.size(); ++i) {
    set(kIllAtAge + i, fmt::format("ill_at_age_{}m", kAgesMonths[i]),
        fmt::format("mothers ill when the child is {} months old", kAgesMonths[i]), "share");
    set(kRecoveredByAge + i, fmt::format("recovered_by_age_{}m", kAgesMonths[i]),
        fmt::format("mothers ill before and well again when the child is {} months old",
                    kAgesMonths[i]),
        "share");
  }
  // The incremental analysis's cost and effect (and their difference, for the covariance) are
  // also kept between every two options, for the paired error of each step of the frontier.
  for (const std::size_t i : {kCostNhsPss, kQalysTotal, kCostMinusQalys}) m[i].all_pairs = true;
  for (int p = 0; p < kBudgetPayers; ++p) {
    static constexpr const char* kNames[] = {"nhs", "local_authority", "education",
                                             "criminal_justice"};
    m[kBudgetFlow + p] = {fmt::format("budget_flow_{}", kNames[p]),
                          fmt::format("undiscounted amounts falling on {} in each of the first "
                                      "five years of the horizon, per dyad with flows in them",
                                      kNames[p]),
                          money,
                          5,
                          "calendar",
                          true,
                          false,
                          true};
  }
  set(kWeeksOnsetToDetection, "weeks_onset_to_detection",
      "weeks from onset to identification, identified mothers", "weeks", false, false, false);
  set(kWeeksReferralToSpecialist, "weeks_referral_to_specialist",
      "weeks from referral to the start of specialist work", "weeks", false, false, false);
  for (int arm = 0; arm < kArms; ++arm)
    for (int k = 0; k < kFollowUps; ++k)
      set(kStillIllAfterIdentification + arm * kFollowUps + k,
          fmt::format("still_ill_{}m_after_identification_{}", kFollowUpMonths[k], kArmNames[arm]),
          fmt::format("identified mothers whose first-line care was {}: still ill {} months after "
                      "identification (the month of identification counted)",
                      kArmNames[arm], kFollowUpMonths[k]),
          "share", false, false, false);
  set(kStaffCost, "staff_cost",
      "cost of specialist posts: salary, on-costs and overheads (discounted)", money, false, true);
  set(kTrainingCost, "training_cost",
      "specialists' training and generic health visitors' training time (discounted)", money, false,
      true);
  set(kInvestmentFlow, "investment_flow", "staff and training costs, undiscounted, by year", money,
      false, true);
  set(kServiceFlowNhs, "service_flow_nhs", "in-period care paid by the NHS, undiscounted, by year",
      money, false, true);
  set(kServiceFlowLocalAuthority, "service_flow_local_authority",
      "in-period care paid by local authorities, undiscounted, by year", money, false, true);
  set(kSpecialistWteMonths, "specialist_wte_months", "specialist WTE in post, summed over months",
      "WTE-months", false, true);
  set(kSpecialistSlotMonths, "specialist_slot_months",
      "specialist caseload places, summed over months", "place-months", false, true);
  set(kSpecialistAdmissions, "specialist_admissions", "dyads admitted to specialist caseloads",
      "dyads", false, true);
  set(kFundedWteMonths, "funded_wte_months", "funded specialist WTE, summed over months",
      "WTE-months", false, true);
  set(kEffectiveWteMonths, "effective_wte_months",
      "competent-equivalent specialist WTE (new starters count partly), summed over months",
      "WTE-months", false, true);
  set(kClinicalWteMonths, "clinical_wte_months",
      "effective specialist WTE on the clinical caseload, summed over months", "WTE-months", false,
      true);
  set(kTrainingWteMonths, "training_wte_months",
      "effective specialist WTE training generic health visitors, summed over months", "WTE-months",
      false, true);
  set(kSpecialistHires, "specialist_hires", "specialist WTE starting in post", "WTE", false, true);
  set(kSpecialistLeavers, "specialist_leavers", "specialist WTE leaving their post", "WTE", false,
      true);
  set(kHvsTrained, "hvs_trained", "generic health visitors trained by specialists",
      "health visitors", false, true);
  set(kHvWteMonths, "hv_wte_months", "generic health-visitor WTE, summed over months", "WTE-months",
      false, true);
  set(kTrainedHvWteMonths, "trained_hv_wte_months",
      "generic health-visitor WTE with PIMH training, summed over months", "WTE-months", false,
      true);
  set(kChildrenOnCaseloadMonths, "children_on_caseload_months",
      "children on health visitors' caseloads, summed over months", "child-months", false, true);
  set(kContactsDelivered, "contacts_delivered",
      "mandated health-visitor contacts delivered (pregnancy to the child's second birthday)",
      "contacts", false, true);
  set(kPositiveScreens, "positive_screens",
      "mental health assessments after a positive screen (true or false)", "assessments", false,
      true);
  set(kListeningCourses, "listening_courses", "courses of listening visits started", "courses",
      false, true);
  set(kSpecialistDemand, "specialist_demand",
      "identified dyads whose routing calls for the specialist health visitor (met or not)",
      "dyads", false, true);
  set(kHvTrainingNeed, "hv_training_need",
      "generic health visitors specialists should train to sustain the WISN target trained share",
      "health visitors", false, true);
  for (int person = 0; person < 2; ++person)
    for (int l = 0; l < kLines; ++l) {
      static constexpr const char* kPersonNames[] = {"mother", "child"};
      m[kLongTermAmount + person * kLines + l] = {
          fmt::format("long_term_amount_{}_{}", kPersonNames[person], kLineNames[l]),
          "undiscounted long-term amounts by birth year (period = birth year + 2), for annual cash "
          "flows",
          money,
          years + 1,
          "birth year + 2",
          false,
          true,
          true};
    }
  for (int c = 0; c < kConditions; ++c)
    for (int person = 0; person < 2; ++person)
      for (int l = 0; l < kLines; ++l) {
        const std::size_t slot = cost_of_illness_slot(c, person, l);
        const std::string what =
            fmt::format("{}_{}_{}", kConditionNames[c], kPersons[person], kLineNames[l]);
        m[kCostOfIllnessUndiscounted + slot] = {
            "cost_of_illness_undiscounted_" + what,
            "the comparator's long-term costs of its cases, undiscounted (cost_of_illness.csv)",
            money,
            1,
            "",
            false,
            true,
            true};
        m[kCostOfIllnessDiscounted + slot] = {
            "cost_of_illness_discounted_" + what,
            "the comparator's long-term costs of its cases, discounted to the start of the horizon",
            money,
            1,
            "",
            false,
            true,
            true};
      }
  return m;
}

core::Moments over_years(const core::Tally& t, std::size_t option, std::size_t measure,
                         bool increment) {
  core::Moments m;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    m.merge(increment ? t.increment(option, measure, y) : t.level(option, measure, y));
  return m;
}

double total_over_years(const core::Tally& t, std::size_t option, std::size_t measure) {
  double sum = 0;
  for (std::size_t y = 0; y < t.layout().measures()[measure].periods; ++y)
    sum += t.total(option, measure, y);
  return sum;
}

}  // namespace pimhsim::models::pathway
