// Streamed run outputs: RunWriter, fed partition by partition as a run goes, writes the same bytes
// as write_run from an outcome that holds every partition; a partition table streamed through
// its spill file equals the one assembled in memory; nothing appears unless finished; and every
// CSV reads back whole when names hold commas and quotes.
#include "pimhsim/output/results.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/model.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/csv.h"
#include "support/files.h"
#include "support/scenarios.h"

namespace fs = std::filesystem;
using pimhsim::core::Tally;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "output" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

using pimhsim::test::read;

// Every file of a directory (hidden ones included), by name.
std::map<std::string, std::string> files_of(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    files[e.path().filename().string()] = read(e.path());
  return files;
}

// A table whose rows name their partition and section.
pimhsim::core::PartitionTable labelled_table() {
  pimhsim::core::PartitionTable t;
  t.name = "labelled.csv";
  t.columns = {"section", "partition"};
  t.sections = 4;
  t.partition_rows = [](std::size_t p, const Tally&, std::size_t s, std::string& out) {
    for (std::size_t k = 0; k <= (p + s) % 3; ++k)
      out += std::to_string(s) + "," + std::to_string(p) + "\n";
  };
  return t;
}

}  // namespace

TEST_CASE("StreamedTable: rows streamed partition by partition come out section by section") {
  const fs::path dir = fresh_dir("streamed_table");
  const std::vector<Tally> partitions(5);
  pimhsim::output::StreamedTable streamed(labelled_table(), dir / "labelled.csv");
  for (std::size_t p = 0; p < partitions.size(); ++p) streamed.add(p, partitions[p]);
  streamed.finish();
  const std::string expected = pimhsim::output::partition_table_csv(labelled_table(), partitions);
  CHECK(expected.starts_with(
      "section,partition\n0,0\n0,1\n0,1\n0,2\n0,2\n0,2\n0,3\n0,4\n0,4\n1,0\n1,0\n"));
  CHECK(read(dir / "labelled.csv") == expected);
  CHECK(files_of(dir).size() == 1);  // the spill file is gone
}

TEST_CASE("StreamedTable: partitions must come in order") {
  const fs::path dir = fresh_dir("streamed_order");
  pimhsim::output::StreamedTable streamed(labelled_table(), dir / "labelled.csv");
  const Tally t;
  streamed.add(0, t);
  CHECK_THROWS_AS(streamed.add(2, t), std::logic_error);
}

TEST_CASE(
    "RunWriter: a streamed run writes the same files as write_run, by_area.csv and "
    "staffing_by_area.csv included") {
  const auto s = pimhsim::test::load_shipped("scenarios/england.yaml",
                                             {"run.scale=0.05", "run.replicates=2", "run.horizon=2",
                                              "areas.include=[E06000047, E08000025, E06000001]"});
  const pimhsim::output::RunInfo info{"pimhsim run (test)", 2, 1.5};
  const fs::path dir = fresh_dir("run_writer");

  const auto whole = pimhsim::analysis::run(s, 2);
  pimhsim::output::write_run((dir / "whole").string(), s, whole, info, true);

  auto model = pimhsim::models::make(s);
  pimhsim::output::RunWriter writer((dir / "streamed").string(), *model, true);
  const auto streamed = pimhsim::analysis::run_model(
      std::move(model), s.run.seed, s.run.replicates, 2, 0,
      [&](std::size_t p, const Tally& t) { writer.add_partition(p, t); });
  CHECK(!fs::exists(dir / "streamed"));  // not before finish()
  writer.finish(s, streamed, info);

  const auto expected = files_of(dir / "whole"), got = files_of(dir / "streamed");
  REQUIRE(expected.contains("by_area.csv"));
  REQUIRE(expected.contains("staffing_by_area.csv"));
  REQUIRE(expected.contains("columns.csv"));
  CHECK(expected.at("by_area.csv").size() > 1000);
  std::vector<std::string> expected_names, got_names;
  for (const auto& [name, content] : expected) expected_names.push_back(name);
  for (const auto& [name, content] : got) got_names.push_back(name);
  CHECK(got_names == expected_names);
  for (const auto& file : expected) {
    const std::string& name = file.first;
    CAPTURE(name);
    CHECK((got.contains(name) && got.at(name) == file.second));
  }
  // Only the two results directories: no staging directory is left behind.
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) entries += e.exists() ? 1 : 0;
  CHECK(entries == 2);
}

