// Remission without care against the rates given: with nobody identified (no contacts delivered,
// no GP/midwife identification), an ill mother remits each month from her month of onset to her
// last month (32) with probability 1 - exp(-h), h = hazard_of(natural_monthly) x condition factor
// x severity factor, that is 1 - (1 - natural_monthly)^(condition factor x severity factor): the
// inputs hold probabilities as hazards so that the factors multiply hazards (inputs.h). A
// chronic episode never remits untreated.
#include <doctest/doctest.h>

#include "models/pathway/pathway_fixture.h"

using namespace pathway_test;

namespace {

pw::Inputs undetected(const pw::Inputs& base) {
  pw::Inputs in = base;
  in.coverage.fill(0.0);
  in.other_detection.fill(0.0);
  return in;
}

// Moments per dyad (well dyads count 0) of an ill mother's outcome by class, summed over the
// England mix of condition, severity and onset month; `f(c, s, onset)` returns the class's
// (E[X | class], E[X^2 | class]).
template <typename F>
std::pair<double, double> mix(const pw::Inputs& in, F f) {
  const auto prevalence = prevalences(in);
  double mean = 0, square = 0;
  for (int c = 0; c < pw::kConditions; ++c) {
    const auto severity = shares_of(in.severity_cum[c]);
    for (int sv = 0; sv < pw::kSeverities; ++sv)
      for (int onset = 0; onset < pw::kLifeMonths; ++onset) {
        const double w = prevalence[c] * severity[sv] * onset_month_probability(in, c, onset);
        if (w == 0) continue;
        const auto [m, m2] = f(c, sv, onset);
        mean += w * m;
        square += w * m2;
      }
  }
  return {mean, square};
}

}  // namespace

// With chronic share 0, an ill mother with onset o is ill in L = 33 - o months (o..32) and
// survives each with S = exp(-h). Then:
//   P(ill at exit | class) = S^L;
//   months ill (untreated) X = min(T, L), T geometric from 1: P(X >= j) = S^(j-1) for j = 1..L,
//   E[X] = sum_j S^(j-1), E[X^2] = sum_j (2j - 1) S^(j-1).
// ill_at_exit and recovered_by_exit are shares of n independent dyads (binomial SE); months ill
// untreated has SE sqrt(Var X / n) with Var X from the mixed first two moments.
TEST_CASE(
    "pathway remission: without care the share still ill at exit and months ill follow the natural "
    "remission rate") {
  const auto s = england();
  // England's natural rate as calibrated (about 0.28 a month: few mothers are still ill at exit),
  // and a slow one (0.05) that leaves many ill, so that the whole remission curve is tested.
  for (const double natural_monthly : {-std::expm1(-inputs(s, 0).natural_hazard), 0.05}) {
    CAPTURE(natural_monthly);
    pw::Inputs in = undetected(inputs(s, 0));
    in.chronic_share = 0;
    in.natural_hazard = pw::hazard_of(natural_monthly);
    auto survival = [&](int c, int sv) {
      return std::pow(1 - natural_monthly,
                      in.condition_factor[c] * in.severity_factor[sv]);  // = exp(-h)
    };
    const double ill_at_exit = mix(in, [&](int c, int sv, int onset) {
                                 const double p =
                                     std::pow(survival(c, sv), pw::kLifeMonths - onset);
                                 return std::pair{p, p};
                               }).first;
    const auto [months, months_sq] = mix(in, [&](int c, int sv, int onset) {
      double m = 0, m2 = 0;
      for (int j = 1; j <= pw::kLifeMonths - onset; ++j) {
        m += std::pow(survival(c, sv), j - 1);
        m2 += (2 * j - 1) * std::pow(survival(c, sv), j - 1);
      }
      return std::pair{m, m2};
    });
    const double ill = mix(in, [](int, int, int) { return std::pair{1.0, 1.0}; }).first;

    // 50,000 births a year over 4 years: 200,000 dyads.
    const auto run = run_area({in}, {50000, in.initial_trained_share}, {48, 1.0}, s.run.seed);
    REQUIRE(run.level(0, pw::kDyads).count() == 200000);
    check_share(run.level(0, pw::kDetected), 0.0, "identified");
    check_share(run.level(0, pw::kIllAtExit), ill_at_exit, "still ill at exit");
    check_share(run.level(0, pw::kRecoveredByExit), ill - ill_at_exit, "recovered by exit");
    check_mean(run.level(0, pw::kMonthsIllUntreated), months, months_sq - months * months,
               "months ill untreated");
    CHECK(run.level(0, pw::kMonthsIllTreated).mean() == 0.0);
    CHECK(ill_at_exit > 0);  // remission is not complete
  }
}

// With chronic share 1 nobody untreated remits: every mother ill is ill at exit, none recovers,
// and each is ill (untreated) in every month from onset to exit, X = 33 - onset (exact checks for
// the first two; the months against E[X] with SE sqrt(Var X / n)).
TEST_CASE("pathway remission: with chronic share 1 no untreated mother recovers") {
  const auto s = england();
  pw::Inputs in = undetected(inputs(s, 0));
  in.chronic_share = 1;
  const auto [months, months_sq] = mix(in, [](int, int, int onset) {
    const double x = pw::kLifeMonths - onset;
    return std::pair{x, x * x};
  });
  // 20,000 births a year over 3 years: 60,000 dyads.
  const auto run = run_area({in}, {20000, in.initial_trained_share}, {36, 1.0}, s.run.seed);
  const auto ill = run.level(0, pw::kIll);
  REQUIRE(ill.mean() > 0.1);
  CHECK(run.level(0, pw::kRecoveredByExit).mean() == 0.0);
  CHECK(run.level(0, pw::kIllAtExit).mean() == ill.mean());
  CHECK(run.level(0, pw::kIllAtExit).total() == ill.total());
  check_mean(run.level(0, pw::kMonthsIllUntreated), months, months_sq - months * months,
             "months ill untreated");
}
