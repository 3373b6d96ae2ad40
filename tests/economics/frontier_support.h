// Test support for the efficiency frontier's tests: expected rows, lookups and brute-force
// readings of the definitions shared by frontier_test.cc and frontier_random_test.cc.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "pimhsim/economics/frontier.h"

using pimhsim::economics::FrontierInput;
using pimhsim::economics::FrontierRow;
using pimhsim::economics::incremental_analysis;
using pimhsim::economics::optimal_at;
using pimhsim::economics::Status;
using pimhsim::economics::status_label;

namespace frontier_test {

using Names = std::vector<std::string>;

// One expected row: name, status, dominated_by and, for frontier rows after the first, the ICER.
struct Expected {
  std::string name;
  Status status;
  Names dominated_by;
  std::optional<double> icer;
};

inline const FrontierRow& row_named(const std::vector<FrontierRow>& rows, const std::string& name) {
  const auto it =
      std::find_if(rows.begin(), rows.end(), [&](const FrontierRow& r) { return r.name == name; });
  REQUIRE(it != rows.end());
  return *it;
}

inline Names names_with(const std::vector<FrontierRow>& rows, Status status) {
  Names out;
  for (const FrontierRow& r : rows)
    if (r.status == status) out.push_back(r.name);
  return out;
}

inline std::vector<const FrontierRow*> frontier_of(const std::vector<FrontierRow>& rows) {
  std::vector<const FrontierRow*> out;
  for (const FrontierRow& r : rows)
    if (r.status == Status::kFrontier) out.push_back(&r);
  return out;
}

inline bool same_point(const FrontierRow& a, const FrontierRow& b) {
  return a.cost == b.cost && a.effect == b.effect;
}

inline bool dominates(const FrontierRow& a, const FrontierRow& b) {
  return a.cost <= b.cost && a.effect >= b.effect && !same_point(a, b);
}

// Whether `mid` lies above the line from `lo` to `hi` (effects lo < mid < hi), by more than
// `tolerance` relative: then a mix of lo and hi is cheaper at mid's effect.
inline bool above_chord(const FrontierRow& lo, const FrontierRow& mid, const FrontierRow& hi,
                        double tolerance) {
  const double lhs = (mid.cost - lo.cost) * (hi.effect - lo.effect);
  const double rhs = (hi.cost - lo.cost) * (mid.effect - lo.effect);
  return lhs - rhs > tolerance * (std::abs(lhs) + std::abs(rhs));
}

// What must hold of any table, whatever the input: rows in order, each verdict backed by the
// reason it names, the frontier undominated (strongly, or by any mix of two options) and its
// ICERs non-decreasing. `tolerance` is 0 for inputs whose arithmetic is exact.
inline void check_invariants(const std::vector<FrontierInput>& options,
                             const std::vector<FrontierRow>& rows, double tolerance) {
  REQUIRE(rows.size() == options.size());
  std::vector<int> seen(options.size(), 0);
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const FrontierRow& r = rows[k];
    REQUIRE(r.input_index < options.size());
    ++seen[r.input_index];
    CHECK(r.name == options[r.input_index].name);
    CHECK(r.cost == options[r.input_index].cost);
    CHECK(r.effect == options[r.input_index].effect);
    if (k > 0) {
      const FrontierRow& p = rows[k - 1];
      const bool in_order =
          p.cost < r.cost ||
          (p.cost == r.cost &&
           (p.effect > r.effect || (p.effect == r.effect && p.input_index < r.input_index)));
      CHECK(in_order);
    }
  }
  for (const int s : seen) CHECK(s == 1);

  const std::vector<const FrontierRow*> frontier = frontier_of(rows);
  REQUIRE_FALSE(frontier.empty() != rows.empty());
  for (std::size_t k = 0; k < frontier.size(); ++k) {
    const FrontierRow& f = *frontier[k];
    CHECK(f.dominated_by.empty());
    if (k == 0) {
      CHECK_FALSE(f.step.has_value());
      continue;
    }
    const FrontierRow& prev = *frontier[k - 1];
    REQUIRE(f.step.has_value());
    CHECK(f.step->compared_with == prev.name);
    CHECK(f.step->incremental_cost == f.cost - prev.cost);
    CHECK(f.step->incremental_effect == f.effect - prev.effect);
    CHECK(f.step->incremental_cost > 0);
    CHECK(f.step->incremental_effect > 0);
    CHECK(f.step->icer == f.step->incremental_cost / f.step->incremental_effect);
    if (k >= 2) CHECK(f.step->icer >= prev.step->icer * (1 - tolerance));
  }
  for (const FrontierRow* f : frontier) {
    for (const FrontierRow& other : rows) CHECK_FALSE(dominates(other, *f));
    for (const FrontierRow& lo : rows)
      for (const FrontierRow& hi : rows)
        if (lo.effect < f->effect && f->effect < hi.effect)
          CHECK_FALSE(above_chord(lo, *f, hi, tolerance + 1e-12));
  }