TEST_CASE("RunWriter: nothing appears when the run does not finish") {
  const auto s = pimhsim::test::load_shipped(
      "scenarios/england.yaml",
      {"run.scale=0.05", "run.horizon=1", "areas.include=[E06000047, E06000001]"});
  const fs::path dir = fresh_dir("run_writer_abandoned");
  const auto model = pimhsim::models::make(s);
  {
    pimhsim::output::RunWriter writer((dir / "out").string(), *model);
    writer.add_partition(0, Tally(model->layout()));
    CHECK_THROWS_AS(writer.finish(s, pimhsim::analysis::RunOutcome{}, {}), std::exception);
  }
  CHECK(fs::is_empty(dir));
}

TEST_CASE(
    "Run outputs: every CSV reads back one field per column when names hold commas and quotes") {
  // Cornwall and the Isles of Scilly are one area, coded "E06000052, E06000053"; England's third
  // option is "One WTE per area plus one per 2,500 births"; the comparator is renamed to hold
  // quotes and a comma.
  const std::string comparator = "No \"specialist\", yet";
  const auto s = pimhsim::test::load_shipped(
      "scenarios/england.yaml",
      {"run.scale=0.05", "run.horizon=2", "areas.include=[\"E06000052, E06000053\", E06000047]",
       "options.0.name='No \"specialist\", yet'"});
  const fs::path dir = fresh_dir("csv_quoting");
  pimhsim::output::write_run((dir / "out").string(), s, pimhsim::analysis::run(s, 2),
                             {"pimhsim run (test)", 2, 1.0}, true);

  std::map<std::string, pimhsim::scenario::CsvTable> tables;
  for (const auto& e : fs::directory_iterator(dir / "out")) {
    if (e.path().extension() != ".csv") continue;
    const std::string name = e.path().filename().string();
    CAPTURE(name);
    pimhsim::scenario::Diagnostics d;
    auto t = pimhsim::scenario::read_csv(e.path().string(), {name, 1, 1}, "", d);
    for (const auto& error : d.sorted()) MESSAGE(error.format());
    REQUIRE(t.has_value());
    CHECK(d.empty());
    CHECK(!t->rows.empty());
    for (const auto& row : t->rows) CHECK(row.size() == t->header.size());
    tables.emplace(name, std::move(*t));
  }
  for (const char* name : {"staffing.csv", "staffing_by_area.csv", "funnel.csv", "by_area.csv",
                           "results.csv", "budget_impact.csv", "frontier.csv", "columns.csv"})
    REQUIRE_MESSAGE(tables.contains(name), name);

  // The value of `column` in the rows of `file`.
  auto values = [&](const std::string& file, const std::string& column) {
    const auto& t = tables.at(file);
    const auto c = t.column(column);
    REQUIRE_MESSAGE(c.has_value(), file << " has no column " << column);
    std::set<std::string> out;
    for (const auto& row : t.rows) out.insert(row[*c]);
    return out;
  };
  const std::string cornwall = "E06000052, E06000053",
                    third = "One WTE per area plus one per 2,500 births";
  // Areas only among areas: the totals over them are staffing.csv's.
  CHECK(values("staffing_by_area.csv", "area_code") ==
        std::set<std::string>{cornwall, "E06000047"});
  CHECK(values("staffing.csv", "option") ==
        std::set<std::string>{comparator, "One WTE per area", third});
  CHECK(values("funnel.csv", "option") ==
        std::set<std::string>{comparator, "One WTE per area", third});
  CHECK(values("by_area.csv", "area_code").contains(cornwall));
  CHECK(values("budget_impact.csv", "option").contains(comparator));
  CHECK(values("budget_impact.csv", "comparator").contains(comparator));
  CHECK(values("frontier.csv", "option").contains(comparator));
}
