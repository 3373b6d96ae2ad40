// A model whose specialist staffing can be searched: the capability staffing plans need.
//
// A plan asks a model to simulate the comparator against a candidate staffing (the funded WTE of
// each option in each partition) and to measure what the candidate achieves, overall and in each
// partition. The model declares the measures it offers (their names, what they mean, their units,
// whether they rise with staffing); the plan knows nothing else about the model. A model offers
// the capability by giving its registry entry a Staffable (registry.h).
#pragma once

#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::models {

// Below this population scale a shared caseload's whole places of the sample serve fewer referrals
// than a full-scale run would (docs/model.md, section 1.7): the summaries of `run` and `plan` say
// so.
inline constexpr double kQueueFullScaleBelow = 0.5;

// A measure of what a staffing achieves, against the comparator on common random numbers.
struct StaffingMeasure {
  enum class Unit { kShare, kPounds, kRatio, kQalys, kWte, kYear };
  std::string name;     // as a plan's target names it: "detection", "nmb"
  std::string label;    // for a sentence: "detection", "timely specialist care"
  std::string meaning;  // one line, for help and the codebook
  Unit unit = Unit::kShare;
  // Rises with staffing on common random numbers (coverage and access): searched by bisection.
  // Other measures (returns, net benefit) need not be monotone and are scanned.
  bool rises = false;
  bool needs_threshold = false;  // per willingness to pay for a QALY: `nmb@20000`
  bool headline = false;         // printed in a plan's terminal summary
  // The staffing the workload needs (a plan's reconciliation puts it beside the plan's answer).
  bool requirement = false;
  // Value for money: its maximum is the best-value staffing (per threshold if it needs one).
  bool value_for_money = false;
};

// An estimate with its Monte Carlo standard error; NaN where it is undefined (a return on no
// investment, say).
struct Measured {
  double value = std::numeric_limits<double>::quiet_NaN();
  double se = std::numeric_limits<double>::quiet_NaN();
  bool defined() const { return std::isfinite(value); }
};

// One measure to take: an index into Staffable::measures(), and its threshold if it needs one.
struct MeasureRequest {
  std::size_t measure = 0;
  double threshold = 0;
};

// The partitions of a model as a plan searches them.
struct StaffingFrame {
  std::vector<std::string> partitions;  // names (area codes)
  std::vector<std::string> titles;      // names for people (area names)
  std::vector<double> population;       // per partition: births a year
  std::vector<double> comparator_wte;   // per partition: the comparator's funded WTE
  double post_cost_per_wte = 0;         // option 1's annual cost of one funded WTE
};

class Staffable {
 public:
  virtual ~Staffable() = default;
  virtual std::span<const StaffingMeasure> measures() const = 0;
  // The model of scenario `s` with option o's funded WTE in partition p given as funded[o][p].
  virtual std::unique_ptr<core::Model> make(const scenario::Scenario& s,
                                            std::vector<std::vector<double>> funded) const = 0;
  // The option overrides (`set:` keys with their values) under which the model itself funds
  // max(minimum_wte, per_area + per_1000 x population / 1,000) WTE in every partition, the
  // staffing a plan's rules search; empty if its parameters cannot say so.
  virtual std::vector<std::pair<std::string, double>> staffing_overrides(double per_area,
                                                                         double per_1000,
                                                                         double minimum_wte) const {
    (void)per_area, (void)per_1000, (void)minimum_wte;
    return {};
  }
  // How the model funds each partition the WTE its row of the areas table gives (a per-area
  // plan as a runnable scenario): the option overrides (`set:` keys and values) that select it
  // and the areas-table column that holds the WTE; none if the model cannot.
  struct TableStaffing {
    std::vector<std::pair<std::string, std::string>> overrides;
    std::string column;
  };
  virtual std::optional<TableStaffing> table_staffing() const { return std::nullopt; }
  // The partitions of `model` (one made by make or by the registry).
  virtual StaffingFrame frame(const core::Model& model) const = 0;
  // out[i]: the measure want[i] in `tally` of `model`, option 1 against option 0; the tally merges
  // `partitions` partitions (1 for one area's, all of them for the whole run's).
  virtual void measure(const core::Model& model, const core::Tally& tally, std::size_t partitions,
                       std::span<const MeasureRequest> want, std::span<Measured> out) const = 0;

  // The index of the measure named `name` in measures(), or measures().size().
  std::size_t find(const std::string& name) const {
    const auto m = measures();
    std::size_t i = 0;
    while (i < m.size() && m[i].name != name) ++i;
    return i;
  }
};

}  // namespace pimhsim::models
