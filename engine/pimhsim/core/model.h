// The model interface: what a model declares to the core, and how the core runs it.
//
// A model is the structure of a simulation (states, events, equations); every number in it comes
// from a scenario. It declares its parameters and switches (a ModelSpec) so that scenarios are
// validated before anything runs, and its measures (a TallyLayout) so that the core can reduce,
// report and write them. It splits a replicate's population into independent partitions (areas,
// batches of individuals); the core runs (replicate, partition) units on any number of threads
// and merges their tallies in a fixed order. A unit simulates every option on the same random
// numbers, so increments over the first option are paired individual by individual.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pimhsim/core/executor.h"
#include "pimhsim/core/parameter.h"
#include "pimhsim/core/random.h"
#include "pimhsim/core/tally.h"

namespace pimhsim::core {

// The set of values a parameter may take.
enum class Domain {
  kProbability,   // [0, 1]
  kUtility,       // (-inf, 1]
  kNonNegative,   // [0, inf)
  kPositive,      // (0, inf)
  kReal,          // any finite number
  kShares,        // named shares summing to 1
  kAnnualChange,  // [-kMaxAnnualChange, kMaxAnnualChange]: a proportional change each year
};

// The largest annual change (a trend in births, say) a kAnnualChange parameter may take, either
// way. A trend compounds over the horizon, so its domain is bounded; half the population more or
// less each year is beyond the largest change in births in England and Wales on record (about
// +38% in 1920; ONS, Births in England and Wales: summary tables).
inline constexpr double kMaxAnnualChange = 0.5;

const char* domain_description(Domain d);
bool in_domain(Domain d, double x);
// Whether every value in [lower, upper] (the support of a distribution) lies in the domain.
bool support_within(Domain d, double lower, double upper);

struct ParameterSpec {
  std::string name;
  Domain domain = Domain::kReal;
  std::string description;
  std::vector<std::string> components;  // required component names for kShares
  // An amount of money (a cost, a price, a salary): only such a parameter may carry a
  // `price_year` and be converted to another year's prices.
  bool money = false;
};

struct SwitchSpec {
  std::string name;
  std::string description;
  std::vector<std::string> choices;  // empty: a boolean switch
  // The choice of a scenario that does not name the switch (one added after scenarios were
  // written, whose old behaviour it keeps); empty: every scenario names it.
  std::string default_choice = {};
};

// A problem that involves more than one parameter (probabilities out of one state that exceed 1,
// say), found by a model's own check after every value is in its domain.
struct ModelProblem {
  std::string parameter;  // the parameter to point at
  std::string message;
  std::string expected;
};

// A ready-made option: a named rule that sets parameters from a few arguments, e.g. the HEE
// minimum staffing "at least one per area, more in larger ones". A scenario's option says
// `preset: NAME` or `preset: {name: NAME, ARGUMENT: value}`; its `set:` may then refine it.
struct PresetArgument {
  std::string name;
  std::string description;
  double default_value = 0;
  Domain domain = Domain::kPositive;
};

struct PresetSpec {
  std::string name;
  std::string description;
  std::vector<PresetArgument> arguments;
  // Parameter settings (name, value) from the arguments, in the order of `arguments`.
  std::vector<std::pair<std::string, double>> (*settings)(const std::vector<double>& arguments) =
      nullptr;
};

// An output file with rows for each partition (staffing by area and year, say), in sections
// (by option and year, say) that each list the partitions in order. A run can then write a
// partition's rows as soon as its tally is complete and drop the tally (output::RunWriter,
// engine/pimhsim/output/results.h). Totals over partitions belong in a file of their own, never
// among the partitions' rows.
struct PartitionTable {
  std::string name;                  // file name
  std::vector<std::string> columns;  // the header
  std::size_t sections = 1;
  // Appends partition p's rows of a section to `out` (each row ending in a newline).
  std::function<void(std::size_t p, const Tally& partition, std::size_t section, std::string& out)>
      partition_rows;
};

// A column of the `areas:` table that a model reads, besides the areas' identity (area_code,
// area_name, region). The scenario layer checks every cell against it.
struct AreaColumn {
  std::string name;
  std::string expected;  // what a cell holds, for messages: "live births per year, a number >= 0"
  double lower = 0, upper = 0;  // a cell's bounds, inclusive
  bool required = false;        // a column every table has (else optional, and a cell may be empty)
  // When areas are merged (areas.merge), the merged areas' values add into the area they join;
  // otherwise that area keeps its own.
  bool summed_on_merge = false;
  // Persons a year, of whom run.scale are simulated: what a scale too small to simulate one in
  // an area's horizon is checked on. `person` names one of them ("birth").
  bool population = false;
  std::string person = {};
  // For the population column: the parameter (a Domain::kAnnualChange) by which its persons a
  // year change each year of the horizon, if any (the pathway's births.annual_trend). The
  // scenario layer checks that it never makes an area's simulated persons a year too many.
  std::string growth = {};
  // `SWITCH=CHOICE`: an option with that switch choice reads this column, so every area of the
  // table must have a value (the scenario layer checks it); empty: no switch needs it.
  std::string required_by = {};
};

struct ModelSpec {
  std::string name;   // the value of `model:` in a scenario
  std::string title;  // one line for listings
  std::vector<ParameterSpec> parameters;
  std::vector<SwitchSpec> switches;
  bool needs_population = false;  // run.population is required (else not allowed)
  bool needs_areas = false;       // an `areas:` table, run.scale and run.start_year are required
  // Checks that span parameters, run on the baseline and on every option.
  std::vector<ModelProblem> (*check)(const ParameterSet&, const SwitchSet&) = nullptr;
  std::vector<PresetSpec> presets;
  std::string horizon_unit = "cycles";  // what run.horizon counts, e.g. "years"
  // The perspectives of the model's net savings and return on investment (its figures
  // net_savings_P and roi_P); none when it reports neither.
  std::vector<std::string> perspectives = {};
  // The columns of its areas table, for a model that needs_areas.
  std::vector<AreaColumn> area_columns = {};
  // Parameters of the comparator that change who is simulated (a births trend, say): scenarios
  // whose comparators differ in one of them describe different populations, which `compare`
  // does not pair.
  std::vector<std::string> population_parameters = {};
};

// A figure of the probabilistic and deterministic analyses: per option and parameter set, one
// number (a total or a mean) with its Monte Carlo standard error.
struct Figure {
  std::string name;         // column name in psa.csv, e.g. "cost", "delta_qalys"
  std::string description;  // for psa_summary.json
  bool increment = false;   // option minus comparator (NaN for the comparator)
  // For a 0/1 figure that flags a problem: when its mean over iterations is above 0 for the
  // comparator, the analysis warns "NAME: in P% of iterations " followed by this text.
  std::string warning_when_set;
};

// The figures a model reports, and which of them carry the decision.
struct FigureLayout {
  std::vector<Figure> figures;
  std::size_t cost = 0, effect = 0;    // indices of each option's cost and effect
  std::optional<std::size_t> persons;  // the figure counting the persons that cost and effect are
                                       // totals over; none when they are means per person
  std::string person = "person";       // what one of those persons is ("birth", say)
  // Perspectives of the figures net_savings_P and roi_P (net savings and return on the extra
  // investment, both > 0 when an option saves money); none when the model reports no savings,
  // and an option saves money when its delta_cost is below 0.
  std::vector<std::string> perspectives;
  // The share of the real population simulated, when the model simulates a sample of it.
  std::optional<double> population_scale;
  std::size_t index_of(const std::string& figure) const;  // throws std::out_of_range
};

// Fills the arrays of Model::figure_values ([option * figures + figure], NaN where a figure is
// not set) by figure name.
class FigureWriter {
 public:
  FigureWriter(const FigureLayout& layout, std::size_t options, std::vector<double>& value,
               std::vector<double>& se);
  void put(std::size_t option, const std::string& figure, double v, double e);