  for (const FrontierRow& r : rows) {
    if (r.status == Status::kFrontier) continue;
    CHECK_FALSE(r.step.has_value());
    switch (r.status) {
      case Status::kStronglyDominated: {
        REQUIRE(r.dominated_by.size() == 1);
        const FrontierRow& by = row_named(rows, r.dominated_by[0]);
        CHECK(dominates(by, r));
        CHECK(by.status != Status::kStronglyDominated);
        CHECK(by.status != Status::kIdentical);
        break;
      }
      case Status::kExtendedlyDominated: {
        REQUIRE(r.dominated_by.size() == 2);
        const FrontierRow& lo = row_named(rows, r.dominated_by[0]);
        const FrontierRow& hi = row_named(rows, r.dominated_by[1]);
        CHECK(lo.status == Status::kFrontier);
        CHECK(hi.status == Status::kFrontier);
        REQUIRE(hi.step.has_value());
        CHECK(hi.step->compared_with == lo.name);  // neighbours on the frontier
        CHECK(lo.effect < r.effect);
        CHECK(r.effect < hi.effect);
        CHECK(above_chord(lo, r, hi, tolerance));
        break;
      }
      case Status::kIdentical: {
        REQUIRE(r.dominated_by.size() == 1);
        const FrontierRow& twin = row_named(rows, r.dominated_by[0]);
        CHECK(twin.status == Status::kFrontier);
        CHECK(same_point(twin, r));
        CHECK(twin.input_index < r.input_index);
        break;
      }
      case Status::kFrontier:
        break;
    }
  }
}

// The table, row by row, against the expected one; and the invariants.
inline void check_table(const std::vector<FrontierInput>& options,
                        const std::vector<Expected>& expected) {
  const std::vector<FrontierRow> rows = incremental_analysis(options);
  check_invariants(options, rows, 1e-9);
  REQUIRE(rows.size() == expected.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    CAPTURE(expected[k].name);
    CHECK(rows[k].name == expected[k].name);
    CHECK(rows[k].status == expected[k].status);
    CHECK(rows[k].dominated_by == expected[k].dominated_by);
    CHECK(rows[k].step.has_value() == expected[k].icer.has_value());
    if (rows[k].step && expected[k].icer)
      CHECK(rows[k].step->icer == doctest::Approx(*expected[k].icer).epsilon(1e-12));
  }
}

inline constexpr Status F = Status::kFrontier;
inline constexpr Status D = Status::kStronglyDominated;
inline constexpr Status ED = Status::kExtendedlyDominated;
inline constexpr Status I = Status::kIdentical;

// prefix followed by i (appending sidesteps GCC 12's false -Wrestrict on "literal" + string).
inline std::string numbered(const char* prefix, std::size_t i) {
  std::string name(prefix);
  name += std::to_string(i);
  return name;
}

// Options "S1", "S2", ... as the heemod test cases name them.
inline std::vector<FrontierInput> scenarios(const std::vector<double>& costs,
                                            const std::vector<double>& effects) {
  std::vector<FrontierInput> out;
  for (std::size_t i = 0; i < costs.size(); ++i)
    out.push_back({numbered("S", i + 1), costs[i], effects[i]});
  return out;
}

// The six-strategy example of the VA Health Economics Resource Center's cost-effectiveness
// course, as used in dampack's tests/testthat/test_calculate_icers.R.
inline std::vector<FrontierInput> herc_example() {
  return {{"E", 55000, 5}, {"D", 35000, 4},   {"C", 25000, 3},
          {"B", 10000, 2}, {"A", 12000, 1.5}, {"UC", 5000, 1}};
}

}  // namespace frontier_test
