// Named discount schedules (HM Treasury Green Book, NICE) and the timing convention that turns
// "an amount falling in year t" into a point in time for core::DiscountSchedule::factor.
//
// Time and year numbering. Time t is in years from the start of the analysis (t = 0 is
// undiscounted). A published schedule that applies rate r "for years a–b" is read in the standard
// way: the discount factor at whole year n is D(n) = prod_{k=1..n} 1/(1 + r_k), where r_k is the
// rate for the step from year k-1 to year k ("year k" in the schedule), with D(0) = 1. So
// "3.5% for years 0–30, 3.0% for 31–75" gives
//     D(t) = 1/1.035^t                       for t <= 30,
//     D(t) = 1/(1.035^30 * 1.03^(t - 30))    for 30 <= t <= 75, ...
// i.e. the first step taken at 3.0% is the step from year 30 to year 31. In the terms of
// core::DiscountSchedule (a band's rate applies to time from its from_year on) the later bands
// therefore start at from_year = 30, 75, 125, 200 and 300. Between whole years the factor
// compounds continuously at that step's rate (core::DiscountSchedule's rule), so it is
// continuous in t and D(30.5) = D(30)/1.03^0.5.
//
// year_factor counts differently: its "year t" (t = 0, 1, 2, ...) is the interval [t, t + 1) of
// the analysis, so year 0 is the first year, and year 30, the interval [30, 31), is the one over
// which the Green Book's 3.0% rate first applies (the schedule's "year 31").
//
// Timing (see Timing and year_factor). PIMHsim's default is kMidYear: its flows (monthly care
// contacts, staff salaries, quality of life lived day by day) are spread evenly through each
// year, and the mid-year factor D(t + 0.5) matches the average of the factor over the year to
// within a factor sinh(d/2)/(d/2) ≈ 1 + d²/24 (d = ln(1 + r); 1.00005 at 3.5%), whereas booking
// the year's amount at its start or end is off by about ±r/2 (±1.7% at 3.5%). Many NICE
// reference-case spreadsheet models, and the Sick-Sicker textbook model (cycle t weighted
// 1/1.03^t), book a whole year's (cycle's) amount at the start of year t, year 0 undiscounted:
// kStartOfYear, offered for reproducing such models. kEndOfYear (D(t + 1)) books it at the end
// of the year, the conservative convention of some finance-style appraisals.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "pimhsim/core/discount.h"

namespace pimhsim::economics {

// HM Treasury Green Book social time preference rate (STPR), real, declining with the horizon:
// 3.5% for years 0–30, 3.0% for 31–75, 2.5% for 76–125, 2.0% for 126–200, 1.5% for 201–300 and
// 1.0% beyond 300 (HM Treasury, The Green Book: Appraisal and Evaluation in Central Government,
// 2003, §2.8; grade S, seen in the published text: docs/economics.md, section 3).
// Bands in core terms: {0: 3.5%}, {30: 3.0%}, {75: 2.5%}, {125: 2.0%}, {200: 1.5%}, {300: 1.0%}.
core::DiscountSchedule green_book();

// The Green Book (2020/2022) health discount rate schedule, for health effects (QALYs, lives):
// 1.5% for years 0–30, declining in the same proportion as the STPR
// (each rate = 1.5/3.5 of the STPR for that band): 1.5%, 1.2857%, 1.0714%, 0.8571%, 0.6429%,
// 0.4286%, with the same band boundaries as green_book(). CAVEAT: docs/economics.md (section 3)
// grades this schedule U (UNCONFIRMED): it was not found in an accessible copy of the Green Book.
// Treat it as an assumption, label it so in outputs, and vary it in sensitivity analysis.
core::DiscountSchedule green_book_health();

// NICE reference case (NICE health technology evaluations: the manual, PMG36, 2022, §4): a
// constant 3.5% for costs and for health effects. (docs/economics.md, section 3, grades the rate
// U, UNCONFIRMED: the manual's reference-case table was only partly visible.)
core::DiscountSchedule nice_reference();

// NICE's sensitivity-analysis rate: a constant 1.5% (costs and effects).
core::DiscountSchedule nice_sensitivity();

// A custom schedule from (from_year, annual rate) rows, with from_year in core::DiscountSchedule
// terms (the rate applies to time from that year on; see the note on year numbering above).
// Validated: at least one row, the first year exactly 0, years finite and strictly increasing,
// rates finite and in (-1, 1). Throws std::invalid_argument naming the offending row otherwise.
core::DiscountSchedule from_table(std::vector<std::pair<double, double>> year_rate);

// When within year t an amount is taken to fall.
enum class Timing {
  kMidYear,      // at t + 0.5: flows spread evenly over the year (PIMHsim's default)
  kEndOfYear,    // at t + 1
  kStartOfYear,  // at t: year 0 undiscounted (NICE-style spreadsheets, Sick-Sicker cycles)
};

inline constexpr Timing kDefaultTiming = Timing::kMidYear;

// The time (years from the start) at which an amount falling in year `year` is discounted.
double timing_point(int year, Timing timing);

// The discount factor for an amount falling in year `year` (year 0 = the first year of the
// analysis): schedule.factor(timing_point(year, timing)). Throws std::invalid_argument for a
// negative year.
double year_factor(const core::DiscountSchedule& schedule, int year,
                   Timing timing = kDefaultTiming);

// The schedule with the given name: "green_book", "green_book_health", "nice" (= nice_reference)
// or "nice_sensitivity"; std::nullopt for any other name.
std::optional<core::DiscountSchedule> schedule_named(std::string_view name);

// The names schedule_named accepts, in the order above (for messages and "did you mean").
std::span<const std::string_view> schedule_names();

}  // namespace pimhsim::economics
