// The rules of the Sick-Sicker model on single constructed trajectories: the path function that
// Model::simulate runs (simulate_path, recorded by trace_path), fed with uniforms chosen to force
// each move. Expected values are written out from the specification, never taken from a run.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "models/sick_sicker/sick_sicker_fixture.h"
#include "pimhsim/core/random.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace ss = pimhsim::models::sick_sicker;
using namespace sick_sicker_test;
using ss::kDead;
using ss::kHealthy;
using ss::kSick;
using ss::kSicker;
using ss::State;

namespace {

constexpr std::uint32_t kHorizon = 30;
constexpr double kHealthyStart = 0.5;  // initial-state uniform: H when everyone starts healthy

// A uniform that forces the move from -> to for any counter k up to the horizon, given the
// specification's probabilities (cumulative cut points H: .15 | .155, S1: .5 | .605 | .605 +
// p_S1D(k) with p_S1D(k) <= 0.11, S2: p_S2D(k) >= 0.048).
double forcing(State from, State to) {
  switch (from) {
    case kHealthy:
      return to == kSick ? 0.01 : to == kDead ? 0.152 : 0.999;
    case kSick:
      return to == kHealthy ? 0.01 : to == kSicker ? 0.55 : to == kDead ? 0.605 + 1e-9 : 0.999;
    case kSicker:
      return to == kDead ? 1e-6 : 0.999;
    case kDead:
      break;
  }
  return 0.5;
}

// A path of `head` followed by repeats of its last state up to the horizon.
std::vector<State> padded(std::vector<State> head) {
  while (head.size() < kHorizon + 1) head.push_back(head.back());
  return head;
}

// Uniforms by cycle, and a record of which cycles asked for one.
struct Script {
  std::vector<double> u;
  std::vector<std::uint32_t> asked;
  double operator()(std::uint32_t t) {
    asked.push_back(t);
    return u.at(t);
  }
};

Script forcing_script(const std::vector<State>& states) {
  Script s;
  for (std::size_t t = 0; t + 1 < states.size(); ++t)
    s.u.push_back(forcing(states[t], states[t + 1]));
  return s;
}

const std::vector<double>& weights() {
  static const std::vector<double> w = ss::discount_weights(0.03, kHorizon);
  return w;
}

ss::Path run(const ss::Inputs& in, Script& script, double x = 1.0, double u_init = kHealthyStart) {
  return ss::trace_path(in, kHorizon, u_init, x, script, weights(), weights());
}

ss::Path run_states(const ss::Inputs& in, const std::vector<State>& states, double x = 1.0) {
  Script script = forcing_script(states);
  ss::Path p = run(in, script, x);
  REQUIRE(p.states == states);
  return p;
}

}  // namespace

TEST_CASE("sick_sicker path: the sick counter k starts at 1, survives S1 to S2 and resets in H") {
  const ss::Inputs in = extended(kTreatment);
  SUBCASE("H H S1 S1 H S1 S2 ...") {
    const auto states = padded({kHealthy, kHealthy, kSick, kSick, kHealthy, kSick, kSicker});
    const ss::Path p = run_states(in, states);
    std::vector<int> k = {0, 0, 1, 2, 0, 1};
    for (int run = 2; k.size() < kHorizon + 1; ++run) k.push_back(run);  // S2 from t = 6 on
    CHECK(p.sick_run == k);
    CHECK(p.sick_run.back() == 26);
  }
  SUBCASE("H S1 S1 S1 S2 D ...: dead has k = 0") {
    const auto states = padded({kHealthy, kSick, kSick, kSick, kSicker, kDead});
    const ss::Path p = run_states(in, states);
    std::vector<int> k = {0, 1, 2, 3, 4};
    k.resize(kHorizon + 1, 0);
    CHECK(p.sick_run == k);
  }
}

