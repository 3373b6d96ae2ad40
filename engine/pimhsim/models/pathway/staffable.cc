#include "pimhsim/models/pathway/staffable.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "pimhsim/models/pathway/economic_evaluation.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/staffing_report.h"

namespace pimhsim::models::pathway {
namespace {

using Unit = StaffingMeasure::Unit;

enum Index : std::size_t {
  kDetection,
  kTimely,
  kSpecialist,
  kTrained,
  kInvestment,
  kNetSavings,  // then public sector and societal
  kRoi = kNetSavings + kPerspectiveCount,
  kQalys = kRoi + kPerspectiveCount,
  kNmb,
  kPayback,
  kWisnRequirement,
  kWisnDifference,
  kCount
};

const std::array<StaffingMeasure, kCount>& table() {
  static const std::array<StaffingMeasure, kCount> t = {{
      {"detection", "detection", "share of ill mothers identified", Unit::kShare, true, false,
       true},
      {"timely_specialist", "timely specialist care",
       "share of specialist referrals starting care within specialist.timely_weeks of referral",
       Unit::kShare, true, false, true},
      {"specialist_care", "specialist care", "share of ill mothers who had the specialist's care",
       Unit::kShare, true, false, false},
      {"trained_share", "trained health visitors (final year)",
       "trained share of health visitors in the final year of the horizon", Unit::kShare, true,
       false, true},
      {"investment", "investment over the horizon (discounted)",
       "extra investment in specialists and training over the comparator, discounted",
       Unit::kPounds, false, false, true},
      {"net_savings", "NHS and PSS net savings",
       "NHS and PSS savings minus the investment, discounted", Unit::kPounds, false, false, false},
      {"net_savings_public_sector", "public sector net savings",
       "public sector savings minus the investment, discounted", Unit::kPounds, false, false,
       false},
      {"net_savings_societal", "societal net savings",
       "societal savings minus the investment, discounted", Unit::kPounds, false, false, false},
      {"roi", "NHS and PSS ROI", "NHS and PSS net savings per pound invested", Unit::kRatio, false,
       false, true},
      {"roi_public_sector", "public sector ROI", "public sector net savings per pound invested",
       Unit::kRatio, false, false, false},
      {"roi_societal", "societal ROI", "societal net savings per pound invested", Unit::kRatio,
       false, false, false},
      {"incremental_qalys", "QALYs gained", "QALYs of mother and child gained, discounted",
       Unit::kQalys, false, false, false},
      {"nmb", "net monetary benefit",
       "incremental net monetary benefit at a willingness to pay per QALY (NHS and PSS costs)",
       Unit::kPounds, false, true, false, false, true},
      {"payback_year", "NHS and PSS payback year",
       "first calendar year in which cumulative discounted NHS and PSS savings cover the "
       "cumulative investment (undefined: not within the years the model values)",
       Unit::kYear, false, false, true},
      {"wisn_requirement", "WISN requirement",
       "specialist WTE the simulated workload needs at WHO WISN standards, mean over the horizon",
       Unit::kWte, false, false, true, true},
      {"wisn_difference", "WISN difference",
       "specialist WTE in post minus the WISN requirement, mean over the horizon (negative: a "
       "shortage)",
       Unit::kWte, false, false, false},
  }};
  return t;
}

// A share of one per-dyad count in another, p = sum(num) / sum(den), with the binomial SE. Dyads
// of one area share its caseload places, so their outcomes are correlated (a full caseload
// delays everyone referred that month) and this SE understates the noise: a plan with two or more
// replicates uses their spread instead.
Measured share(const core::Tally& t, std::size_t numerator, std::size_t denominator) {
  double sum_num = 0, sum_den = 0;
  for (std::size_t y = 0; y < t.layout().measures()[numerator].periods; ++y) {
    const auto& a = t.level(1, numerator, y);
    const auto& b = t.level(1, denominator, y);
    sum_num += a.count() > 0 ? a.mean() * static_cast<double>(a.count()) : 0.0;
    sum_den += b.count() > 0 ? b.mean() * static_cast<double>(b.count()) : 0.0;
  }
  if (!(sum_den > 0)) return {0.0, 0.0};  // nobody eligible: nobody reached
  const double p = sum_num / sum_den;
  return {p, std::sqrt(std::max(0.0, p * (1 - p)) / sum_den)};
}

Measured of(const economics::Estimate& e) {
  return {e.value, e.se};
}

class PathwayStaffable final : public Staffable {
 public:
  std::span<const StaffingMeasure> measures() const override { return table(); }

