// libFuzzer harness: the calibration targets file as `pimhsim calibrate --targets` reads it
// (analysis::parse_targets), then, for a file that reads, its binding to the model of the
// calibration example (analysis::bind_targets: measures, options, years, areas and child ages
// looked up in scenarios/calibration/example_area.yaml's model) and each target's observed value,
// its SE and its log-likelihood at model values inside and outside its range.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "pimhsim/analysis/calibration_targets.h"
#include "pimhsim/core/model.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/scenario.h"

namespace {

struct Example {
  pimhsim::scenario::Scenario scenario;
  std::unique_ptr<pimhsim::core::Model> model;
};

const Example& example() {
  static const Example e = [] {
    pimhsim::scenario::Diagnostics d;
    auto s = pimhsim::scenario::load_scenario(PIMHSIM_SOURCE_DIR
                                              "/scenarios/calibration/example_area.yaml",
                                              {}, pimhsim::models::specs(), d);
    if (!s || !d.empty()) __builtin_trap();
    Example x{std::move(*s), nullptr};
    x.model = pimhsim::models::make(x.scenario);
    return x;
  }();
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  pimhsim::scenario::Diagnostics d;
  const auto targets = pimhsim::analysis::parse_targets(text, "targets.yaml", d);
  // Valid or not, the reader must say which: a file that reads has no errors, one that does not
  // has at least one.
  if (targets.has_value() != d.empty()) __builtin_trap();
  if (!targets) return 0;
  const Example& e = example();
  const auto bound = pimhsim::analysis::bind_targets(*targets, e.scenario, *e.model, d);
  if (bound.has_value() != d.empty()) __builtin_trap();
  for (const auto& t : targets->targets) {
    const double observed = t.observed(), se = t.observed_se();
    // Validation keeps every observation finite, so its value and SE are too.
    if (!std::isfinite(observed) || !std::isfinite(se) || se < 0) __builtin_trap();
    for (const double model : {0.0, 0.5, 1.0, observed, -1.0, 1e300, std::nan("")}) {
      const double ll = t.log_likelihood(model);
      // A log-likelihood may be -infinity (an impossible observation), never NaN or +infinity.
      if (std::isnan(ll) || ll == HUGE_VAL) __builtin_trap();
    }
  }
  return 0;
}
