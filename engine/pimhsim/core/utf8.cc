#include "pimhsim/core/utf8.h"

#include <fmt/format.h>

namespace pimhsim::core {
namespace {

bool continuation(unsigned char b) {
  return (b & 0xC0) == 0x80;
}

// The length a lead byte announces (2 to 4), or 0 for a byte that starts no character.
std::size_t announced_length(unsigned char lead) {
  return lead >= 0xC0 && lead <= 0xDF   ? 2
         : lead >= 0xE0 && lead <= 0xEF ? 3
         : lead >= 0xF0 && lead <= 0xF7 ? 4
                                        : 0;
}

// The bytes of the ill-formed sequence at `at`: its lead byte and the continuation bytes after
// it, up to the length it announces.
std::size_t sequence_length(std::string_view s, std::size_t at) {
  const std::size_t want = announced_length(static_cast<unsigned char>(s[at]));
  std::size_t n = 1;
  while (n < want && at + n < s.size() && continuation(static_cast<unsigned char>(s[at + n]))) ++n;
  return n;
}

// Table 3-7: the range of the second byte after each lead byte (later bytes are 80..BF), and
// what a continuation byte outside it would encode.
struct SecondByte {
  unsigned char low = 0x80, high = 0xBF;
  Utf8Defect outside = Utf8Defect::kTruncated;  // never: every continuation byte is in range
};

SecondByte second_byte(unsigned char lead) {
  switch (lead) {
    case 0xE0:
      return {0xA0, 0xBF, Utf8Defect::kOverlong};  // below: U+0000..U+07FF in three bytes
    case 0xED:
      return {0x80, 0x9F, Utf8Defect::kSurrogate};  // above: U+D800..U+DFFF
    case 0xF0:
      return {0x90, 0xBF, Utf8Defect::kOverlong};  // below: U+0000..U+FFFF in four bytes
    case 0xF4:
      return {0x80, 0x8F, Utf8Defect::kAboveMax};  // above: U+110000 and up
    default:
      return {};
  }
}

}  // namespace

std::optional<Utf8Error> first_utf8_error(std::string_view s) noexcept {
  const std::size_t size = s.size();
  std::size_t i = 0;
  while (i < size) {
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    if (lead < 0xC0) return Utf8Error{i, Utf8Defect::kStrayContinuation};
    if (lead < 0xC2) return Utf8Error{i, Utf8Defect::kOverlong};
    if (lead > 0xF7) return Utf8Error{i, Utf8Defect::kNeverUsed};
    if (lead > 0xF4) return Utf8Error{i, Utf8Defect::kAboveMax};
    const std::size_t length = announced_length(lead);
    const SecondByte second = second_byte(lead);
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= size) return Utf8Error{i, Utf8Defect::kTruncated};
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (!continuation(b)) return Utf8Error{i, Utf8Defect::kTruncated};
      if (k == 1 && (b < second.low || b > second.high)) return Utf8Error{i, second.outside};
    }
    i += length;
  }
  return std::nullopt;
}

std::string utf8_error_text(std::string_view s, const Utf8Error& e) {
  std::string bytes;
  const std::size_t n = e.offset < s.size() ? sequence_length(s, e.offset) : 0;
  for (std::size_t k = 0; k < n; ++k)
    bytes +=
        fmt::format("{}0x{:02X}", k == 0 ? "" : " ", static_cast<unsigned char>(s[e.offset + k]));
  switch (e.defect) {
    case Utf8Defect::kStrayContinuation:
      return bytes + " is a continuation byte with no lead byte before it";
    case Utf8Defect::kNeverUsed:
      return bytes + " never appears in UTF-8";
    case Utf8Defect::kOverlong:
      return bytes + " is an overlong encoding (a character written with more bytes than it needs)";
    case Utf8Defect::kSurrogate:
      return bytes + " encodes a UTF-16 surrogate (U+D800 to U+DFFF), which UTF-8 excludes";
    case Utf8Defect::kAboveMax:
      return bytes + " encodes a code point above U+10FFFF, the last in Unicode";
    case Utf8Defect::kTruncated:
      return fmt::format("{} begins a character of {} bytes that is cut short", bytes,
                         announced_length(static_cast<unsigned char>(s[e.offset])));
  }
  return bytes;
}

std::string escape_invalid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    const auto e = first_utf8_error(s);
    if (!e) {
      out += s;
      break;
    }
    out += s.substr(0, e->offset);
    const std::size_t n = sequence_length(s, e->offset);
    for (std::size_t k = 0; k < n; ++k)
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[e->offset + k]));
    s.remove_prefix(e->offset + n);
  }
  return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) noexcept {
  if (s.size() <= max_bytes) return s;
  std::size_t end = max_bytes;
  while (end > 0 && continuation(static_cast<unsigned char>(s[end]))) --end;
  return s.substr(0, end);
}

}  // namespace pimhsim::core
