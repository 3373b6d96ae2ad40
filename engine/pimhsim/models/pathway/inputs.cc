#include "pimhsim/models/pathway/inputs.h"

#include <fmt/format.h>

#include <cmath>

#include "pimhsim/models/pathway/outcomes.h"
#include "pimhsim/models/pathway/recovery_calibration.h"

namespace pimhsim::models::pathway {
namespace {

// Cumulative shares of a shares parameter, in the order of `names`.
template <std::size_t N>
std::array<double, N> cumulative(const core::Parameter& p,
                                 const std::array<const char*, N>& names) {
  std::array<double, N> out{};
  double running = 0;
  for (std::size_t i = 0; i < N; ++i) {
    for (std::size_t c = 0; c < p.components.size(); ++c)
      if (p.components[c] == names[i]) running += p.shares[c];
    out[i] = running;
  }
  out[N - 1] = 1.0;  // guard against rounding in the last share
  return out;
}

double share(const core::Parameter& p, const std::string& name) {
  for (std::size_t c = 0; c < p.components.size(); ++c)
    if (p.components[c] == name) return p.shares[c];
  return 0;
}

}  // namespace

Inputs Inputs::from(const core::ParameterSet& p, const core::SwitchSet& sw,
                    RecoveryCalibrations* calibrations) {
  Inputs in;
  auto v = [&](const std::string& name) { return p.value(name); };
  in.births_trend = v("births.annual_trend");
  double running = 0;
  for (int c = 0; c < kConditions; ++c) {
    const std::string cn = kConditionNames[c];
    running += v("prevalence." + cn);
    in.prevalence_cum[c] = running;
    in.onset_cum[c] = cumulative(p.at("onset." + cn), kOnsetBandNames);
    in.severity_cum[c] = cumulative(p.at("severity." + cn), kSeverityNames);
    in.condition_factor[c] = v("recovery.condition_factor." + cn);
    in.decrement[c] = v("qaly.decrement." + cn);
  }
  for (int k = 0; k < kContacts; ++k) {
    const std::string base = std::string("contacts.") + kContactNames[k];
    in.contact_month[k] = static_cast<int>(v(base + ".month")) + kBirthMonth;
    in.coverage[k] = v(base + ".coverage");
  }
  in.sensitivity = {v("detection.sensitivity.untrained"), v("detection.sensitivity.trained")};
  in.specificity = {v("detection.specificity.untrained"), v("detection.specificity.trained")};
  in.hidden_share = v("detection.hidden_share");
  static constexpr std::array<const char*, 4> kRoutes = {"none", "listening_visits",
                                                         "talking_therapies", "specialist_pmh"};
  for (int s = 0; s < kSeverities; ++s) {
    const std::string sn = kSeverityNames[s];
    in.other_detection[s] = v("detection.other_monthly." + sn);
    in.routing_cum[s] = cumulative(p.at("routing." + sn), kRoutes);
    in.specialist_referral[s] = v("routing.specialist_hv." + sn);
    in.severity_factor[s] = v("recovery.severity_factor." + sn);
  }
  in.psychosis_mbu_share = share(p.at("routing.psychosis"), "mbu");
  RecoveryTargets targets;
  for (int s = 0; s < kServices; ++s) {
    const std::string base = std::string("services.") + kServiceNames[s];
    in.wait_months[s] = static_cast<int>(v(base + ".wait_months"));
    in.course_months[s] = std::max(1, static_cast<int>(std::lround(v(base + ".course_months"))));
    in.course_cost[s] = v(base + ".cost");
    if (s != kListeningVisits)
      targets.course_recovered[s] = -std::expm1(
          in.course_months[s] *
          std::log1p(-std::min(v(std::string("recovery.monthly.") + kServiceNames[s]), 1 - 1e-12)));
  }
  in.assessment_cost = v("assessment.cost");
  // Remission, calibrated on the model's own population (recovery_calibration.h).
  targets.chronic_at_contact = v("recovery.chronic_share");
  targets.contact_month = in.contact_month[2];  // the six-to-eight-week review
  targets.untreated_recovered = v("recovery.untreated.recovered");
  targets.untreated_months = v("recovery.untreated.months");
  targets.untreated_start =
      kBirthMonth + static_cast<int>(std::lround(v("recovery.untreated.start_age_months")));
  targets.usual_persistent = v("recovery.usual_hv.persistent");
  targets.usual_months = v("recovery.usual_hv.months");
  targets.trained_from_holden = sw.choice("trained_hv_evidence") == "holden";
  targets.trained_odds_ratio = v("recovery.trained_hv.odds_ratio");
  targets.trained_holden_recovered = v("recovery.trained_hv.holden_recovered");
  const RecoveryCalibration cal = calibrations != nullptr
                                      ? calibrations->solve(RecoveryPopulation::of(in), targets)
                                      : calibrate_recovery(in, targets);
  in.chronic_share = cal.chronic_at_onset;
  in.natural_hazard = cal.natural_hazard;
  in.usual_hv_added = cal.usual_added;
  in.service_added = cal.service_added;
  in.recovery_saturated = cal.saturated;
  in.specialist_hazard_ratio = v("specialist.recovery_hazard_ratio");
  in.episode_months = std::max(1, static_cast<int>(std::lround(v("specialist.episode_months"))));
  in.caseload_per_clinical_wte = v("specialist.caseload_per_clinical_wte");
  const auto& split = p.at("specialist.time_split");
  in.clinical_share = share(split, "clinical");
  in.training_share = share(split, "training");
  in.development_share = share(split, "service_development");
  in.salary =
      v(fmt::format("pay.{}.{}", sw.choice("specialist_band"), sw.choice("specialist_pay_point")));
  in.post_cost_per_wte =
      in.salary +
      v("investment.employer_ni_rate") * std::max(0.0, in.salary - v("investment.ni_threshold")) +
      (v("investment.pension_rate." + sw.choice("pension_basis")) +
       v("investment.apprenticeship_levy_rate") + v("investment.overhead_rate")) *
          in.salary;
  in.training_cost_per_post = v("investment.training_cost_per_post");
  in.hv_hourly_cost = v("investment.hv_hourly_cost");
  // The step is a month: care within 4 weeks of referral means care in the month of referral
  // (floor(4 x 12 / 52) = 0 whole months later); 9 weeks would allow the following month.
  in.timely_months =
      std::max(0, static_cast<int>(std::floor(v("specialist.timely_weeks") * 12.0 / 52.0 + 1e-9)));
  in.wte_per_area = v("staffing.wte_per_area");
  in.wte_per_1000_births = v("staffing.wte_per_1000_births");
  in.minimum_wte = v("staffing.minimum_wte");
  in.wte_from_area_table = sw.choice("staffing_rule") == "area_table";
  in.supply = {v("supply.recruitment_months"), v("supply.competence_months"),
               v("supply.starting_capacity"), v("supply.attrition_per_year")};
  in.national_hires_per_year = v("supply.national_hires_per_year");
  in.initial_trained_share = v("cascade.initial_share");
  in.specialist_hours_per_hv = v("cascade.specialist_hours_per_hv_trained");
  in.hv_hours_per_training = v("cascade.hv_hours_per_training");
  in.hv_per_1000_births = v("hv.wte_per_1000_births");
  in.hv_workforce_change = v("hv.workforce_change");
  in.hv_turnover = v("hv.turnover_per_year");
  in.caseload_age_years = v("hv.caseload_age_years");
  in.caseload_standard = v("hv.caseload_standard");
  in.coverage_elasticity = v("hv.coverage_elasticity");
  in.coverage_responds = sw.choice("coverage_pressure") == "caseload";
  in.champions_maintained = sw.choice("champion_coverage") == "maintained";
  in.working_time.working_days_per_year = v("wisn.working_days");
  in.working_time.hours_per_day = v("wisn.hours_per_day");
  in.working_time.annual_leave_days = v("wisn.annual_leave_days");
  in.working_time.public_holiday_days = v("wisn.public_holiday_days");
  in.working_time.sickness_share = v("wisn.sickness_share");
  in.working_time.training_days = v("wisn.training_days");
  in.awt_hours = workforce::available_working_time_hours(in.working_time);
  in.wisn_hours_per_episode = v("wisn.specialist.hours_per_episode");
  in.wisn_specialist_support = v("wisn.specialist.support_hours");
  in.wisn_development_hours = v("wisn.specialist.service_development_hours");
  in.wisn_target_share = v("wisn.specialist.target_trained_share");
  in.wisn_hours_per_contact = v("wisn.hv.hours_per_contact");
  in.wisn_hours_per_assessment = v("wisn.hv.hours_per_assessment");
  in.wisn_hours_per_listening = v("wisn.hv.hours_per_listening_course");
  in.wisn_other_hours_per_child = v("wisn.hv.other_hours_per_child");
  in.wisn_hv_support = v("wisn.hv.support_hours");
  in.overflow_waits = sw.choice("capacity_overflow") == "wait";

  // Per-case costs: depression, anxiety and psychosis from their own parameters; comorbid and
  // PTSD as multiples of depression and anxiety.
  std::array<std::array<std::array<double, kLines>, 2>, kCostedConditions> costed{};
  for (int c = 0; c < kCostedConditions; ++c)
    for (int person = 0; person < 2; ++person) {
      const double total =
          v(fmt::format("long_term.cost.{}.{}", kCostedNames[c], kPersons[person]));
      const auto& lines =
          p.at(fmt::format("long_term.lines.{}.{}", kCostedNames[c], kPersons[person]));
      for (int l = 0; l < kLines; ++l) costed[c][person][l] = total * share(lines, kLineNames[l]);
    }
  const double comorbid = v("long_term.comorbid_factor"), ptsd = v("long_term.ptsd_factor");
  for (int person = 0; person < 2; ++person)
    for (int l = 0; l < kLines; ++l) {
      in.case_cost[kDepression][person][l] = costed[0][person][l];
      in.case_cost[kAnxiety][person][l] = costed[1][person][l];
      in.case_cost[kPsychosis][person][l] = costed[2][person][l];
      in.case_cost[kComorbid][person][l] = comorbid * costed[0][person][l];
      in.case_cost[kPtsd][person][l] = ptsd * costed[1][person][l];
    }
  for (int person = 0; person < 2; ++person) {
    for (int l = 0; l < kLines; ++l) {
      const std::string base =
          fmt::format("long_term.years.{}.{}", kPersons[person], kLineNames[l]);
      in.years[person][l] = {v(base + ".start"), v(base + ".end")};
    }
    in.avoidable[person] = v(std::string("long_term.avoidable_fraction.") + kPersons[person]);
  }
  in.source_discount = core::DiscountSchedule::constant(v("long_term.source_discount_rate"));
  for (int person = 0; person < 2; ++person)
    for (int l = 0; l < kLines; ++l) {
      in.undiscounted_per_pv[person][l] = undiscounted_per_present_value(
          in.source_discount, in.years[person][l][0], in.years[person][l][1]);
      in.source_pv[person][l] = profile_present_value(in.source_discount, 0, in.years[person][l][0],
                                                      in.years[person][l][1]);
    }
  in.treated_weight = v("long_term.treated_exposure_weight");
  in.specialist_child_effect = v("long_term.specialist_child_effect");
  const double q_dep = v("long_term.qaly_loss_child.depression"),
               q_anx = v("long_term.qaly_loss_child.anxiety");
  in.child_qaly_loss = {q_dep, q_anx, comorbid * q_dep, ptsd * q_anx,
                        v("long_term.qaly_loss_child.psychosis")};
  in.post_exit_months = v("qaly.post_exit_months");
  return in;
}

}  // namespace pimhsim::models::pathway
