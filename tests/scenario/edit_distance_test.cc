// edit_distance (case-insensitive Levenshtein) and nearest ("did you mean ...?").
#include "pimhsim/scenario/edit_distance.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using pimhsim::scenario::edit_distance;
using pimhsim::scenario::nearest;

TEST_CASE("edit_distance: textbook Levenshtein distances") {
  CHECK(edit_distance("kitten", "sitting") == 3);  // two substitutions and an insertion
  CHECK(edit_distance("flaw", "lawn") == 2);       // a deletion and an insertion
  CHECK(edit_distance("seed", "seed") == 0);
  CHECK(edit_distance("seed", "sed") == 1);    // deletion
  CHECK(edit_distance("seed", "seeds") == 1);  // insertion
  CHECK(edit_distance("seed", "send") == 1);   // substitution
  CHECK(edit_distance("ab", "ba") == 2);       // a transposition counts as two edits
}

TEST_CASE("edit_distance: empty strings cost one edit per character of the other") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "horizon") == 7);
  CHECK(edit_distance("horizon", "") == 7);
}

TEST_CASE("edit_distance: is case-insensitive and symmetric") {
  CHECK(edit_distance("Seed", "seed") == 0);
  CHECK(edit_distance("HORIZON", "horizon") == 0);
  for (const auto& words : std::vector<std::pair<std::string, std::string>>{
           {"replicates", "replicate"}, {"economics", "economy"}, {"p_HS1", "p_S1H"}, {"", "x"}}) {
    const std::string &a = words.first, &b = words.second;
    CAPTURE(a);
    CAPTURE(b);
    CHECK(edit_distance(a, b) == edit_distance(b, a));
  }
}

TEST_CASE("nearest: suggests the closest known key for a plausible typo") {
  const std::vector<std::string> keys{"seed", "replicates", "horizon", "population"};
  CHECK(nearest("seeed", keys) == "seed");
  CHECK(nearest("replicats", keys) == "replicates");
  CHECK(nearest("Horizon", keys) == "horizon");
  CHECK(nearest("popluation", keys) == "population");  // transposition: distance 2
}

TEST_CASE("nearest: says nothing when no candidate is close enough") {
  const std::vector<std::string> keys{"seed", "replicates", "horizon"};
  CHECK_FALSE(nearest("banana", keys).has_value());
  CHECK_FALSE(nearest("x", {}).has_value());
  // The limit is max(2, length / 3) edits: 2 for a short word, so 3 edits are too many ...
  CHECK(nearest("sxxd", {"seed"}) == "seed");
  CHECK_FALSE(nearest("sxxx", {"seed"}).has_value());
  // ... and 4 for a 12-letter word.
  CHECK(nearest("discountxxxx", {"discount"}) == "discount");
  CHECK_FALSE(nearest("discountxxxxx", {"discount"}).has_value());
}

TEST_CASE("nearest: among equally close candidates the first wins") {
  CHECK(nearest("cat", {"bat", "hat"}) == "bat");
  CHECK(nearest("cat", {"hat", "bat"}) == "hat");
}

namespace {

// The textbook table in full (Wagner and Fischer 1974), case-insensitive, with no early exit: the
// reference the bounded search is checked against.
std::size_t full_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> t(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) t[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) t[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      t[i][j] = std::min({t[i - 1][j] + 1, t[i][j - 1] + 1, t[i - 1][j - 1] + (same ? 0 : 1)});
    }
  return t[a.size()][b.size()];
}

}  // namespace

TEST_CASE("nearest: a bounded search gives the answer of the full distances") {
  // nearest stops a candidate's table once it cannot beat the best so far; its answer must be
  // the one the full distances give, first of the equally close winning. Words and candidates
  // from a small alphabet, so that many distances tie and many are near the limit.
  std::vector<std::string> words;
  std::uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 16;
  };
  for (int i = 0; i < 300; ++i) {
    std::string w(next() % 13, 'a');
    for (auto& c : w) c = static_cast<char>('a' + next() % 3);
    words.push_back(w);
  }
  for (std::size_t i = 0; i + 6 <= words.size(); i += 6) {
    const std::vector<std::string> candidates(words.begin() + static_cast<long>(i) + 1,
                                              words.begin() + static_cast<long>(i) + 6);
    const std::string& word = words[i];
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::optional<std::string> expected;
    std::size_t best = limit + 1;
    for (const auto& c : candidates) {
      CHECK(edit_distance(word, c) == full_distance(word, c));
      if (const std::size_t d = full_distance(word, c); d < best) {
        best = d;
        expected = c;
      }
    }
    CAPTURE(word);
    CHECK(nearest(word, candidates) == expected);
  }
}

TEST_CASE("nearest: a very long key against short and long candidates") {
  // A candidate whose length differs from the key's by more than the limit is passed over
  // without a table; one within it is still found.
  const std::string key(1000000, 'x');
  CHECK_FALSE(nearest(key, {"seed", "replicates", "horizon"}).has_value());
  const std::string near(3000, 'x');
  CHECK(nearest(near + "y", {"seed", near}) == near);
}

TEST_CASE("same_ignoring_case: edit distance 0 and equal lengths, without the distance") {
  using pimhsim::scenario::same_ignoring_case;
  const std::vector<std::pair<std::string, std::string>> pairs = {
      {"Leeds", "leeds"},
      {"Leeds", "Leeds "},
      {"Bristol, City of", "BRISTOL, CITY OF"},
      {"", ""},
      {"", "x"},
      {"Leeds", "Leeda"},
      {"caf\xc3\xa9", "CAF\xc3\xa9"},
      {"caf\xc3\xa9", "CAF\xc3\x89"}};
  for (const auto& p : pairs) {
    const std::string &a = p.first, &b = p.second;
    CAPTURE(a);
    CAPTURE(b);
    CHECK(same_ignoring_case(a, b) == (edit_distance(a, b) == 0 && a.size() == b.size()));
    CHECK(same_ignoring_case(a, b) == same_ignoring_case(b, a));
  }
  CHECK(same_ignoring_case("Leeds", "LEEDS"));
  CHECK_FALSE(same_ignoring_case("Leeds", "Leeds "));
}
