// The Sick-Sicker microsimulation of Krijkamp et al. (2018), Medical Decision Making 38(3):400-422,
// implemented from shared/reference/sick-sicker.md as PIMHsim's textbook validation model.
//
// Four states (healthy, sick, sicker, dead), annual cycles, two strategies that differ only in
// costs and utilities. With the `time_dependence` switch on, mortality rises with the time spent
// sick, and treated utility falls with it, scaled by an individual effect modifier.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "core/model.h"
#include "scenario/scenario.h"

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
  std::vector<Exact> exact_values() const override;

 private:
  std::uint64_t population_;
  std::uint32_t horizon_;
  std::vector<Inputs> options_;
  std::vector<double> cost_weight_, effect_weight_;  // discount weights by cycle
  std::unique_ptr<core::TallyLayout> layout_;
};

}  // namespace pimhsim::models::sick_sicker
