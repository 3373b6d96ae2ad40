// What the scenario reader may open: regular files only, named in UTF-8, holding UTF-8 text. A
// device (/dev/zero), a FIFO or a socket would be read without end, or block, so each is refused
// by name, and a path that names no file says why (no such file, a symbolic link loop, ...).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "pimhsim/core/utf8.h"

namespace pimhsim::scenario {

// What a path of type `t` names, for a message ("a character device"); "" for a regular file.
inline std::string special_file_kind(std::filesystem::file_type t) {
  using std::filesystem::file_type;
  switch (t) {
    case file_type::regular:
      return {};
    case file_type::directory:
      return "a directory";
    case file_type::character:
      return "a character device";
    case file_type::block:
      return "a block device";
    case file_type::fifo:
      return "a FIFO (named pipe)";
    case file_type::socket:
      return "a socket";
    default:
      return "not a regular file";
  }
}

// Why `path` cannot be opened when std::filesystem::status(path, ec) found no file there, for
// messages: "no such file", or what else stands in the way (a symbolic link loop, say, which
// the system reports as ELOOP, "too many levels of symbolic links").
inline std::string missing_file_reason(const std::filesystem::path& path, std::error_code ec) {
  namespace fs = std::filesystem;
  if (ec == std::errc::too_many_symbolic_link_levels)
    return "a symbolic link loop (too many levels of symbolic links)";
  if (ec == std::errc::permission_denied) return "permission denied";
  std::error_code link_ec;
  if (fs::is_symlink(fs::symlink_status(path, link_ec)))
    return "a symbolic link to a file that does not exist";
  if (!ec || ec == std::errc::no_such_file_or_directory || ec == std::errc::not_a_directory)
    return "no such file";
  return ec.message();
}

// Why `path` cannot name an input before the file system is asked ("" if it can): a name that
// is not UTF-8 (core/utf8.h), shown with each bad byte as \xHH, or one with a NUL byte, which
// the system would read only up to the NUL.
inline std::string file_name_problem(std::string_view path) {
  if (const auto e = core::first_utf8_error(path))
    return "the file name `" + core::escape_invalid_utf8(path) +
           "` is not UTF-8 text: " + core::utf8_error_text(path, *e);
  if (path.find('\0') != std::string_view::npos)
    return "the file name holds a NUL byte, where the system would end it";
  return {};
}

// The first byte that keeps `text` from being UTF-8 text, with what is wrong there: the first of
// an ill-formed sequence, or a NUL byte (no text file holds one; a binary file often does).
inline std::optional<std::pair<std::size_t, std::string>> not_text_problem(std::string_view text) {
  const std::size_t nul = text.find('\0');
  const auto e = core::first_utf8_error(text.substr(0, nul));
  if (e) return std::make_pair(e->offset, core::utf8_error_text(text, *e));
  if (nul != std::string_view::npos) return std::make_pair(nul, std::string("a NUL byte (0x00)"));
  return std::nullopt;
}

}  // namespace pimhsim::scenario
