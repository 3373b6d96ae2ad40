#include "pimhsim/models/pathway/outcomes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace pimhsim::models::pathway {

double exposure(const Inputs& in, const History& h) {
  return h.months_untreated + in.treated_weight * h.months_treated;
}

namespace {
double child_factor(const Inputs& in, const History& h) {
  return h.specialist ? 1 - in.specialist_child_effect : 1.0;
}
}  // namespace

double cost_share(const Inputs& in, int person, int condition, const History& h) {
  const double a = in.avoidable[person];
  const double mean = in.status_quo.exposure[condition];
  // Without a reference (no status-quo case of the condition) every case costs its per-case cost.
  const double relative = mean > 0 ? exposure(in, h) / mean : 1.0;
  const double share = (1 - a) + a * relative;
  if (person == 1) return share * child_factor(in, h) / in.status_quo.child[condition];
  return share;
}

void StatusQuoSums::add(const Inputs& in, int condition, const History& h) {
  auto& c = by_condition[condition];
  const double x = exposure(in, h), f = child_factor(in, h);
  c.cases += 1;
  c.exposure += x;
  c.child_factor += f;
  c.exposure_child_factor += x * f;
}

void StatusQuoSums::merge(const StatusQuoSums& other) {
  for (int c = 0; c < kConditions; ++c) {
    by_condition[c].cases += other.by_condition[c].cases;
    by_condition[c].exposure += other.by_condition[c].exposure;
    by_condition[c].child_factor += other.by_condition[c].child_factor;
    by_condition[c].exposure_child_factor += other.by_condition[c].exposure_child_factor;
  }
}

std::string StatusQuoSums::to_bytes() const {
  static_assert(std::is_trivially_copyable_v<StatusQuoSums>);
  std::string bytes(sizeof(StatusQuoSums), '\0');
  std::memcpy(bytes.data(), this, sizeof(StatusQuoSums));
  return bytes;
}

StatusQuoSums StatusQuoSums::from_bytes(std::string_view bytes) {
  if (bytes.size() != sizeof(StatusQuoSums))
    throw std::invalid_argument(
        fmt::format("status-quo sums of {} bytes, not the {} this build writes", bytes.size(),
                    sizeof(StatusQuoSums)));
  StatusQuoSums sums;
  std::memcpy(&sums, bytes.data(), sizeof(StatusQuoSums));
  return sums;
}

StatusQuo StatusQuoSums::reference(const Inputs& in) const {
  StatusQuo sq;
  sq.set = true;
  for (int c = 0; c < kConditions; ++c) {
    const auto& s = by_condition[c];
    if (s.cases == 0 || s.exposure <= 0) continue;  // no case to compare with: shares of 1
    sq.exposure[c] = s.exposure / s.cases;
    // Mean over the cases of ((1 - a) + a E / E_sq)(1 - e [specialist]): linear in E, so from the
    // sums.
    const double a = in.avoidable[1];
    sq.child[c] =
        ((1 - a) * s.child_factor + a * s.exposure_child_factor / sq.exposure[c]) / s.cases;
    if (!(sq.child[c] > 0)) sq.child[c] = 1;
  }
  return sq;
}

double profile_present_value(const core::DiscountSchedule& d, double from_years, double start,
                             double end) {
  const int first = static_cast<int>(std::floor(start)), last = static_cast<int>(std::floor(end));
  double sum = 0;
  for (int k = first; k <= last; ++k) sum += d.factor(std::max(0.0, from_years + k + 0.5));
  return sum;
}

double profile_factor(const core::DiscountSchedule& d, double birth_years,
                      const core::DiscountSchedule& source, double start, double end) {
  return profile_present_value(d, birth_years, start, end) /
         profile_present_value(source, 0, start, end);
}

double undiscounted_per_present_value(const core::DiscountSchedule& source, double start,
                                      double end) {
  const int n = static_cast<int>(std::floor(end)) - static_cast<int>(std::floor(start)) + 1;
  return n / profile_present_value(source, 0, start, end);
}

}  // namespace pimhsim::models::pathway
