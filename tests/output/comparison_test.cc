// compare's incremental analysis: one frontier across files or variants of one population, and
// beside it each file's or variant's own, whose best option is the answer when the variants
// differ in an assumption rather than in a choice.
#include "pimhsim/output/comparison.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pimhsim/analysis/compare.h"
#include "support/scenarios.h"

namespace {

namespace an = pimhsim::analysis;
namespace out = pimhsim::output;

TEST_CASE("compare: each variant of one population has its own frontier beside the shared one") {
  std::vector<pimhsim::scenario::Scenario> scenarios{
      pimhsim::test::load_shipped("scenarios/validation/sick_sicker.yaml", {"run.population=2000"}),
      pimhsim::test::load_shipped(
          "scenarios/validation/sick_sicker.yaml",
          {"run.population=2000", "variant=costly treatment", "parameters.c_trt.value=40000"})};
  const auto c = an::compare(scenarios, 2);
  REQUIRE(c.paired);
  const auto f = out::comparison_frontiers(c);
  REQUIRE(f.shared);
  REQUIRE(f.within.size() == 2);
  for (std::size_t file = 0; file < 2; ++file) {
    // Named as references, not a structured binding, which Clang 14 cannot capture in CAPTURE.
    const auto& label = f.within[file].first;
    const auto& table = f.within[file].second;
    CAPTURE(label);
    // Its rows are the file's options, and its best option at each threshold is the one with
    // the highest net monetary benefit among them.
    std::vector<const an::ComparedOption*> own;
    for (const auto& o : c.options)
      if (o.file == label) own.push_back(&o);
    REQUIRE(table.rows.size() == own.size());
    for (std::size_t k = 0; k < table.thresholds.size(); ++k) {
      const double wtp = table.thresholds[k];
      const an::ComparedOption* best = own.front();
      for (const auto* o : own)
        if (wtp * o->cost_effect->effect - o->cost_effect->cost >
            wtp * best->cost_effect->effect - best->cost_effect->cost)
          best = o;
      CHECK(table.optimal[k] == best->name);
      // The lead over the next best has its paired error (the options share random numbers).
      REQUIRE(k < table.margins.size());
      CHECK(table.margins[k].se.has_value());
    }
  }
  CHECK(out::comparison_text(c, f).find("within each scenario") != std::string::npos);
}

}  // namespace
