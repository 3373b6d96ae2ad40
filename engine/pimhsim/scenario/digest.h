// SHA-256 (FIPS 180-4) by Nettle, as lowercase hex: the digest `sha256sum` prints,
// so that anyone can check a results directory's content hash with the coreutils.
#pragma once

#include <string>
#include <string_view>

namespace pimhsim::scenario {

std::string sha256_hex(std::string_view bytes);

// One line of `sha256sum`'s output for a file of these bytes at `path`: "HEX  PATH\n".
std::string sha256sum_line(std::string_view bytes, std::string_view path);

}  // namespace pimhsim::scenario
