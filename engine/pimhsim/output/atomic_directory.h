// An output directory that appears whole or not at all.
//
// Files are written into a hidden sibling directory; commit() moves it into place, replacing
// any previous results of the same name. If the run fails or is interrupted before commit(),
// the target is untouched and the temporary directory is removed (or, after a crash, left as a
// hidden `.NAME.tmp-PID` directory that the next run of the same target cleans up).
#pragma once

#include <filesystem>
#include <string>

namespace pimhsim::output {

class AtomicDirectory {
 public:
  explicit AtomicDirectory(std::filesystem::path target);
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;
  ~AtomicDirectory();

  const std::filesystem::path& target() const { return target_; }
  // Writes a whole file into the pending directory; `name` may have folders (`tables/a.csv`).
  void write(const std::string& name, const std::string& content);
  // Where a file of the pending directory goes, to write it piece by piece; whatever is there at
  // commit() appears with the rest, and nothing of it if the directory is never committed.
  std::filesystem::path pending(const std::string& name) const { return staging_ / name; }
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

}  // namespace pimhsim::output
