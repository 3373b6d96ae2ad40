// The WHO Workload Indicators of Staffing Need (WISN) calculation: how many staff of one
// category a service needs for its actual workload, and how that compares with the staff it has.
// Names and steps follow the WISN User's Manual (WHO 2010; first published as WHO/HRB/98.2).
// Step 1 (choosing the staff category and facility type) is the caller's: one call, one category.
//
//   Step 2  Available working time (AWT): the hours one full-time member of staff is actually
//           at work in a year. The manual's AWT = [A − (B + C + D + E)] × F, with A working days,
//           B public holidays, C annual leave, D sick leave, E other leave (e.g. training) and
//           F working hours per day.
//   Step 3  Workload components: health-service activities; support activities every member of
//           the category does; additional activities only some staff do.
//   Step 4  Activity standards: a service standard (hours per unit) for each health-service
//           activity; a Category Allowance Standard (CAS) for the support activities; an
//           Individual Allowance Standard (IAS) for the additional ones.
//   Step 5  Standard workload SW_i = AWT / hours per unit: a year's work of activity i for one
//           member of staff.
//   Step 6  Allowance factors. CAS%_k = CAS_k hours / AWT × 100;
//           Category Allowance Factor CAF = 1 / (1 − Σ_k CAS%_k / 100) — support work takes that
//           share of everyone's time, so only the rest is left for services.
//           Individual Allowance Factor IAF = Σ_j IAS_j hours × staff doing it / AWT — whole
//           staff to add for work that does not scale with the service workload.
//   Step 7  Required staff = [Σ_i annual workload_i / SW_i] × CAF + IAF.
//   Step 8  WISN difference = current − required (negative: shortage);
//           WISN ratio = current / required (< 1: shortage; workload pressure grows as it falls).
//
// Everything is per whole-time equivalent (WTE) and per year, with time in hours.
#pragma once

#include <string>
#include <vector>

namespace pimhsim::workforce {

// Step 2 inputs, in days unless stated. Give sickness either as days or as a share, not both.
struct AvailableTime {
  double working_days_per_year = 0;  // contracted days, e.g. 52.14 weeks × 5 days = 260.7
  double hours_per_day = 0;          // e.g. 37.5 h a week / 5 = 7.5
  double annual_leave_days = 0;
  double public_holiday_days = 0;
  double sickness_days = 0;
  // Sickness as a share of the days the person is due at work (working days less annual leave
  // and public holidays): that is where sickness absence rates are measured, and training days
  // are days at work, on which one can be off sick.
  double sickness_share = 0;
  double training_days = 0;
  double other_absence_days = 0;  // other authorised absence (e.g. study leave, union duties)
};

// AWT in hours = (working days − leave − public holidays − sickness − training − other) ×
// hours/day. Throws std::invalid_argument for negative or non-finite inputs, a sickness share
// outside [0, 1), sickness given both ways, or absences that leave no working time.
double available_working_time_hours(const AvailableTime& t);

// A health-service activity: how many units a year the service delivers (e.g. listening visits)
// and the service standard, the hours one unit takes a trained member of staff.
struct HealthServiceActivity {
  std::string name;
  double annual_workload;
  double hours_per_unit;
};

// Support work every member of the category does (supervision, team meetings): the CAS.
struct CategoryAllowance {
  std::string name;
  double hours_per_year_per_staff;
};

// Additional work only some staff do (a specialist's training or strategy role): the IAS.
struct IndividualAllowance {
  std::string name;
  double hours_per_year;  // per member of staff who does it
  double staff_doing_it;  // how many do it (may be fractional, e.g. a WTE split across posts)
};

struct WisnResult {
  double awt_hours;                        // step 2
  std::vector<double> standard_workloads;  // step 5, SW_i in units per WTE per year, per activity
  double health_service_staff;             // Σ workload_i / SW_i, WTE
  double category_allowance_factor;        // CAF (≥ 1)
  double individual_allowance_factor;      // IAF, WTE
  double required_staff;                   // health_service_staff × CAF + IAF, WTE
  double current_staff;                    // WTE
  double wisn_ratio;                       // current / required
  double wisn_difference;                  // current − required, WTE
};

// Steps 2–8. Throws std::invalid_argument for bad inputs (as above; a negative workload or
// allowance, a non-positive service standard, negative current staff), for category allowances
// that take 100% of AWT or more (no time would be left for services), and when nothing needs
// staffing (required staff 0, so the WISN ratio would be undefined).
WisnResult wisn(const AvailableTime& time, const std::vector<HealthServiceActivity>& activities,
                const std::vector<CategoryAllowance>& category_allowances,
                const std::vector<IndividualAllowance>& individual_allowances,
                double current_staff);

}  // namespace pimhsim::workforce
