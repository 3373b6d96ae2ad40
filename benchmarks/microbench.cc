// Microbenchmarks of the engine's hot parts, with Google Benchmark (figures in
// docs/performance.md).
//
//   build/benchmarks/pimhsim_microbench                              full run (about 15 s)
//   build/benchmarks/pimhsim_microbench --benchmark_min_time=0.01    smoke run (CI)
//
// Items per second are: Philox draws (one 128-bit block each) for the random benchmarks; calls
// of Tally::add or Moments::add for the accumulators; dyad-months summed over options for one
// area of the pathway (so 1 / rate is the cost of one dyad's month under one option: entry,
// pass 1, caseload, pass 2 and exit accounting); individual-cycles summed over strategies for
// one Sick-Sicker partition. BM_PathwayModel times the building of England's model (no items).
//
// The specialist caseload (queue and admission, AreaRun::admit) is a private phase of an area's
// run and is not timed alone; BM_AreaSimulation covers it: its `options:1` case runs the
// comparator alone (no specialist places, so no referrals and no queue) and `options:3` adds the
// two staffed options with their caseloads.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/core/random.h"
#include "pimhsim/core/statistics.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/area_simulation.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"
#include "pimhsim/scenario/scenario.h"

namespace {

using namespace pimhsim;

constexpr int kBatch = 1024;  // draws or additions per benchmark iteration

// Loads a shipped scenario with --set overrides, exactly as `pimhsim run` does.
scenario::Scenario load(const std::string& file, const std::vector<std::string>& sets) {
  scenario::Diagnostics diagnostics;
  auto s = scenario::load_scenario(std::string(PIMHSIM_SOURCE_DIR) + "/" + file, sets,
                                   models::specs(), diagnostics);
  if (!s) {
    diagnostics.print(std::cerr);
    throw std::runtime_error("cannot load " + file);
  }
  return *s;
}

// ---- Random draws ------------------------------------------------------------------------------
// Addresses walk the pathway's pattern: one area, consecutive dyads, months of life 0..32.

void BM_PhiloxUniform(benchmark::State& state) {
  const core::RandomSource rng(2026);
  std::uint32_t id = 0;
  double sum = 0;
  for (auto _ : state) {
    for (int k = 0; k < kBatch; ++k, ++id)
      sum += rng.uniform({0, 50, id, static_cast<std::uint16_t>(id % 33), 4});
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetLabel("uniform() per address");
}
BENCHMARK(BM_PhiloxUniform);

void BM_PhiloxUniform4(benchmark::State& state) {
  const core::RandomSource rng(2026);
  std::uint32_t id = 0;
  double sum = 0;
  for (auto _ : state) {
    for (int k = 0; k < kBatch; ++k, ++id) {
      const auto u = rng.uniform4({0, 50, id, static_cast<std::uint16_t>(id % 33), 3});
      sum += u[0] + u[1] + u[2] + u[3];
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetLabel("uniform4() per address");
}
BENCHMARK(BM_PhiloxUniform4);

// ---- Accumulation ------------------------------------------------------------------------------

// One dyad's exit: Tally::add for every per-dyad measure of the pathway, three options, in one
// year of a 10-year layout (the layout the England run uses).
void BM_TallyAdd(benchmark::State& state) {
  const core::TallyLayout layout(
      {"No specialist", "One WTE per area", "One WTE plus one per 2,500"},
      models::pathway::measure_specs(10, "GBP"));
  core::Tally tally(layout);
  std::vector<std::array<double, 3>> values(models::pathway::kPerDyadEnd);
  for (std::size_t m = 0; m < values.size(); ++m)
    values[m] = {static_cast<double>(m) * 1.5, static_cast<double>(m) * 1.25,
                 static_cast<double>(m)};
  std::size_t year = 0;
  for (auto _ : state) {
    for (std::size_t m = 0; m < values.size(); ++m) tally.add(m, year, values[m]);
    year = (year + 1) % 10;
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(tally.level(0, 0).count());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(values.size()));
  state.SetLabel("Tally::add, 3 options, per-dyad measures");
}
BENCHMARK(BM_TallyAdd);

void BM_MomentsAdd(benchmark::State& state) {
  std::vector<double> x(kBatch);
  for (int k = 0; k < kBatch; ++k) x[k] = 1000.0 + 37.0 * ((k * 7919) % 101);
  core::Moments m;
  for (auto _ : state) {
    for (const double v : x) m.add(v);
    benchmark::DoNotOptimize(m);
  }
  benchmark::DoNotOptimize(m.variance());
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_MomentsAdd);

// ---- The pathway: one area ---------------------------------------------------------------------

// Leeds (8,346 births a year) at scale 0.1, 10 years, with the first `options` options of
// scenarios/england.yaml.
void BM_AreaSimulation(benchmark::State& state) {
  static const scenario::Scenario england =
      load("scenarios/england.yaml", {"run.scale=0.1", "areas.include=[E08000035]"});
  scenario::Scenario s = england;
  s.options.resize(
      std::min<std::size_t>(s.options.size(), static_cast<std::size_t>(state.range(0))));
  const models::pathway::Model model(s);
  // Living dyads summed over months: a dyad entering in month j lives min(33, months - j) of them.
  const auto entries =
      models::pathway::monthly_entries(model.areas()[0], model.options()[0], model.timeline());
  std::int64_t dyad_months = 0;
  const int months = static_cast<int>(entries.size());
  for (int j = 0; j < months; ++j)
    dyad_months +=
        static_cast<std::int64_t>(entries[j]) * std::min(models::pathway::kLifeMonths, months - j);
  const core::RandomSource rng(s.run.seed);
  for (auto _ : state) {
    core::Tally tally(model.layout());
    model.simulate(rng, 0, 0, tally);
    benchmark::DoNotOptimize(tally.level(0, 0).count());
  }
  state.SetItemsProcessed(state.iterations() * dyad_months *
                          static_cast<std::int64_t>(s.options.size()));
  state.counters["dyad_months"] = static_cast<double>(dyad_months);
  state.SetLabel("Leeds, scale 0.1, 10 years; items = dyad-months x options");
}
BENCHMARK(BM_AreaSimulation)->ArgName("options")->Arg(1)->Arg(3)->Unit(benchmark::kMillisecond);

// The pathway model of scenarios/england.yaml built from its scenario: each option's inputs,
// remission calibrated on the model's own population (models/pathway/recovery_calibration.h), and
// every area's staffing, as every run, PSA iteration and DSA evaluation builds it before it
// simulates.
void BM_PathwayModel(benchmark::State& state) {
  static const scenario::Scenario england = load("scenarios/england.yaml", {});
  for (auto _ : state) {
    const models::pathway::Model model(england);
    benchmark::DoNotOptimize(model.options().back().natural_hazard);
  }
  state.SetLabel("England: 3 options, 151 areas");
}
BENCHMARK(BM_PathwayModel)->Unit(benchmark::kMillisecond);

// ---- Sick-Sicker: one partition ----------------------------------------------------------------

// One partition (8,192 individuals, 30 cycles, both strategies) of
// scenarios/validation/sick_sicker.yaml.
void BM_SickSickerPartition(benchmark::State& state) {
  static const scenario::Scenario s = load("scenarios/validation/sick_sicker.yaml", {});
  const auto model = models::make(s);
  const core::RandomSource rng(s.run.seed);
  const std::int64_t n = std::min<std::int64_t>(models::sick_sicker::Model::kBatch,
                                                static_cast<std::int64_t>(s.run.population));
  for (auto _ : state) {
    core::Tally tally(model->layout());
    model->simulate(rng, 0, 0, tally);
    benchmark::DoNotOptimize(tally.level(0, 0).count());
  }
  state.SetItemsProcessed(state.iterations() * n * static_cast<std::int64_t>(s.run.horizon) *
                          static_cast<std::int64_t>(s.options.size()));
  state.SetLabel("8,192 individuals; items = individual-cycles x strategies");
}
BENCHMARK(BM_SickSickerPartition)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
