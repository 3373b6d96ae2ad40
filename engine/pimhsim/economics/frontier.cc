#include "pimhsim/economics/frontier.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <unordered_set>

namespace pimhsim::economics {
namespace {

// Two ICERs closer than this, relative to the larger, are equal (see frontier.h for why).
constexpr double kIcerTolerance = 1e-9;

void validate(const std::vector<FrontierInput>& options) {
  std::unordered_set<std::string> names;
  for (const FrontierInput& o : options) {
    if (!std::isfinite(o.cost) || !std::isfinite(o.effect))
      throw std::invalid_argument(
          fmt::format("option '{}': cost ({}) and effect ({}) must be finite numbers", o.name,
                      o.cost, o.effect));
    if (!names.insert(o.name).second)
      throw std::invalid_argument(fmt::format("option name '{}' is used twice", o.name));
  }
}

double slope(const FrontierInput& from, const FrontierInput& to) {
  return (to.cost - from.cost) / (to.effect - from.effect);
}

// Whether the positive ICER `a` exceeds `b` by more than rounding.
bool steeper(double a, double b) {
  if (!(a > b)) return false;
  if (std::isinf(a)) return true;  // a tiny effect gain; inf - inf would hide it
  return a - b > kIcerTolerance * a;
}

bool same_point(const FrontierInput& a, const FrontierInput& b) {
  return a.cost == b.cost && a.effect == b.effect;
}

}  // namespace

std::vector<FrontierRow> incremental_analysis(const std::vector<FrontierInput>& options) {
  validate(options);
  const std::size_t n = options.size();

  // Cheaper first; at equal cost the more effective first, so that one sweep finds the strongly
  // dominated; exact twins by input order, so that the first of them stands for the rest.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const FrontierInput& x = options[a];
    const FrontierInput& y = options[b];
    if (x.cost != y.cost) return x.cost < y.cost;
    if (x.effect != y.effect) return x.effect > y.effect;
    return a < b;
  });

  std::vector<Status> status(n, Status::kFrontier);
  std::vector<std::vector<std::size_t>> reason(n);
  std::vector<std::size_t> twin_of(n);  // the first in input order of each set of twins

  // Strong dominance. `best` is the most effective option so far along `order` (the cheapest of
  // those): it costs no more than the current option, so it dominates it unless the current one
  // is more effective. The survivors have strictly increasing costs and effects.
  std::vector<std::size_t> candidates;
  std::optional<std::size_t> best;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    if (k > 0 && same_point(options[i], options[order[k - 1]])) {
      twin_of[i] = twin_of[order[k - 1]];
      continue;
    }
    twin_of[i] = i;
    if (best && options[*best].effect >= options[i].effect) {
      status[i] = Status::kStronglyDominated;
      reason[i] = {*best};
      continue;
    }
    best = i;
    candidates.push_back(i);
  }

  // Extended dominance: the frontier is the lower convex hull of the candidates in the (effect,
  // cost) plane. One pass with a stack (Andrew's monotone chain; the noniterative method of Suen
  // and Goldhaber-Fiebert, Med Decis Making 2016;36:132) gives what repeated passes of "drop any
  // option whose ICER exceeds the next one's" converge to: each new option pops the options it
  // reveals to lie above the line from their predecessor to it, however many in a row.
  std::vector<std::size_t> frontier;
  for (const std::size_t i : candidates) {
    while (frontier.size() >= 2) {
      const std::size_t top = frontier.back();
      const std::size_t below = frontier[frontier.size() - 2];
      if (!steeper(slope(options[below], options[top]), slope(options[top], options[i]))) break;
      status[top] = Status::kExtendedlyDominated;
      frontier.pop_back();
    }
    frontier.push_back(i);
  }
  // Name, for each extendedly dominated option, the frontier options either side of it: the
  // first and last candidates are always on the frontier, so both exist.
  for (const std::size_t i : candidates) {
    if (status[i] != Status::kExtendedlyDominated) continue;
    const auto above =
        std::upper_bound(frontier.begin(), frontier.end(), options[i].effect,
                         [&](double effect, std::size_t f) { return effect < options[f].effect; });
    reason[i] = {*(above - 1), *above};
  }

  std::vector<std::optional<FrontierStep>> steps(n);
  for (std::size_t k = 1; k < frontier.size(); ++k) {
    const FrontierInput& from = options[frontier[k - 1]];
    const FrontierInput& to = options[frontier[k]];
    const double dc = to.cost - from.cost;
    const double de = to.effect - from.effect;
    steps[frontier[k]] = FrontierStep{from.name, dc, de, dc / de};
  }

  std::vector<FrontierRow> rows;
  rows.reserve(n);
  for (const std::size_t i : order) {
    const std::size_t twin = twin_of[i];
    FrontierRow row{i, options[i].name, options[i].cost, options[i].effect, status[twin], {}, {}};
    std::vector<std::size_t> why = reason[twin];
    if (twin != i && status[twin] == Status::kFrontier) {
      row.status = Status::kIdentical;
      why = {twin};
    }
    for (const std::size_t j : why) row.dominated_by.push_back(options[j].name);
    if (twin == i) row.step = steps[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

const char* status_label(Status status) {
  switch (status) {
    case Status::kFrontier:
      return "frontier";
    case Status::kStronglyDominated:
      return "strongly dominated";
    case Status::kExtendedlyDominated:
      return "extendedly dominated";
    case Status::kIdentical:
      return "identical";
  }
  return "?";
}

std::size_t optimal_at(const std::vector<FrontierInput>& options, double wtp) {
  validate(options);
  if (options.empty()) throw std::invalid_argument("there is no optimal option among none");
  if (!std::isfinite(wtp))
    throw std::invalid_argument(
        fmt::format("the willingness to pay must be a finite number, not {}", wtp));
  std::size_t best = 0;
  for (std::size_t i = 1; i < options.size(); ++i) {
    const double gain = incremental_nmb(wtp, options[best], options[i]);
    if (gain > 0 || (gain == 0 && options[i].cost < options[best].cost)) best = i;
  }
  return best;
}

double incremental_nmb(double wtp, const FrontierInput& from, const FrontierInput& to) {
  return wtp * (to.effect - from.effect) - (to.cost - from.cost);
}

}  // namespace pimhsim::economics
