// Strict UTF-8 (core/utf8.h): every kind of ill-formed sequence of the Unicode Standard's Table
// 3-7 is refused at its first byte, every boundary of the table is accepted, the check agrees
// with a decoder written from the definition on every string of up to three bytes, and with
// nlohmann::json, which throws on dumping a string that is not UTF-8 (type_error 316).
#include "pimhsim/core/utf8.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using pimhsim::core::escape_invalid_utf8;
using pimhsim::core::first_invalid_utf8;
using pimhsim::core::first_utf8_error;
using pimhsim::core::is_utf8;
using pimhsim::core::utf8_error_text;
using pimhsim::core::utf8_prefix;
using pimhsim::core::Utf8Defect;

namespace {

std::string bytes(std::initializer_list<unsigned> list) {
  std::string s;
  for (unsigned b : list) s += static_cast<char>(b);
  return s;
}

// A reference decoder written from the definition (RFC 3629 section 3): the code point a lead
// byte and its continuation bytes encode must need exactly that many bytes, must not be a
// surrogate and must not exceed U+10FFFF.
bool reference_is_utf8(const std::string& s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) {
      n = 1;
      cp = b;
    } else if ((b >> 5) == 0x6) {
      n = 2;
      cp = b & 0x1Fu;
    } else if ((b >> 4) == 0xE) {
      n = 3;
      cp = b & 0x0Fu;
    } else if ((b >> 3) == 0x1E) {
      n = 4;
      cp = b & 0x07u;
    } else {
      return false;
    }
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c >> 6) != 0x2) return false;
      cp = (cp << 6) | (c & 0x3Fu);
    }
    const std::uint32_t least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n;
  }
  return true;
}

bool json_dump_throws(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return false;
  } catch (const nlohmann::json::type_error&) {
    return true;
  }
}

}  // namespace

TEST_CASE("utf8: the boundaries of every row of Table 3-7 are well-formed") {
  const std::vector<std::string> valid = {
      "",
      "plain ASCII, with 0x7F: \x7F",
      bytes({0xC2, 0x80}),                          // U+0080, the first two-byte character
      bytes({0xDF, 0xBF}),                          // U+07FF, the last
      bytes({0xE0, 0xA0, 0x80}),                    // U+0800, the first three-byte character
      bytes({0xED, 0x9F, 0xBF}),                    // U+D7FF, just below the surrogates
      bytes({0xEE, 0x80, 0x80}),                    // U+E000, just above them
      bytes({0xEF, 0xBF, 0xBF}),                    // U+FFFF
      bytes({0xEF, 0xBB, 0xBF}),                    // U+FEFF, a byte-order mark
      bytes({0xF0, 0x90, 0x80, 0x80}),              // U+10000, the first four-byte character
      bytes({0xF4, 0x8F, 0xBF, 0xBF}),              // U+10FFFF, the last code point
      std::string("a\0b", 3),                       // U+0000 is well-formed (readers may refuse it)
      "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9D\x84\x9E",  // Café € and a musical symbol
  };
  for (const auto& s : valid) {
    CAPTURE(escape_invalid_utf8(s));
    CHECK(is_utf8(s));
    CHECK(reference_is_utf8(s));
    CHECK_FALSE(json_dump_throws(s));
  }
}

