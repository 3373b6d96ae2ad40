// A toy model that lives outside the engine's tree, to show that a model is a folder plus one
// registry line (models::add): nothing in analysis/ or output/ knows of it, and `run`, the PSA
// and the DSA analyse it as they analyse the built-in models.
//
// One cycle. Each person falls ill with probability p_ill (1 - effect); illness costs c_ill and
// loses q_loss QALYs; an option's programme costs c_programme per person and lowers the risk by the
// relative `effect`. Every option sees the same uniform per person (common random numbers), so a
// person ill under a more effective option is ill under a less effective one. Expected values:
//   risk_o = p_ill (1 - effect_o)
//   E[cost_o] = c_programme_o + risk_o c_ill        E[qalys_o] = 1 - risk_o q_loss
// and the paired increment of option 1 over 0 differs from its mean only for the share
// d = p_ill (effect_1 - effect_0) of people ill without the programme and well with it.
#pragma once

#include <algorithm>
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::test::toy {

inline const core::ModelSpec& spec() {
  using core::Domain;
  static const core::ModelSpec s{
      "toy",
      "a one-cycle illness-and-programme model (test only)",
      {
          {"p_ill", Domain::kProbability, "probability of falling ill", {}, false},
          {"c_ill", Domain::kNonNegative, "cost of an illness", {}, /*money=*/true},
          {"q_loss", Domain::kNonNegative, "QALYs lost to an illness", {}, false},
          {"c_programme", Domain::kNonNegative, "programme cost per person", {}, /*money=*/true},
          {"effect", Domain::kProbability, "relative reduction of the risk of illness", {}, false},
      },
      /*switches=*/{},
      /*needs_population=*/true,
      /*needs_areas=*/false,
      /*check=*/nullptr,
      /*presets=*/{},
      /*horizon_unit=*/"cycles",
  };
  return s;
}

class Model final : public core::Model {
 public:
  static constexpr std::uint32_t kBatch = 4096;  // people per partition

  explicit Model(const scenario::Scenario& s)
      : population_(s.run.population), replicates_(s.run.replicates) {
    std::vector<std::string> names;
    for (const auto& o : s.options) {
      names.push_back(o.name);
      const auto& p = o.parameters;
      options_.push_back({p.value("p_ill") * (1 - p.value("effect")), p.value("c_ill"),
                          p.value("q_loss"), p.value("c_programme")});
    }
    std::vector<core::MeasureSpec> measures = {
        {"cost", "cost per person", s.economics.currency, 1, "", true},
        {"qalys", "QALYs per person", "QALY", 1, "", true},
        {"ill", "share of people ill", "share", 1, "", true},
        {"cost_minus_qalys", "cost minus QALYs per person", "mixed", 1, "", true},
    };
    for (const std::size_t m : {std::size_t{0}, std::size_t{1}, std::size_t{3}})
      measures[m].all_pairs = true;
    layout_ = std::make_unique<core::TallyLayout>(names, measures);
  }

  const core::TallyLayout& layout() const override { return *layout_; }
  std::size_t partitions() const override { return (population_ + kBatch - 1) / kBatch; }
  void simulate(const core::RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                core::Tally& tally) const override {
    const std::uint64_t first = static_cast<std::uint64_t>(partition) * kBatch;
    const std::uint64_t last = std::min<std::uint64_t>(first + kBatch, population_);
    std::vector<double> cost(options_.size()), qalys(options_.size()), ill(options_.size()),
        cmq(options_.size());
    for (std::uint64_t id = first; id < last; ++id) {
      const double u = rng.uniform({replicate, static_cast<std::uint32_t>(partition),
                                    static_cast<std::uint32_t>(id - first), 0, 0});
      for (std::size_t o = 0; o < options_.size(); ++o) {
        const auto& in = options_[o];
        ill[o] = u < in.risk ? 1.0 : 0.0;
        cost[o] = in.c_programme + ill[o] * in.c_ill;
        qalys[o] = 1 - ill[o] * in.q_loss;
        cmq[o] = cost[o] - qalys[o];
      }
      tally.add(0, 0, cost);
      tally.add(1, 0, qalys);
      tally.add(2, 0, ill);
      tally.add(3, 0, cmq);
    }
  }
  std::vector<std::string> headline_measures() const override { return {"cost", "qalys", "ill"}; }
  std::string cost_measure() const override { return "cost"; }
  std::string effect_measure() const override { return "qalys"; }
  std::string cost_minus_effect_measure() const override { return "cost_minus_qalys"; }
  double population_factor() const override { return 1.0 / replicates_; }
  double total_factor() const override { return 1.0 / replicates_; }

 private:
  struct Inputs {
    double risk, c_ill, q_loss, c_programme;
  };
  std::uint64_t population_;
  double replicates_ = 1;
  std::vector<Inputs> options_;
  std::unique_ptr<core::TallyLayout> layout_;
};

// The registry's line for it.
inline const models::Entry kEntry{&spec, &models::construct<Model>};

}  // namespace pimhsim::test::toy
