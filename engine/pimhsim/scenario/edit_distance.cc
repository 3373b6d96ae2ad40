#include "pimhsim/scenario/edit_distance.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace pimhsim::scenario {

namespace {

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// The Levenshtein distance of a and b if it is at most `bound`, otherwise bound + 1. A distance
// is at least the difference of the lengths, and a row of the table never falls below the least
// value of the row before it, so both end the work early: a long mistyped key (or a file of
// thousands of them) costs a suggestion its length times the candidates' lengths at most, and
// most candidates far less.
std::size_t distance_within(std::string_view a, std::string_view b, std::size_t bound) {
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > bound) return bound + 1;
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t least = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min(std::min(row[j], row[j - 1]) + 1, diagonal + cost);
      diagonal = above;
      least = std::min(least, row[j]);
    }
    if (least > bound) return bound + 1;
  }
  return std::min(row[b.size()], bound + 1);
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  return distance_within(a, b, std::max(a.size(), b.size()));
}

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

std::optional<std::string> nearest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& c : candidates) {
    // Only a candidate closer than the best so far can change the answer (the first of equally
    // close candidates wins).
    const std::size_t d = distance_within(word, c, best_distance - 1);
    if (d < best_distance) {
      best_distance = d;
      best = c;
      if (d == 0) break;
    }
  }
  return best;
}

}  // namespace pimhsim::scenario
