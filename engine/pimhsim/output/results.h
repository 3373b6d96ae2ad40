// What a run writes: summary.json, the tidy results.csv, manifest.json, by-partition files, and
// the model's own files; either from an outcome that holds every partition's tally (write_run) or
// partition by partition as a run goes (RunWriter), with the same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/model.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/frontier_table.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

// Every measure of every option (and every increment over the first option), one row per
// option x measure x period: option, comparator (empty for a level), measure, unit, the period
// (the model's period_column(), empty for a whole-horizon measure) and what it means for the
// measure, the mean per individual with its SE and n, the population total with its SE, and the
// exact value where the model has one.
std::vector<std::string> results_columns(const core::Model& model);
std::string results_csv(const scenario::Scenario& s, const analysis::RunOutcome& r);

// Whole-horizon measures per option with Monte Carlo standard errors, increments over the
// first option, and the ICER where the model names a cost and an effect.
nlohmann::json summary_json(const scenario::Scenario& s, const analysis::RunOutcome& r);
// The incremental analysis of a run's options, if the model gives every option a cost and effect.
std::optional<FrontierTable> run_frontier(const scenario::Scenario& s,
                                          const analysis::RunOutcome& r);

struct RunInfo {
  std::string command_line;
  unsigned threads = 1;
  double wall_seconds = 0;
};

nlohmann::json manifest_json(const scenario::Scenario& s, const RunInfo& info);
// Writes scenario.resolved.yaml and a copy of each table it reads (tables/NAME), which it names:
// `pimhsim run DIR/scenario.resolved.yaml` then runs the same scenario from anywhere.
void write_scenario(AtomicDirectory& dir, const scenario::Scenario& s);

// by_<label>.csv (by_area.csv, say): every total over individuals (and total measure) by option,
// partition (code and name), period and measure; a section per option.
core::PartitionTable by_partition_table(const core::Model& model);

// The columns that lead every table of a results directory of one scenario: `scenario` (its name,
// else its file's name) and `variant` (empty for none), so the tables of a batch stack.
core::CsvLead scenario_lead(const scenario::Scenario& s);

// A partition table's file from every partition's tally.
std::string partition_table_csv(const core::PartitionTable& table,
                                std::span<const core::Tally> partitions);

// A partition table's file written as partitions come: each partition's rows go to a spill file
// beside the target (`.NAME.spill`) at once, with their offsets; finish() copies them into
// place section by section and removes the spill. Memory holds an offset per partition and
// section and one partition's rows of one section, not the file.
class StreamedTable {
 public:
  StreamedTable(core::PartitionTable table, std::filesystem::path file);
  // Partition p's tally; partitions in order 0, 1, ...
  void add(std::size_t p, const core::Tally& partition);
  // Writes the file: the header, then each section's partitions' rows, each led by `lead`.
  void finish(const core::CsvLead& lead = {});

 private:
  core::PartitionTable table_;
  std::filesystem::path file_, spill_path_;
  std::ofstream spill_;
  std::size_t partitions_ = 0;
  // Where partition p's rows of section s start in the spill: starts_[p * sections + s]; the
  // end of the spill follows the last.
  std::vector<std::uint64_t> starts_;
  std::uint64_t written_ = 0;
  std::string rows_;  // one partition's rows of one section, on their way to the spill
};

// Writes summary.json, results.csv, manifest.json, scenario.resolved.yaml, the model's own files,
// the by-partition file if asked (`by_partition`: it has a row per partition, period and measure)
// and the codebook columns.csv atomically, from an outcome that holds every partition's tally.
void write_run(const std::string& out_dir, const scenario::Scenario& s,
               const analysis::RunOutcome& r, const RunInfo& info, bool by_partition = false);

// The same files, written as the run goes (`pimhsim run`): pass add_partition to run_model as its
// PartitionSink, then call finish() with the outcome. Each partition's rows of the by-partition
// file and of the model's partition tables are written when its tally is complete, so memory does
// not grow with the partitions or the horizon. Nothing appears at `out_dir` unless finish()
// returns. The writer refers to the model until finish() returns.
class RunWriter {
 public:
  RunWriter(const std::string& out_dir, const core::Model& model, bool by_partition = false);
  // With the run's settings (analysis::run_setting_specs): `by_area` asks for the by-partition
  // file, `report` for the report (report.h), written with the results and appearing with them.
  RunWriter(const std::string& out_dir, const core::Model& model,
            const core::SettingValues& settings);
  void add_partition(std::size_t p, const core::Tally& partition);
  void finish(const scenario::Scenario& s, const analysis::RunOutcome& r, const RunInfo& info);
  // What the terminal says of the report, once finish() returns: where it is, or why it is not
  // (the results are written either way); empty if none was asked for.
  const std::string& report_text() const { return report_text_; }

 private:
  AtomicDirectory dir_;
  std::vector<StreamedTable> tables_;
  std::size_t partitions_ = 0;  // added so far, of the model's expected_
  std::size_t expected_ = 0;
  bool report_ = false;
  std::string report_text_;
};

}  // namespace pimhsim::output
