// x % d for a divisor fixed at run time, without a division instruction: the direct remainder of
// Lemire, Kaser and Kurz (2019), "Faster remainder by direct computation: applications to
// compilers and software libraries", Software: Practice and Experience 49(6), 953-970. With
// M = ceil(2^64 / d), x % d is the top 64 bits of (M * x mod 2^64) * d, exact for every 32-bit x
// and d because the 64 bits of M are at least twice the 32 of x and d (the paper's condition).
// A ring buffer indexed by a 32-bit id takes its slot this way in the simulation's inner loops,
// where a 64-bit division took a tenth of the contact step's time.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace pimhsim::core {

class Remainder {
 public:
  explicit Remainder(std::uint64_t divisor = 1) : d_(divisor) {
    if (divisor == 0 || divisor > UINT32_MAX)
      throw std::invalid_argument("Remainder: the divisor must be in 1 to 2^32 - 1");
    m_ = UINT64_MAX / divisor + 1;  // wraps to 0 for 1, whose remainders are all 0
  }
  std::uint32_t operator()(std::uint32_t x) const {
    // The top 64 bits of the 96-bit product low * d (d < 2^32), in two 64-bit products.
    const std::uint64_t low = m_ * x;
    return static_cast<std::uint32_t>(((low >> 32) * d_ + (((low & 0xffffffffu) * d_) >> 32)) >>
                                      32);
  }
  std::uint64_t divisor() const { return d_; }

 private:
  std::uint64_t d_, m_ = 0;
};

}  // namespace pimhsim::core