 private:
  const FigureLayout& layout_;
  std::vector<double>& value_;
  std::vector<double>& se_;
};

class Model {
 public:
  virtual ~Model() = default;
  virtual const TallyLayout& layout() const = 0;
  // Independent partitions of one replicate's population.
  virtual std::size_t partitions() const = 0;
  // Work done once before the units of a run, on the run's random numbers and replicates (a pass
  // of the comparator that sets a reference the options are valued against, say), in units of
  // its own so that the ranks of a distributed run share it as they share the run's: when
  // prepares(), one unit per replicate and partition, numbered as the run's (partition-major),
  // whose result is prepare_unit's bytes; preparation folds the units' bytes, in unit order, into
  // what the run needs (bytes, the same for any thread or rank count), and adopt sets it before
  // any unit of the run is simulated. None by default.
  virtual bool prepares() const { return false; }
  virtual std::string prepare_unit(const RandomSource& /*rng*/, std::uint32_t /*replicate*/,
                                   std::size_t /*partition*/) const {
    return {};
  }
  virtual std::string preparation(const std::vector<std::string>& /*units*/) const { return {}; }
  virtual void adopt(std::string_view /*preparation*/) {}
  // The whole preparation in one process: the units on `executor`, folded, then adopted.
  void prepare(const RandomSource& rng, std::uint32_t first_replicate, std::uint32_t replicates,
               const Executor& executor);
  // Simulates every option for one partition of one replicate and adds the outcomes to `tally`.
  virtual void simulate(const RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                        Tally& tally) const = 0;
  // The measures a summary leads with, and which of them are the cost and the effect of a
  // cost-effectiveness ratio (empty when the model has none).
  virtual std::vector<std::string> headline_measures() const = 0;
  virtual std::string cost_measure() const { return {}; }
  virtual std::string effect_measure() const { return {}; }
  // A paired per-individual measure of cost minus effect, from which the covariance of the cost
  // and effect increments follows (var(dC - dE) = var dC + var dE - 2 cov); empty when none.
  virtual std::string cost_minus_effect_measure() const { return {}; }
  // Expected values computed without simulation (a Markov cohort, say), by option and measure,
  // reported beside the simulated means; empty when the model has none.
  struct Exact {
    std::size_t option;
    std::string measure;
    std::size_t period;
    double value;
  };
  virtual std::vector<Exact> exact_values() const { return {}; }

