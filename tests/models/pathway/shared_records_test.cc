// One record per dyad while the options agree: an area simulated with records shared until
// staffing makes the options differ gives the same tally, bit for bit, and the same monthly
// trace as the same area simulated with every option on its own records from the start.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
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

pimhsim::core::TallyLayout layout(const pw::Model& model, std::size_t options) {
  return pimhsim::core::TallyLayout(
      std::vector<std::string>(options, "option"),
      pw::measure_specs(static_cast<std::size_t>(model.timeline().horizon_months / 12), "GBP"));
}

// The options are staffed as the model's options from `first` on.
Simulated simulate(const pw::Model& model, const std::vector<pw::Inputs>& options, std::size_t area,
                   bool share, std::uint64_t seed, std::size_t first = 0) {
  pimhsim::core::Tally tally(layout(model, options.size()));
  pw::AreaWorkspace workspace;
  workspace.share_records = share;
  Simulated out;
  auto staffing = model.staffing(area);
  staffing.erase(staffing.begin(), staffing.begin() + static_cast<std::ptrdiff_t>(first));
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

TEST_CASE(
    "pathway shared records: an option whose dyads fall ill in other months than another's gives "
    "beside it the bits it gives alone") {
  // Records of their own from the entry, and a dyad ill under both options has two onsets: it
  // joins the list of ill dyads at the first and is listed once.
  const pw::Model model = england_model();
  auto options = model.options();
  options.resize(2);
  set_prevalences(options[1], {0.12, 0.06, 0.05, 0.02, 0.002});
  for (int c = 1; c < pw::kConditions; ++c) set_onset_band(options[1], c, c % pw::kOnsetBands);
  REQUIRE_FALSE(pw::simulates_alike(options[0], options[1]));
  for (std::size_t a = 0; a < model.areas().size(); ++a) {
    CAPTURE(a);
    const Simulated both = simulate(model, options, a, true, 7);
    for (std::size_t o = 0; o < options.size(); ++o) {
      CAPTURE(o);
      const Simulated alone = simulate(model, {options[o]}, a, true, 7, o);
      const auto one = pimhsim::core::Tally::from_bytes(layout(model, 1), alone.tally);
      const auto two = pimhsim::core::Tally::from_bytes(layout(model, 2), both.tally);
      REQUIRE(one.layout().measures().size() == two.layout().measures().size());
      std::size_t compared = 0;
      for (std::size_t m = 0; m < one.layout().measures().size(); ++m) {
        const auto& spec = one.layout().measures()[m];
        // The cost of illness is the comparator's (option 0's) alone.
        if (o > 0 && spec.name.starts_with("cost_of_illness_")) continue;
        for (std::size_t p = 0; p < spec.periods; ++p) {
          CAPTURE(spec.name);
          CAPTURE(p);
          if (spec.total) {
            CHECK(std::bit_cast<std::uint64_t>(one.total(0, m, p)) ==
                  std::bit_cast<std::uint64_t>(two.total(o, m, p)));
          } else {
            const auto x = one.level(0, m, p).state(), y = two.level(o, m, p).state();
            CHECK(x.n == y.n);
            CHECK(std::bit_cast<std::uint64_t>(x.shift) == std::bit_cast<std::uint64_t>(y.shift));
            CHECK(std::bit_cast<std::uint64_t>(x.sum) == std::bit_cast<std::uint64_t>(y.sum));
            CHECK(std::bit_cast<std::uint64_t>(x.sum_sq) == std::bit_cast<std::uint64_t>(y.sum_sq));
          }
          ++compared;
        }
      }
      CHECK(compared > 100);
      for (auto member : {&pw::AreaTrace::slots, &pw::AreaTrace::active, &pw::AreaTrace::admitted,
                          &pw::AreaTrace::waiting})
        CHECK((alone.trace.*member)[0] == (both.trace.*member)[o]);
    }
  }
}

// Dyad::reset writes a new dyad's record field by field (the ring's slots are reused, never
// cleared): every field, so a record of other bytes ends equal to Dyad{}.
TEST_CASE("pathway dyad: reset() leaves any record equal to a new one, field by field") {
  for (const unsigned char fill : {0x00, 0x5a, 0xff}) {
    pw::Dyad d;
    std::memset(static_cast<void*>(&d), fill, sizeof d);
    d.reset();
    CHECK(pw::same_record(d, pw::Dyad{}));
    CHECK(d.entry == 0);
    CHECK(d.trained_u == 1.0);
  }
}
