// What the scenario reader may open: regular files only. A device (/dev/zero), a FIFO or a
// socket would be read without end, or block, so each is refused by name.
#pragma once

#include <filesystem>
#include <string>

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

}  // namespace pimhsim::scenario
