#include "core/model.h"

#include <cmath>

namespace pimhsim::core {

const char* domain_description(Domain d) {
  switch (d) {
    case Domain::kProbability: return "a probability in [0, 1]";
    case Domain::kUtility: return "a utility of at most 1";
    case Domain::kNonNegative: return "a number >= 0";
    case Domain::kPositive: return "a number > 0";
    case Domain::kReal: return "a finite number";
    case Domain::kShares: return "named shares that sum to 1";
  }
  return "?";
}

bool in_domain(Domain d, double x) {
  if (!std::isfinite(x)) return false;
  switch (d) {
    case Domain::kProbability: return x >= 0 && x <= 1;
    case Domain::kUtility: return x <= 1;
    case Domain::kNonNegative: return x >= 0;
    case Domain::kPositive: return x > 0;
    case Domain::kReal: return true;
    case Domain::kShares: return x >= 0 && x <= 1;
  }
  return false;
}

bool support_within(Domain d, double lower, double upper) {
  switch (d) {
    case Domain::kProbability:
    case Domain::kShares: return lower >= 0 && upper <= 1;
    case Domain::kUtility: return upper <= 1;
    case Domain::kNonNegative:
    case Domain::kPositive: return lower >= 0;  // continuous families put no mass on 0 itself
    case Domain::kReal: return true;
  }
  return false;
}

}  // namespace pimhsim::core