TEST_CASE("sick_sicker path: mortality at cycle t uses the k that counts cycle t") {
  const ss::Inputs in = extended(kNoTreatment);
  const auto d1 = [&](int k) { return in.p_death(kSick, k); };
  const auto d2 = [&](int k) { return in.p_death(kSicker, k); };
  const double s1_dead = 0.5 + 0.105;  // S1 death interval starts here
  SUBCASE("first sick cycle has k = 1: dies on a uniform between p_S1D(0) and p_S1D(1)") {
    Script s{{forcing(kHealthy, kSick), s1_dead + 0.5 * (d1(0) + d1(1))}, {}};
    s.u.resize(kHorizon, 0.5);
    const ss::Path p = run(in, s);
    CHECK(p.states[1] == kSick);
    CHECK(p.sick_run[1] == 1);
    CHECK(p.states[2] == kDead);
  }
  SUBCASE("first sick cycle has k = 1: survives a uniform between p_S1D(1) and p_S1D(2)") {
    Script s{{forcing(kHealthy, kSick), s1_dead + 0.5 * (d1(1) + d1(2))}, {}};
    s.u.resize(kHorizon, 0.999);
    const ss::Path p = run(in, s);
    CHECK(p.states[2] == kSick);
  }
  SUBCASE("S1 to S2 keeps counting: Sicker at k = 3 uses p_S2D(3)") {
    // H S1 S1 S2 (k = 3 at t = 3), then a uniform between p_S2D(2) and p_S2D(3): dies.
    Script s{{forcing(kHealthy, kSick), forcing(kSick, kSick), forcing(kSick, kSicker),
              0.5 * (d2(2) + d2(3))},
             {}};
    s.u.resize(kHorizon, 0.5);
    const ss::Path p = run(in, s);
    CHECK(p.states[3] == kSicker);
    CHECK(p.sick_run[3] == 3);
    CHECK(p.states[4] == kDead);
    // ... and survives a uniform between p_S2D(3) and p_S2D(4).
    Script s2 = s;
    s2.u[3] = 0.5 * (d2(3) + d2(4));
    CHECK(run(in, s2).states[4] == kSicker);
  }
  SUBCASE("after a return to H the counter starts again at 1") {
    // H S1 S1 S1 H S1: at t = 5, k = 1; a uniform between p_S1D(1) and p_S1D(2) survives and
    // one between p_S1D(0) and p_S1D(1) dies.
    Script s{{forcing(kHealthy, kSick), forcing(kSick, kSick), forcing(kSick, kSick),
              forcing(kSick, kHealthy), forcing(kHealthy, kSick), s1_dead + 0.5 * (d1(1) + d1(2))},
             {}};
    s.u.resize(kHorizon, 0.999);
    ss::Path p = run(in, s);
    CHECK(p.sick_run[5] == 1);
    CHECK(p.states[6] == kSick);
    s.u[5] = s1_dead + 0.5 * (d1(0) + d1(1));
    p = run(in, s);
    CHECK(p.states[6] == kDead);
  }
}

