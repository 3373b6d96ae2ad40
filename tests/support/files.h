// Test support: a file's bytes, as the tests of written outputs read them back.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace pimhsim::test {

// The whole file, byte for byte; empty if it cannot be opened.
inline std::string read(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace pimhsim::test
