// Deterministic sensitivity analysis (DSA) on any model given as a function of a parameter set:
// one-way (tornado), two-way (grid) and threshold analysis.
//
// The drivers only build parameter sets and call the model, in a fixed order (the base case,
// then parameters in declaration order, low end before high end; grids row by row; threshold
// scans from lo to hi), so their results are as deterministic as the model. A varied parameter
// has its `value` replaced and keeps its distribution and bounds; nothing else changes.
//
// A shares parameter with a Dirichlet is varied one component at a time, each over its marginal
// Beta(alpha_c, alpha_0 - alpha_c) 95% interval, with the other components rescaled in
// proportion so that the shares still sum to one (the usual convention; the row's name is
// `name.component`). Every parameter without a range (shares without a Dirichlet, fixed numbers
// without bounds) is listed in `not_varied`.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/core/parameter.h"

namespace pimhsim::analysis {

using ScalarModel = std::function<double(const core::ParameterSet&)>;
// Several results from one evaluation (one per option, say).
using VectorModel = std::function<std::vector<double>(const core::ParameterSet&)>;

// Where one end of a one-way range comes from.
enum class RangeSource { kBound, kQuantile, kBase };

const char* source_name(RangeSource s);  // "bound", "95% interval", "base"

struct OneWayRange {
  double low, high;
  RangeSource low_source, high_source;
};

// A number parameter's one-way range: each end is its bound (low, high) when given, else the
// distribution's 2.5% (97.5%) quantile when the distribution is not fixed, else the base value.
// Nothing for a shares parameter, or when both ends are the base value (nothing to vary).
std::optional<OneWayRange> one_way_range(const core::Parameter& p);

// One row of a one-way analysis: a number parameter over its one_way_range, or one component of
// a shares parameter with a Dirichlet over its marginal 95% interval.
struct OneWayItem {
  std::string name;       // the parameter's name, or "parameter.component"
  std::string parameter;  // the parameter's name
  std::optional<std::size_t> component;
  double base = 0;  // the value (or share) at the base case
  OneWayRange range;
};
std::vector<OneWayItem> one_way_items(const core::Parameter& p);
// `base` with the item at x: a number's value, or one share set to x and the others rescaled by
// (1 - x) / (1 - its base share).
core::ParameterSet with_item_value(const core::ParameterSet& base, const OneWayItem& item,
                                   double x);

struct TornadoRow {
  std::string name;
  double low, high;        // the parameter's value at either end
  double at_low, at_high;  // the model there, every other parameter at its base value
  double swing;            // |at_high - at_low|
  RangeSource low_source, high_source;
};

struct Tornado {
  double base;                          // the model at the base case
  std::vector<TornadoRow> rows;         // by swing, largest first; equal swings by name
  std::vector<std::string> not_varied;  // the parameters without a range
};

// f at the base case and at both ends of every parameter's one-way range (an end equal to the
// base value reuses the base case's result instead of calling f again).
Tornado one_way(const core::ParameterSet& base, const ScalarModel& f);
// One tornado per element of f's result, from one call of f per end. Throws
// std::invalid_argument if f's results differ in length.
// With `include`, only the items it accepts are varied (the others are neither rows nor listed
// as not varied).
std::vector<Tornado> one_way_each(const core::ParameterSet& base, const VectorModel& f,
                                  const std::function<bool(const OneWayItem&)>& include = {});

// One axis of a two-way grid: `points` values evenly spaced from low to high, both included.
struct Axis {
  std::string name;
  double low, high;
  std::size_t points;
};

// The axis over a number parameter's one-way range; throws std::invalid_argument if it has none.
Axis axis(const core::ParameterSet& base, std::string_view name, std::size_t points);

struct TwoWayGrid {
  Axis x, y;
  std::vector<double> xs, ys;  // the grid's values, from low to high
  std::vector<double> values;  // f(xs[i], ys[j]) at i * ys.size() + j
  double at(std::size_t i, std::size_t j) const { return values[i * ys.size() + j]; }
};

// f over the grid of x by y, every other parameter at its base value. Throws
// std::invalid_argument unless x and y name two different number parameters and each axis has
// at least two points and finite ends.
TwoWayGrid two_way(const core::ParameterSet& base, const ScalarModel& f, const Axis& x,
                   const Axis& y);

struct RootOptions {
  std::size_t intervals = 200;  // the scan's grid: sign changes closer together than this miss
  double tolerance = 0;         // on x, absolute; 0 means 1e-10 (hi - lo). Never below rounding.
};

// `points` evenly spaced values from low to high, both included (high exactly).
std::vector<double> grid(double low, double high, std::size_t points);

// Every x in [lo, hi] where g is zero: each grid point where g is exactly zero, and one root in
// each grid interval over which g changes sign, refined by TOMS 748 (Alefeld, Potra and Shi
// 1995) to within options.tolerance: until the bracket is that narrow (its middle is the root),
// or, sooner, once the secant through the bracket's ends puts the root within the tolerance of
// the end where g is nearer zero and g one tolerance past that end has the other sign (the
// secant's root in that bracket is the root; one such probe for each root). Ascending. A zero
// where g touches but does not cross zero between grid points, or an even number of crossings
// within one interval, is not found. Throws std::invalid_argument unless lo < hi (finite) and
// intervals >= 1, and std::domain_error if g is not a number at a point it is evaluated.
std::vector<double> find_roots(const std::function<double(double)>& g, double lo, double hi,
                               const RootOptions& options = {});

struct Threshold {
  std::string name;
  double lo, hi;
  std::vector<double> roots;  // ascending
  bool none_in_range() const { return roots.empty(); }
};

// The values of the number parameter `name` in [lo, hi] at which g (the incremental net
// monetary benefit of an option against its comparator, say) is zero, every other parameter at
// its base value: find_roots on x -> g(base with name = x).
Threshold threshold(const core::ParameterSet& base, const ScalarModel& g, std::string_view name,
                    double lo, double hi, const RootOptions& options = {});

}  // namespace pimhsim::analysis
