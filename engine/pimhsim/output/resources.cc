#include "pimhsim/output/resources.h"

#include <fmt/format.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "pimhsim/analysis/compare.h"
#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/statistics.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

// The process before it holds anything the estimate counts: code, libraries, the allocator's
// arenas and the threads. Measured with /usr/bin/time -v (maximum resident set size, 2 cores):
// `pimhsim --version` 6.4 MiB; England (151 areas) run with --threads 2 at run.scale 0.05 and
// 0.2, 17,944 and 23,404 kB, a line whose value at scale 0 (16.5 MB) less what the estimate
// counts there (4.9 MB) leaves about 11 MiB: 12 MiB, so that those runs and the run at scale 1
// (47,808 kB) are estimated 6-16% above their peak (docs/reliability.md, "The resource budget").
constexpr double kBaseBytes = 12.0 * (1 << 20);
// What a scenario holds by area besides the table's text: while the areas table is read, every
// cell's text and place and the area being built (scenario::Area: code, name, region, values),
// and then the area itself. `validate` of a 1,000,000-row table (36.7 MB) peaked at 655,252 kB:
// 658 bytes a row beyond the base, of which the text (37) and the model's inputs (about 140)
// are counted elsewhere.
constexpr double kScenarioBytesPerArea = 480;
// Bytes a number takes in a CSV file, on average (17 significant digits at most, many shorter),
// and what a results directory holds besides its tables (summary.json, economics.json, the
// codebook, the manifest, small tables).
constexpr double kNumberBytes = 14;
constexpr double kSmallFiles = 512.0 * 1024;
// The report (`--report`): the page, its charts as SVG and PNG and its workbook. Measured: Leeds
// (4 options) 1.16 MB without the workbook; England (151 areas, 3 options, 10 years) 2.23 MB: the
// page 0.45, the charts 0.88 and the workbook 0.89 (its by-area sheet most of it); half as much
// again, for more options and years.
constexpr double kReportBytes = 3.5 * (1 << 20);
// A PSA's report draws every iteration of each compared option on the cost-effectiveness plane
// and in the convergence chart, each as SVG, PNG and inline in the page. Measured (Sick-Sicker,
// one compared option): 60 iterations with EVPPI 1.01 MB, 400 without 1.18 MB, the plane's and
// the convergence's SVG growing by 296 bytes an iteration (690 with the page's base64 copy and
// the PNGs' share); 1 kB an iteration and compared option bounds it.
constexpr double kPsaReportBytesPerDraw = 1024;

std::optional<double> number_from_env(const char* name) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v >= 0) || !std::isfinite(v)) return std::nullopt;
  return v;
}

