#include "pimhsim/output/results.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "pimhsim/analysis/compare.h"
#include "pimhsim/analysis/run_summary.h"
#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/messages.h"
#include "pimhsim/economics/icer.h"
#include "pimhsim/models/estimate_json.h"
#include "pimhsim/models/reporting.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/codebook.h"
#include "pimhsim/output/frontier_table.h"
#include "pimhsim/output/report.h"
#include "pimhsim/version.h"

namespace pimhsim::output {
namespace {

using Key = std::tuple<std::size_t, std::string, std::size_t>;

std::map<Key, double> exact_map(const analysis::RunOutcome& r) {
  std::map<Key, double> m;
  for (const auto& e : r.model->exact_values()) m[{e.option, e.measure, e.period}] = e.value;
  return m;
}

// results.csv and by_<label>.csv: a period column named by the model ("year", "cycle"), empty
// for a whole-horizon measure, and beside it what the period means for the row's measure.
void put_period(core::CsvRow& row, const core::Model& model, const core::MeasureSpec& spec,
                std::size_t p) {
  if (spec.periods == 1) {
    row.empty().text("horizon");
    return;
  }
  row.integer(model.first_period_label() + static_cast<long long>(p)).text(spec.period_name);
}

// A mean, its SE and n, and (for a measure whose totals mean something) the population total
// and its SE.
void put_numbers(core::CsvRow& row, const core::Moments& v, double factor, bool summable) {
  const double n = static_cast<double>(v.count());
  row.number(v.mean()).number(v.standard_error()).integer(static_cast<long long>(v.count()));
  if (summable)
    row.count(v.mean() * n * factor).number(v.standard_error() * n * factor);
  else
    row.empty().empty();
}

void put_exact(core::CsvRow& row, const std::map<Key, double>& exact, std::size_t o,
               const std::string& measure, std::size_t p, std::optional<std::size_t> base) {
  const auto a = exact.find({o, measure, p});
  const auto b = base ? exact.find({*base, measure, p}) : exact.end();
  if (a == exact.end() || (base && b == exact.end()))
    row.empty();
  else
    row.number(base ? a->second - b->second : a->second);
}

}  // namespace

std::vector<std::string> results_columns(const core::Model& model) {
  const std::string period = model.period_column();
  return {"option", "comparator", "measure", "unit",  period,     period + "_basis",
          "mean",   "mean_se",    "n",       "total", "total_se", "exact"};
}

std::string results_csv(const scenario::Scenario&, const analysis::RunOutcome& r) {
  const auto& layout = r.tally.layout();
  const auto& model = *r.model;
  const double f = model.population_factor();
  const auto exact = exact_map(r);
  core::CsvTable table(results_columns(model));
  const auto& options = layout.options();
  // Levels of every option, then increments over the first option.
  for (std::size_t o = 0; o < options.size(); ++o)
    for (std::size_t m = 0; m < layout.measures().size(); ++m) {
      const auto& spec = layout.measures()[m];
      for (std::size_t p = 0; p < spec.periods; ++p) {
        auto row = table.row();
        row.text(options[o]).empty().text(spec.name).text(spec.unit);
        put_period(row, model, spec, p);
        if (spec.total) {
          row.empty().empty().empty().count(r.tally.total(o, m, p) * model.total_factor()).empty();
          row.empty();
        } else {
          put_numbers(row, r.tally.level(o, m, p), f, spec.summable);
          put_exact(row, exact, o, spec.name, p, std::nullopt);
        }
        row.end();
      }
    }
  for (std::size_t o = 1; o < options.size(); ++o)
    for (std::size_t m = 0; m < layout.measures().size(); ++m) {
      const auto& spec = layout.measures()[m];
      if (!spec.total && !spec.paired) continue;
      for (std::size_t p = 0; p < spec.periods; ++p) {
        auto row = table.row();
        row.text(options[o]).text(options[0]).text(spec.name).text(spec.unit);
        put_period(row, model, spec, p);
        if (spec.total) {
          row.empty().empty().empty();
          row.count((r.tally.total(o, m, p) - r.tally.total(0, m, p)) * model.total_factor());
          row.empty().empty();
        } else {
          put_numbers(row, r.tally.increment(o, m, p), f, true);
          put_exact(row, exact, o, spec.name, p, 0);
        }
        row.end();
      }
    }
  return table.text();
}

core::PartitionTable by_partition_table(const core::Model& model) {
  const auto& layout = model.layout();
  const std::string label = model.partition_label(), period = model.period_column();
  core::PartitionTable t;
  t.name = "by_" + label + ".csv";
  t.columns = {"option",  label + "_code", label + "_name", period,    period + "_basis",
               "measure", "unit",          "total",         "total_se"};
  t.sections = layout.options().size();  // section o: option o
  t.partition_rows = [&model, columns = t.columns.size()](std::size_t part,
                                                          const core::Tally& tally, std::size_t o,
                                                          std::string& out) {
    const auto& measures = model.layout().measures();
    const std::string& option = model.layout().options()[o];
    const double f = model.population_factor();
    const std::string code = model.partition_name(part), name = model.partition_title(part);
    for (std::size_t m = 0; m < measures.size(); ++m) {
      const auto& spec = measures[m];
      if (!spec.total && !spec.summable) continue;  // a mean (waiting weeks): see results.csv
      for (std::size_t p = 0; p < spec.periods; ++p) {
        core::CsvRow row(out, columns);
        row.text(option).text(code).text(name);
        put_period(row, model, spec, p);
        row.text(spec.name).text(spec.unit);
        if (spec.total) {
          row.count(tally.total(o, m, p) * model.total_factor()).empty();
        } else {
          const auto& v = tally.level(o, m, p);
          const double n = static_cast<double>(v.count());
          row.count(v.mean() * n * f).number(v.standard_error() * n * f);
        }
        row.end();
      }
    }
  };
  return t;
}

std::optional<FrontierTable> run_frontier(const scenario::Scenario& s,
                                          const analysis::RunOutcome& r) {
  const auto& options = r.tally.layout().options();
  std::vector<CostEffectRow> rows;
  for (std::size_t o = 0; o < options.size(); ++o)
    if (const auto ce = r.model->cost_effect(r.tally, o))
      rows.push_back({options[o], ce->cost, ce->cost_se, ce->effect, ce->effect_se});
  if (rows.size() != options.size()) return std::nullopt;
  const StepErrors step_errors = [&](std::size_t from, std::size_t to) -> std::optional<StepError> {
    if (const auto e = r.model->cost_effect_step(r.tally, from, to))
      return StepError{e->cost_se, e->effect_se, e->covariance};
    return std::nullopt;
  };
  return frontier_table(rows, s.economics.thresholds, step_errors);
}

nlohmann::json summary_json(const scenario::Scenario& s, const analysis::RunOutcome& r) {
  const auto summary = analysis::summarise(s, r);
  const auto estimate = [](const analysis::MeasureEstimate& m) {
    auto v = models::estimate_json(m.mean, m.se);
    v["n"] = m.n;
    if (m.exact) v["exact"] = *m.exact;
    if (m.z) v["z"] = *m.z;
    return v;
  };
  nlohmann::json j;
  j["pimhsim_version"] = kVersion;
  j["scenario"] = {{"name", summary.scenario},
                   {"file", summary.file},
                   {"model", summary.model},
                   {"content_hash", summary.content_hash}};
  if (!s.variant.empty()) j["scenario"]["variant"] = s.variant;
  j["run"] = {
      {"seed", summary.seed}, {"replicates", summary.replicates}, {"horizon", summary.horizon}};
  if (summary.population) j["run"]["population"] = *summary.population;
  j["headline"] = summary.headline;
  nlohmann::json units = nlohmann::json::object();
  for (const auto& m : r.tally.layout().measures())
    units[m.name] = {{"unit", m.unit}, {"description", m.description}};
  j["measures"] = units;
  j["options"] = nlohmann::json::array();
  for (const auto& o : summary.options) {
    nlohmann::json opt = {
        {"name", o.name}, {"description", o.description}, {"overrides", o.overrides}};
    for (const auto& m : o.measures) opt["measures"][m.measure] = estimate(m);
    j["options"].push_back(opt);
  }
  j["increments"] = nlohmann::json::array();
  for (const auto& i : summary.increments) {
    nlohmann::json inc = {{"option", i.option}, {"comparator", i.comparator}};
    for (const auto& m : i.measures) inc["measures"][m.measure] = estimate(m);
    if (i.icer) {
      inc["icer"] = {{"kind", i.icer->label()}, {"text", i.icer->describe(s.economics.currency)}};
      const bool ratio = i.icer->kind == economics::Icer::Kind::kRatio ||
                         i.icer->kind == economics::Icer::Kind::kLessCostlyLessEffective;
      inc["icer"].update(models::estimate_json(
          ratio ? std::optional<double>(i.icer->value) : std::nullopt, std::nullopt));
    }
    for (const auto& at : i.at) {
      const std::string key = fmt::format("{}", at.threshold);
      inc["incremental_net_monetary_benefit"][key] =
          models::estimate_json(at.net_monetary_benefit, at.se);
    }
    j["increments"].push_back(inc);
  }
  models::extend_summary(*r.model, r.tally, j);
  if (const auto frontier = run_frontier(s, r)) j["frontier"] = frontier_json(*frontier);
  return j;
}

nlohmann::json manifest_json(const scenario::Scenario& s, const RunInfo& info) {
  nlohmann::json j = {{"pimhsim_version", kVersion},
                      {"git_revision", kGitRevision},
                      {"scenario_file", s.file},
                      {"scenario_content_hash", s.content_hash},
                      {"scenario_content_hash_method", scenario::kContentHashMethod},
                      {"seed", s.run.seed},
                      {"command_line", info.command_line},
                      {"threads", info.threads},
                      {"wall_seconds", info.wall_seconds}};
  // A distributed run (mpirun -n N: docs/distributed.md) records its ranks.
  if (core::world().size() > 1) j["ranks"] = core::world().size();
  // The overrides as data (KEY=VALUE split at the first `=`), and the files' SHA-256 digests
  // as `sha256sum` prints them (`sha256sum -c` checks them in this directory).
  j["overrides"] = nlohmann::json::array();
  for (const auto& set : s.sets) {
    const auto eq = set.find('=');
    j["overrides"].push_back(
        {{"key", set.substr(0, eq)},
         {"value", eq == std::string::npos ? std::string() : set.substr(eq + 1)}});
  }
  j["scenario_sha256sums"] = nlohmann::json::array();
  std::string lines = scenario::content_sha256sums(s.resolved_yaml, s.tables);
  for (std::size_t at = 0; at < lines.size();) {
    const auto end = lines.find('\n', at);
    j["scenario_sha256sums"].push_back(lines.substr(at, end - at));
    at = end + 1;
  }
  // Each table the scenario read: where it was read from, and its copy here.
  for (const auto& t : s.tables)
    j["tables"].push_back({{"key", t.key}, {"file", t.copy}, {"source", t.source}});
  return j;
}

void write_scenario(AtomicDirectory& dir, const scenario::Scenario& s) {
  dir.write("scenario.resolved.yaml", s.resolved_yaml);
  for (const auto& t : s.tables) dir.write(t.copy, t.content);
}

std::string partition_table_csv(const core::PartitionTable& table,
                                std::span<const core::Tally> partitions) {
  std::string out = core::CsvTable(table.columns).header();
  for (std::size_t s = 0; s < table.sections; ++s) {
    for (std::size_t p = 0; p < partitions.size(); ++p)
      table.partition_rows(p, partitions[p], s, out);
  }
  return out;
}

StreamedTable::StreamedTable(core::PartitionTable table, std::filesystem::path file)
    : table_(std::move(table)), file_(std::move(file)) {
  spill_path_ = file_.parent_path() / fmt::format(".{}.spill", file_.filename().string());
  spill_.open(spill_path_, std::ios::binary | std::ios::trunc);
  if (!spill_) throw std::runtime_error("cannot write " + spill_path_.string());
}

core::CsvLead scenario_lead(const scenario::Scenario& s) {
  return core::CsvLead({{"scenario", analysis::scenario_label(s)}, {"variant", s.variant}});
}

void StreamedTable::add(std::size_t p, const core::Tally& partition) {
  if (p != partitions_)
    throw std::logic_error(fmt::format("{}: partition {} came out of order", table_.name, p));
  for (std::size_t s = 0; s < table_.sections; ++s) {
    rows_.clear();  // keeps its capacity from one section to the next
    table_.partition_rows(p, partition, s, rows_);
    starts_.push_back(written_);
    spill_.write(rows_.data(), static_cast<std::streamsize>(rows_.size()));
    written_ += rows_.size();
  }
  if (!spill_) throw std::runtime_error("cannot write " + spill_path_.string());
  ++partitions_;
}

void StreamedTable::finish(const core::CsvLead& lead) {
  spill_.close();
  if (!spill_) throw std::runtime_error("cannot write " + spill_path_.string());
  starts_.push_back(written_);
  std::ifstream in(spill_path_, std::ios::binary);
  std::ofstream out(file_, std::ios::binary | std::ios::trunc);
  out << lead.header(table_.columns);
  std::string& chunk = rows_;  // the same buffer, now carrying a chunk of the spill
  std::string led;             // the chunk with the lead's values before each row
  const std::size_t sections = table_.sections;
  for (std::size_t s = 0; s < sections; ++s) {
    for (std::size_t p = 0; p < partitions_; ++p) {
      const std::uint64_t begin = starts_[p * sections + s], end = starts_[p * sections + s + 1];
      chunk.resize(end - begin);
      in.seekg(static_cast<std::streamoff>(begin));
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      if (!lead.empty()) {
        led.clear();
        lead.rows(chunk, led);
      }
      const std::string& rows = lead.empty() ? chunk : led;
      out.write(rows.data(), static_cast<std::streamsize>(rows.size()));
    }
  }
  if (!in) throw std::runtime_error("cannot read " + spill_path_.string());
  out.close();
  if (!out) throw std::runtime_error("cannot write " + file_.string());
  in.close();
  std::filesystem::remove(spill_path_);
}

namespace {

// The by-partition file (on request, and not for a model whose partitions are mere batches) and
// the model's own.
std::vector<core::PartitionTable> all_partition_tables(const core::Model& model,
                                                       bool by_partition) {
  std::vector<core::PartitionTable> tables;
  if (by_partition && model.partition_label() != "partition")
    tables.push_back(by_partition_table(model));
  for (auto& t : model.partition_tables()) tables.push_back(std::move(t));
  return tables;
}

// Every file but the partition tables, from the merged tally, and the codebook of them all.
void write_merged(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::RunOutcome& r,
                  const RunInfo& info) {
  const auto summary = summary_json(s, r);
  dir.write("summary.json", summary.dump(2) + "\n");
  dir.write("results.csv", results_csv(s, r));
  write_scenario(dir, s);
  for (const auto& [name, content] : r.model->extra_outputs(r.tally)) dir.write(name, content);
  if (const auto frontier = run_frontier(s, r)) dir.write("frontier.csv", frontier_csv(*frontier));
  dir.write("manifest.json", manifest_json(s, info).dump(2) + "\n");
  write_codebook(dir, scenario_columns(s));
}

}  // namespace

void write_run(const std::string& out_dir, const scenario::Scenario& s,
               const analysis::RunOutcome& r, const RunInfo& info, bool by_partition) {
  if (r.partitions.size() != r.model->partitions())
    throw std::logic_error(
        "write_run needs every partition's tally (RunWriter writes streamed runs)");
  AtomicDirectory dir(out_dir);
  dir.lead_tables_with(scenario_lead(s));
  for (const auto& t : all_partition_tables(*r.model, by_partition))
    dir.write(t.name, partition_table_csv(t, r.partitions));
  write_merged(dir, s, r, info);
  dir.commit();
}

RunWriter::RunWriter(const std::string& out_dir, const core::Model& model, bool by_partition)
    : dir_(out_dir), expected_(model.partitions()) {
  for (auto& t : all_partition_tables(model, by_partition)) {
    const auto file = dir_.pending(t.name);
    tables_.emplace_back(std::move(t), file);
  }
}

RunWriter::RunWriter(const std::string& out_dir, const core::Model& model,
                     const core::SettingValues& settings)
    : RunWriter(out_dir, model, settings.has("by_area") && settings.flag("by_area")) {
  report_ = settings.has("report") && settings.flag("report");
}

void RunWriter::add_partition(std::size_t p, const core::Tally& partition) {
  for (auto& t : tables_) t.add(p, partition);
  ++partitions_;
}

void RunWriter::finish(const scenario::Scenario& s, const analysis::RunOutcome& r,
                       const RunInfo& info) {
  if (partitions_ != expected_)
    throw std::logic_error("RunWriter::finish before every partition came");
  dir_.lead_tables_with(scenario_lead(s));
  for (auto& t : tables_) t.finish(dir_.lead());
  write_merged(dir_, s, r, info);
  if (report_) report_text_ = write_report_into(dir_.pending(""), dir_.target());
  dir_.commit();
}

}  // namespace pimhsim::output
