// The logarithm of the gamma function, safe to call from several threads at once. std::lgamma
// also writes the sign of Gamma(x) to the global `signgam` (C99; glibc does), a data race when
// threads evaluate likelihoods together (ThreadSanitizer reports it); POSIX lgamma_r returns the
// same value (glibc computes both with one function) and writes the sign to a local instead.
#pragma once

#include <math.h>

namespace pimhsim::core {

inline double log_gamma(double x) {
  int sign = 0;
  return ::lgamma_r(x, &sign);
}

}  // namespace pimhsim::core
