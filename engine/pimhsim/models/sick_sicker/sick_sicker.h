// The Sick-Sicker microsimulation of Krijkamp et al. (2018), Medical Decision Making 38(3):400-422,
// implemented from the tutorial's published specification (restated in docs/validation.md, "The
// model") as PIMHsim's textbook validation model.
//
// Four states (healthy, sick, sicker, dead), annual cycles, two strategies that differ only in
// costs and utilities. With the `time_dependence` switch on, mortality rises with the time spent
// sick, and treated utility falls with it, scaled by an individual effect modifier.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "pimhsim/core/discount.h"
#include "pimhsim/core/model.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::models::sick_sicker {

enum State : int { kHealthy = 0, kSick = 1, kSicker = 2, kDead = 3 };
inline constexpr int kStates = 4;
inline constexpr const char* kStateNames[kStates] = {"H", "S1", "S2", "D"};

const core::ModelSpec& spec();

// One option's numbers, read once from its parameters and switches.
struct Inputs {
  double p_HS1, p_S1H, p_S1S2, p_HD;
  double r_HD, r_S1D, r_S2D;  // mortality rates
  double rp, ru, x_halfwidth;
  std::array<double, 3> initial;  // shares in H, S1, S2
  std::array<double, kStates> cost, utility;
  double cost_treatment, utility_treated;
  bool treated, time_dependence;

  static Inputs from(const core::ParameterSet& p, const core::SwitchSet& s);
  // Probability of death in the cycle for a sick individual whose run of sick cycles, counting
  // the current one, is k (k is ignored without time dependence).
  double p_death(State s, int k) const;
  // Utility of a cycle in state s, after k_before consecutive sick cycles, with modifier x.
  double cycle_utility(State s, int k_before, double x) const;
  double cycle_cost(State s) const;
};

// Draw purposes.
enum Purpose : std::uint16_t { kInitialState = 1, kTransition = 2, kModifier = 3 };

// ---- One individual's path for one option -------------------------------------------------
// The rules of the model as free functions on plain numbers, so that they can be checked on
// single constructed trajectories; Model::simulate runs exactly these.

// The state at cycle 0 from the individual's initial-state uniform.
inline State initial_state(const Inputs& in, double u) {
  return u < in.initial[0] ? kHealthy : u < in.initial[0] + in.initial[1] ? kSick : kSicker;
}

// The individual effect modifier X = 1 - w + 2 w u, uniform on (1 - w, 1 + w).
inline double effect_modifier(const Inputs& in, double u) {
  return 1.0 - in.x_halfwidth + 2.0 * in.x_halfwidth * u;
}

// Inputs::p_death of Sick and Sicker for k = 0..max_k, computed once: the same numbers, looked
// up instead of evaluating expm1 in every sick cycle of the hot loop. Call it as p_death(st, k)
// for st Sick or Sicker.
struct DeathTable {
  std::vector<double> sick, sicker;  // by k

  DeathTable(const Inputs& in, int max_k) {
    for (int k = 0; k <= max_k; ++k) {
      sick.push_back(in.p_death(kSick, k));
      sicker.push_back(in.p_death(kSicker, k));
    }
  }
  double operator()(State st, int k) const { return st == kSick ? sick[k] : sicker[k]; }
};

// The state at cycle t + 1 of an individual in `st` at cycle t, whose run of consecutive sick
// cycles counting cycle t is `sick_run` (0 in Healthy), given the cycle's transition uniform u.
// The interval [0, 1) is cut in the order of the rows of the transition matrix's off-diagonal
// moves: H: [S1 | D | H], S1: [H | S2 | D | S1], S2: [D | S2]. `p_death(st, k)` gives
// in.p_death(st, k) for Sick and Sicker (a DeathTable of `in`, say); without it, in.p_death.
template <class DeathProbability>
inline State next_state(const Inputs& in, State st, int sick_run, double u,
                        DeathProbability&& p_death) {
  State next = st;
  switch (st) {
    case kHealthy:
      next = u < in.p_HS1 ? kSick : u < in.p_HS1 + in.p_HD ? kDead : kHealthy;
      break;
    case kSick: {
      const double pd = p_death(kSick, sick_run);
      next = u < in.p_S1H                    ? kHealthy
             : u < in.p_S1H + in.p_S1S2      ? kSicker
             : u < in.p_S1H + in.p_S1S2 + pd ? kDead
                                             : kSick;
      break;
    }
    case kSicker:
      next = u < p_death(kSicker, sick_run) ? kDead : kSicker;
      break;
    case kDead:
      break;
  }
  return next;
}

