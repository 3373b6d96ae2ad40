// run_model: units run partition-major and are reduced as they finish, with the same bits as
// the replicate-major reduction of every unit's tally at the end; with a sink, each partition's
// tally goes to the sink in partition order instead of being kept.
#include "pimhsim/analysis/run.h"

#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "pimhsim/core/runner.h"
#include "pimhsim/models/registry.h"
#include "support/scenarios.h"

using pimhsim::core::Moments;
using pimhsim::core::Tally;

namespace {

// Three areas of England, two replicates, two years: small, with partitions and replicates both
// above one so that the two unit orders differ.
pimhsim::scenario::Scenario small_england() {
  return pimhsim::test::load_shipped("scenarios/england.yaml",
                                     {"run.scale=0.05", "run.replicates=2", "run.horizon=2",
                                      "areas.include=[E06000047, E08000025, E06000001]"});
}

bool same_bits(const Moments& a, const Moments& b) {
  auto bits = [](double x) { return std::bit_cast<std::uint64_t>(x); };
  return a.count() == b.count() && bits(a.mean()) == bits(b.mean()) &&
         bits(a.variance()) == bits(b.variance());
}

// Every level, increment and total of two tallies of one layout, compared bit for bit.
void check_same_bits(const Tally& a, const Tally& b) {
  const auto& layout = a.layout();
  REQUIRE(layout.options().size() == b.layout().options().size());
  std::size_t differing = 0, compared = 0;
  for (std::size_t o = 0; o < layout.options().size(); ++o)
    for (std::size_t m = 0; m < layout.measures().size(); ++m) {
      const auto& spec = layout.measures()[m];
      for (std::size_t p = 0; p < spec.periods; ++p) {
        bool ok = same_bits(a.level(o, m, p), b.level(o, m, p)) &&
                  std::bit_cast<std::uint64_t>(a.total(o, m, p)) ==
                      std::bit_cast<std::uint64_t>(b.total(o, m, p));
        if (o > 0 && spec.paired) ok = ok && same_bits(a.increment(o, m, p), b.increment(o, m, p));
        ++compared;
        if (!ok) ++differing;
      }
    }
  CHECK(compared > 0);
  CHECK(differing == 0);
}

// The reduction run_model used to do: every unit's tally, replicate-major (unit = r x P + p),
// then each partition merging its replicates in order and the total merging the partitions.
struct Reference {
  std::vector<Tally> partitions;
  Tally total;
};

// The model is prepared as run_model prepares it (the pathway's status-quo pass), on one thread.
Reference replicate_major(pimhsim::core::Model& model, std::uint64_t seed,
                          std::uint32_t replicates) {
  const pimhsim::core::RandomSource rng(seed);
  model.prepare(rng, 0, replicates, pimhsim::core::ThreadExecutor(1));
  const std::size_t parts = model.partitions();
  auto tallies = pimhsim::core::run_units<Tally>(replicates * parts, 2, [&](std::size_t unit) {
    Tally t(model.layout());
    model.simulate(rng, static_cast<std::uint32_t>(unit / parts), unit % parts, t);
    return t;
  });
  Reference r;
  r.partitions.assign(parts, Tally(model.layout()));
  for (std::size_t unit = 0; unit < tallies.size(); ++unit)
    r.partitions[unit % parts].merge(tallies[unit]);
  r.total = Tally(model.layout());
  for (const auto& t : r.partitions) r.total.merge(t);
  return r;
}

}  // namespace

TEST_CASE(
    "run_model: partition and merged tallies are bit-identical to the replicate-major reduction") {
  const auto s = small_england();
  const auto model = pimhsim::models::make(s);
  REQUIRE(model->partitions() == 3);
  const auto expected = replicate_major(*model, s.run.seed, s.run.replicates);
  for (unsigned threads : {1u, 2u, 5u}) {
    CAPTURE(threads);
    const auto r = pimhsim::analysis::run(s, threads);
    REQUIRE(r.partitions.size() == 3);
    for (std::size_t p = 0; p < 3; ++p) {
      CAPTURE(p);
      check_same_bits(r.partitions[p], expected.partitions[p]);
    }
    check_same_bits(r.tally, expected.total);
  }
}

TEST_CASE(
    "run_model: with a sink, partitions arrive in order with the same tallies and are not kept") {
  const auto s = small_england();
  const auto kept = pimhsim::analysis::run(s, 2);
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::vector<std::size_t> order;
    const auto streamed =
        pimhsim::analysis::run_model(pimhsim::models::make(s), s.run.seed, s.run.replicates,
                                     threads, 0, [&](std::size_t p, const Tally& t) {
                                       CAPTURE(p);
                                       REQUIRE(p < kept.partitions.size());
                                       check_same_bits(t, kept.partitions[p]);
                                       order.push_back(p);
                                     });
    CHECK(order == std::vector<std::size_t>{0, 1, 2});
    CHECK(streamed.partitions.empty());
    check_same_bits(streamed.tally, kept.tally);
  }
}
