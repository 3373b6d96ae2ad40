// The printed plan says when its scale is too small for the specialist's queue: whole caseload
// places of a small sample serve fewer referrals than a full-scale run would, so a staffing found
// on the queue's figures runs short too.
#include <doctest/doctest.h>

#include <string>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/output/plan_writer.h"

TEST_CASE("plan text: a note on the specialist's queue below population scale 0.5, none at 0.5") {
  const std::string note = "(!) at population scale 0.2 the specialist's queue";
  pimhsim::analysis::PlanResult r;
  r.scale = 0.2;
  CHECK(pimhsim::output::plan_text("Leeds", r).find(note) != std::string::npos);
  r.scale = 0.5;
  CHECK(pimhsim::output::plan_text("Leeds", r).find("the specialist's queue") == std::string::npos);
  r.scale = 1;
  CHECK(pimhsim::output::plan_text("Leeds", r).find("the specialist's queue") == std::string::npos);
}