TEST_CASE("utf8: every kind of ill-formed sequence is refused at its first byte") {
  struct Bad {
    std::string text;
    std::size_t offset;
    Utf8Defect defect;
  };
  const std::vector<Bad> bad = {
      // Overlong forms: C0 and C1 always; E0 80..9F; F0 80..8F.
      {std::string("ab") + bytes({0xC0, 0x80}), 2, Utf8Defect::kOverlong},
      {bytes({0xC1, 0xBF}), 0, Utf8Defect::kOverlong},
      {bytes({0xE0, 0x80, 0x80}), 0, Utf8Defect::kOverlong},
      {bytes({0xE0, 0x9F, 0xBF}), 0, Utf8Defect::kOverlong},
      {bytes({0xF0, 0x80, 0x80, 0x80}), 0, Utf8Defect::kOverlong},
      {bytes({0xF0, 0x8F, 0xBF, 0xBF}), 0, Utf8Defect::kOverlong},
      // UTF-16 surrogates, U+D800 to U+DFFF.
      {std::string("x") + bytes({0xED, 0xA0, 0x80}), 1, Utf8Defect::kSurrogate},
      {bytes({0xED, 0xBF, 0xBF}), 0, Utf8Defect::kSurrogate},
      {bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}), 0, Utf8Defect::kSurrogate},  // CESU-8 pair
      // Above U+10FFFF: F4 90.., and the lead bytes F5 to F7.
      {bytes({0xF4, 0x90, 0x80, 0x80}), 0, Utf8Defect::kAboveMax},
      {bytes({0xF5, 0x80, 0x80, 0x80}), 0, Utf8Defect::kAboveMax},
      {bytes({0xF7, 0xBF, 0xBF, 0xBF}), 0, Utf8Defect::kAboveMax},
      // Bytes that never appear: F8 to FF (the five- and six-byte forms of old, and FE, FF).
      {bytes({0xF8, 0x88, 0x80, 0x80, 0x80}), 0, Utf8Defect::kNeverUsed},
      {bytes({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80}), 0, Utf8Defect::kNeverUsed},
      {std::string("ok") + bytes({0xFE}), 2, Utf8Defect::kNeverUsed},
      {bytes({0xFF}), 0, Utf8Defect::kNeverUsed},
      // Stray continuation bytes.
      {bytes({0x80}), 0, Utf8Defect::kStrayContinuation},
      {std::string("abc") + bytes({0xBF}) + "d", 3, Utf8Defect::kStrayContinuation},
      {bytes({0xC3, 0xA9, 0xA9}), 2, Utf8Defect::kStrayContinuation},
      // Sequences cut short: by the end of the text, or by a byte that is not a continuation.
      {bytes({0xC3}), 0, Utf8Defect::kTruncated},
      {std::string("caf") + bytes({0xE9}) + " au lait", 3,
       Utf8Defect::kTruncated},  // Latin-1 e-acute
      {bytes({0xE2, 0x82}), 0, Utf8Defect::kTruncated},
      {bytes({0xE2, 0x82, 0x41}), 0, Utf8Defect::kTruncated},
      {bytes({0xF0, 0x9F, 0x98}), 0, Utf8Defect::kTruncated},
      {bytes({0xF4, 0x8F, 0xBF, 0x7F}), 0, Utf8Defect::kTruncated},
  };
  for (const auto& b : bad) {
    CAPTURE(escape_invalid_utf8(b.text));
    const auto e = first_utf8_error(b.text);
    REQUIRE(e.has_value());
    CHECK(e->offset == b.offset);
    CHECK(e->defect == b.defect);
    CHECK(first_invalid_utf8(b.text) == b.offset);
    CHECK_FALSE(is_utf8(b.text));
    CHECK_FALSE(reference_is_utf8(b.text));
    CHECK(json_dump_throws(b.text));
  }
}

TEST_CASE(
    "utf8: the check agrees with a decoder from the definition on every string of 1 to 3 "
    "bytes") {
  std::string s;
  std::size_t disagreements = 0, valid = 0;
  for (unsigned a = 0; a < 256; ++a)
    for (unsigned b = 0; b < 256; ++b)
      for (unsigned c = 0; c < 256; ++c) {
        s = bytes({a, b, c});
        const bool ok = is_utf8(s);
        valid += ok ? 1 : 0;
        if (ok != reference_is_utf8(s)) ++disagreements;
        if (c == 0) {
          const std::string two = bytes({a, b}), one = bytes({a});
          if (is_utf8(two) != reference_is_utf8(two)) ++disagreements;
          if (is_utf8(one) != reference_is_utf8(one)) ++disagreements;
        }
      }
  CHECK(disagreements == 0);
  CHECK(valid > 0);
}

