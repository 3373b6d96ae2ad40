// Summary statistics that merge exactly and deterministically.
//
// A Moments accumulates observations with sums shifted by the first value it sees, which keeps
// the variance accurate when the mean is large relative to the spread (costs in pounds, say).
// Merging is associative only up to rounding, so callers merge in a fixed order (the runner
// does) and results are bit-identical whatever the thread count.
#pragma once

#include <cmath>
#include <cstdint>

namespace pimhsim::core {

class Moments {
 public:
  void add(double x) {
    if (n_ == 0) shift_ = x;
    const double d = x - shift_;
    ++n_;
    sum_ += d;
    sum_sq_ += d * d;
  }

  // Adds `count` observations equal to x in one step (nothing when count is 0). The result is
  // bit-identical to `count` calls of add(x) whenever those calls round nothing: when x minus
  // the shift is an integer and the sums stay below 2^53, as for 0/1 indicators (occupancy
  // counted per state). For other values the sums may differ from repeated add(x) in the last bits.
  void add_repeated(double x, std::uint64_t count) {
    if (count == 0) return;
    if (n_ == 0) shift_ = x;
    const double d = x - shift_;
    const double c = static_cast<double>(count);
    n_ += count;
    sum_ += d * c;
    sum_sq_ += d * d * c;
  }

  // Adds every observation of another accumulator.
  void merge(const Moments& other) {
    if (other.n_ == 0) return;
    if (n_ == 0) {
      *this = other;
      return;
    }
    // Re-express the other's sums around this shift: x - s = (x - s') + (s' - s).
    const double delta = other.shift_ - shift_;
    const double on = static_cast<double>(other.n_);
    sum_sq_ += other.sum_sq_ + 2.0 * delta * other.sum_ + on * delta * delta;
    sum_ += other.sum_ + on * delta;
    n_ += other.n_;
  }

  // The accumulator's exact state, to serialise and rebuild it bit for bit.
  struct State {
    std::uint64_t n = 0;
    double shift = 0.0, sum = 0.0, sum_sq = 0.0;
  };
  State state() const { return {n_, shift_, sum_, sum_sq_}; }
  static Moments from_state(const State& st) {
    Moments m;
    m.n_ = st.n;
    m.shift_ = st.shift;
    m.sum_ = st.sum;
    m.sum_sq_ = st.sum_sq;
    return m;
  }

  std::uint64_t count() const { return n_; }
  double mean() const { return n_ == 0 ? 0.0 : shift_ + sum_ / static_cast<double>(n_); }
  double total() const { return shift_ * static_cast<double>(n_) + sum_; }

  // Sample variance (n - 1 denominator); 0 with fewer than two observations.
  double variance() const {
    if (n_ < 2) return 0.0;
    const double n = static_cast<double>(n_);
    const double v = (sum_sq_ - sum_ * sum_ / n) / (n - 1.0);
    return v > 0.0 ? v : 0.0;
  }
  double sd() const { return std::sqrt(variance()); }
  // Monte Carlo standard error of the mean: sd / sqrt(n).
  double standard_error() const {
    return n_ < 2 ? 0.0 : std::sqrt(variance() / static_cast<double>(n_));
  }

 private:
  std::uint64_t n_ = 0;
  double shift_ = 0.0;
  double sum_ = 0.0;
  double sum_sq_ = 0.0;
};

// The covariance of two estimates of the same individuals, from their standard errors and that
// of their difference: var(A - B) = var A + var B - 2 cov(A, B), an identity of the sample moments.
inline double covariance_from_difference(double se_a, double se_b, double se_a_minus_b) {
  return (se_a * se_a + se_b * se_b - se_a_minus_b * se_a_minus_b) / 2;
}

}  // namespace pimhsim::core
