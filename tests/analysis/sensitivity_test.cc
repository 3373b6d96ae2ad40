// Deterministic sensitivity analysis on models whose answers are known in closed form: a linear
// model for the tornado, a bilinear one for the two-way grid, and functions with known roots for
// the threshold.
#include "pimhsim/analysis/sensitivity.h"

#include <doctest/doctest.h>

#include <array>
#include <boost/math/distributions/beta.hpp>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "pimhsim/core/distribution.h"
#include "pimhsim/core/parameter.h"
#include "support/errors.h"

using pimhsim::analysis::Axis;
using pimhsim::analysis::RangeSource;
using pimhsim::analysis::RootOptions;
using pimhsim::core::Distribution;
using pimhsim::core::Parameter;
using pimhsim::core::ParameterSet;
using pimhsim::test::error_of;

namespace {

constexpr double kZ975 = 1.959963984540054;  // standard normal 97.5% quantile
constexpr double kTight = 1e-12;

Parameter number(const std::string& name, double value, Distribution d,
                 std::optional<double> low = {}, std::optional<double> high = {}) {
  Parameter p;
  p.name = name;
  p.value = value;
  p.distribution = d;
  p.low = low;
  p.high = high;
  return p;
}

// f = 3x + y - 0.5z + a_tie + b_tie + 0 v + 2m: swings 6, 4, 0.5 (2 x 1.959964), 1, 1, 0, 2.
ParameterSet tornado_set() {
  ParameterSet set;
  set.set(number("y", 2, Distribution::fixed(2), 1, 5));
  set.set(number("x", 1, Distribution::normal(1, 10), 0, 2));  // bounds win over the distribution
  set.set(number("z", 0, Distribution::normal(0, 1)));         // 2.5% and 97.5% quantiles
  set.set(number("b_tie", 0.5, Distribution::fixed(0.5), 0, 1));
  set.set(number("a_tie", 0.5, Distribution::fixed(0.5), 0, 1));
  set.set(number("v", 3, Distribution::fixed(3), 2, 4));
  set.set(number("m", 4, Distribution::fixed(4), 3));  // no high bound: high end is the base
  set.set(number("k", 7, Distribution::fixed(7)));     // nothing to vary
  Parameter mix;
  mix.name = "mix";
  mix.components = {"p", "q"};
  mix.shares = {0.4, 0.6};
  set.set(mix);
  return set;
}

double tornado_model(const ParameterSet& p) {
  return 3 * p.value("x") + p.value("y") - 0.5 * p.value("z") + p.value("a_tie") +
         p.value("b_tie") + 0 * p.value("v") + 2 * p.value("m") + p.value("k");
}

}  // namespace

TEST_CASE("sensitivity: one-way ranges come from bounds, else the 95% interval, else the base") {
  const auto set = tornado_set();
  const auto x = pimhsim::analysis::one_way_range(set.at("x"));
  REQUIRE(x);
  CHECK(x->low == 0);
  CHECK(x->high == 2);
  CHECK(x->low_source == RangeSource::kBound);
  const auto z = pimhsim::analysis::one_way_range(set.at("z"));
  REQUIRE(z);
  CHECK(z->low == doctest::Approx(-kZ975).epsilon(kTight));
  CHECK(z->high == doctest::Approx(kZ975).epsilon(kTight));
  CHECK(z->high_source == RangeSource::kQuantile);
  const auto m = pimhsim::analysis::one_way_range(set.at("m"));
  REQUIRE(m);
  CHECK(m->low == 3);
  CHECK(m->high == 4);
  CHECK(m->high_source == RangeSource::kBase);
  CHECK_FALSE(pimhsim::analysis::one_way_range(set.at("k")));
  CHECK_FALSE(pimhsim::analysis::one_way_range(set.at("mix")));
}

