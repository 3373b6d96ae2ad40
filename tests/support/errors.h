// Test support: what a call throws.
#pragma once

#include <stdexcept>
#include <string>

namespace pimhsim::test {

// The message of the std::invalid_argument `f` throws ("" if it throws nothing).
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace pimhsim::test