TEST_CASE(
    "sick_sicker path: treated Sick utility is X (0.95 - 0.03 j), j the sick cycles just before "
    "t") {
  const ss::Inputs in = extended(kTreatment);
  const auto states =
      padded({kHealthy, kSick, kSick, kSick, kHealthy, kSick, kSicker, kSicker, kDead});
  for (double x : {0.95, 1.0, 1.04, 1.05}) {
    CAPTURE(x);
    const ss::Path p = run_states(in, states, x);
    // clang-format off
    std::vector<double> u = {1.0, x * 0.95, x * (0.95 - 0.03), x * (0.95 - 0.06), 1.0, x * 0.95,
                             0.5, 0.5};
    // clang-format on
    u.resize(kHorizon + 1, 0.0);
    for (std::size_t t = 0; t <= kHorizon; ++t) {
      CAPTURE(t);
      CHECK(p.utility[t] == doctest::Approx(u[t]).epsilon(1e-15));
    }
  }
  SUBCASE("a long run in Sick: j = 10 at t = 11") {
    const ss::Path p = run_states(in, padded({kHealthy, kSick}), 1.02);
    for (std::size_t t = 1; t <= kHorizon; ++t) {
      CAPTURE(t);
      CHECK(p.utility[t] ==
            doctest::Approx(1.02 * (0.95 - 0.03 * static_cast<double>(t - 1))).epsilon(1e-14));
    }
    CHECK(p.utility[11] == doctest::Approx(1.02 * 0.65).epsilon(1e-14));
  }
  SUBCASE("starting in Sick: j = 0 at t = 0") {
    ss::Inputs start_sick = in;
    start_sick.initial = {0.0, 1.0, 0.0};
    Script s = forcing_script(padded({kSick}));
    const ss::Path p = run(start_sick, s, 1.03, 0.5);
    CHECK(p.states[0] == kSick);
    CHECK(p.sick_run[0] == 1);
    CHECK(p.utility[0] == doctest::Approx(1.03 * 0.95).epsilon(1e-15));
    CHECK(p.utility[1] == doctest::Approx(1.03 * 0.92).epsilon(1e-15));
  }
}

TEST_CASE(
    "sick_sicker path: untreated Sick stays 0.75 whatever X and k, with S2 0.5, H 1 and D 0") {
  const auto states =
      padded({kHealthy, kSick, kSick, kSick, kSick, kHealthy, kSick, kSicker, kSicker, kDead});
  for (double x : {0.95, 1.0, 1.05}) {
    CAPTURE(x);
    for (const ss::Inputs& in : {extended(kNoTreatment), basic(kNoTreatment)}) {
      const ss::Path p = run_states(in, states, x);
      for (std::size_t t = 0; t <= kHorizon; ++t) {
        CAPTURE(t);
        const double u = states[t] == kHealthy  ? 1.0
                         : states[t] == kSick   ? 0.75
                         : states[t] == kSicker ? 0.5
                                                : 0.0;
        CHECK(p.utility[t] == u);
      }
    }
    // Treated, X applies to Sick only: Sicker 0.5, Healthy 1, Dead 0.
    const ss::Path p = run_states(extended(kTreatment), states, x);
    for (std::size_t t = 0; t <= kHorizon; ++t)
      if (states[t] != kSick) {
        CAPTURE(t);
        CHECK(p.utility[t] == (states[t] == kHealthy ? 1.0 : states[t] == kSicker ? 0.5 : 0.0));
      }
  }
  SUBCASE("basic model, treated: Sick is 0.95 whatever X and k") {
    const ss::Path p = run_states(basic(kTreatment), states, 1.05);
    for (std::size_t t = 0; t <= kHorizon; ++t)
      if (states[t] == kSick) CHECK(p.utility[t] == 0.95);
  }
}

TEST_CASE(
    "sick_sicker path: costs per cycle are 2000, 4000, 15000, 0 plus 12000 when treated sick") {
  const auto states = padded({kHealthy, kSick, kSicker, kDead});
  for (const bool ext : {false, true}) {
    CAPTURE(ext);
    const ss::Path none = run_states(ext ? extended(kNoTreatment) : basic(kNoTreatment), states);
    const ss::Path trt = run_states(ext ? extended(kTreatment) : basic(kTreatment), states);
    CHECK(none.cost[0] == 2000);
    CHECK(none.cost[1] == 4000);
    CHECK(none.cost[2] == 15000);
    CHECK(trt.cost[0] == 2000);
    CHECK(trt.cost[1] == 16000);
    CHECK(trt.cost[2] == 27000);
    for (std::size_t t = 3; t <= kHorizon; ++t) {
      CHECK(none.cost[t] == 0);
      CHECK(trt.cost[t] == 0);
    }
  }
}

