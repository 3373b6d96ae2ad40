// What the scenario reader may open: regular files only. A device (/dev/zero), a FIFO or a
// socket would be read without end, or block, so each is refused by name, and a path that names
// no file says why (no such file, a symbolic link loop, ...).
#pragma once

#include <filesystem>
#include <string>
#include <system_error>

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

}  // namespace pimhsim::scenario