TEST_CASE("sensitivity: the tornado orders parameters by exact swing, ties by name") {
  const auto set = tornado_set();
  int calls = 0;
  const auto t = pimhsim::analysis::one_way(set, [&](const ParameterSet& p) {
    ++calls;
    return tornado_model(p);
  });
  // Base: 3 + 2 - 0 + 0.5 + 0.5 + 0 + 8 + 7 = 21.
  CHECK(t.base == doctest::Approx(21).epsilon(kTight));
  // Seven parameters varied at two ends, less m's high end (its base value): 1 + 14 - 1 calls.
  CHECK(calls == 14);
  REQUIRE(t.rows.size() == 7);
  const std::vector<std::string> order{"x", "y", "m", "z", "a_tie", "b_tie", "v"};
  const std::vector<double> swing{6, 4, 2, kZ975, 1, 1, 0};
  for (std::size_t r = 0; r < order.size(); ++r) {
    CAPTURE(r);
    CHECK(t.rows[r].name == order[r]);
    CHECK(t.rows[r].swing == doctest::Approx(swing[r]).epsilon(kTight));
  }
  CHECK(t.not_varied == std::vector<std::string>{"k", "mix"});
  // x from 0 to 2: f = 21 - 3 = 18 and 21 + 3 = 24.
  CHECK(t.rows[0].low == 0);
  CHECK(t.rows[0].high == 2);
  CHECK(t.rows[0].at_low == doctest::Approx(18).epsilon(kTight));
  CHECK(t.rows[0].at_high == doctest::Approx(24).epsilon(kTight));
  // z decreases f: at its low end f = 21 + 0.5 x 1.959964.
  CHECK(t.rows[3].at_low == doctest::Approx(21 + 0.5 * kZ975).epsilon(kTight));
  CHECK(t.rows[3].at_high == doctest::Approx(21 - 0.5 * kZ975).epsilon(kTight));
  CHECK(t.rows[3].low_source == RangeSource::kQuantile);
  // m's high end is the base case.
  CHECK(t.rows[2].at_high == t.base);
  CHECK(t.rows[2].high_source == RangeSource::kBase);
}

TEST_CASE("sensitivity: one_way_each gives one tornado per result from one call per end") {
  const auto set = tornado_set();
  int calls = 0;
  const auto ts = pimhsim::analysis::one_way_each(set, [&](const ParameterSet& p) {
    ++calls;
    const double f = tornado_model(p);
    return std::vector<double>{f, -2 * f};
  });
  CHECK(calls == 14);
  REQUIRE(ts.size() == 2);
  CHECK(ts[1].base == doctest::Approx(-42).epsilon(kTight));
  for (std::size_t r = 0; r < ts[0].rows.size(); ++r) {
    CHECK(ts[1].rows[r].name == ts[0].rows[r].name);
    CHECK(ts[1].rows[r].swing == doctest::Approx(2 * ts[0].rows[r].swing).epsilon(kTight));
  }
  const auto ragged = [&](const ParameterSet& p) {
    return p.value("x") == 1 ? std::vector<double>{1, 2} : std::vector<double>{1};
  };
  CHECK(error_of([&] {
          pimhsim::analysis::one_way_each(set, ragged);
        }).find("2 results at the base case but 1") != std::string::npos);
}

