// The codebook: every column of every CSV file described, in file and header order; a column
// nothing describes is refused.
#include "pimhsim/output/codebook.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace {

fs::path fresh(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "tests" / "codebook" / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "tables");
  return dir;
}

void put(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("Codebook: columns in file and header order, a file's own entry before any file's") {
  const auto dir = fresh("order");
  put(dir / "results.csv", "option,comparator,measure\nA,,dyads\n");
  put(dir / "tables" / "births.csv", "area_code,births,notes\nE1,10,x\n");
  const std::string text = pimhsim::output::codebook_csv(
      dir, {{"tables/births.csv", "births", "number", "", "live births a year"}});
  CHECK(
      text.starts_with("file,column,type,unit,meaning,empty_when\n"
                       "results.csv,option,text,,the investment option (its name in the "
                       "scenario),never\n"
                       "results.csv,comparator,text,,the option an increment is measured "
                       "against (the first option),the row is an option's own level\n"));
  CHECK(text.find("tables/births.csv,births,number,,live births a year,never\n") !=
        std::string::npos);
  // A column of an input table the model does not read is described as such.
  CHECK(text.find("tables/births.csv,notes,text,,\"a column of the input table") !=
        std::string::npos);
}

TEST_CASE("Codebook: a column without a description is refused, naming it") {
  const auto dir = fresh("unknown");
  put(dir / "results.csv", "option,mystery\nA,1\n");
  CHECK_THROWS_WITH_AS(pimhsim::output::codebook_csv(dir, {}),
                       "results.csv: column `mystery` has no codebook entry", std::logic_error);
}

TEST_CASE("Codebook: update keeps the descriptions a directory already has") {
  const auto dir = fresh("update");
  put(dir / "psa.csv", "iteration,option,cost,cost_se\n1,A,2,0.1\n");
  put(dir / "columns.csv",
      pimhsim::output::codebook_csv(
          dir, {{"psa.csv", "cost", "number", "GBP", "the cost"},
                {"psa.csv", "cost_se", "number", "GBP", "its SE", "one iteration"}}));
  put(dir / "evppi.csv", "group,wtp\ng,20000\n");
  pimhsim::output::update_codebook(dir);
  std::ifstream in(dir / "columns.csv");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("psa.csv,cost_se,number,GBP,its SE,one iteration\n") != std::string::npos);
  CHECK(text.find("evppi.csv,wtp,number,currency per QALY,") != std::string::npos);
}
