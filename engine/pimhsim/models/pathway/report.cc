#include "pimhsim/models/pathway/report.h"

#include <cmath>

#include "pimhsim/models/estimate_json.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/pathway.h"

namespace pimhsim::models::pathway {
namespace {

nlohmann::json total_json(const Total& t) {
  return {{"total", estimate_json(t.total, t.se)},
          {"per_dyad", estimate_json(t.per_dyad, t.per_dyad_se)}};
}

}  // namespace

nlohmann::json figures_json(const Figures& f) {
  nlohmann::json b;
  b["dyads"] = f.dyads;
  b["mothers_ill"] = total_json(f.mothers_ill);
  for (int c = 0; c < kConditions; ++c)
    b["ill_by_condition"][kConditionNames[c]] = total_json(f.ill_by_condition[c]);
  b["detected"] = total_json(f.detected);
  b["detected_at_contact"] = total_json(f.detected_at_contact);
  b["false_positive_screens"] = total_json(f.false_positive_screens);
  for (int s = 0; s < kServices; ++s)
    b["treated_by_service"][kServiceNames[s]] = total_json(f.treated_by_service[s]);
  b["treated_by_service"]["specialist_hv"] = total_json(f.specialist_care);
  b["referred_to_specialist_hv"] = total_json(f.referred_to_specialist);
  b["specialist_started_within_timely_window"] = total_json(f.specialist_timely);
  b["treated_any"] = total_json(f.treated_any);
  b["recovered_by_exit"] = total_json(f.recovered_by_exit);
  b["ill_at_exit"] = total_json(f.ill_at_exit);
  b["months_ill_untreated"] = total_json(f.months_ill_untreated);
  b["staff_cost"] = {{"total", estimate_json(f.staff_cost, 0.0)}};
  b["service_cost"] = total_json(f.service_cost);
  b["long_term_cost_mother"] = total_json(f.long_term_cost_mother);
  b["long_term_cost_child"] = total_json(f.long_term_cost_child);
  for (int l = 0; l < kLines; ++l)
    b["long_term_cost_by_service_line"][kLineNames[l]] = total_json(f.long_term_by_line[l]);
  for (int s = 0; s < kSectors; ++s)
    b["long_term_cost_by_sector"][kSectorNames[s]] = total_json(f.long_term_by_sector[s]);
  b["qalys_mother"] = total_json(f.qalys_mother);
  b["qalys_child"] = total_json(f.qalys_child);
  return b;
}

nlohmann::json staffing_json(const StaffingSummary& s) {
  const auto& mean = s.mean;
  nlohmann::json j{{"mean_funded_wte", mean.funded},
                   {"mean_in_post_wte", mean.in_post},
                   {"mean_effective_wte", mean.effective},
                   {"mean_clinical_wte", mean.clinical},
                   {"mean_training_wte", mean.training},
                   {"mean_caseload_places", mean.slots},
                   {"hires_wte", mean.hires},
                   {"leavers_wte", mean.leavers},
                   {"health_visitors_trained", mean.hvs_trained}};
  if (s.first) {
    j["trained_share_first_year"] = number_json(s.first->trained_share);
    j["trained_share_final_year"] = number_json(s.last->trained_share);
    j["in_post_wte_first_year"] = s.first->in_post;
    j["in_post_wte_final_year"] = s.last->in_post;
    j["health_visitor_wte"] = s.first->hv_wte;
    j["children_per_health_visitor"] = number_json(s.first->children_per_hv);
    j["children_per_health_visitor_standard"] = s.caseload_standard;
  }
  j["wisn"] = {
      {"specialist_required_wte", number_json(s.specialist_required)},
      {"specialist_ratio", number_json(mean.in_post / s.specialist_required)},
      {"health_visitor_required_wte", number_json(s.health_visitor_required)},
      {"health_visitor_ratio", s.first ? number_json(s.first->hv_wte / s.health_visitor_required)
                                       : nlohmann::json(nullptr)},
      {"note", "mean over the horizon's years; ratio = staff in post / required (< 1: shortage)"}};
  return j;
}

StaffingSummary Model::staffing_summary(const core::Tally& t, std::size_t o) const {
  const std::size_t year_count = t.layout().measures()[kFundedWteMonths].periods;
  const double years = static_cast<double>(year_count);
  const double areas = static_cast<double>(areas_.size());
  StaffingSummary out;
  out.caseload_standard = options_[o].caseload_standard;
  auto& mean = out.mean;
  for (std::size_t y = 0; y < year_count; ++y) {
    const auto s = staffing_year(t, o, y, options_[o], areas, total_factor());
    if (y == 0) out.first = s;
    out.last = s;
    mean.funded += s.funded / years;
    mean.in_post += s.in_post / years;
    mean.effective += s.effective / years;
    mean.clinical += s.clinical / years;
    mean.training += s.training / years;
    mean.slots += s.slots / years;
    mean.hires += s.hires;
    mean.leavers += s.leavers;
    mean.hvs_trained += s.hvs_trained;
    out.specialist_required += s.specialist.required / years;
    out.health_visitor_required += s.health_visitor.required / years;
  }
  return out;
}

Report Model::report(const core::Tally& t) const {
  const double f = population_factor();
  auto total = [&](std::size_t o, std::size_t measure, bool inc) {
    const auto m = over_years(t, o, measure, inc);
    const double n = static_cast<double>(m.count());
    return Total{m.mean() * n * f, m.standard_error() * n * f, m.mean(), m.standard_error()};
  };
  auto mean = [&](std::size_t o, std::size_t measure) {
    const auto m = over_years(t, o, measure, false);
    if (m.count() == 0) return Mean{};
    return Mean{m.mean(), m.standard_error(), m.count()};
  };
  auto figures = [&](std::size_t o, bool inc) {
    Figures b;
    b.dyads = total(o, kDyads, inc).total;
    b.mothers_ill = total(o, kIll, inc);
    for (int c = 0; c < kConditions; ++c)
      b.ill_by_condition[c] = total(o, kIllByCondition + c, inc);
    b.detected = total(o, kDetected, inc);
    b.detected_at_contact = total(o, kDetectedAtContact, inc);
    b.false_positive_screens = total(o, kFalsePositives, inc);
    for (int s = 0; s < kServices; ++s)
      b.treated_by_service[s] = total(o, kTreatedByService + s, inc);
    b.specialist_care = total(o, kSpecialistCare, inc);
    b.referred_to_specialist = total(o, kSpecialistReferred, inc);
    b.specialist_timely = total(o, kSpecialistTimely, inc);
    b.treated_any = total(o, kTreatedAny, inc);
    b.recovered_by_exit = total(o, kRecoveredByExit, inc);
    b.ill_at_exit = total(o, kIllAtExit, inc);
    b.months_ill_untreated = total(o, kMonthsIllUntreated, inc);
    b.staff_cost = total_over_years(t, o, kStaffCost) * total_factor();
    if (inc) b.staff_cost -= total_over_years(t, 0, kStaffCost) * total_factor();
    b.service_cost = total(o, kServiceCost, inc);
    b.long_term_cost_mother = total(o, kLongTermCostMother, inc);
    b.long_term_cost_child = total(o, kLongTermCostChild, inc);
    for (int l = 0; l < kLines; ++l) b.long_term_by_line[l] = total(o, kLongTermByLine + l, inc);
    for (int s = 0; s < kSectors; ++s)
      b.long_term_by_sector[s] = total(o, kLongTermBySector + s, inc);
    b.qalys_mother = total(o, kQalysMother, inc);
    b.qalys_child = total(o, kQalysChild, inc);
    return b;
  };
  Report r;
  const auto& names = t.layout().options();
  for (std::size_t o = 0; o < names.size(); ++o)
    r.options.push_back(
        {names[o], figures(o, false), mean(o, kWeeksOnsetToDetection),
         mean(o, kWeeksReferralToSpecialist),
         total_over_years(t, o, kSpecialistWteMonths) * total_factor() /
             (12.0 * static_cast<double>(t.layout().measures()[kStaffCost].periods)),
         staffing_summary(t, o)});
  for (std::size_t o = 1; o < names.size(); ++o) r.increments.push_back(figures(o, true));
  r.economics = evaluate(t, evaluation_);
  return r;
}

}  // namespace pimhsim::models::pathway
