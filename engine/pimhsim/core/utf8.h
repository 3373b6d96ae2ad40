// Strict UTF-8: the one check every text input passes (scenario files, CSV tables, file names,
// command-line values) before anything is read from it, so that whatever reaches an output is
// well-formed UTF-8 (a JSON writer refuses anything else).
//
// Well-formed means the byte sequences of the Unicode Standard's Table 3-7 (section 3.9) and of
// RFC 3629 section 4: no overlong encodings (C0 80, E0 80 80, F0 80 80 80), no UTF-16 surrogates
// (ED A0 80 to ED BF BF), nothing above U+10FFFF (F4 90 80 80 and up; the bytes F5 to FF), no
// sequence cut short and no continuation byte (80 to BF) without its lead byte. U+0000 and a
// byte-order mark (EF BB BF) are well-formed; a reader that wants neither refuses them itself.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pimhsim::core {

// What is wrong at the first ill-formed sequence.
enum class Utf8Defect {
  kStrayContinuation,  // 80..BF where a character should start
  kNeverUsed,          // F8..FF: bytes no UTF-8 text holds
  kOverlong,           // C0, C1; E0 80..9F; F0 80..8F
  kSurrogate,          // ED A0..BF: U+D800 to U+DFFF
  kAboveMax,           // F4 90..BF, and F5..F7: above U+10FFFF
  kTruncated,          // a lead byte without all its continuation bytes
};

struct Utf8Error {
  std::size_t offset;  // of the first byte of the ill-formed sequence
  Utf8Defect defect;
};

// The first ill-formed sequence of `text`, if any. Linear in the length, without allocating.
std::optional<Utf8Error> first_utf8_error(std::string_view text) noexcept;

// The byte offset of the first byte of the first ill-formed sequence, if any.
inline std::optional<std::size_t> first_invalid_utf8(std::string_view text) noexcept {
  const auto e = first_utf8_error(text);
  return e ? std::optional<std::size_t>(e->offset) : std::nullopt;
}

inline bool is_utf8(std::string_view text) noexcept {
  return !first_utf8_error(text);
}

// The error in words, for a message: "0xC0 0x80 is an overlong encoding (a character written
// with more bytes than it needs)". `error` must be first_utf8_error(text).
std::string utf8_error_text(std::string_view text, const Utf8Error& error);

// `text` with every byte of an ill-formed sequence written as \xHH, for a message that shows a
// name that is not UTF-8; well-formed text comes back unchanged.
std::string escape_invalid_utf8(std::string_view text);

// The longest prefix of well-formed `text` of at most `max_bytes` bytes that does not cut a
// character in two (for shortening a value shown in a message).
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace pimhsim::core