// A shares parameter with a Dirichlet is varied one share at a time over its marginal Beta 95%
// interval, the other shares rescaled in proportion. With alpha = (10, 5, 5) the first share's
// marginal is Beta(10, 10) and the others' Beta(5, 15). The model f = 10 s_a + 4 s_b + 0 s_c is
// linear, so each end's value is known exactly.
TEST_CASE(
    "sensitivity: each share of a Dirichlet is varied over its marginal interval, the others in "
    "proportion") {
  Parameter split;
  split.name = "split";
  split.components = {"a", "b", "c"};
  split.shares = {0.5, 0.25, 0.25};
  split.dirichlet = pimhsim::core::Dirichlet({10, 5, 5});
  Parameter fixed_shares = split;
  fixed_shares.name = "plain";
  fixed_shares.dirichlet.reset();
  ParameterSet set;
  set.set(split);
  set.set(fixed_shares);
  const auto f = [](const ParameterSet& s) {
    const auto& v = s.at("split").shares;
    double sum = 0;
    for (double x : v) sum += x;
    REQUIRE(std::abs(sum - 1) < 1e-12);  // still shares
    return 10 * v[0] + 4 * v[1];
  };
  const auto t = pimhsim::analysis::one_way(set, f);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.not_varied == std::vector<std::string>{"plain"});  // no Dirichlet: nothing to vary
  const boost::math::beta_distribution<> wide(10, 10), narrow(5, 15);
  for (const auto& row : t.rows) {
    CAPTURE(row.name);
    const bool a = row.name == "split.a";
    const auto& marginal = a ? wide : narrow;
    CHECK(row.low == doctest::Approx(boost::math::quantile(marginal, 0.025)).epsilon(kTight));
    CHECK(row.high == doctest::Approx(boost::math::quantile(marginal, 0.975)).epsilon(kTight));
    CHECK(row.low_source == RangeSource::kQuantile);
    // The value at x: the varied share is x, the others scaled by (1 - x) / (1 - base share).
    const auto at = [&](double x) {
      if (a) return 10 * x + 4 * 0.25 * (1 - x) / 0.5;
      if (row.name == "split.b") return 10 * 0.5 * (1 - x) / 0.75 + 4 * x;
      return 10 * 0.5 * (1 - x) / 0.75 + 4 * 0.25 * (1 - x) / 0.75;
    };
    CHECK(row.at_low == doctest::Approx(at(row.low)).epsilon(kTight));
    CHECK(row.at_high == doctest::Approx(at(row.high)).epsilon(kTight));
  }
  CHECK(t.rows[0].name == "split.a");  // the widest marginal and the steepest effect
  // Asked for one share only: that row alone, from the same two ends.
  const auto one = pimhsim::analysis::one_way_each(
      set, [&](const ParameterSet& s) { return std::vector{f(s)}; },
      [](const pimhsim::analysis::OneWayItem& item) { return item.name == "split.b"; });
  REQUIRE(one[0].rows.size() == 1);
  CHECK(one[0].rows[0].name == "split.b");
  for (const auto& row : t.rows)
    if (row.name == "split.b") CHECK(one[0].rows[0].at_high == row.at_high);
}

// An outcome undefined at the base (an ICER without QALY gain, say): rows that become defined at
// one end come before rows undefined at both, and all undefined rows before the defined ones.
TEST_CASE(
    "sensitivity: rows with an undefined end come first, those with one defined end before those "
    "with none") {
  ParameterSet set;
  set.set(number("a", 0, Distribution::fixed(0), -1, 1));  // defined only at its high end
  set.set(number("b", 0, Distribution::fixed(0), -1, 1));  // undefined at both ends
  set.set(number("c", 0, Distribution::fixed(0), -1, 1));  // defined at its low end
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto f = [&](const ParameterSet& s) {
    if (s.value("a") > 0) return 5.0;
    if (s.value("c") < 0) return 2.0;
    return nan;
  };
  const auto t = pimhsim::analysis::one_way(set, f);
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0].name == "a");
  CHECK(t.rows[1].name == "c");
  CHECK(t.rows[2].name == "b");
}

