// One record per dyad while the options agree: an area simulated with records shared until
// staffing makes the options differ gives the same tally, bit for bit, and the same monthly
// trace as the same area simulated with every option on its own records from the start.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/pathway.h"

using namespace pathway_test;

namespace {

struct Simulated {
  std::string tally;  // Tally::to_bytes
  pw::AreaTrace trace;
  std::size_t shared_at_end = 0;  // ring slots whose record the options still shared at the end
};

Simulated simulate(const pw::Model& model, const std::vector<pw::Inputs>& options, std::size_t area,
                   bool share, std::uint64_t seed) {
  const pimhsim::core::TallyLayout layout(
      std::vector<std::string>(options.size(), "option"),
      pw::measure_specs(static_cast<std::size_t>(model.timeline().horizon_months / 12), "GBP"));
  pimhsim::core::Tally tally(layout);
  pw::AreaWorkspace workspace;
  workspace.share_records = share;
  Simulated out;
  auto staffing = model.staffing(area);
  staffing.resize(options.size(), staffing.back());
  pw::simulate_area(options, model.areas()[area], staffing, model.timeline(), {},
                    pimhsim::core::RandomSource(seed), 0, static_cast<std::uint32_t>(area), tally,
                    workspace, &out.trace);
  out.tally = tally.to_bytes();
  out.shared_at_end = static_cast<std::size_t>(
      std::count(workspace.forked.begin(), workspace.forked.end(), char{0}));
  return out;
}

void check_same(const pw::Model& model, const std::vector<pw::Inputs>& options, bool expect_sharing,
                std::uint64_t seed = 11) {
  for (std::size_t a = 0; a < model.areas().size(); ++a) {
    CAPTURE(a);
    const Simulated shared = simulate(model, options, a, true, seed);
    const Simulated own = simulate(model, options, a, false, seed);
    CHECK(own.shared_at_end == 0);
    CHECK((shared.shared_at_end > 0) == expect_sharing);
    CHECK(shared.tally == own.tally);
    for (auto member : {&pw::AreaTrace::slots, &pw::AreaTrace::active, &pw::AreaTrace::admitted,
                        &pw::AreaTrace::waiting})
      CHECK(shared.trace.*member == own.trace.*member);
  }
}

// England's defaults at a 5% sample in two areas of different sizes, every option: the options
// differ in specialist places and in the share of health visitors trained.
pw::Model england_model(const std::vector<std::string>& more = {}) {
  std::vector<std::string> sets = {"run.scale=0.05", "run.horizon=4",
                                   "areas.include=[E08000025, E06000014]"};
  sets.insert(sets.end(), more.begin(), more.end());
  return pw::Model(england(sets));
}

}  // namespace

TEST_CASE("pathway shared records: England's options give the same bits shared as on their own") {
  const pw::Model model = england_model();
  check_same(model, model.options(), true);
}

TEST_CASE(
    "pathway shared records: full caseloads stepping to usual care and responsive coverage give "
    "the same bits") {
  const pw::Model model = england_model(
      {"switches.capacity_overflow=usual_care", "switches.coverage_pressure=caseload"});
  check_same(model, model.options(), true, 5);
}

TEST_CASE(
    "pathway shared records: options differing in coverage, sensitivity and specificity share "
    "records and give the same bits") {
  const pw::Model model = england_model();
  auto options = model.options();
  options[1].coverage[2] *= 0.7;
  options[2].sensitivity = {0.2, 0.95};
  options[2].specificity = {0.6, 0.99};
  REQUIRE(pw::simulates_alike(options[0], options[1]));
  REQUIRE(pw::simulates_alike(options[0], options[2]));
  check_same(model, options, true);
}

TEST_CASE(
    "pathway shared records: options whose pathways differ have records of their own from the "
    "entry") {
  const pw::Model model = england_model();
  auto options = model.options();
  options[2].wait_months[pw::kTalkingTherapies] += 2;
  options[1].contact_month[1] += 1;
  set_prevalences(options[1], {0.2, 0.05, 0.04, 0.02, 0.002});
  CHECK_FALSE(pw::simulates_alike(options[0], options[1]));
  CHECK_FALSE(pw::simulates_alike(options[0], options[2]));
  check_same(model, options, false);
  // Equal inputs simulate alike; each field the monthly steps read breaks it.
  CHECK(pw::simulates_alike(options[0], options[0]));
  auto changed = options[0];
  changed.natural_hazard *= 1.01;
  CHECK_FALSE(pw::simulates_alike(options[0], changed));
}
