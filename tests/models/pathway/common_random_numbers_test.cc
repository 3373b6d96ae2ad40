// Common random numbers and reproducibility: options simulated in lockstep see the same
// pregnancies, illnesses and contact outcomes, so increments carry far less noise than the
// difference of independent runs; and a run's numbers do not depend on repetition or threads.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "models/pathway/pathway_fixture.h"
#include "pimhsim/analysis/run.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/reporting.h"

using namespace pathway_test;

namespace {

// Every level, increment and total of two tallies of one layout, compared exactly.
void check_identical(const pimhsim::core::Tally& a, const pimhsim::core::Tally& b) {
  const auto& layout = a.layout();
  REQUIRE(layout.options().size() == b.layout().options().size());
  int compared = 0, differing = 0;
  for (std::size_t o = 0; o < layout.options().size(); ++o)
    for (std::size_t m = 0; m < layout.measures().size(); ++m) {
      const auto& spec = layout.measures()[m];
      for (std::size_t y = 0; y < spec.periods; ++y) {
        auto same = [](const Moments& x, const Moments& z) {
          return x.count() == z.count() && x.mean() == z.mean() && x.variance() == z.variance();
        };
        bool ok = same(a.level(o, m, y), b.level(o, m, y)) && a.total(o, m, y) == b.total(o, m, y);
        if (o > 0 && spec.paired) ok = ok && same(a.increment(o, m, y), b.increment(o, m, y));
        ++compared;
        if (!ok) {
          ++differing;
          INFO("option " << o << " measure " << spec.name << " period " << y);
          CHECK(ok);
        }
      }
    }
  CHECK(compared > 0);
  CHECK(differing == 0);
}

}  // namespace

// One area (Kent's 15,429 births a year, the whole population, 10 years: 154,290 dyads), England's
// "No specialist" and "One WTE per area" options. Paired: both options in lockstep on replicate 0,
// the tally's increment of long_term_cost_child (option 1 - option 0, dyad by dyad) and its SE.
// Independent: each option simulated alone, option 0 on replicate 0 and option 1 on replicate 1
// (different streams), SE of the difference of means sqrt(se_0^2 + se_1^2). The options differ
// only for the few dyads whose care the specialist changes, so the paired SE must be far smaller:
// under a third of the independent one. With identical options every dyad's increment is exactly 0.
TEST_CASE(
    "pathway common random numbers: paired increments of the child's long-term cost have far "
    "smaller SE than independent runs") {
  const auto s = england();
  const pw::Inputs none = inputs(s, 0), one_per_area = inputs(s, 1);
  REQUIRE(one_per_area.wte_per_area == 1);
  const pw::AreaInput kent{15429, none.initial_trained_share};
  const pw::Timeline tl{120, 1.0};
  pw::Discounting disc;
  disc.costs = s.economics.cost_discount;
  disc.effects = s.economics.effect_discount;

  const auto paired = run_area({none, one_per_area}, kent, tl, s.run.seed, 0, 0, disc);
  const auto increment = paired.increment(1, pw::kLongTermCostChild);
  const auto alone_0 = run_area({none}, kent, tl, s.run.seed, 0, 0, disc);
  const auto alone_1 = run_area({one_per_area}, kent, tl, s.run.seed, 1, 0, disc);
  const auto level_0 = alone_0.level(0, pw::kLongTermCostChild),
             level_1 = alone_1.level(0, pw::kLongTermCostChild);
  const double se_independent = std::hypot(level_0.standard_error(), level_1.standard_error());
  MESSAGE("child long-term cost increment: paired "
          << increment.mean() << " (SE " << increment.standard_error() << "), independent "
          << level_1.mean() - level_0.mean() << " (SE " << se_independent << ")");
  REQUIRE(increment.count() == 154290);
  CHECK(level_0.count() == increment.count());
  CHECK(increment.standard_error() > 0);  // the specialist does change something
  CHECK(increment.standard_error() < se_independent / 3);
  // The lockstep option 0 is the option simulated alone on the same replicate: the same numbers.
  CHECK(paired.level(0, pw::kLongTermCostChild).mean() == level_0.mean());

  const auto same = run_area({one_per_area, one_per_area}, kent, {24, 1.0}, s.run.seed, 0, 0, disc);
  for (std::size_t m = 0; m < pw::kWeeksOnsetToDetection; ++m) {
    CAPTURE(m);
    const auto inc = same.increment(1, m);
    // Per-dyad measures hold every dyad; budget flows only the dyads with flows in years 1-5.
    if (m < pw::kPerDyadEnd)
      CHECK(inc.count() == 30858);
    else
      CHECK(inc.count() > 0);
    CHECK(inc.mean() == 0.0);
    CHECK(inc.variance() == 0.0);
  }
}

// Model::simulate for one area twice gives bit-identical tallies; pimhsim's single-run driver on
// three areas gives bit-identical per-area tallies, merged tally and summary with 1 and 2 threads.
TEST_CASE(
    "pathway reproducibility: an area's tally is bit-identical when rerun and whatever the thread "
    "count") {
  const auto s = england({"run.scale=0.1", "areas.include=[E06000047, E08000025, E06000001]"});
  pw::Model model(s);
  REQUIRE(model.partitions() == 3);
  const pimhsim::core::RandomSource rng(s.run.seed);
  model.prepare(rng, 0, 1,
                pimhsim::core::ThreadExecutor(1));  // the status-quo pass, as a run makes it
  pimhsim::core::Tally first(model.layout()), second(model.layout());
  model.simulate(rng, 0, 1, first);
  model.simulate(rng, 0, 1, second);
  REQUIRE(first.level(0, pw::kDyads).count() > 0);
  check_identical(first, second);

  const auto one = pimhsim::analysis::run(s, 1);
  const auto two = pimhsim::analysis::run(s, 2);
  REQUIRE(one.partitions.size() == 3);
  REQUIRE(two.partitions.size() == 3);
  for (std::size_t p = 0; p < 3; ++p) {
    CAPTURE(p);
    check_identical(one.partitions[p], two.partitions[p]);
  }
  check_identical(one.tally, two.tally);
  // The area simulated directly is the run's own partition 1.
  check_identical(first, one.partitions[1]);
  nlohmann::json j1, j2;
  pimhsim::models::extend_summary(*one.model, one.tally, j1);
  pimhsim::models::extend_summary(*two.model, two.tally, j2);
  CHECK(!j1.empty());
  CHECK(j1.dump() == j2.dump());
}
