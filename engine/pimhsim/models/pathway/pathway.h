// The perinatal and infant mental health pathway, behind the core's model interface: each area
// is a partition, simulated month by month with every option in lockstep (area_simulation.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/economic_evaluation.h"
#include "pimhsim/models/pathway/inputs.h"
#include "pimhsim/models/pathway/report.h"
#include "pimhsim/models/reporting.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::models::pathway {

class Model final : public core::Model, public models::Reporting {
 public:
  explicit Model(const scenario::Scenario& s);
  // The same with option o's funded specialist WTE in area a given as funded[o][a] instead of by
  // the option's staffing rule (staffing plans search over these).
  Model(const scenario::Scenario& s, std::vector<std::vector<double>> funded);
  const core::TallyLayout& layout() const override { return *layout_; }
  std::size_t partitions() const override { return areas_.size(); }
  // The status-quo pass: the comparator alone over every unit of the run, whose cases give the
  // reference exposure against which every option's long-term costs are valued (outcomes.h). A
  // unit's bytes are its StatusQuoSums; the preparation is their sum in unit order.
  bool prepares() const override { return true; }
  std::string prepare_unit(const core::RandomSource& rng, std::uint32_t replicate,
                           std::size_t partition) const override;
  std::string preparation(const std::vector<std::string>& units) const override;
  void adopt(std::string_view preparation) override;
  void simulate(const core::RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                core::Tally& tally) const override;
  // The reference sums of one unit (the comparator's cases in one area and replicate).
  StatusQuoSums status_quo_sums(const core::RandomSource& rng, std::uint32_t replicate,
                                std::size_t partition) const;
  std::vector<std::string> headline_measures() const override;
  double population_factor() const override { return 1.0 / (timeline_.scale * replicates_); }
  double total_factor() const override { return 1.0 / replicates_; }
  std::string partition_label() const override { return "area"; }
  std::string partition_name(std::size_t p) const override { return codes_[p]; }
  std::string partition_title(std::size_t p) const override { return names_[p]; }
  int first_period_label() const override { return start_year_; }
  std::string period_column() const override { return "year"; }
  // The run's figures from the merged tally (report.h), which summary.json and the terminal
  // summary are written from.
  Report report(const core::Tally& total) const;
  void extend_summary(const core::Tally& total, nlohmann::json& summary) const override;
  // Totals, increments and economics by perspective (summary_text.cc).
  std::string summary_text(const RunHeader& run, const core::Tally& total) const override;
  std::vector<std::pair<std::string, std::string>> extra_outputs(
      const core::Tally& total) const override;
  // staffing_by_area.csv.
  std::vector<core::PartitionTable> partition_tables() const override;
  // NHS and PSS costs with investment, and QALYs of mother and child (population totals).
  std::optional<CostEffect> cost_effect(const core::Tally& t, std::size_t option) const override;
  std::optional<CostEffectStep> cost_effect_step(const core::Tally& t, std::size_t from,
                                                 std::size_t to) const override;
  // Besides cost, QALYs and NMB: costs by perspective, investment, net savings and ROI by
  // perspective, and the counts of the cohort funnel (figures.cc).
  core::FigureLayout figures(const std::vector<double>& thresholds) const override;
  void figure_values(const core::Tally& tally, const core::FigureLayout& layout,
                     const std::vector<double>& thresholds, std::vector<double>& value,
                     std::vector<double>& se) const override;

  const std::vector<Inputs>& options() const { return options_; }
  const std::vector<AreaInput>& areas() const { return areas_; }
  const Timeline& timeline() const { return timeline_; }
  const Discounting& discounting() const { return discounting_; }
  // The workforce of one area: staffing(area)[option] by month from the start of the burn-in;
  // and the funded WTE of each option and area in the horizon.
  std::vector<OptionStaffing> staffing(std::size_t area) const;
  const std::vector<std::vector<double>>& funded() const { return funded_; }
  const EvaluationSettings& evaluation() const { return evaluation_; }
  // What a run holds (the largest area's rings, every area's inputs) and its dyad-months
  // (footprint.cc).
  Footprint footprint() const override;

 private:
  std::vector<Inputs> options_;
  // cost_effect from an evaluation already made of the same tally.
  CostEffect cost_effect_of(const core::Tally& t, const Evaluation& e, std::size_t option) const;
  StaffingSummary staffing_summary(const core::Tally& t, std::size_t option) const;

  std::vector<AreaInput> areas_;
  std::vector<std::vector<double>> funded_;
  // The whole plan, [area][option], kept only when a national training limit couples the areas;
  // otherwise each area's plan is made when the area is simulated, so that memory does not grow
  // with areas x months (the same arithmetic, so the same bits).
  std::vector<std::vector<OptionStaffing>> coupled_staffing_;
  std::vector<std::string> codes_, names_;  // each area's code and name
  Timeline timeline_;
  Discounting discounting_;
  int start_year_ = 0;
  double replicates_ = 1;
  std::string currency_;
  EvaluationSettings evaluation_;
  std::unique_ptr<core::TallyLayout> layout_;
};

}  // namespace pimhsim::models::pathway
