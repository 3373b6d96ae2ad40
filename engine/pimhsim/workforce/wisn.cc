#include "pimhsim/workforce/wisn.h"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

namespace pimhsim::workforce {

namespace {

// Every WISN input is a count of days, hours, units or staff: finite and never negative.
void require_non_negative(double v, const std::string& what) {
  if (!std::isfinite(v) || v < 0)
    throw std::invalid_argument(
        fmt::format("WISN: {} must be a finite number >= 0 (got {})", what, v));
}

}  // namespace

double available_working_time_hours(const AvailableTime& t) {
  require_non_negative(t.working_days_per_year, "working days per year");
  require_non_negative(t.hours_per_day, "hours per day");
  require_non_negative(t.annual_leave_days, "annual leave days");
  require_non_negative(t.public_holiday_days, "public holiday days");
  require_non_negative(t.sickness_days, "sickness days");
  require_non_negative(t.sickness_share, "sickness share");
  require_non_negative(t.training_days, "training days");
  require_non_negative(t.other_absence_days, "other absence days");
  if (t.sickness_share >= 1)
    throw std::invalid_argument(fmt::format(
        "WISN: sickness share must be below 1 (got {}); give it as a fraction, e.g. 0.0544",
        t.sickness_share));
  // Adding the two would count the same sickness twice if a user filled in both.
  if (t.sickness_days > 0 && t.sickness_share > 0)
    throw std::invalid_argument("WISN: give sickness as days or as a share, not both");

  const double due_at_work = t.working_days_per_year - t.annual_leave_days - t.public_holiday_days;
  const double sickness = t.sickness_days + t.sickness_share * due_at_work;
  const double days = due_at_work - sickness - t.training_days - t.other_absence_days;
  const double hours = days * t.hours_per_day;
  if (!(hours > 0))
    throw std::invalid_argument(fmt::format(
        "WISN: available working time must be positive, but {} working days less absences leave {} "
        "days at {} hours a day",
        t.working_days_per_year, days, t.hours_per_day));
  return hours;
}

WisnResult wisn(const AvailableTime& time, const std::vector<HealthServiceActivity>& activities,
                const std::vector<CategoryAllowance>& category_allowances,
                const std::vector<IndividualAllowance>& individual_allowances,
                double current_staff) {
  WisnResult r{};
  r.awt_hours = available_working_time_hours(time);  // step 2
  require_non_negative(current_staff, "current staff");
  r.current_staff = current_staff;

  // Steps 4–5: standard workload per activity, and the staff the services alone need.
  for (const HealthServiceActivity& a : activities) {
    require_non_negative(a.annual_workload,
                         fmt::format("annual workload of activity '{}'", a.name));
    if (!std::isfinite(a.hours_per_unit) || !(a.hours_per_unit > 0))
      throw std::invalid_argument(
          fmt::format("WISN: hours per unit of activity '{}' must be a finite number > 0 (got {})",
                      a.name, a.hours_per_unit));
    const double sw = r.awt_hours / a.hours_per_unit;
    r.standard_workloads.push_back(sw);
    r.health_service_staff += a.annual_workload / sw;
  }

  // Step 6a: category allowances take a share of every member of staff's AWT.
  double cas_percent = 0;
  for (const CategoryAllowance& c : category_allowances) {
    require_non_negative(c.hours_per_year_per_staff,
                         fmt::format("hours per year of category allowance '{}'", c.name));
    cas_percent += c.hours_per_year_per_staff / r.awt_hours * 100;
  }
  if (cas_percent >= 100)
    throw std::invalid_argument(fmt::format(
        "WISN: category allowances take {:.1f}% of available working time ({:.0f} h); they must "
        "take less than 100%, or no time is left for health-service activities",
        cas_percent, r.awt_hours));
  r.category_allowance_factor = 1 / (1 - cas_percent / 100);

  // Step 6b: individual allowances add whole staff time, independent of the service workload.
  double ias_hours = 0;
  for (const IndividualAllowance& i : individual_allowances) {
    require_non_negative(i.hours_per_year,
                         fmt::format("hours per year of individual allowance '{}'", i.name));
    require_non_negative(i.staff_doing_it,
                         fmt::format("staff doing individual allowance '{}'", i.name));
    ias_hours += i.hours_per_year * i.staff_doing_it;
  }
  r.individual_allowance_factor = ias_hours / r.awt_hours;

  // Steps 7–8.
  r.required_staff =
      r.health_service_staff * r.category_allowance_factor + r.individual_allowance_factor;
  if (!(r.required_staff > 0))
    throw std::invalid_argument(
        "WISN: required staff is 0 (no workload and no individual allowances), so the WISN ratio "
        "is undefined");
  r.wisn_ratio = r.current_staff / r.required_staff;
  r.wisn_difference = r.current_staff - r.required_staff;
  return r;
}

}  // namespace pimhsim::workforce
