// Case D of the end-to-end benchmarks (benchmarks/end_to_end.sh; targets and figures in
// docs/performance.md): the random draws of a pathway run and nothing else, as the floor the
// engine can approach.
//
//   pimhsim_drawfloor --draws4 N4 [--draws2 N2] --draws1 N1 [--units 151] [--threads T]
//
// Makes N4 four-uniform draws (RandomSource::uniform4, as at entry and for GP/midwife
// identification; all addressed here as entry draws, which costs the same), N2 draws of a block's
// first two uniforms (RandomSource::uniform4_first2, as at the contacts) and N1 single-uniform
// draws (RandomSource::uniform, as for remission), each one Philox4x32-10 block, split into `units`
// independent units (the areas) run on `threads` threads by the engine's runner, with addresses in
// the pathway's pattern: (replicate 0, area, dyad, month of life, purpose). No model work is done;
// the uniforms are summed so that none can be optimised away. benchmarks/end_to_end.sh computes N4,
// N2 and N1 for case A (an estimate: see the script). Prints the draws, the time inside the process
// and draws per second.
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "pimhsim/core/random.h"
#include "pimhsim/core/runner.h"

namespace {

using pimhsim::core::DrawAddress;
using pimhsim::core::RandomSource;

constexpr std::uint16_t kContactPurposes[] = {16, 17, 18, 19, 20};  // the pathway's five contacts
constexpr std::uint16_t kContactMonths[] = {7, 9, 10, 20, 32};
constexpr std::uint16_t kEntry[] = {1, 2};
constexpr std::uint16_t kRecovery = 4;

bool parse(std::string_view text, std::uint64_t& value) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

int usage() {
  std::fputs(
      "usage: pimhsim_drawfloor --draws4 N [--draws2 N] --draws1 N [--units N] [--threads N]\n",
      stderr);
  return 2;
}

// One unit's share: n4 four-uniform, n2 two-uniform and n1 one-uniform draws, addressed like an
// area's dyads.
double unit_draws(const RandomSource& rng, std::uint32_t unit, std::uint64_t n4, std::uint64_t n2,
                  std::uint64_t n1) {
  double sum = 0;
  for (std::uint64_t i = 0; i < n4; ++i) {
    const auto u = rng.uniform4({0, unit, static_cast<std::uint32_t>(i / 2), 0, kEntry[i % 2]});
    sum += u[0] + u[1] + u[2] + u[3];
  }
  for (std::uint64_t i = 0; i < n2; ++i) {
    const auto k = static_cast<std::uint32_t>(i % 5);
    const DrawAddress a{0, unit, static_cast<std::uint32_t>(i / 5), kContactMonths[k],
                        kContactPurposes[k]};
    const auto u = rng.uniform4_first2(a);
    sum += u[0] + u[1];
  }
  for (std::uint64_t i = 0; i < n1; ++i)
    sum += rng.uniform({0, unit, static_cast<std::uint32_t>(i / 33),
                        static_cast<std::uint16_t>(i % 33), kRecovery});
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t draws4 = 0, draws2 = 0, draws1 = 0, units = 151,
                threads = pimhsim::core::default_thread_count();
  bool have4 = false, have1 = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage();
      return 0;
    }
    if (i + 1 >= argc) return usage();
    const std::string_view value = argv[++i];
    bool ok = false;
    if (arg == "--draws4")
      ok = have4 = parse(value, draws4);
    else if (arg == "--draws2")
      ok = parse(value, draws2);
    else if (arg == "--draws1")
      ok = have1 = parse(value, draws1);
    else if (arg == "--units")
      ok = parse(value, units) && units > 0 && units <= 1'000'000;
    else if (arg == "--threads")
      ok = parse(value, threads) && threads > 0 && threads <= 1024;
    if (!ok) return usage();
  }
  if (!have4 || !have1) return usage();

  const RandomSource rng(2026);
  const auto start = std::chrono::steady_clock::now();
  const auto sums =
      pimhsim::core::run_units<double>(units, static_cast<unsigned>(threads), [&](std::size_t u) {
        // Split evenly; the first units take the remainders.
        const std::uint64_t n4 = draws4 / units + (u < draws4 % units ? 1 : 0);
        const std::uint64_t n2 = draws2 / units + (u < draws2 % units ? 1 : 0);
        const std::uint64_t n1 = draws1 / units + (u < draws1 % units ? 1 : 0);
        return unit_draws(rng, static_cast<std::uint32_t>(u), n4, n2, n1);
      });
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double checksum = 0;
  for (const double s : sums) checksum += s;
  const double total = static_cast<double>(draws4 + draws2 + draws1);
  std::printf(
      "draws %llu (uniform4 %llu, uniform4_first2 %llu, uniform %llu), units %llu, "
      "threads %llu\n",
      static_cast<unsigned long long>(draws4 + draws2 + draws1),
      static_cast<unsigned long long>(draws4), static_cast<unsigned long long>(draws2),
      static_cast<unsigned long long>(draws1), static_cast<unsigned long long>(units),
      static_cast<unsigned long long>(threads));
  const double uniforms = static_cast<double>(4 * draws4 + 2 * draws2 + draws1);
  std::printf("seconds %.4f, draws per second %.4g, mean uniform %.6f\n", seconds,
              seconds > 0 ? total / seconds : 0.0, uniforms > 0 ? checksum / uniforms : 0.0);
  return 0;
}
