// Equality of values' bytes: numbers equal bit for bit (+0 and -0 differ; a NaN equals a NaN of the
// same bits), which is what a result computed from them can depend on. For values without padding:
// numbers and arrays of them.
#pragma once

#include <cstring>
#include <type_traits>
#include <vector>

namespace pimhsim::core {

template <typename T>
bool same_bits(const T& a, const T& b) {
  static_assert(std::is_trivially_copyable_v<T>);
  return std::memcmp(&a, &b, sizeof(T)) == 0;
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  static_assert(std::is_trivially_copyable_v<T>);
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

}  // namespace pimhsim::core
