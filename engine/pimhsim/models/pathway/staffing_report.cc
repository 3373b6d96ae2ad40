#include "pimhsim/models/pathway/staffing_report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "pimhsim/core/csv_text.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/workforce/wisn.h"

namespace pimhsim::models::pathway {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

WisnFigures wisn_figures(const Inputs& in,
                         const std::vector<workforce::HealthServiceActivity>& activities,
                         double support_hours,
                         const std::vector<workforce::IndividualAllowance>& individual,
                         double current) {
  double work = 0;
  for (const auto& a : activities) work += a.annual_workload * a.hours_per_unit;
  for (const auto& i : individual) work += i.hours_per_year * i.staff_doing_it;
  if (!(work > 0) || !(in.awt_hours > support_hours)) return {kNaN, kNaN, kNaN};
  // Activities whose standard is zero hours take no time: WISN needs positive standards.
  std::vector<workforce::HealthServiceActivity> timed;
  for (const auto& a : activities)
    if (a.hours_per_unit > 0) timed.push_back(a);
  const auto r =
      workforce::wisn(in.working_time, timed, {{"support", support_hours}}, individual, current);
  return {r.required_staff, r.wisn_ratio, r.wisn_difference};
}

std::string number(double x) {
  return std::isfinite(x) ? fmt::format("{}", x) : std::string();
}

}  // namespace

StaffingYear staffing_year(const core::Tally& t, std::size_t o, std::size_t y, const Inputs& in,
                           double areas, double f) {
  auto total = [&](std::size_t measure) { return t.total(o, measure, y) * f; };
  StaffingYear s;
  s.funded = total(kFundedWteMonths) / 12;
  s.in_post = total(kSpecialistWteMonths) / 12;
  s.effective = total(kEffectiveWteMonths) / 12;
  s.clinical = total(kClinicalWteMonths) / 12;
  s.training = total(kTrainingWteMonths) / 12;
  s.hires = total(kSpecialistHires);
  s.leavers = total(kSpecialistLeavers);
  s.hvs_trained = total(kHvsTrained);
  s.slots = total(kSpecialistSlotMonths) / 12;
  const double hv_months = total(kHvWteMonths);
  s.hv_wte = hv_months / 12;
  s.trained_share = hv_months > 0 ? total(kTrainedHvWteMonths) / hv_months : kNaN;
  const double children = total(kChildrenOnCaseloadMonths) / 12;
  s.children_per_hv = s.hv_wte > 0 ? children / s.hv_wte : kNaN;

  s.specialist = wisn_figures(
      in,
      {{"specialist episodes", total(kSpecialistDemand), in.wisn_hours_per_episode},
       {"health visitors trained", total(kHvTrainingNeed), in.specialist_hours_per_hv}},
      in.wisn_specialist_support, {{"service development", in.wisn_development_hours, areas}},
      s.in_post);
  s.health_visitor = wisn_figures(
      in,
      {{"mandated contacts", total(kContactsDelivered), in.wisn_hours_per_contact},
       {"assessments", total(kPositiveScreens), in.wisn_hours_per_assessment},
       {"listening-visit courses", total(kListeningCourses), in.wisn_hours_per_listening},
       {"other work per child", children, in.wisn_other_hours_per_child}},
      in.wisn_hv_support, {}, s.hv_wte);
  return s;
}

core::PartitionTable staffing_table(const core::TallyLayout& layout,
                                    const std::vector<std::string>& codes,
                                    const std::vector<Inputs>& options, int start_year, double f) {
  const std::size_t years = layout.measures()[kFundedWteMonths].periods;
  // One row: option o's staffing in year y of an area (or ALL).
  auto row = [&names = layout.options(), &options, start_year](
                 std::size_t o, const std::string& area, std::size_t y, const StaffingYear& s) {
    return fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                       core::csv_text(names[o]), core::csv_text(area),
                       start_year + static_cast<int>(y), number(s.funded), number(s.in_post),
                       number(s.effective), number(s.clinical), number(s.training), number(s.hires),
                       number(s.leavers), number(s.slots), number(s.hvs_trained),
                       number(s.trained_share), number(s.hv_wte), number(s.children_per_hv),
                       number(s.children_per_hv / options[o].caseload_standard),
                       number(s.specialist.required), number(s.specialist.ratio),
                       number(s.specialist.difference), number(s.health_visitor.required),
                       number(s.health_visitor.ratio), number(s.health_visitor.difference));
  };
  core::PartitionTable t;
  t.name = "staffing.csv";
  t.header =
      "option,area,year,funded_wte,in_post_wte,effective_wte,clinical_wte,training_wte,hires_wte,"
      "leavers_wte,"
      "caseload_places,hvs_trained,trained_share,hv_wte,children_per_hv,children_per_hv_over_"
      "standard,"
      "specialist_wisn_required_wte,specialist_wisn_ratio,specialist_wisn_difference_wte,"
      "hv_wisn_required_wte,hv_wisn_ratio,hv_wisn_difference_wte\n";
  // Section o x years + y: option o in year y.
  t.sections = layout.options().size() * years;
  t.partition_rows = [row, years, &codes, &options, f](std::size_t a, const core::Tally& area,
                                                       std::size_t section, std::string& out) {
    const std::size_t o = section / years, y = section % years;
    out += row(o, codes[a], y, staffing_year(area, o, y, options[o], 1.0, f));
  };
  t.section_lead = [row, years, &codes, &options, f](std::size_t section,
                                                     const core::Tally& total) {
    const std::size_t o = section / years, y = section % years;
    return row(o, "ALL", y,
               staffing_year(total, o, y, options[o], static_cast<double>(codes.size()), f));
  };
  return t;
}

}  // namespace pimhsim::models::pathway
