// A typed, validated scenario: everything a run needs, checked before anything runs.
//
// load_scenario() composes the file with what it extends and the --set overrides, validates
// every key and value against the common schema and the model's declared parameters and
// switches, and returns either a Scenario or a full list of located errors.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/core/discount.h"
#include "pimhsim/core/model.h"
#include "pimhsim/core/parameter.h"
#include "pimhsim/scenario/areas_reader.h"
#include "pimhsim/scenario/diagnostics.h"

namespace pimhsim::scenario {

struct RunSettings {
  std::uint64_t seed = 0;
  std::uint32_t replicates = 1;
  std::uint32_t horizon = 1;     // cycles (years for annual-cycle models)
  std::uint64_t population = 0;  // individuals per replicate, for models that need it
  double scale = 1.0;            // share of the real population simulated (area models)
  int start_year = 0;            // calendar year of the first simulated year (area models)
};

struct EconomicsSettings {
  // Discounting of costs and of health effects: a constant rate, a named schedule (green_book,
  // green_book_health, nice, nice_sensitivity) or a table of rates by year.
  core::DiscountSchedule cost_discount = core::DiscountSchedule::constant(0);
  core::DiscountSchedule effect_discount = core::DiscountSchedule::constant(0);
  std::string cost_discount_name, effect_discount_name;  // as given, for reports and comparisons
  std::vector<double> thresholds;                        // willingness to pay per QALY
  std::string currency = "GBP";
  // Whether the societal perspective counts monetised quality of life (Bauer et al. do); the
  // cost-per-QALY view never does, so nothing is counted twice.
  bool quality_of_life_in_societal = true;
  // Prices: parameters with a `price_year` are converted to this year with the index.
  std::optional<int> price_year;
  std::map<int, double> inflation_index;  // year -> index (any base)
};

// `correlations:` a Gaussian copula among uncertain number parameters for probabilistic
// analysis: the correlation matrix of their normal scores (analysis/sampling.h).
struct CorrelationSettings {
  std::vector<std::string> parameters;
  std::vector<std::vector<double>> matrix;  // rows, in the order of `parameters`
};

// A data table the scenario reads. Its bytes are part of the scenario's content hash, and a copy
// goes into every results directory beside scenario.resolved.yaml, which names the copy: a data
// change is seen by provenance and by `--resume`, and the resolved scenario runs from there.
struct InputTable {
  std::string key;      // where the scenario names it: "areas.table"
  std::string source;   // the path it was read from
  std::string copy;     // its path in a results directory and in resolved_yaml: "tables/NAME.csv"
  std::string content;  // its bytes
};

// One investment option: the baseline with its overrides applied.
struct Option {
  std::string name;
  std::string description;
  std::vector<std::string> overrides;  // "parameters.x = 3", for reports
  core::ParameterSet parameters;
  core::SwitchSet switches;
};

struct Scenario {
  std::string file;
  // The overrides applied on top of the file (`--set KEY=VALUE`, a variant's), in order.
  std::vector<std::string> sets;
  std::vector<std::string> inputs;  // every file read: `file`, the files it extends, its tables
  std::string name;
  std::string description;
  // Which variant of the scenario this is (`compare --variant`, `--grid`, or `--set variant=...`
  // to tell the runs of a batch apart); empty for none.
  std::string variant;
  std::string model;
  RunSettings run;
  EconomicsSettings economics;
  core::ParameterSet parameters;  // the baseline
  core::SwitchSet switches;
  std::vector<Option> options;                      // at least one; the first is the comparator
  std::optional<AreaSettings> areas;                // for area models
  std::optional<CorrelationSettings> correlations;  // for PSA
  std::vector<InputTable> tables;                   // the data tables it reads (areas)
  std::string resolved_yaml;  // the composed scenario, as run, naming each table's copy
  std::string content_hash;   // content_hash_of(resolved_yaml, tables), hex
  // What validation warns of without refusing the scenario (a PSA distribution not centred on
  // its value), in file order; also in the Diagnostics given to load_scenario.
  std::vector<Diagnostic> warnings;
};

// The content hash of a scenario: the SHA-256 of what `sha256sum scenario.resolved.yaml
// tables/NAME.csv ...` prints for the resolved YAML and each table it reads, in the scenario's
// order (a line "HEX  PATH" per file), so that in a results directory
// `sha256sum scenario.resolved.yaml tables/*.csv | sha256sum` reproduces it. It depends on
// content, not on where the files are.
std::string content_hash_of(const std::string& resolved_yaml,
                            const std::vector<InputTable>& tables);
// The lines content_hash_of hashes: `sha256sum`'s output for the resolved YAML and the tables.
std::string content_sha256sums(const std::string& resolved_yaml,
                               const std::vector<InputTable>& tables);
inline constexpr const char* kContentHashMethod =
    "SHA-256 of the output of `sha256sum scenario.resolved.yaml` followed by the tables it reads "
    "(tables/NAME, in the order the manifest lists them): in this directory, `sha256sum "
    "scenario.resolved.yaml tables/*.csv | sha256sum` prints it";

// The most persons a year (births, say: the model's population column) simulated in one area in
// any year of the horizon, once the column's growth parameter (core::AreaColumn::growth) has
// compounded: ten times the largest table cell a model may declare, far from the counts that
// would overflow an integer, and more than any run that finishes.
inline constexpr double kMaxPersonsPerAreaYear = 1e9;
// The longest run.horizon, in the model's cycles (years, say).
inline constexpr std::int64_t kMaxHorizon = 1000;

// Why `parameter` cannot take `value` in `s` ("" if it can, or if it is not the growth parameter
// of the population column among `columns`): the largest area's persons a year x run.scale,
// compounded at `value` a year to the horizon's last year, would exceed kMaxPersonsPerAreaYear.
std::string growth_problem(const Scenario& s, std::span<const core::AreaColumn> columns,
                           const std::string& parameter, double value);

std::optional<Scenario> load_scenario(const std::string& path, const std::vector<std::string>& sets,
                                      std::span<const core::ModelSpec* const> models,
                                      Diagnostics& diagnostics);

// A seed given apart from the overrides (a command line's `--seed N`): adds `run.seed=N` to
// `sets`, or reports at `seed_label` (line 1, column 1) a seed that is not a whole number, or one
// that `sets` also sets (`set_label` names how the overrides were given, e.g. "--set").
void add_seed(const std::string& seed, const std::string& seed_label, const std::string& set_label,
              std::vector<std::string>& sets, Diagnostics& diagnostics);

// load_scenario with a seed given apart from `sets` (add_seed's arguments); a bad seed is reported
// with the file's errors and nothing is loaded.
std::optional<Scenario> load_scenario(const std::string& path, std::vector<std::string> sets,
                                      const std::optional<std::string>& seed,
                                      const std::string& seed_label, const std::string& set_label,
                                      std::span<const core::ModelSpec* const> models,
                                      Diagnostics& diagnostics);

// FNV-1a 64 in 16 hex digits: a fast checksum for lines of a journal, not a content hash.
std::string fnv1a64_hex(std::string_view text);

}  // namespace pimhsim::scenario