// A whole number with thousands separators: 12,345,678.
std::string grouped(double x) {
  const std::string digits = fmt::format("{:.0f}", std::fabs(x));
  std::string out = x < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

double tally_bytes(const core::TallyLayout& layout) {
  const double options = static_cast<double>(layout.options().size());
  const double slots = static_cast<double>(layout.slots_per_option());
  const double pairs = options < 3 ? 0 : (options - 1) * (options - 2) / 2;
  return (2 * options + pairs) * slots * sizeof(core::Moments) + options * slots * sizeof(double) +
         256;
}

// What a scenario itself holds: its tables' text (and the areas reader's copy), the composed
// scenario, and each area.
double scenario_bytes(const scenario::Scenario& s) {
  double bytes = static_cast<double>(s.resolved_yaml.size());
  for (const auto& t : s.tables) bytes += static_cast<double>(t.content.size());
  if (s.areas)
    bytes += static_cast<double>(s.areas->table_content.size()) +
             static_cast<double>(s.areas->areas.size()) * kScenarioBytesPerArea;
  return bytes;
}

// What each row of a table starts with: the scenario and variant columns (core::CsvLead).
double lead_bytes(const scenario::Scenario& s) {
  return static_cast<double>(core::csv_text(analysis::scenario_label(s)).size() +
                             core::csv_text(s.variant).size() + 2);
}

// results.csv: a row per option, measure and period, and per increment.
double results_csv_bytes(const core::Model& model, double lead) {
  const auto& layout = model.layout();
  double bytes = 0;
  for (std::size_t o = 0; o < layout.options().size(); ++o)
    for (const auto& m : layout.measures()) {
      const bool increment = o > 0 && (m.total || m.paired);
      const double row =
          static_cast<double>(layout.options()[o].size() + m.name.size() + m.unit.size() + 20) +
          6 * kNumberBytes + lead;
      bytes += static_cast<double>(m.periods) * row * (increment ? 2 : 1);
    }
  return bytes;
}

// by_area.csv (when asked) and the model's tables by partition: each partition's rows as the
// first partition's (from an empty tally, whose numbers are then counted at kNumberBytes), held
// twice while a run writes them (its spill file and the file).
double partition_tables_bytes(const core::Model& model, bool by_area, double lead,
                              std::string& largest, double& largest_bytes) {
  std::vector<core::PartitionTable> tables;
  if (by_area && model.partition_label() != "partition")
    tables.push_back(by_partition_table(model));
  for (auto& t : model.partition_tables()) tables.push_back(std::move(t));
  if (model.partitions() == 0) return 0;
  const core::Tally empty(model.layout());
  double total = 0;
  for (const auto& t : tables) {
    std::string rows;
    for (std::size_t section = 0; section < t.sections; ++section)
      t.partition_rows(0, empty, section, rows);
    const double lines = static_cast<double>(std::count(rows.begin(), rows.end(), '\n'));
    const double fields = lines * static_cast<double>(t.columns.size());
    const double bytes =
        (static_cast<double>(rows.size()) + fields * kNumberBytes / 2 + lines * lead) *
        static_cast<double>(model.partitions());
    if (bytes > largest_bytes) {
      largest_bytes = bytes;
      largest = t.name;
    }
    total += 2 * bytes;
  }
  return total;
}

struct OneRun {
  double held = 0;     // the scenario, the model's inputs and, unless streamed, every tally
  double working = 0;  // the threads' workspaces and tallies
  double output = 0;   // a run's files
  double summary = 0;  // what a comparison keeps of the run: its resolved scenario and figures
  double work = 0;     // every replicate
  std::string work_unit, largest;
};

OneRun estimate_run(const scenario::Scenario& s, const BudgetRequest& r, bool streamed) {
  const auto model = models::make(s);
  const auto f = model->footprint();
  const double tally = tally_bytes(model->layout());
  const double partitions = static_cast<double>(model->partitions());
  const double units = std::max(1.0, partitions * s.run.replicates);
  const double threads = std::min(static_cast<double>(std::max(1u, r.threads)), units);
  OneRun one;
  one.held = scenario_bytes(s) + f.fixed_bytes + (streamed ? 0.0 : partitions * tally);
  // Each thread: the largest unit's workspace, its tally and up to four finished ones waiting
  // (core/runner.h); besides, the merged tally and the partition being completed.
  one.working = threads * (f.unit_bytes + 5 * tally) + 2 * tally;
  one.work = f.work * s.run.replicates;
  one.work_unit = f.work_unit;
  double largest = 0;
  const bool by_area = r.settings.has("by_area") && r.settings.flag("by_area");
  const bool report = r.settings.has("report") && r.settings.flag("report");
  const double lead = lead_bytes(s);
  one.summary = scenario_bytes(s) + results_csv_bytes(*model, lead);
  one.output =
      kSmallFiles + (report ? kReportBytes : 0.0) + results_csv_bytes(*model, lead) +
      scenario_bytes(s) -
      (s.areas ? static_cast<double>(s.areas->areas.size()) * kScenarioBytesPerArea : 0.0) +
      partition_tables_bytes(*model, by_area, lead, one.largest, largest);
  if (one.largest.empty()) one.largest = "results.csv";
  return one;
}

std::string budget_problem(const ResourceEstimate& e, const BudgetRequest& r);

}  // namespace

ResourceEstimate estimate_resources(std::span<const scenario::Scenario> scenarios,
                                    const BudgetRequest& r) {
  ResourceEstimate e;
  e.command = r.command == "validate" ? "run" : r.command;
  e.threads = std::max(1u, r.threads);
  const auto& s = scenarios.front();
  if (e.command == "compare") {
    // Runs one after another, each kept (with every partition's tally) for the comparison. The
    // results are each file's resolved scenario and figures (comparison.json), not a run's tables,
    // and one report for them all.
    double working = 0;
    e.output = kSmallFiles;
    for (const auto& each : scenarios) {
      const auto one = estimate_run(each, r, false);
      e.memory += one.held;
      working = std::max(working, one.working);
      e.output += one.summary;
      e.work += one.work;
      e.work_unit = one.work_unit;
    }
    e.memory += kBaseBytes + working;
    if (r.settings.has("report") && r.settings.flag("report")) e.output += kReportBytes;
    e.largest = "comparison.json";
  } else {
    const auto one = estimate_run(s, r, e.command == "run");
    e.memory = kBaseBytes + one.held + one.working;
    e.work = one.work;
    e.work_unit = one.work_unit;
    e.output = one.output;
    e.largest = one.largest;
    if (e.command != "run") {
      // A second copy of the scenario and the model's inputs: the drawn or varied one beside the
      // baseline. Results are tables by iteration or evaluation, not by partition.
      e.memory += one.held;
      const auto model = models::make(s);
      const double options = static_cast<double>(s.options.size());
      const double figures =
          static_cast<double>(model->figures(s.economics.thresholds).figures.size());
      const double parameters = static_cast<double>(s.parameters.all().size());
      const double row = options * figures * 2 * kNumberBytes;
      if (e.command == "psa") {
        const double iterations = r.settings.has("iterations")
                                      ? static_cast<double>(r.settings.integer("iterations"))
                                      : 1.0;
        e.work *= iterations;
        // psa.csv, ce_plane.csv, psa_parameters.csv and convergence.csv, and the journal.
        e.output = kSmallFiles + iterations * 2 * (row + parameters * kNumberBytes);
        e.memory += iterations * (row + parameters * 8);
        e.largest = "psa.csv";
      } else if (e.command == "dsa") {
        // Two evaluations (low and high) for each parameter at most, and the baseline.
        const double evaluations = 2 * parameters + 1;
        e.work *= evaluations;
        e.output = kSmallFiles + evaluations * 2 * row;
        e.largest = "dsa.csv";
      } else {
        e.work_scope = "one evaluation";  // a plan's search decides how many
        e.work /= std::max(1u, s.run.replicates);
        e.output = kSmallFiles * 2 + static_cast<double>(s.areas ? s.areas->areas.size() : 0) *
                                         options * 8 * kNumberBytes;
        e.largest = "plan.csv";
      }
      // The report (`--report`), as for a run, and for a PSA its every draw.
      if (r.settings.has("report") && r.settings.flag("report")) {
        e.output += kReportBytes;
        if (e.command == "psa" && r.settings.has("iterations"))
          e.output += static_cast<double>(r.settings.integer("iterations")) *
                      std::max(1.0, options - 1) * kPsaReportBytesPerDraw;
      }
    }
  }
  e.memory_available = available_memory();
  e.disk_available = available_disk(r.out_dir, &e.disk_folder);
  e.problem = budget_problem(e, r);
  return e;
}

