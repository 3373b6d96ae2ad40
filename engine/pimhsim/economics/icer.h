// The incremental cost-effectiveness ratio of one option against a comparator, with the cases a
// ratio alone would hide (a dominant option has a negative ratio, and so does a dominated one).
#pragma once

#include <string>

namespace pimhsim::economics {

struct Icer {
  enum class Kind { kRatio, kDominant, kDominated, kLessCostlyLessEffective, kNoDifference };
  Kind kind;
  double value;  // delta cost / delta effect; meaningful for kRatio and kLessCostlyLessEffective
  std::string describe(const std::string& currency) const;
  const char* label() const;
};

Icer icer(double delta_cost, double delta_effect);

}  // namespace pimhsim::economics
