// Checksummed lines of the journals of resumable analyses (psa, dsa): a line is a body followed
// by `,#` and the FNV-1a 64 hash of the body in 16 hex digits (scenario::fnv1a64_hex), so that a
// line cut short by a crash or SIGKILL, or damaged on disk, is recognised and dropped on resume.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pimhsim::analysis {

// `body,#checksum\n`.
std::string checksummed_line(std::string_view body);
// The body of a line written by checksummed_line (with or without its newline), or nothing if
// the checksum is missing or does not match.
std::optional<std::string_view> checked_body(std::string_view line);

// `text` split at every comma (an empty text gives one empty field).
std::vector<std::string_view> split_fields(std::string_view text);
// The number a whole field spells (as written by fmt "{}", including nan and inf), or nothing.
std::optional<double> read_number(std::string_view field);

}  // namespace pimhsim::analysis