TEST_CASE("sick_sicker path: 31 time points valued at 1/1.03^t, t = 0 undiscounted, dead adds 0") {
  const std::vector<double>& w = weights();
  REQUIRE(w.size() == kHorizon + 1);
  CHECK(w[0] == 1.0);
  for (std::size_t t = 0; t <= kHorizon; ++t)
    CHECK(w[t] == doctest::Approx(std::pow(1.03, -static_cast<double>(t))).epsilon(1e-15));
  // Sum over t = 0..30 of 1.03^-t, in closed form.
  const double annuity = (1 - std::pow(1.03, -31.0)) / (1 - 1 / 1.03);

  SUBCASE("healthy throughout: every one of the 31 cycles counts, 30 draws are made") {
    const ss::Inputs in = basic(kNoTreatment);
    Script s = forcing_script(padded({kHealthy}));
    const ss::Path p = run(in, s);
    CHECK(p.states.size() == kHorizon + 1);
    CHECK(p.totals.qalys == doctest::Approx(annuity).epsilon(1e-14));
    CHECK(p.totals.cost == doctest::Approx(2000 * annuity).epsilon(1e-14));
    CHECK(p.totals.qalys_undiscounted == 31);
    CHECK(p.totals.cost_undiscounted == 62000);
    CHECK(p.totals.life_years == 31);
    std::vector<std::uint32_t> asked;
    for (std::uint32_t t = 0; t < kHorizon; ++t) asked.push_back(t);
    CHECK(s.asked == asked);  // one draw per transition, t = 0..29, in order
  }
  SUBCASE("H H S1 S2 D: the dead cycles add nothing and draw nothing") {
    const ss::Inputs in = extended(kTreatment);
    const double x = 0.97;
    Script s = forcing_script(padded({kHealthy, kHealthy, kSick, kSicker, kDead}));
    const ss::Path p = run(in, s, x);
    const double q = 1 + 1 / 1.03 + x * 0.95 / std::pow(1.03, 2) + 0.5 / std::pow(1.03, 3);
    const double c = 2000 + 2000 / 1.03 + 16000 / std::pow(1.03, 2) + 27000 / std::pow(1.03, 3);
    CHECK(p.totals.qalys == doctest::Approx(q).epsilon(1e-14));
    CHECK(p.totals.cost == doctest::Approx(c).epsilon(1e-14));
    CHECK(p.totals.qalys_undiscounted == doctest::Approx(2 + x * 0.95 + 0.5).epsilon(1e-15));
    CHECK(p.totals.cost_undiscounted == 2000 + 2000 + 16000 + 27000);
    CHECK(p.totals.life_years == 4);
    CHECK(s.asked == std::vector<std::uint32_t>{0, 1, 2, 3});
  }
  SUBCASE("death at the last cycle: cycle 30 is valued at 0") {
    const ss::Inputs in = basic(kNoTreatment);
    std::vector<State> states = padded({kHealthy});
    states.back() = kDead;
    const ss::Path p = run_states(in, states);
    CHECK(p.totals.qalys == doctest::Approx(annuity - std::pow(1.03, -30.0)).epsilon(1e-14));
    CHECK(p.totals.life_years == 30);
  }
}

TEST_CASE("sick_sicker path: the initial state and X come from their uniforms") {
  ss::Inputs in = basic(kNoTreatment);
  in.initial = {0.5, 0.3, 0.2};
  CHECK(ss::initial_state(in, 0.49) == kHealthy);
  CHECK(ss::initial_state(in, 0.51) == kSick);
  CHECK(ss::initial_state(in, 0.79) == kSick);
  CHECK(ss::initial_state(in, 0.81) == kSicker);
  CHECK(ss::initial_state(basic(kNoTreatment), 1 - 1e-16) == kHealthy);  // everyone starts in H
  // X ~ U(0.95, 1.05) in the extended model; exactly 1 in the basic model.
  const ss::Inputs ext = extended(kTreatment);
  CHECK(ss::effect_modifier(ext, 0.0) == doctest::Approx(0.95).epsilon(1e-15));
  CHECK(ss::effect_modifier(ext, 0.5) == doctest::Approx(1.0).epsilon(1e-15));
  CHECK(ss::effect_modifier(ext, 1.0) == doctest::Approx(1.05).epsilon(1e-15));
  for (double u : {0.0, 0.3, 1.0}) CHECK(ss::effect_modifier(basic(kTreatment), u) == 1.0);
}

