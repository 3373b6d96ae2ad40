// Text that passed the UTF-8 checks reaches the JSON outputs intact: a run whose scenario name,
// option names, area names (from the table) and file paths hold characters of two, three and four
// bytes writes every file (nlohmann::json::dump throws on text that is not UTF-8), and the names
// read back as given.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "pimhsim/analysis/run.h"
#include "pimhsim/core/utf8.h"
#include "pimhsim/output/results.h"
#include "pimhsim/output/results_dir.h"
#include "support/files.h"
#include "support/scenarios.h"

namespace fs = std::filesystem;

namespace {

using pimhsim::test::read;

}  // namespace

TEST_CASE("run outputs: names and paths in UTF-8 from every input are written and read back") {
  // Ynys Môn (2 bytes), an en dash and a euro sign (3), a musical symbol (4).
  const std::string area = "Ynys M\xC3\xB4n \xE2\x80\x93 \xE2\x82\xAC \xF0\x9D\x84\x9E";
  const std::string scenario_name = "\xC3\x89valuation \xE2\x80\x93 \xF0\x9F\x99\x82";
  const std::string option_name = "Statu quo \xE2\x9C\x93";
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "utf8_outputs" /
                       "donn\xC3\xA9"
                       "es \xE2\x82\xAC";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path table = dir / "r\xC3\xA9gions.csv";
  std::ofstream(table, std::ios::binary)
      << "area_code,area_name,region,births\nW06000001," << area << ",Wales,1200\n";

  const auto s = pimhsim::test::load_shipped(
      "scenarios/england.yaml",
      {"run.scale=0.05", "run.replicates=1", "run.horizon=2",
       std::string("areas.table=") + table.string(), "areas.include=[W06000001]",
       "name=" + scenario_name, "options.0.name=" + option_name});
  const auto outcome = pimhsim::analysis::run(s, 1);
  const fs::path out = dir / "r\xC3\xA9sultats \xF0\x9D\x84\x9E";
  REQUIRE_NOTHROW(pimhsim::output::write_run(
      out.string(), s, outcome,
      {std::string("pimhsim run \xC3\xA9t\xC3\xA9.yaml --out ") + out.string(), 1, 0}));

  std::size_t json_files = 0;
  bool area_written = false;  // in the copy of the table, at least
  for (const auto& e : fs::recursive_directory_iterator(out)) {
    if (!e.is_regular_file()) continue;
    const std::string text = read(e.path());
    CAPTURE(e.path().filename().string());
    CHECK(pimhsim::core::is_utf8(text));
    area_written = area_written || text.find(area) != std::string::npos;
    if (e.path().extension() == ".json") {
      ++json_files;
      nlohmann::json j;
      CHECK_NOTHROW(j = nlohmann::json::parse(text));
      CHECK(j.is_object());
    }
  }
  CHECK(json_files >= 2);
  const auto summary = read(out / "summary.json");
  CHECK(summary.find(scenario_name) != std::string::npos);
  CHECK(summary.find(option_name) != std::string::npos);
  const auto manifest = nlohmann::json::parse(read(out / "manifest.json"));
  CHECK(manifest["tables"][0]["source"].get<std::string>() == table.string());
  CHECK(area_written);
}

TEST_CASE("results_dir_problem: a results directory whose name is not UTF-8 is refused") {
  const std::string dir = std::string(PIMHSIM_BINARY_DIR) + "/unit_test_tmp/out\xC0\xAF";
  CHECK(pimhsim::output::results_dir_problem("--out DIR", dir, {}) ==
        "--out DIR: the path is not UTF-8 text: 0xC0 0xAF is an overlong encoding (a character "
        "written with more bytes than it needs) (a results directory named in UTF-8)");
  CHECK(pimhsim::output::results_dir_problem("--out DIR",
                                             dir.substr(0, dir.size() - 2) + "\xC3\xA9", {})
            .empty());
  CHECK_FALSE(fs::exists(dir));
}