  std::unique_ptr<core::Model> make(const scenario::Scenario& s,
                                    std::vector<std::vector<double>> funded) const override {
    return std::make_unique<Model>(s, std::move(funded));
  }

  // The funding rule of docs/model.md (inputs.h, funded_wte): the same arithmetic as a plan's.
  std::vector<std::pair<std::string, double>> staffing_overrides(
      double per_area, double per_1000, double minimum_wte) const override {
    return {{"parameters.staffing.wte_per_area", per_area},
            {"parameters.staffing.wte_per_1000_births", per_1000},
            {"parameters.staffing.minimum_wte", minimum_wte}};
  }

  // switches.staffing_rule: area_table reads the areas table's specialist_wte (spec.cc).
  std::optional<TableStaffing> table_staffing() const override {
    return TableStaffing{{{"switches.staffing_rule", "area_table"}}, "specialist_wte"};
  }

  StaffingFrame frame(const core::Model& model) const override {
    const auto& m = dynamic_cast<const Model&>(model);
    StaffingFrame f;
    for (std::size_t a = 0; a < m.areas().size(); ++a) {
      f.partitions.push_back(m.partition_name(a));
      f.titles.push_back(m.partition_title(a));
      f.population.push_back(m.areas()[a].births);
    }
    f.comparator_wte = m.funded().at(0);
    f.post_cost_per_wte = m.options().at(1).post_cost_per_wte;
    return f;
  }

  void measure(const core::Model& model, const core::Tally& t, std::size_t partitions,
               std::span<const MeasureRequest> want, std::span<Measured> out) const override {
    const auto& m = dynamic_cast<const Model&>(model);
    std::optional<Evaluation> e;
    for (std::size_t i = 0; i < want.size(); ++i) {
      const std::size_t k = want[i].measure;
      if (k == kDetection) {
        out[i] = share(t, kDetected, kIll);
      } else if (k == kTimely) {
        out[i] = share(t, kSpecialistTimely, kSpecialistReferred);
      } else if (k == kSpecialist) {
        out[i] = share(t, kSpecialistCare, kIll);
      } else if (k == kTrained) {
        // The cascade is deterministic given staffing: no Monte Carlo error.
        const std::size_t last = t.layout().measures()[kHvWteMonths].periods - 1;
        const double hv = t.total(1, kHvWteMonths, last);
        out[i] = {hv > 0 ? t.total(1, kTrainedHvWteMonths, last) / hv : 0.0, 0.0};
      } else if (k == kWisnRequirement || k == kWisnDifference) {
        // Mean over the horizon's years of option 1's staffing report.
        const std::size_t years = t.layout().measures()[kSpecialistWteMonths].periods;
        double required = 0, in_post = 0;
        for (std::size_t y = 0; y < years; ++y) {
          const auto sy = staffing_year(t, 1, y, m.options()[1], static_cast<double>(partitions),
                                        m.total_factor());
          required += sy.specialist.required / static_cast<double>(years);
          in_post += sy.in_post / static_cast<double>(years);
        }
        out[i] = {k == kWisnRequirement ? required : in_post - required,
                  std::numeric_limits<double>::quiet_NaN()};
      } else if (k < kCount) {
        if (!e) e = evaluate(t, m.evaluation());
        const auto& inc = e->increments.at(0);
        if (k == kInvestment) {
          out[i] = {inc.investment, 0.0};
        } else if (k < kRoi) {
          out[i] = of(inc.by_perspective[k - kNetSavings].net_savings);
        } else if (k < kQalys) {
          const auto& r = inc.by_perspective[k - kRoi].roi;
          out[i] = r ? of(*r) : Measured{};
        } else if (k == kQalys) {
          out[i] = of(inc.cost_effectiveness.incremental_effect);
        } else if (k == kPayback) {
          const auto& y = inc.by_perspective[0].payback_year;
          out[i] = {y ? static_cast<double>(*y) : std::numeric_limits<double>::quiet_NaN(),
                    std::numeric_limits<double>::quiet_NaN()};
        } else {
          // At a threshold of the evaluation (a plan adds its target's to the scenario's).
          out[i] = {};
          for (const auto& at : inc.cost_effectiveness.at)
            if (at.threshold == want[i].threshold) out[i] = of(at.net_monetary_benefit);
        }
      } else {
        throw std::out_of_range("pathway staffing: no measure " + std::to_string(k));
      }
    }
  }
};

}  // namespace

const Staffable& staffable() {
  static const PathwayStaffable s;
  return s;
}

}  // namespace pimhsim::models::pathway
