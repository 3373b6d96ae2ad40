#include "pimhsim/core/model.h"

#include <cmath>

namespace pimhsim::core {

const char* domain_description(Domain d) {
  switch (d) {
    case Domain::kProbability:
      return "a probability in [0, 1]";
    case Domain::kUtility:
      return "a utility of at most 1";
    case Domain::kNonNegative:
      return "a number >= 0";
    case Domain::kPositive:
      return "a number > 0";
    case Domain::kReal:
      return "a finite number";
    case Domain::kShares:
      return "named shares that sum to 1";
  }
  return "?";
}

bool in_domain(Domain d, double x) {
  if (!std::isfinite(x)) return false;
  switch (d) {
    case Domain::kProbability:
      return x >= 0 && x <= 1;
    case Domain::kUtility:
      return x <= 1;
    case Domain::kNonNegative:
      return x >= 0;
    case Domain::kPositive:
      return x > 0;
    case Domain::kReal:
      return true;
    case Domain::kShares:
      return x >= 0 && x <= 1;
  }
  return false;
}

bool support_within(Domain d, double lower, double upper) {
  switch (d) {
    case Domain::kProbability:
    case Domain::kShares:
      return lower >= 0 && upper <= 1;
    case Domain::kUtility:
      return upper <= 1;
    case Domain::kNonNegative:
    case Domain::kPositive:
      return lower >= 0;  // continuous families put no mass on 0 itself
    case Domain::kReal:
      return true;
  }
  return false;
}

std::optional<Model::CostEffectStep> Model::cost_effect_step(const Tally& t, std::size_t from,
                                                             std::size_t to) const {
  const std::string c = cost_measure(), e = effect_measure(), d = cost_minus_effect_measure();
  if (c.empty() || e.empty() || d.empty() || from >= to) return std::nullopt;
  const auto& layout = t.layout();
  const auto se = [&](const std::string& name) -> std::optional<double> {
    const std::size_t m = layout.measure_index(name);
    const auto& spec = layout.measures()[m];
    if (spec.periods != 1 || !spec.paired || (from > 0 && !spec.all_pairs)) return std::nullopt;
    return t.increment_between(from, to, m).standard_error();
  };
  const auto sc = se(c), sf = se(e), sd = se(d);
  if (!sc || !sf || !sd) return std::nullopt;
  return CostEffectStep{*sc, *sf, (*sc * *sc + *sf * *sf - *sd * *sd) / 2};
}

}  // namespace pimhsim::core
