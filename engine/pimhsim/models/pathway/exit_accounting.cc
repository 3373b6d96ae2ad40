#include "pimhsim/models/pathway/exit_accounting.h"

#include "pimhsim/models/pathway/outcomes.h"

namespace pimhsim::models::pathway {

void exit_values(const Inputs& in, const Dyad& d, const BirthFactors& birth,
                 const ExitTiming& timing, std::size_t o,
                 std::array<std::vector<double>, kMeasureCount>& out,
                 std::array<std::array<double, kLines>, 2>& amounts) {
  for (std::size_t measure = 0; measure < kPerDyadEnd; ++measure) out[measure][o] = 0.0;
  for (auto& person : amounts) person.fill(0.0);
  auto set = [&](std::size_t measure, double v) { out[measure][o] = v; };
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
      out[kLongTermByLine + l][o] = line[l];
      out[kLongTermBySector + kLineSector[l]][o] += line[l];
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

}  // namespace pimhsim::models::pathway
