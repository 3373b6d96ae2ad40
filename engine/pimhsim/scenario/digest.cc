#include "pimhsim/scenario/digest.h"

#include <fmt/format.h>
#include <nettle/sha2.h>

#include <array>
#include <cstdint>
#include <iterator>

namespace pimhsim::scenario {

std::string sha256_hex(std::string_view bytes) {
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
  std::array<std::uint8_t, SHA256_DIGEST_SIZE> digest{};
  sha256_digest(&ctx, digest.size(), digest.data());
  std::string hex;
  hex.reserve(2 * digest.size());
  for (const auto b : digest) fmt::format_to(std::back_inserter(hex), "{:02x}", b);
  return hex;
}

std::string sha256sum_line(std::string_view bytes, std::string_view path) {
  return fmt::format("{}  {}\n", sha256_hex(bytes), path);
}

}  // namespace pimhsim::scenario
