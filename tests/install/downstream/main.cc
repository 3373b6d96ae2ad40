// A program built outside PIMHsim against the installed engine: installed headers, the generated
// version header, Random123 from the system include path, and pimhsim::engine's libraries.
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "pimhsim/core/random.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/version.h"

int main() {
  const pimhsim::core::TallyLayout layout({"comparator", "option"},
                                          {{.name = "cost", .unit = "GBP"}});
  pimhsim::core::Tally tally(layout);
  const pimhsim::core::RandomSource random(2026);
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const double u = random.uniform({.individual = i});
    const std::array<double, 2> cost{u, u + 1.0};
    tally.add(0, 0, cost);
  }
  const double increment = tally.increment(1, 0).mean();
  std::printf("pimhsim %s: %llu draws, mean cost %.4f, increment %.4f\n", pimhsim::kVersion,
              static_cast<unsigned long long>(tally.level(0, 0).count()), tally.level(0, 0).mean(),
              increment);
  return std::abs(increment - 1.0) < 1e-9 ? 0 : 1;
}