TEST_CASE("sick_sicker path: on the same draws both strategies follow the same trajectory") {
  const pimhsim::core::RandomSource rng(20180301);
  for (const bool ext : {false, true}) {
    CAPTURE(ext);
    const ss::Inputs none = ext ? extended(kNoTreatment) : basic(kNoTreatment);
    const ss::Inputs trt = ext ? extended(kTreatment) : basic(kTreatment);
    int differing = 0, ever_sick = 0;
    for (std::uint32_t i = 0; i < 2000; ++i) {
      const auto u_for_cycle = [&](std::uint32_t t) {
        return rng.uniform({0, 0, i, static_cast<std::uint16_t>(t), ss::kTransition});
      };
      const double x = ss::effect_modifier(none, rng.uniform({0, 0, i, 0, ss::kModifier}));
      const ss::Path a =
          ss::trace_path(none, kHorizon, kHealthyStart, x, u_for_cycle, weights(), weights());
      const ss::Path b =
          ss::trace_path(trt, kHorizon, kHealthyStart, x, u_for_cycle, weights(), weights());
      differing += a.states != b.states || a.sick_run != b.sick_run;
      CHECK(a.totals.life_years == b.totals.life_years);
      for (State s : a.states)
        if (s != kHealthy) {
          ++ever_sick;
          break;
        }
    }
    CHECK(differing == 0);
    CHECK(ever_sick > 1000);  // the check is not vacuous
  }
}

TEST_CASE(
    "sick_sicker path: a path valued under the other strategy gives the bits of simulating it") {
  for (const bool extended_model : {false, true}) {
    INFO("extended = " << extended_model);
    const ss::Inputs none = extended_model ? extended(kNoTreatment) : basic(kNoTreatment);
    const ss::Inputs treat = extended_model ? extended(kTreatment) : basic(kTreatment);
    const ss::DeathTable death_none(none, kHorizon), death_treat(treat, kHorizon);
    REQUIRE(ss::same_moves(none, death_none, treat, death_treat));
    const auto states = padded({kHealthy, kSick, kSick, kSicker, kSicker, kSicker, kDead});
    Script script = forcing_script(states);
    const ss::Path p = run(none, script, 1.1);
    REQUIRE(p.states == states);
    std::vector<std::uint8_t> st(p.states.begin(), p.states.end());
    std::vector<std::int32_t> runs(p.sick_run.begin(), p.sick_run.end());
    Script again = forcing_script(states);
    const ss::Path simulated = run(treat, again, 1.1);
    const ss::PathTotals valued =
        ss::value_path(treat, kHorizon, 1.1, st.data(), runs.data(), weights(), weights(),
                       [](std::uint32_t, State, int, double, double) {});
    CHECK(valued.cost == simulated.totals.cost);
    CHECK(valued.qalys == simulated.totals.qalys);
    CHECK(valued.cost_undiscounted == simulated.totals.cost_undiscounted);
    CHECK(valued.qalys_undiscounted == simulated.totals.qalys_undiscounted);
    CHECK(valued.life_years == simulated.totals.life_years);
    CHECK(valued.cost != p.totals.cost);  // treatment costs more: the values are its own
  }
  ss::Inputs other = basic(kTreatment);
  other.p_S1H += 0.01;
  CHECK_FALSE(ss::same_moves(basic(kNoTreatment), ss::DeathTable(basic(kNoTreatment), kHorizon),
                             other, ss::DeathTable(other, kHorizon)));
}