inline State next_state(const Inputs& in, State st, int sick_run, double u) {
  return next_state(in, st, sick_run, u, [&in](State s, int k) { return in.p_death(s, k); });
}

// Whole-horizon totals of one path.
struct PathTotals {
  double cost = 0;                // sum over t = 0..horizon of cost(t) * cost_weight[t]
  double qalys = 0;               // sum of utility(t) * effect_weight[t]
  double cost_undiscounted = 0;   // sum of cost(t)
  double qalys_undiscounted = 0;  // sum of utility(t)
  double life_years = 0;          // cycles alive, cycle 0 included
};

// Values cycle t of a path in state `st` with its sick run, adds it to `totals` and tells
// `on_cycle`: the one place both simulate_path and value_path do it, so that valuing a recorded
// path gives the same bits as simulating it.
template <class OnCycle>
inline void value_cycle(const Inputs& in, std::uint32_t t, State st, int sick_run, double x,
                        const std::vector<double>& cost_weight,
                        const std::vector<double>& effect_weight, OnCycle& on_cycle,
                        PathTotals& totals) {
  const double cc = in.cycle_cost(st);
  const double uu = in.cycle_utility(st, sick_run > 0 ? sick_run - 1 : 0, x);
  on_cycle(t, st, sick_run, cc, uu);
  totals.cost += cc * cost_weight[t];
  totals.qalys += uu * effect_weight[t];
  totals.cost_undiscounted += cc;
  totals.qalys_undiscounted += uu;
  totals.life_years += st == kDead ? 0.0 : 1.0;
}

// Simulates one individual's path for one option over cycles t = 0..horizon (horizon + 1 time
// points, all valued). `u_for_cycle(t)` returns the transition uniform that decides the move
// from cycle t to t + 1; it is called once for each t < horizon at which the individual is
// alive, in increasing t, and never otherwise. `cost_weight` and `effect_weight` hold the
// discount weights of cycles 0..horizon. `on_cycle(t, state, sick_run, cost, utility)` sees
// every cycle: sick_run is the count k of consecutive sick cycles counting t (0 in H and D).
// `p_death` gives the death probabilities as for next_state (it is called with k <= horizon).
// Templated so that the callables inline into the hot loop of Model::simulate.
template <class UniformAt, class OnCycle, class DeathProbability>
inline PathTotals simulate_path(const Inputs& in, std::uint32_t horizon, double u_init, double x,
                                UniformAt&& u_for_cycle, const std::vector<double>& cost_weight,
                                const std::vector<double>& effect_weight, OnCycle&& on_cycle,
                                DeathProbability&& p_death) {
  State st = initial_state(in, u_init);
  int sick_run = st == kHealthy ? 0 : 1;  // consecutive sick cycles, the current one included
  PathTotals totals;
  for (std::uint32_t t = 0;; ++t) {
    value_cycle(in, t, st, sick_run, x, cost_weight, effect_weight, on_cycle, totals);
    if (t == horizon) break;
    if (st == kDead) continue;
    const State next = next_state(in, st, sick_run, u_for_cycle(t), p_death);
    sick_run = (next == kSick || next == kSicker) ? sick_run + 1 : 0;
    st = next;
  }
  return totals;
}

// The same with in.p_death.
template <class UniformAt, class OnCycle>
inline PathTotals simulate_path(const Inputs& in, std::uint32_t horizon, double u_init, double x,
                                UniformAt&& u_for_cycle, const std::vector<double>& cost_weight,
                                const std::vector<double>& effect_weight, OnCycle&& on_cycle) {
  return simulate_path(in, horizon, u_init, x, std::forward<UniformAt>(u_for_cycle), cost_weight,
                       effect_weight, std::forward<OnCycle>(on_cycle),
                       [&in](State s, int k) { return in.p_death(s, k); });
}

