#include "pimhsim/analysis/sensitivity.h"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>

namespace pimhsim::analysis {
namespace {

// A number parameter of `base` to vary, or std::invalid_argument saying why not.
const core::Parameter& number_parameter(const core::ParameterSet& base, std::string_view name) {
  const auto* p = base.find(name);
  if (p == nullptr)
    throw std::invalid_argument(fmt::format("there is no parameter named `{}`", name));
  if (p->is_shares())
    throw std::invalid_argument(
        fmt::format("`{}` is a set of shares; only number parameters can be varied", name));
  return *p;
}

core::ParameterSet with_value(const core::ParameterSet& base, const std::string& name, double x) {
  core::ParameterSet set = base;
  set.find(name)->value = x;
  return set;
}

// `points` values evenly spaced from low to high, with both ends exact.
std::vector<double> even_grid(double low, double high, std::size_t points) {
  std::vector<double> v(points);
  for (std::size_t k = 0; k < points; ++k)
    v[k] = k + 1 == points
               ? high
               : low + (high - low) * static_cast<double>(k) / static_cast<double>(points - 1);
  return v;
}

void check_axis(const core::ParameterSet& base, const Axis& a) {
  number_parameter(base, a.name);
  if (a.points < 2)
    throw std::invalid_argument(
        fmt::format("the axis of `{}` needs at least two points, not {}", a.name, a.points));
  if (!std::isfinite(a.low) || !std::isfinite(a.high))
    throw std::invalid_argument(fmt::format("the axis of `{}` has an infinite end", a.name));
}

}  // namespace

const char* source_name(RangeSource s) {
  switch (s) {
    case RangeSource::kBound:
      return "bound";
    case RangeSource::kQuantile:
      return "95% interval";
    case RangeSource::kBase:
      return "base";
  }
  return "?";
}

std::optional<OneWayRange> one_way_range(const core::Parameter& p) {
  if (p.is_shares()) return std::nullopt;
  const bool sampled = p.distribution.family() != core::Family::kFixed;
  const auto end = [&](const std::optional<double>& bound, double u) {
    if (bound) return std::pair{*bound, RangeSource::kBound};
    if (sampled) return std::pair{p.distribution.quantile(u), RangeSource::kQuantile};
    return std::pair{p.value, RangeSource::kBase};
  };
  const auto [low, low_source] = end(p.low, 0.025);
  const auto [high, high_source] = end(p.high, 0.975);
  if (low == p.value && high == p.value) return std::nullopt;
  return OneWayRange{low, high, low_source, high_source};
}

std::vector<OneWayItem> one_way_items(const core::Parameter& p) {
  std::vector<OneWayItem> out;
  if (!p.is_shares()) {
    if (const auto r = one_way_range(p)) out.push_back({p.name, p.name, std::nullopt, p.value, *r});
    return out;
  }
  if (!p.dirichlet || p.dirichlet->alpha().size() != p.shares.size()) return out;
  const auto& alpha = p.dirichlet->alpha();
  double total = 0;
  for (double a : alpha) total += a;
  for (std::size_t c = 0; c < alpha.size(); ++c) {
    const double rest = total - alpha[c];
    if (!(alpha[c] > 0 && rest > 0) || !(p.shares[c] < 1)) continue;  // a degenerate marginal
    const boost::math::beta_distribution<> marginal(alpha[c], rest);
    const OneWayRange r{boost::math::quantile(marginal, 0.025),
                        boost::math::quantile(marginal, 0.975), RangeSource::kQuantile,
                        RangeSource::kQuantile};
    out.push_back({fmt::format("{}.{}", p.name, p.components[c]), p.name, c, p.shares[c], r});
  }
  return out;
}

core::ParameterSet with_item_value(const core::ParameterSet& base, const OneWayItem& item,
                                   double x) {
  if (!item.component) return with_value(base, item.parameter, x);
  core::ParameterSet set = base;
  core::Parameter* p = set.find(item.parameter);
  const std::size_t c = *item.component;
  const double scale = (1 - x) / (1 - p->shares[c]);
  for (std::size_t k = 0; k < p->shares.size(); ++k)
    p->shares[k] = k == c ? x : p->shares[k] * scale;
  return set;
}

std::vector<Tornado> one_way_each(const core::ParameterSet& base, const VectorModel& f,
                                  const std::function<bool(const OneWayItem&)>& include) {
  const auto at_base = f(base);
  const auto evaluate = [&](const OneWayItem& item, double x) {
    if (x == item.base) return at_base;
    auto result = f(with_item_value(base, item, x));
    if (result.size() != at_base.size())
      throw std::invalid_argument(
          fmt::format("the model gave {} results at the base case but {} with `{}` = {:g}",
                      at_base.size(), result.size(), item.name, x));
    return result;
  };

  std::vector<Tornado> tornados(at_base.size());
  for (std::size_t k = 0; k < at_base.size(); ++k) tornados[k].base = at_base[k];
  for (const auto& p : base.all()) {
    const auto items = one_way_items(p);
    if (items.empty()) {
      for (auto& t : tornados) t.not_varied.push_back(p.name);
      continue;
    }
    for (const auto& item : items) {
      if (include && !include(item)) continue;
      const auto& range = item.range;
      const auto at_low = evaluate(item, range.low);
      const auto at_high = evaluate(item, range.high);
      for (std::size_t k = 0; k < tornados.size(); ++k)
        tornados[k].rows.push_back({item.name, range.low, range.high, at_low[k], at_high[k],
                                    std::abs(at_high[k] - at_low[k]), range.low_source,
                                    range.high_source});
    }
  }
  for (auto& t : tornados)
    // An undefined end (an outcome that is not a number there, such as an ICER where the QALY
    // gain vanishes) makes the swing undefined: such rows come first, since the parameter can
    // change the answer's kind (those with one defined end before those with none), then the
    // rest by swing; ties by name.
    std::sort(t.rows.begin(), t.rows.end(), [](const TornadoRow& a, const TornadoRow& b) {
      const bool ua = std::isnan(a.swing), ub = std::isnan(b.swing);
      if (ua != ub) return ua;
      if (ua) {
        const int na = std::isnan(a.at_low) + std::isnan(a.at_high),
                  nb = std::isnan(b.at_low) + std::isnan(b.at_high);
        return na != nb ? na < nb : a.name < b.name;
      }
      return a.swing != b.swing ? a.swing > b.swing : a.name < b.name;
    });
  return tornados;
}

Tornado one_way(const core::ParameterSet& base, const ScalarModel& f) {
  auto tornados =
      one_way_each(base, [&](const core::ParameterSet& set) { return std::vector{f(set)}; });
  return std::move(tornados.front());
}

Axis axis(const core::ParameterSet& base, std::string_view name, std::size_t points) {
  const auto range = one_way_range(number_parameter(base, name));
  if (!range)
    throw std::invalid_argument(
        fmt::format("`{}` has no range to vary over: give it bounds or a distribution", name));
  return {std::string(name), range->low, range->high, points};
}

TwoWayGrid two_way(const core::ParameterSet& base, const ScalarModel& f, const Axis& x,
                   const Axis& y) {
  check_axis(base, x);
  check_axis(base, y);
  if (x.name == y.name)
    throw std::invalid_argument(
        fmt::format("a two-way grid needs two different parameters, not `{}` twice", x.name));
  TwoWayGrid g{x, y, grid(x.low, x.high, x.points), grid(y.low, y.high, y.points), {}};
  g.values.reserve(x.points * y.points);
  core::ParameterSet set = base;
  auto& px = *set.find(x.name);
  auto& py = *set.find(y.name);
  for (const double xv : g.xs)
    for (const double yv : g.ys) {
      px.value = xv;
      py.value = yv;
      g.values.push_back(f(set));
    }
  return g;
}

namespace {

// The root of g in [left, right], where g has opposite signs at the two ends, to within
// `tolerance` (or as near as rounding allows): TOMS 748 until the bracket is that narrow, its
// middle the root; or, sooner, a probe's bracket (below), the secant's root in it the root.
//
// A simulated outcome is a difference of large sums, flat at the level of rounding over a short
// stretch around its root. When the bracket's nearer end lands there, TOMS 748's interpolations
// all fall beside that end, and the bracket shrinks only from its far side, by its occasional
// bisections: dozens of evaluations more. So once the secant through the bracket's ends puts the
// root within the tolerance of the nearer end, g is evaluated once more, the tolerance past that
// end towards the root. If its sign differs (or it is zero), the root lies in that bracket, no
// wider than the tolerance. If not (g bends, and the secant through a wide bracket misled),
// TOMS 748 goes on, and that root gets no other probe: a stretch flat at rounding wider than the
// tolerance would otherwise cost a probe at each step.
double refine_root(const std::function<double(double)>& g, double left, double right, double g_left,
                   double g_right, double tolerance) {
  // The values of g taken here, so that the stopping rule sees its bracket's.
  std::vector<std::pair<double, double>> seen{{left, g_left}, {right, g_right}};
  const auto value = [&](double x) {
    const double v = g(x);
    seen.emplace_back(x, v);
    return v;
  };
  // TOMS 748 passes its stopping rule only ends it has evaluated; not a number otherwise, so that
  // no probe is made.
  const auto value_at = [&seen](double x) {
    const auto it =
        std::find_if(seen.rbegin(), seen.rend(), [x](const auto& s) { return s.first == x; });
    return it == seen.rend() ? std::numeric_limits<double>::quiet_NaN() : it->second;
  };
  // The tolerance, or the spacing of doubles near a and b where it is finer than that.
  const auto resolution = [tolerance](double a, double b) {
    return std::max(
        tolerance, 4 * std::numeric_limits<double>::epsilon() * std::max(std::abs(a), std::abs(b)));
  };
  // The root of the line through (a, ga) and (b, gb), from the end where g is nearer zero.
  const auto secant_root = [](double a, double b, double ga, double gb) {
    return std::abs(ga) <= std::abs(gb) ? a - ga * (b - a) / (gb - ga)
                                        : b - gb * (b - a) / (gb - ga);
  };
  bool probed = false;
  std::optional<double> closed;  // the root, once a probe has closed the bracket
  const auto close_enough = [&](double a, double b) {
    if (closed || b - a <= resolution(a, b)) return true;
    if (probed) return false;
    const double ga = value_at(a), gb = value_at(b);
    const bool from_a = std::abs(ga) <= std::abs(gb);
    const double end = from_a ? a : b, g_end = from_a ? ga : gb;
    const double step = resolution(end, end);
    if (!(std::abs(secant_root(a, b, ga, gb) - end) <= step)) return false;
    probed = true;
    const double probe = from_a ? end + step : end - step;
    const double g_probe = value(probe);
    if (g_probe != 0 && (g_probe < 0) == (g_end < 0)) return false;
    closed = g_probe == 0 ? probe
             : from_a     ? secant_root(end, probe, g_end, g_probe)
                          : secant_root(probe, end, g_probe, g_end);
    return true;
  };
  std::uintmax_t max_iterations = 200;
  const auto [lo, hi] = boost::math::tools::toms748_solve(value, left, right, g_left, g_right,
                                                          close_enough, max_iterations);
  return closed ? *closed : lo + (hi - lo) / 2;
}

}  // namespace

std::vector<double> find_roots(const std::function<double(double)>& g, double lo, double hi,
                               const RootOptions& options) {
  if (!(std::isfinite(lo) && std::isfinite(hi) && lo < hi))
    throw std::invalid_argument(
        fmt::format("a root search needs a finite range with lo < hi, not [{:g}, {:g}]", lo, hi));
  if (options.intervals < 1)
    throw std::invalid_argument("a root search needs at least one grid interval");
  const std::function<double(double)> checked = [&](double x) {
    const double v = g(x);
    if (std::isnan(v))
      throw std::domain_error(fmt::format("the function is not a number at {:g}", x));
    return v;
  };
  const double tolerance = options.tolerance > 0 ? options.tolerance : 1e-10 * (hi - lo);
  const auto xs = even_grid(lo, hi, options.intervals + 1);
  std::vector<double> roots;
  double previous = checked(xs[0]);
  if (previous == 0) roots.push_back(xs[0]);
  for (std::size_t k = 1; k < xs.size(); ++k) {
    const double current = checked(xs[k]);
    if ((previous < 0 && current > 0) || (previous > 0 && current < 0))
      roots.push_back(refine_root(checked, xs[k - 1], xs[k], previous, current, tolerance));
    if (current == 0) roots.push_back(xs[k]);
    previous = current;
  }
  return roots;
}

std::vector<double> grid(double low, double high, std::size_t points) {
  return even_grid(low, high, points);
}

Threshold threshold(const core::ParameterSet& base, const ScalarModel& g, std::string_view name,
                    double lo, double hi, const RootOptions& options) {
  const auto& p = number_parameter(base, name);
  core::ParameterSet set = base;
  auto& varied = *set.find(p.name);
  const auto at = [&](double x) {
    varied.value = x;
    return g(set);
  };
  return {p.name, lo, hi, find_roots(at, lo, hi, options)};
}

}  // namespace pimhsim::analysis
