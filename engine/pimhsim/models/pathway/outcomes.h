// A dyad's long-term consequences, from its history in the 1001 days.
//
// A case of a condition carries a per-case lifetime cost (Bauer et al. 2014), split into lines.
// That cost is the present value of the average case under care as it is now, so the status quo
// must reproduce it: a case incurs the share
//
//     s = (1 - a) + a E / E_sq
//
// of it, where a is the avoidable fraction, E the mother's exposure (months ill untreated, plus
// months ill in care weighted by w) and E_sq the mean exposure of the comparator's (the status
// quo's) cases of the same condition in the same run. The child's share is further multiplied by
// (1 - e) after specialist parent-infant work and divided by the status quo's mean of the product
// s (1 - e) over its cases of the condition, so that the comparator's average case incurs exactly
// the per-case cost in every line; other options change costs only through what they change.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "pimhsim/core/discount.h"
#include "pimhsim/models/pathway/inputs.h"

namespace pimhsim::models::pathway {

struct History {
  int months_untreated = 0;
  int months_treated = 0;
  bool specialist = false;  // received specialist parent-infant work
};

double exposure(const Inputs& in, const History& h);
// Share of the per-case cost incurred by a case of `condition`; person 0 is the mother, 1 the
// child.
double cost_share(const Inputs& in, int person, int condition, const History& h);

// Sums over the comparator's cases that the status-quo reference is made from: by condition,
// cases, their exposure, and the specialist's child factor (1 - e if admitted, else 1) alone and
// times exposure. Merged in a fixed order, so the reference is the same for any thread count.
struct StatusQuoSums {
  struct Condition {
    double cases = 0, exposure = 0, child_factor = 0, exposure_child_factor = 0;
  };
  std::array<Condition, kConditions> by_condition{};
  void add(const Inputs& in, int condition, const History& h);
  void merge(const StatusQuoSums& other);
  // The sums as bytes (the machine's doubles, for the ranks of one build), and back: a string of
  // any other length is std::invalid_argument.
  std::string to_bytes() const;
  static StatusQuoSums from_bytes(std::string_view bytes);
  // The reference these sums give, for the comparator's inputs `in`.
  StatusQuo reference(const Inputs& in) const;
};

// Present value at `from_years` (years from the start of the horizon; negative before it) of one
// unit a year in each whole year k = floor(start)..floor(end) after a birth at `from_years`, each
// year's amount at mid-year; amounts before the start of the horizon are not discounted.
double profile_present_value(const core::DiscountSchedule& d, double from_years, double start,
                             double end);

// Present value at the start of the horizon, at the scenario's schedule `d`, of a cost whose
// present value at the birth (at `birth_years`) is 1 at the source's rate, spread evenly over the
// years [start, end] after the birth: sum_k d(b + k + 1/2) / sum_k (1 + r_source)^-(k + 1/2).
double profile_factor(const core::DiscountSchedule& d, double birth_years,
                      const core::DiscountSchedule& source, double start, double end);

// Undiscounted total of a cost whose present value at the birth is 1 at the source's rate, spread
// evenly over [start, end]: n / sum_k (1 + r_source)^-(k + 1/2), n the number of years.
double undiscounted_per_present_value(const core::DiscountSchedule& source, double start,
                                      double end);

}  // namespace pimhsim::models::pathway