TEST_CASE("sensitivity: a two-way grid of a bilinear model is exact") {
  const auto set = tornado_set();
  const auto f = [](const ParameterSet& p) {
    const double x = p.value("x"), y = p.value("y");
    return 2 + 3 * x - y + 0.5 * x * y + p.value("v");
  };
  const auto x = pimhsim::analysis::axis(set, "x", 5);
  CHECK(x.low == 0);
  CHECK(x.high == 2);
  const Axis y{"y", -1, 1, 3};
  const auto g = pimhsim::analysis::two_way(set, f, x, y);
  CHECK(g.xs == std::vector<double>{0, 0.5, 1, 1.5, 2});
  CHECK(g.ys == std::vector<double>{-1, 0, 1});
  REQUIRE(g.values.size() == 15);
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 3; ++j) {
      const double xv = 0.5 * static_cast<double>(i), yv = static_cast<double>(j) - 1.0;
      CHECK(g.at(i, j) == doctest::Approx(5 + 3 * xv - yv + 0.5 * xv * yv).epsilon(kTight));
    }

  CHECK(error_of([&] { pimhsim::analysis::two_way(set, f, x, x); }).find("two different") !=
        std::string::npos);
  CHECK(error_of([&] {
          pimhsim::analysis::two_way(set, f, x, Axis{"y", 0, 1, 1});
        }).find("at least two points") != std::string::npos);
  CHECK(error_of([&] {
          pimhsim::analysis::two_way(set, f, x, Axis{"mix", 0, 1, 3});
        }).find("set of shares") != std::string::npos);
  CHECK(error_of([&] { pimhsim::analysis::axis(set, "nope", 3); }) ==
        "there is no parameter named `nope`");
  CHECK(error_of([&] { pimhsim::analysis::axis(set, "k", 3); }).find("no range") !=
        std::string::npos);
}

TEST_CASE("sensitivity: threshold finds known roots, all of them, and says when there are none") {
  ParameterSet set;
  set.set(number("wtp", 0.5, Distribution::fixed(0.5)));
  set.set(number("other", 9, Distribution::fixed(9)));
  const auto linear = [](const ParameterSet& p) { return 2 * p.value("wtp") - 0.6; };
  const auto t = pimhsim::analysis::threshold(set, linear, "wtp", 0, 1);
  CHECK(t.name == "wtp");
  REQUIRE(t.roots.size() == 1);
  CHECK(std::abs(t.roots[0] - 0.3) < 1e-10);
  CHECK_FALSE(t.none_in_range());

  // (x - 0.23)(x - 0.71): two crossings.
  const auto quadratic = [](const ParameterSet& p) {
    const double x = p.value("wtp");
    return (x - 0.23) * (x - 0.71);
  };
  const auto two = pimhsim::analysis::threshold(set, quadratic, "wtp", 0, 1);
  REQUIRE(two.roots.size() == 2);
  CHECK(std::abs(two.roots[0] - 0.23) < 1e-10);
  CHECK(std::abs(two.roots[1] - 0.71) < 1e-10);
  // Only one of them in [0.5, 2].
  const auto one = pimhsim::analysis::threshold(set, quadratic, "wtp", 0.5, 2);
  REQUIRE(one.roots.size() == 1);
  CHECK(std::abs(one.roots[0] - 0.71) < 1e-10);

  const auto positive = [](const ParameterSet& p) { return p.value("wtp") * p.value("wtp") + 1; };
  CHECK(pimhsim::analysis::threshold(set, positive, "wtp", -3, 3).none_in_range());

  // Deterministic: the same answer twice, to the bit.
  CHECK(pimhsim::analysis::threshold(set, quadratic, "wtp", 0, 1).roots == two.roots);

  CHECK(error_of([&] { pimhsim::analysis::threshold(set, linear, "nope", 0, 1); }) ==
        "there is no parameter named `nope`");
}

