#include "pimhsim/models/pathway/exit_accounting.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "pimhsim/core/same_bits.h"
#include "pimhsim/models/pathway/outcomes.h"

namespace pimhsim::models::pathway {

using core::same_bits;

void exit_values(const Inputs& in, const Dyad& d, const BirthFactors& birth,
                 const ExitTiming& timing, std::size_t o, std::size_t options,
                 std::span<double> out, std::array<std::array<double, kLines>, 2>& amounts) {
  for (std::size_t measure = 0; measure < kPerDyadEnd; ++measure) out[measure * options + o] = 0.0;
  for (auto& person : amounts) person.fill(0.0);
  auto set = [&](std::size_t measure, double v) { out[measure * options + o] = v; };
  const bool ever = d.flags & kEverIll;
  set(kDyads, 1.0);
  set(kIll, ever);
  if (ever) set(kIllByCondition + d.condition, 1.0);
  set(kDetected, (d.flags & kIdentified) != 0);
  set(kDetectedAtContact, (d.flags & kAtContact) != 0);
  set(kFalsePositives, d.false_positives);
  if (d.flags & kServiceStarted) set(kTreatedByService + d.service, 1.0);
  set(kSpecialistReferred, (d.flags & kReferred) != 0);
  set(kSpecialistCare, (d.flags & kSpecialist) != 0);
  set(kSpecialistTimely, (d.flags & kTimely) != 0);
  set(kTreatedAny, ever && ((d.flags & kServiceStarted) || (d.flags & kSpecialist)));
  set(kRecoveredByExit, ever && !(d.flags & kIllNow));
  set(kIllAtExit, (d.flags & kIllNow) != 0);
  for (std::size_t i = 0; i < kAgesMonths.size(); ++i) {
    const int month = kBirthMonth - 1 + kAgesMonths[i];
    const bool ill = ill_at_end_of(d, month);
    set(kIllAtAge + i, ill);
    set(kRecoveredByAge + i, ever && d.onset <= month && !ill);
  }
  set(kMonthsIllUntreated, d.months_untreated);
  set(kMonthsIllTreated, d.months_treated);
  const double services = d.service_cost[kPayNhs] + d.service_cost[kPayLocalAuthority];
  set(kServiceCost, services);
  set(kServiceCostNhs, d.service_cost[kPayNhs]);
  set(kServiceCostLocalAuthority, d.service_cost[kPayLocalAuthority]);

  double qaly_mother = d.qaly_loss;
  if (d.flags & kIllNow)
    qaly_mother += in.decrement[d.condition] * in.post_exit_months / 12.0 * timing.df_effect;
  double qaly_child = 0;
  std::array<double, kLines> line{};
  if (ever) {
    const History h{d.months_untreated, d.months_treated, (d.flags & kSpecialist) != 0};
    const double share[2] = {cost_share(in, 0, d.condition, h), cost_share(in, 1, d.condition, h)};
    double person_total[2] = {0, 0};
    for (int l = 0; l < kLines; ++l)
      for (int p = 0; p < 2; ++p) {
        const double present_value =
            in.case_cost[d.condition][p][l] * share[p];  // at the birth, source's rate
        amounts[p][l] = present_value * in.undiscounted_per_pv[p][l];
        const double discounted = present_value * birth.cost[p][l];
        person_total[p] += discounted;
        line[l] += discounted;
      }
    for (int l = 0; l < kLines; ++l) {
      out[(kLongTermByLine + l) * options + o] = line[l];
      out[(kLongTermBySector + kLineSector[l]) * options + o] += line[l];
    }
    set(kLongTermCostMother, person_total[0]);
    set(kLongTermCostChild, person_total[1]);
    qaly_child = in.child_qaly_loss[d.condition] * share[1] * birth.child_qaly;
  }
  set(kQalysMother, -qaly_mother);
  set(kQalysChild, -qaly_child);
  set(kQalysTotal, -qaly_mother - qaly_child);
  // Perspectives nest: NHS and PSS (NHS, local authorities' social care and public health),
  // public sector (+ education, criminal justice), societal (+ victims of crime, productivity).
  const double nhs_pss = services + line[kAdultMentalHealth] + line[kChildMentalHealth] +
                         line[kOtherHealth] + line[kSocialCare];
  const double public_sector = nhs_pss + line[kEducationLine] + line[kCriminalJusticeLine];
  const double societal = public_sector + line[kVictimsOfCrime] + line[kProductivity];
  set(kCostNhsPss, nhs_pss);
  set(kCostPublicSector, public_sector);
  set(kCostSocietal, societal);
  set(kCostQualityOfLife, line[kQualityOfLife]);
  set(kCostSocietalWithQol, societal + line[kQualityOfLife]);
  set(kCostMinusQalys, nhs_pss - (-qaly_mother - qaly_child));
}

bool exits_never_ill(const Dyad& d) {
  static constexpr Dyad kNew{};
  // Whether a mother's illness would be hidden, or chronic, is drawn at her entry; it means
  // nothing to the exit of one who was never ill.
  bool nhs_flows = true;
  for (const auto& year : d.service_flow) nhs_flows = nhs_flows && same_bits(year[kPayNhs], 0.0);
  return (d.flags & ~(kHidden | kChronic)) == 0 && d.months_untreated == 0 &&
         d.months_treated == 0 && same_bits(d.qaly_loss, kNew.qaly_loss) &&
         same_bits(d.service_cost[kPayNhs], 0.0) && nhs_flows;
}

bool had_screens(const Dyad& d) {
  static constexpr Dyad kNew{};
  return d.false_positives != 0 || !same_bits(d.service_cost, kNew.service_cost) ||
         !same_bits(d.service_flow, kNew.service_flow);
}

bool exits_plain(const Dyad& d) {
  return exits_never_ill(d) && !had_screens(d);
}

// As exit_values computes them for a dyad that was never ill: no long-term line, no QALY loss.
std::array<core::TallyRow::Change, 8> never_ill_changes(const Dyad& d) {
  const double services = d.service_cost[kPayNhs] + d.service_cost[kPayLocalAuthority];
  const double no_line = 0.0, qalys_total = -d.qaly_loss - 0.0;
  const double nhs_pss = services + no_line + no_line + no_line + no_line;
  const double public_sector = nhs_pss + no_line + no_line;
  const double societal = public_sector + no_line + no_line;
  return {{{kFalsePositives, static_cast<double>(d.false_positives)},
           {kServiceCost, services},
           {kServiceCostLocalAuthority, d.service_cost[kPayLocalAuthority]},
           {kCostNhsPss, nhs_pss},
           {kCostPublicSector, public_sector},
           {kCostSocietal, societal},
           {kCostSocietalWithQol, societal + no_line},
           {kCostMinusQalys, nhs_pss - qalys_total}}};
}

bool values_exits_alike(const Inputs& a, const Inputs& b) {
  return same_bits(a.case_cost, b.case_cost) && same_bits(a.years, b.years) &&
         same_bits(a.undiscounted_per_pv, b.undiscounted_per_pv) &&
         same_bits(a.avoidable, b.avoidable) && same_bits(a.treated_weight, b.treated_weight) &&
         same_bits(a.specialist_child_effect, b.specialist_child_effect) &&
         same_bits(a.status_quo.exposure, b.status_quo.exposure) &&
         same_bits(a.status_quo.child, b.status_quo.child) &&
         same_bits(a.child_qaly_loss, b.child_qaly_loss) && same_bits(a.decrement, b.decrement) &&
         same_bits(a.post_exit_months, b.post_exit_months);
}

bool simulates_alike(const Inputs& a, const Inputs& b) {
  return same_bits(a.prevalence_cum, b.prevalence_cum) && same_bits(a.onset_cum, b.onset_cum) &&
         same_bits(a.severity_cum, b.severity_cum) && same_bits(a.contact_month, b.contact_month) &&
         same_bits(a.hidden_share, b.hidden_share) &&
         same_bits(a.other_detection, b.other_detection) &&
         same_bits(a.routing_cum, b.routing_cum) &&
         same_bits(a.psychosis_mbu_share, b.psychosis_mbu_share) &&
         same_bits(a.specialist_referral, b.specialist_referral) &&
         same_bits(a.wait_months, b.wait_months) && same_bits(a.course_months, b.course_months) &&
         same_bits(a.course_cost, b.course_cost) &&
         same_bits(a.assessment_cost, b.assessment_cost) &&
         same_bits(a.natural_hazard, b.natural_hazard) &&
         same_bits(a.chronic_share, b.chronic_share) &&
         same_bits(a.usual_hv_added, b.usual_hv_added) &&
         same_bits(a.service_added, b.service_added) &&
         same_bits(a.condition_factor, b.condition_factor) &&
         same_bits(a.severity_factor, b.severity_factor) &&
         same_bits(a.specialist_hazard_ratio, b.specialist_hazard_ratio) &&
         same_bits(a.episode_months, b.episode_months) &&
         same_bits(a.timely_months, b.timely_months) &&
         same_bits(a.overflow_waits, b.overflow_waits) && same_bits(a.decrement, b.decrement);
}

// The record's bytes are its fields but for the padding before trained_u, which is compared
// around.
static_assert(offsetof(Dyad, recovery_month) == sizeof(int) + sizeof(std::uint16_t) + 13 &&
              offsetof(Dyad, recovery_month) + 1 <= offsetof(Dyad, trained_u) &&
              offsetof(Dyad, trained_u) + sizeof(double) == offsetof(Dyad, qaly_loss) &&
              offsetof(Dyad, qaly_loss) + sizeof(double) == offsetof(Dyad, service_cost) &&
              offsetof(Dyad, service_cost) + sizeof(Dyad::service_cost) ==
                  offsetof(Dyad, service_flow) &&
              offsetof(Dyad, service_flow) + sizeof(Dyad::service_flow) == sizeof(Dyad));
bool same_record(const Dyad& a, const Dyad& b) {
  constexpr std::size_t head = offsetof(Dyad, recovery_month) + 1, tail = offsetof(Dyad, trained_u);
  const auto* pa = reinterpret_cast<const unsigned char*>(&a);
  const auto* pb = reinterpret_cast<const unsigned char*>(&b);
  return std::memcmp(pa, pb, head) == 0 &&
         std::memcmp(pa + tail, pb + tail, sizeof(Dyad) - tail) == 0;
}

}  // namespace pimhsim::models::pathway