  // Turns sums over every simulated individual of every replicate into totals for the real
  // population in one realisation: 1 / (population scale x replicates).
  virtual double population_factor() const { return 1.0; }
  // Turns total measures (summed over replicates) into one realisation's: 1 / replicates.
  virtual double total_factor() const { return 1.0; }
  // What a partition is ("area"), and the name of one (an area code), for by-partition output.
  virtual std::string partition_label() const { return "partition"; }
  virtual std::string partition_name(std::size_t p) const { return std::to_string(p); }
  // A partition's name for people (an area's name), beside partition_name's code.
  virtual std::string partition_title(std::size_t p) const { return partition_name(p); }
  // The label of period 0 (a calendar year, say); periods are numbered from it.
  virtual int first_period_label() const { return 0; }
  // What a period is, as a column name of results.csv: "year", "cycle".
  virtual std::string period_column() const { return "period"; }
  // An option's cost and effect for incremental analysis (the efficiency frontier): totals or
  // means, each with its Monte Carlo standard error; nothing when the model has no such pair.
  // `covariance`: the Monte Carlo covariance of the cost and effect estimates (the same
  // individuals give both), from the cost-minus-effect measure where the model keeps one, else 0.
  struct CostEffect {
    double cost = 0, cost_se = 0, effect = 0, effect_se = 0, covariance = 0;
  };
  // By default, for a model whose cost and effect measures are whole-horizon means per
  // individual: their means and standard errors; nothing when it names no such measures.
  virtual std::optional<CostEffect> cost_effect(const Tally& t, std::size_t option) const;
  // The paired Monte Carlo error of option `to` minus option `from` (from < to) in cost_effect's
  // cost and effect: the two standard errors and their covariance, from the per-individual
  // differences on common random numbers; nothing when the model keeps no such pairing.
  struct CostEffectStep {
    double cost_se = 0, effect_se = 0, covariance = 0;
  };
  // By default, for a model whose cost, effect and cost-minus-effect measures are whole-horizon
  // means per individual, kept between every two options (MeasureSpec::all_pairs) or over the
  // comparator: their paired standard errors. Nothing when a measure is missing.
  virtual std::optional<CostEffectStep> cost_effect_step(const Tally& t, std::size_t from,
                                                         std::size_t to) const;
  // The figures of a probabilistic or deterministic analysis at the given thresholds per unit of
  // effect. By default, for a model with a cost and an effect (cost_effect): per option `cost`,
  // `qalys` and `nmb_W` for each threshold W, and their increments over the comparator
  // (`delta_cost`, `delta_qalys`, `delta_nmb_W`).
  virtual FigureLayout figures(const std::vector<double>& thresholds) const;
  // The values of `layout`'s figures (from figures(thresholds)) from a merged tally, as
  // [option * figures + figure], with their standard errors likewise; NaN where undefined.
  virtual void figure_values(const Tally& tally, const FigureLayout& layout,
                             const std::vector<double>& thresholds, std::vector<double>& value,
                             std::vector<double>& se) const;
  // Model-specific output files (name, content) from the merged tally.
  virtual std::vector<std::pair<std::string, std::string>> extra_outputs(
      const Tally& /*total*/) const {
    return {};
  }
  // Model-specific output files with rows for each partition. Their functions may refer to the
  // model, which must outlive them.
  virtual std::vector<PartitionTable> partition_tables() const { return {}; }
  // What a run holds and does, estimated before it starts, so that a run the machine cannot hold
  // is refused rather than started (the resource budget, pimhsim/output/resources.h). Bytes are
  // what the model allocates besides the tallies, which the core counts from the layout.
  struct Footprint {
    double fixed_bytes = 0;  // held for the whole run: the model's inputs, by partition
    double unit_bytes = 0;   // held by a thread while it simulates the largest unit
    double work = 0;         // one replicate of every partition and option, in work_unit
    std::string work_unit = "units";
  };
  // By default: nothing held beyond the tallies, and a unit of work per partition.
  virtual Footprint footprint() const {
    return {0, 0, static_cast<double>(partitions()), "partitions"};
  }
};

// The Monte Carlo standard error of an option's net monetary benefit at `threshold`, w E - C:
// var = w^2 var E + var C - 2 w cov(C, E) (the cost and effect of the same individuals covary).
double nmb_standard_error(const Model::CostEffect& ce, double threshold);

}  // namespace pimhsim::core
