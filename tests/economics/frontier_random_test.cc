// The efficiency frontier's properties on random option sets, against a brute-force reading of
// the definitions (frontier_support.h), and its independence of the order of the options.
#include <random>

#include "economics/frontier_support.h"

using namespace frontier_test;

namespace {

std::vector<FrontierInput> random_options(std::mt19937& rng, bool integer_grid) {
  std::uniform_int_distribution<int> size(1, integer_grid ? 9 : 30);
  std::uniform_int_distribution<int> grid_cost(-5, 15), grid_effect(-3, 6);
  std::uniform_real_distribution<double> cost(0, 1e5), effect(0, 20);
  std::vector<FrontierInput> out;
  const int n = size(rng);
  for (int i = 0; i < n; ++i) {
    const std::string name = numbered("o", static_cast<std::size_t>(i));
    if (integer_grid)
      out.push_back({name, double(grid_cost(rng)), double(grid_effect(rng))});
    else
      out.push_back({name, cost(rng), effect(rng)});
  }
  return out;
}

// The frontier option optimal_at should choose at each willingness to pay strictly inside the
// intervals the frontier ICERs mark out (skipping intervals too narrow to resolve).
void check_optimal_at_follows_frontier(const std::vector<FrontierInput>& options,
                                       const std::vector<FrontierRow>& rows) {
  const std::vector<const FrontierRow*> frontier = frontier_of(rows);
  const std::size_t m = frontier.size();
  const double first = m > 1 ? frontier[1]->step->icer : 1.0;
  CHECK(optimal_at(options, first / 2) == frontier[0]->input_index);
  for (std::size_t k = 1; k + 1 < m; ++k) {
    const double lo = frontier[k]->step->icer;
    const double hi = frontier[k + 1]->step->icer;
    if (!(hi > lo * (1 + 1e-6))) continue;  // collinear: no w at which the middle one is alone
    CHECK(optimal_at(options, (lo + hi) / 2) == frontier[k]->input_index);
  }
  const double last = m > 1 ? frontier[m - 1]->step->icer : 1.0;
  CHECK(optimal_at(options, 2 * last + 1) == frontier[m - 1]->input_index);
}

}  // namespace

TEST_CASE(
    "incremental_analysis: random small-integer option sets match a brute-force reading "
    "of the definitions") {
  // Costs in -5..15 and effects in -3..6 give many ties, twins and collinear points, and exact
  // arithmetic. The oracle applies the definitions pairwise, with no sorting or stack:
  // strongly dominated if another option is no worse on both and better on one; extendedly
  // dominated if, among the rest, some mix of two options is cheaper at its effect.
  std::mt19937 rng(20240611);
  for (int trial = 0; trial < 3000; ++trial) {
    const std::vector<FrontierInput> options = random_options(rng, true);
    CAPTURE(trial);
    const std::vector<FrontierRow> rows = incremental_analysis(options);
    check_invariants(options, rows, 0.0);
    std::vector<const FrontierRow*> by_input(options.size());
    for (const FrontierRow& r : rows) by_input[r.input_index] = &r;
    for (std::size_t i = 0; i < options.size(); ++i) {
      const FrontierRow& r = *by_input[i];
      std::optional<std::size_t> twin;
      for (std::size_t j = 0; j < i && !twin; ++j)
        if (same_point(*by_input[j], r)) twin = j;
      if (twin) {
        const Status of_twin = by_input[*twin]->status;
        CHECK(r.status == (of_twin == Status::kFrontier ? Status::kIdentical : of_twin));
        continue;
      }
      bool strongly = false, extendedly = false;
      for (const FrontierRow& other : rows) strongly = strongly || dominates(other, r);
      for (const FrontierRow& lo : rows)
        for (const FrontierRow& hi : rows)
          if (lo.effect < r.effect && r.effect < hi.effect && above_chord(lo, r, hi, 0.0))
            extendedly = true;
      const Status expected = strongly     ? Status::kStronglyDominated
                              : extendedly ? Status::kExtendedlyDominated
                                           : Status::kFrontier;
      CHECK(r.status == expected);
    }
    check_optimal_at_follows_frontier(options, rows);
  }
}

TEST_CASE(
    "incremental_analysis: on random continuous option sets the frontier ICERs increase, no "
    "frontier option is dominated and every verdict names its reason") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const std::vector<FrontierInput> options = random_options(rng, false);
    CAPTURE(trial);
    const std::vector<FrontierRow> rows = incremental_analysis(options);
    check_invariants(options, rows, 1e-9);
    check_optimal_at_follows_frontier(options, rows);
  }
}

TEST_CASE("incremental_analysis: the table does not depend on the order the options are given in") {
  std::mt19937 rng(12345);
  std::vector<std::vector<FrontierInput>> sets{
      herc_example(),
      scenarios({14807, 26041, 49706, 64266, 40022, 57392, 91744, 54651},
                {9.635, 10.2497, 11.1654, 11.5152, 11.582, 11.6248, 11.6296, 11.6588}),
      {{"A", 0, 0}, {"B", 50, 1}, {"C", 150, 2}, {"D", 190, 4}}};
  for (int k = 0; k < 20; ++k) sets.push_back(random_options(rng, false));
  for (const auto& original : sets) {
    const std::vector<FrontierRow> reference = incremental_analysis(original);
    std::vector<FrontierInput> shuffled = original;
    for (int permutation = 0; permutation < 20; ++permutation) {
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      const std::vector<FrontierRow> rows = incremental_analysis(shuffled);
      REQUIRE(rows.size() == reference.size());
      for (std::size_t i = 0; i < rows.size(); ++i) {
        CHECK(rows[i].name == reference[i].name);
        CHECK(rows[i].status == reference[i].status);
        CHECK(rows[i].dominated_by == reference[i].dominated_by);
        REQUIRE(rows[i].step.has_value() == reference[i].step.has_value());
        if (rows[i].step) {
          CHECK(rows[i].step->compared_with == reference[i].step->compared_with);
          CHECK(rows[i].step->icer == reference[i].step->icer);  // same operands, same result
        }
      }
    }
  }
}

TEST_CASE(
    "incremental_analysis: among shuffled identical options the first given is always the "
    "one kept") {
  std::mt19937 rng(99);
  std::vector<FrontierInput> options{
      {"cheap", 10, 1}, {"twin 1", 30, 2}, {"twin 2", 30, 2}, {"twin 3", 30, 2}, {"dear", 100, 3}};
  for (int permutation = 0; permutation < 30; ++permutation) {
    std::shuffle(options.begin(), options.end(), rng);
    const std::vector<FrontierRow> rows = incremental_analysis(options);
    check_invariants(options, rows, 0.0);
    std::string first_twin;
    for (const FrontierInput& o : options)
      if (first_twin.empty() && o.cost == 30) first_twin = o.name;
    CHECK(names_with(rows, Status::kFrontier) == Names{"cheap", first_twin, "dear"});
    CHECK(names_with(rows, Status::kIdentical).size() == 2);
    CHECK(row_named(rows, "dear").step->compared_with == first_twin);
  }
}