TEST_CASE("utf8: four-byte sequences agree with the decoder at every lead and second byte") {
  std::size_t disagreements = 0;
  for (unsigned a = 0xF0; a < 256; ++a)
    for (unsigned b = 0; b < 256; ++b)
      for (unsigned c : {0x41u, 0x80u, 0xBFu, 0xC0u})
        for (unsigned d : {0x41u, 0x80u, 0xBFu, 0xC0u}) {
          const std::string s = bytes({a, b, c, d});
          if (is_utf8(s) != reference_is_utf8(s)) ++disagreements;
        }
  CHECK(disagreements == 0);
}

TEST_CASE("utf8: a string that passes never makes the JSON writer throw, and one that fails does") {
  // nlohmann::json's own decoder (Hoehrmann's) decides what dump() accepts: it must agree
  // with the check on every string of two bytes and on three-byte strings at every lead byte.
  std::size_t disagreements = 0;
  for (unsigned a = 0; a < 256; ++a)
    for (unsigned b = 0; b < 256; ++b) {
      const std::string two = bytes({a, b});
      if (is_utf8(two) == json_dump_throws(two)) ++disagreements;
      for (unsigned c : {0x41u, 0x80u, 0xBFu}) {
        const std::string three = bytes({a, b, c});
        if (is_utf8(three) == json_dump_throws(three)) ++disagreements;
      }
    }
  CHECK(disagreements == 0);
}

TEST_CASE("utf8: messages show the bytes and say what is wrong") {
  auto text = [](const std::string& s) { return utf8_error_text(s, *first_utf8_error(s)); };
  CHECK(text(bytes({0xC0, 0x80})) ==
        "0xC0 0x80 is an overlong encoding (a character written with more bytes than it needs)");
  CHECK(text(bytes({0xED, 0xA0, 0x80})) ==
        "0xED 0xA0 0x80 encodes a UTF-16 surrogate (U+D800 to U+DFFF), which UTF-8 excludes");
  CHECK(text(bytes({0xF4, 0x90, 0x80, 0x80})) ==
        "0xF4 0x90 0x80 0x80 encodes a code point above U+10FFFF, the last in Unicode");
  CHECK(text(std::string("caf") + bytes({0xE9}) + "s") ==
        "0xE9 begins a character of 3 bytes that is cut short");
  CHECK(text(bytes({0x89}) + "PNG") == "0x89 is a continuation byte with no lead byte before it");
  CHECK(text(bytes({0xFF, 0xFE})) == "0xFF never appears in UTF-8");
}

TEST_CASE("utf8: escaping shows each ill-formed byte as hex and leaves text alone") {
  CHECK(escape_invalid_utf8("caf\xC3\xA9") == "caf\xC3\xA9");
  CHECK(escape_invalid_utf8(std::string("out") + bytes({0xC0, 0x80}) + std::string("/x") +
                            bytes({0xFF})) == "out\\xC0\\x80/x\\xFF");
  CHECK(escape_invalid_utf8(std::string("caf") + bytes({0xE9}) + "s") == "caf\\xE9s");
  CHECK(is_utf8(escape_invalid_utf8(bytes({0xED, 0xA0, 0x80, 0xF5, 0x80}))));
}

TEST_CASE("utf8: a shortened value never ends in half a character") {
  const std::string euro = "\xE2\x82\xAC";  // three bytes
  CHECK(utf8_prefix("abc", 40) == "abc");
  CHECK(utf8_prefix("ab" + euro, 3) == "ab");
  CHECK(utf8_prefix("ab" + euro, 4) == "ab");
  CHECK(utf8_prefix("ab" + euro, 5) == "ab" + euro);
  CHECK(utf8_prefix("ab" + euro + "c", 5) == "ab" + euro);
  for (std::size_t n = 0; n < 12; ++n)
    CHECK(is_utf8(utf8_prefix(euro + euro + euro + "\xF0\x9D\x84\x9E", n)));
}