// The totals of a path whose states and sick runs by cycle (t = 0..horizon) are already known
// (simulated under another option whose moves are the same: same_moves), valued under `in` by
// value_cycle as simulate_path values them, so the same bits as simulating it again.
template <class OnCycle>
inline PathTotals value_path(const Inputs& in, std::uint32_t horizon, double x,
                             const std::uint8_t* states, const std::int32_t* sick_runs,
                             const std::vector<double>& cost_weight,
                             const std::vector<double>& effect_weight, OnCycle&& on_cycle) {
  PathTotals totals;
  for (std::uint32_t t = 0; t <= horizon; ++t)
    value_cycle(in, t, static_cast<State>(states[t]), sick_runs[t], x, cost_weight, effect_weight,
                on_cycle, totals);
  return totals;
}

// Whether two options move an individual alike: the same initial shares, transition
// probabilities and death tables, bit for bit, so that the same uniforms give the same path.
bool same_moves(const Inputs& a, const DeathTable& death_a, const Inputs& b,
                const DeathTable& death_b);

// One path recorded cycle by cycle, for tests and diagnostics (allocates; not for the hot loop).
struct Path {
  std::vector<State> states;    // state at t = 0..horizon
  std::vector<int> sick_run;    // k at t: consecutive sick cycles counting t (0 in H, D)
  std::vector<double> cost;     // undiscounted cost of cycle t
  std::vector<double> utility;  // undiscounted utility of cycle t
  PathTotals totals;
};

template <class UniformAt>
Path trace_path(const Inputs& in, std::uint32_t horizon, double u_init, double x,
                UniformAt&& u_for_cycle, const std::vector<double>& cost_weight,
                const std::vector<double>& effect_weight) {
  Path path;
  path.totals =
      simulate_path(in, horizon, u_init, x, std::forward<UniformAt>(u_for_cycle), cost_weight,
                    effect_weight, [&](std::uint32_t, State st, int k, double c, double u) {
                      path.states.push_back(st);
                      path.sick_run.push_back(k);
                      path.cost.push_back(c);
                      path.utility.push_back(u);
                    });
  return path;
}

// Discount weights 1 / (1 + rate)^t for t = 0..horizon.
std::vector<double> discount_weights(double rate, std::uint32_t horizon);
// The same from a schedule: cycle t is valued at the start of the cycle, factor(t).
std::vector<double> discount_weights(const core::DiscountSchedule& schedule, std::uint32_t horizon);

class Model final : public core::Model {
 public:
  static constexpr std::uint32_t kBatch = 8192;  // individuals per partition

  explicit Model(const scenario::Scenario& s);
  const core::TallyLayout& layout() const override { return *layout_; }
  std::size_t partitions() const override { return (population_ + kBatch - 1) / kBatch; }
  void simulate(const core::RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                core::Tally& tally) const override;
  std::vector<std::string> headline_measures() const override;
  std::string cost_measure() const override { return "cost"; }
  std::string effect_measure() const override { return "qalys"; }
  std::string cost_minus_effect_measure() const override { return "internal_cost_minus_qalys"; }
  double population_factor() const override { return 1.0 / replicates_; }
  double total_factor() const override { return 1.0 / replicates_; }
  std::string period_column() const override { return "cycle"; }
  std::vector<Exact> exact_values() const override;
  // A batch's occupancy counts and draws; work in individual-cycles.
  Footprint footprint() const override;

 private:
  std::uint64_t population_;
  std::uint32_t horizon_;
  double replicates_ = 1;
  std::vector<Inputs> options_;
  std::vector<DeathTable> death_;                    // by option, for k = 0..horizon
  std::vector<double> cost_weight_, effect_weight_;  // discount weights by cycle
  std::unique_ptr<core::TallyLayout> layout_;
};

}  // namespace pimhsim::models::sick_sicker
