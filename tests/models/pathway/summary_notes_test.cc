// The printed summary of a run says when its scale is too small for the specialist's queue: whole
// caseload places of a small sample serve fewer referrals than a full-scale run would.
#include <doctest/doctest.h>

#include <string>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/output/summary_text.h"

using namespace pathway_test;

TEST_CASE("summary: a note on the specialist's queue below population scale 0.5, none at scale 1") {
  const std::string note = "runs short of a full-scale run's";
  const auto text = [](const std::string& scale) {
    const auto s = england({"areas.include=[E08000035]", "run.scale=" + scale, "run.horizon=3"});
    return pimhsim::output::summary_text(s, pimhsim::analysis::run(s, 2));
  };
  const std::string small = text("0.1");
  CHECK(small.find(note) != std::string::npos);
  // One WTE: clinical share 0.5 x 25 families per clinical WTE x 0.1.
  CHECK(small.find("at population scale 0.1 a specialist WTE holds 1.2 caseload places") !=
        std::string::npos);
  CHECK(text("0.5").find(note) == std::string::npos);
  CHECK(text("1").find(note) == std::string::npos);
}