namespace {

std::string budget_problem(const ResourceEstimate& e, const BudgetRequest& r) {
  if (r.force) return {};
  const std::string what = r.command == "validate" ? "a run of this scenario" : "this " + e.command;
  if (e.memory_available && e.memory > *e.memory_available)
    return fmt::format(
        "{} would hold {} of memory at its peak on {} thread(s), and this "
        "machine has {} available (nothing was run or written); lower `run.scale` (with `set`), "
        "simulate fewer areas (`areas.include`) or use fewer `threads`, or give `force` to start "
        "anyway",
        what, bytes_text(e.memory), e.threads, bytes_text(*e.memory_available));
  if (e.disk_available && e.output > *e.disk_available && r.command != "validate")
    return fmt::format(
        "{} would write {} of results (most of it {}), and the file system of {} has {} free "
        "(nothing was run or written); {}lower `run.scale` (with `set`), simulate fewer areas "
        "(`areas.include`), choose an `out` on a larger file system, or give `force` to start "
        "anyway",
        what, bytes_text(e.output), e.largest, e.disk_folder, bytes_text(*e.disk_available),
        e.largest == "by_area.csv" ? "leave out `by_area`, " : "");
  return {};
}

}  // namespace

std::string results_problem(std::span<const scenario::Scenario> scenarios,
                            const BudgetRequest& request) {
  std::vector<std::string> inputs;
  for (const auto& s : scenarios) inputs.insert(inputs.end(), s.inputs.begin(), s.inputs.end());
  if (auto why = results_dir_problem(request.label, request.out_dir, inputs); !why.empty())
    return why;
  return estimate_resources(scenarios, request).problem;
}

std::string resources_text(const ResourceEstimate& e) {
  std::string out = fmt::format("  memory     {} at the peak of a run on {} thread(s)",
                                bytes_text(e.memory), e.threads);
  if (e.memory_available) out += fmt::format("; {} available", bytes_text(*e.memory_available));
  out += fmt::format("\n  output     {} (most of it {})", bytes_text(e.output), e.largest);
  if (e.disk_available)
    out += fmt::format("; {} free in {}", bytes_text(*e.disk_available), e.disk_folder);
  out += fmt::format("\n  effort     {} {}\n", grouped(e.work), e.work_unit);
  return out;
}

std::optional<double> available_memory() {
  if (const auto v = number_from_env("PIMHSIM_TEST_MEMORY_AVAILABLE")) return v;
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib >> unit)
    if (key == "MemAvailable:") return kib * 1024;
  return std::nullopt;
}

std::optional<double> available_disk(const std::string& dir, std::string* folder) {
  std::error_code ec;
  fs::path p = fs::absolute(dir.empty() ? fs::path(".") : fs::path(dir), ec);
  if (ec) return std::nullopt;
  p = p.lexically_normal();
  while (!fs::is_directory(p, ec) && p.has_relative_path()) p = p.parent_path();
  if (folder) *folder = p.string();
  if (const auto v = number_from_env("PIMHSIM_TEST_DISK_AVAILABLE")) return v;
  struct statvfs st {};
  if (::statvfs(p.c_str(), &st) != 0) return std::nullopt;
  return static_cast<double>(st.f_bavail) * static_cast<double>(st.f_frsize);
}

std::string bytes_text(double bytes) {
  static constexpr const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
  double v = bytes;
  int unit = 0;
  while (v >= 1024 && unit < 5) {
    v /= 1024;
    ++unit;
  }
  const std::string exact = grouped(bytes);
  return unit == 0 ? fmt::format("{} bytes", exact)
                   : fmt::format("about {:.1f} {} ({} bytes)", v, kUnits[unit], exact);
}

}  // namespace pimhsim::output
