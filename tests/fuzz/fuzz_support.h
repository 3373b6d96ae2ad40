// Shared by the libFuzzer harnesses (LLVM libFuzzer, https://llvm.org/docs/LibFuzzer.html): a
// private folder for the files a harness writes, and the split of one input into two files.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace pimhsim::fuzz {

// A folder of this process's own (mkdtemp under TMPDIR or /tmp), removed when the process exits
// normally. libFuzzer's crash exits skip it, which leaves it for inspection.
inline const std::filesystem::path& work_dir() {
  static const std::filesystem::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pimhsim-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("pimhsim fuzz: mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(work_dir(), ec);
    });
    return std::filesystem::path(pattern);
  }();
  return dir;
}

inline void write_file(const std::filesystem::path& path, std::string_view content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) {
    std::perror(("pimhsim fuzz: cannot write " + path.string()).c_str());
    std::abort();
  }
}

// The line that divides one input into two files: what comes before it is the first file, what
// comes after it the second (empty when the line is absent).
inline constexpr std::string_view kSecondFile = "#@@ second file\n";

inline std::pair<std::string_view, std::string_view> split_input(const std::uint8_t* data,
                                                                 std::size_t size) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::size_t at = all.find(kSecondFile);
  if (at == std::string_view::npos) return {all, {}};
  return {all.substr(0, at), all.substr(at + kSecondFile.size())};
}

}  // namespace pimhsim::fuzz