// A simulated outcome is a difference of large sums: near its root it is flat at the level of
// rounding over a stretch of x, here 2e-14 beside the root r, where it then jumps across zero (as
// England's net benefit did when one effect was varied). The search stops once a probe one
// tolerance past the bracket's end in that flat confirms the secant's root, rather than shrinking
// the bracket from its far side (TOMS 748 alone took 19 evaluations each). The flat stretch below
// the root (the probe from the bracket's lower end), above it (from its upper end), and below it
// with g exactly zero where the probe lands.
TEST_CASE("sensitivity: find_roots stops where the function is flat at rounding near its root") {
  for (const double r : {0.0911, 0.1041, 0.2460}) {
    const std::array<std::function<double(double)>, 3> flat{
        [r](double x) {
          const double d = x - r;
          return d >= 2e-14 ? 3e8 * d : std::min(3e8 * d, -4e-7);
        },
        [r](double x) {
          const double d = x - r;
          return d <= -2e-14 ? 3e8 * d : std::max(3e8 * d, 4e-7);
        },
        [r](double x) {
          const double d = x - r;
          return d < 2e-14 ? std::min(3e8 * d, -4e-7) : d < 1e-9 ? 0 : 3e8 * d;
        }};
    for (const auto& g : flat) {
      int evaluations = 0;
      const auto counted = [&](double x) {
        ++evaluations;
        return g(x);
      };
      const auto roots = pimhsim::analysis::find_roots(counted, 0, 0.3, {1, 0});
      REQUIRE(roots.size() == 1);
      CHECK(std::abs(roots[0] - r) < 1e-10 * 0.3);
      CHECK(evaluations <= 4);  // the two ends and at most two steps
    }
  }
}

TEST_CASE("sensitivity: find_roots on nonlinear functions, grid points and tolerances") {
  using pimhsim::analysis::find_roots;
  // exp(x) - 2 crosses at ln 2.
  const auto r = find_roots([](double x) { return std::exp(x) - 2; }, 0, 1);
  REQUIRE(r.size() == 1);
  CHECK(std::abs(r[0] - std::log(2.0)) < 1e-10);
  // A coarse tolerance is honoured: the answer is within it, not necessarily closer.
  const auto coarse = find_roots([](double x) { return std::exp(x) - 2; }, 0, 1, {10, 1e-3});
  REQUIRE(coarse.size() == 1);
  CHECK(std::abs(coarse[0] - std::log(2.0)) < 1e-3);
  // A root exactly on a grid point (0.5 of [0, 1] in 200 intervals) is found once, exactly.
  const auto on_grid = find_roots([](double x) { return x - 0.5; }, 0, 1);
  CHECK(on_grid == std::vector<double>{0.5});
  // sin(x) on [0.1, 10]: pi, 2 pi, 3 pi.
  const auto sines = find_roots([](double x) { return std::sin(x); }, 0.1, 10);
  REQUIRE(sines.size() == 3);
  for (std::size_t k = 0; k < 3; ++k)
    CHECK(std::abs(sines[k] - (k + 1.0) * std::numbers::pi) < 1e-8);
  // A root at a large value is found to rounding, whatever the tolerance asked for.
  const auto big = find_roots([](double x) { return x - 1e8 - 0.125; }, 1e8, 1e8 + 1, {7, 1e-15});
  REQUIRE(big.size() == 1);
  CHECK(std::abs(big[0] - (1e8 + 0.125)) < 1e-7);

  // A steep convex function on one wide interval: the secant through a wide bracket is far from
  // the tangent, so a probe fails (at 1e-3 and 1e-6, on the first look at the interval) and
  // TOMS 748 goes on; the tolerance still holds.
  for (const double tolerance : {1e-3, 1e-6, 1e-9}) {
    const auto steep =
        find_roots([](double x) { return std::exp(20 * x) - 2; }, 0, 1, {1, tolerance});
    REQUIRE(steep.size() == 1);
    CHECK(std::abs(steep[0] - std::log(2.0) / 20) < tolerance);
  }

  CHECK(error_of([] { find_roots([](double x) { return x; }, 1, 1); }).find("lo < hi") !=
        std::string::npos);
  CHECK(error_of([] {
          find_roots([](double x) { return x; }, 0, 1, {0, 0});
        }).find("at least one grid interval") != std::string::npos);
  CHECK_THROWS_AS(find_roots([](double x) { return x > 0.5 ? std::nan("") : x; }, 0, 1),
                  std::domain_error);
}
