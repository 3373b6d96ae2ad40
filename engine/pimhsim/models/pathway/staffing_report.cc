#include "pimhsim/models/pathway/staffing_report.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/workforce/wisn.h"

namespace pimhsim::models::pathway {
namespace {

using core::kNaN;

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

namespace {

const std::vector<std::string> kStaffingColumns = {"funded_wte",
                                                   "in_post_wte",
                                                   "effective_wte",
                                                   "clinical_wte",
                                                   "training_wte",
                                                   "hires_wte",
                                                   "leavers_wte",
                                                   "caseload_places",
                                                   "hvs_trained",
                                                   "trained_share",
                                                   "hv_wte",
                                                   "children_per_hv",
                                                   "children_per_hv_over_standard",
                                                   "specialist_wisn_required_wte",
                                                   "specialist_wisn_ratio",
                                                   "specialist_wisn_difference_wte",
                                                   "hv_wisn_required_wte",
                                                   "hv_wisn_ratio",
                                                   "hv_wisn_difference_wte"};

std::vector<std::string> staffing_columns(std::vector<std::string> leading) {
  leading.insert(leading.end(), kStaffingColumns.begin(), kStaffingColumns.end());
  return leading;
}

void put_year(core::CsvRow& row, const StaffingYear& s, const Inputs& in) {
  row.number(s.funded).number(s.in_post).number(s.effective).number(s.clinical);
  row.number(s.training).number(s.hires).number(s.leavers).number(s.slots).number(s.hvs_trained);
  row.number(s.trained_share).number(s.hv_wte).number(s.children_per_hv);
  row.number(s.children_per_hv / in.caseload_standard);
  row.number(s.specialist.required).number(s.specialist.ratio).number(s.specialist.difference);
  row.number(s.health_visitor.required).number(s.health_visitor.ratio);
  row.number(s.health_visitor.difference);
  row.end();
}

}  // namespace

std::string staffing_csv(const core::Tally& total, const std::vector<Inputs>& options,
                         std::size_t areas, int start_year, double f) {
  const auto& layout = total.layout();
  const std::size_t years = layout.measures()[kFundedWteMonths].periods;
  core::CsvTable table(staffing_columns({"option", "year"}));
  for (std::size_t o = 0; o < layout.options().size(); ++o)
    for (std::size_t y = 0; y < years; ++y) {
      auto row = table.row();
      row.text(layout.options()[o]).integer(start_year + static_cast<long long>(y));
      put_year(row, staffing_year(total, o, y, options[o], static_cast<double>(areas), f),
               options[o]);
    }
  return table.text();
}

core::PartitionTable staffing_by_area_table(const core::TallyLayout& layout,
                                            const std::vector<std::string>& codes,
                                            const std::vector<std::string>& names,
                                            const std::vector<Inputs>& options, int start_year,
                                            double f) {
  const std::size_t years = layout.measures()[kFundedWteMonths].periods;
  core::PartitionTable t;
  t.name = "staffing_by_area.csv";
  t.columns = staffing_columns({"option", "area_code", "area_name", "year"});
  // Section o x years + y: option o in year y.
  t.sections = layout.options().size() * years;
  t.partition_rows = [years, &codes, &names, &options, f, start_year,
                      &option_names = layout.options(),
                      columns = t.columns.size()](std::size_t a, const core::Tally& area,
                                                  std::size_t section, std::string& out) {
    const std::size_t o = section / years, y = section % years;
    core::CsvRow row(out, columns);
    row.text(option_names[o]).text(codes[a]).text(names[a]);
    row.integer(start_year + static_cast<long long>(y));
    put_year(row, staffing_year(area, o, y, options[o], 1.0, f), options[o]);
  };
  return t;
}

}  // namespace pimhsim::models::pathway
