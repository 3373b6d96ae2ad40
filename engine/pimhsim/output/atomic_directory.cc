#include "pimhsim/output/atomic_directory.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <signal.h>
#include <stdio.h>  // renameat2, RENAME_EXCHANGE (glibc 2.28 or later)
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <system_error>
#include <vector>

#include "pimhsim/output/signal_cleanup.h"

namespace pimhsim::output {
namespace fs = std::filesystem;
namespace {

// PIMHSIM_FAULT_AFTER_STEP=N: ends the process at once after step N of commit().
void fault_point(int step) {
  const char* when = std::getenv("PIMHSIM_FAULT_AFTER_STEP");
  if (when != nullptr && std::string_view(when) == std::to_string(step)) ::_exit(kFaultExitStatus);
}

std::runtime_error system_error(const std::string& what, int error) {
  return std::runtime_error(
      fmt::format("{}: {}", what, std::error_code(error, std::generic_category()).message()));
}

// Makes `path` (a file, or a directory's entries) durable. A file system that cannot sync a
// file (EINVAL) is no reason to fail.
void sync_path(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) throw system_error("cannot open " + path.string() + " to sync it", errno);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0 && error != EINVAL) throw system_error("cannot sync " + path.string(), error);
}

// Every file and directory below `root`, and `root` itself.
void sync_tree(const fs::path& root) {
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_symlink()) continue;
    if (entry.is_directory())
      sync_path(entry.path(), true);
    else if (entry.is_regular_file())
      sync_path(entry.path(), false);
  }
  sync_path(root, true);
}

// Swaps two directories in one step; 0, or the error (EINVAL or ENOSYS: not supported here).
int exchange(const fs::path& a, const fs::path& b) {
  const char* refuse = std::getenv("PIMHSIM_FAULT_NO_EXCHANGE");
  if (refuse != nullptr && std::string_view(refuse) == "1") return EINVAL;
  return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0 ? 0 : errno;
}

// Removes a directory of earlier results entry by entry (a fault point after the first), never
// throwing: what is left has a dead process's name, which the next run removes.
void remove_earlier(const fs::path& dir, int step) {
  std::error_code ec;
  // A target that was a symbolic link: remove the link, never what it points to.
  if (!fs::is_symlink(fs::symlink_status(dir, ec))) {
    bool first = true;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      std::error_code ignored;
      fs::remove_all(it->path(), ignored);
      if (first) fault_point(step);
      first = false;
    }
  }
  fs::remove_all(dir, ec);
  fault_point(step + 1);
}

// The process id in the rest of a hidden name after `.NAME.tmp-` (`PID` or `PID.old`), or
// nothing if it is not one of ours. Never 0 or negative, which kill() would take as a group.
std::optional<pid_t> leftover_pid(std::string_view rest, bool& aside) {
  aside = rest.ends_with(".old");
  if (aside) rest.remove_suffix(4);
  if (rest.empty() || rest.size() > 9 || rest.find_first_not_of("0123456789") != rest.npos)
    return std::nullopt;
  const long value = std::stol(std::string(rest));
  if (value <= 0) return std::nullopt;
  return static_cast<pid_t>(value);
}

// Whether process `pid` exists: kill(pid, 0) fails with ESRCH only for a process that does not
// (EPERM: it exists, as another user's).
bool process_alive(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

// Whether an AtomicDirectory of this process uses `path` (registered for removal on a signal).
bool in_use(const fs::path& path) {
  const auto used = removed_on_signal();
  return std::find(used.begin(), used.end(), path) != used.end();
}

}  // namespace

namespace {

DirectoryNotice or_stderr(DirectoryNotice notice) {
  if (notice) return notice;
  return [](const std::string& line) { std::cerr << "pimhsim: " << line << "\n"; };
}

fs::path folder_target(fs::path target) {
  return target.filename().empty() ? target.parent_path() : target;
}

}  // namespace

AtomicDirectory::AtomicDirectory(fs::path target, DirectoryNotice notice)
    : target_(folder_target(std::move(target))), notice_(or_stderr(std::move(notice))) {
  parent_ = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  fs::create_directories(parent_);
  staging_ = parent_ / fmt::format(".{}.tmp-{}", target_.filename().string(), ::getpid());
  if (in_use(staging_))
    throw std::logic_error("two AtomicDirectory objects of " + target_.string() + " at once");
  sweep_leftovers(target_, notice_);
  remove_on_signal(staging_);  // before it exists: a signal from now on removes it
  try {
    fs::remove_all(staging_);
    fs::create_directory(staging_);
  } catch (...) {
    keep_on_signal(staging_);
    throw;
  }
}

// Removes what processes that are no longer running left beside the target: staging directories
// (`.NAME.tmp-PID`: unfinished results, or earlier results being removed) and earlier results
// moved aside (`.NAME.tmp-PID.old`), which are put back if the target is missing.
void sweep_leftovers(const fs::path& target_in, DirectoryNotice notice_in) {
  const fs::path target = folder_target(target_in);
  const DirectoryNotice notice = or_stderr(std::move(notice_in));
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code missing;
  if (!fs::is_directory(parent, missing)) return;  // nothing can have been left there
  const std::string prefix = fmt::format(".{}.tmp-", target.filename().string());
  std::vector<fs::path> leftovers;
  for (const auto& entry : fs::directory_iterator(parent)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    bool aside = false;
    const auto pid = leftover_pid(std::string_view(name).substr(prefix.size()), aside);
    // A name with this process's id that this process does not use is an ended process's.
    if (pid && (*pid == ::getpid() ? !in_use(entry.path()) : !process_alive(*pid)))
      leftovers.push_back(entry.path());
  }
  std::sort(leftovers.begin(), leftovers.end());
  std::vector<std::string> removed;
  for (const auto& path : leftovers) {
    const std::string shown = (target.parent_path() / path.filename()).string();
    // Another run of the same target may be sweeping too: what it took first is not reported.
    std::error_code ec;
    if (path.string().ends_with(".old") && !fs::exists(fs::symlink_status(target, ec))) {
      fs::rename(path, target, ec);
      if (!ec)
        notice(fmt::format(
            "restored {} from {}, where a run that ended while replacing it had moved it aside",
            target.string(), shown));
      continue;
    }
    if (fs::remove_all(path, ec) > 0 && !ec) removed.push_back(shown);
  }
  if (!removed.empty())
    notice(fmt::format("removed {}, left by {} into {} that ended before finishing",
                       fmt::join(removed, ", "), removed.size() == 1 ? "a run" : "runs",
                       target.string()));
}

AtomicDirectory::~AtomicDirectory() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
  keep_on_signal(staging_);
}

void AtomicDirectory::write(const std::string& name, const std::string& content) {
  fs::create_directories((staging_ / name).parent_path());
  std::ofstream out(staging_ / name, std::ios::binary | std::ios::trunc);
  const bool table = name.find('/') == std::string::npos && name.ends_with(".csv") &&
                     name != "columns.csv" && !lead_.empty();
  out << (table ? lead_.table(content) : content);
  out.close();
  if (!out) throw std::runtime_error("cannot write " + (staging_ / name).string());
}

void AtomicDirectory::commit() {
  fault_point(0);
  std::error_code ec;
  const auto status = fs::symlink_status(target_, ec);
  const bool replacing = fs::exists(status);
  if (replacing && !fs::is_directory(fs::status(target_, ec)))
    throw std::runtime_error(target_.string() + " exists and is not a directory");
  sync_tree(staging_);
  fault_point(1);
  // A signal's cleanup (signal_cleanup.h) waits while the renames and what they leave are
  // registered, so it removes the staging directory before them, or the earlier results after.
  auto renaming = defer_signal_cleanup();
  if (!replacing) {
    fs::rename(staging_, target_);
    committed_ = true;
    keep_on_signal(staging_);
    renaming.unlock();
    fault_point(2);
    sync_path(parent_, true);
    fault_point(3);
    return;
  }
  const int error = exchange(staging_, target_);
  if (error == 0) {  // the new results are in place, the earlier ones at staging_
    committed_ = true;
    renaming.unlock();
    fault_point(2);
    sync_path(parent_, true);
    fault_point(3);
    remove_earlier(staging_, 4);
    keep_on_signal(staging_);
    return;
  }
  if (error != EINVAL && error != ENOSYS)
    throw system_error(
        fmt::format("cannot swap {} with its new results {}", target_.string(), staging_.string()),
        error);
  fs::path aside = staging_;
  aside += ".old";
  renaming.unlock();  // a signal may come while the notice is written
  notice_(fmt::format(
      "the file system of {} cannot swap two directories in one step (renameat2 with "
      "RENAME_EXCHANGE), so the results are replaced in two renames; if the process ends between "
      "them, the next run into {} puts the earlier results back from {}",
      parent_.string(), target_.string(), aside.string()));
  renaming.lock();
  fs::rename(target_, aside);
  fault_point(2);
  try {
    fs::rename(staging_, target_);
  } catch (...) {
    fs::rename(aside, target_, ec);
    throw;
  }
  committed_ = true;
  keep_on_signal(staging_);
  remove_on_signal(aside);
  renaming.unlock();
  fault_point(3);
  sync_path(parent_, true);
  fault_point(4);
  remove_earlier(aside, 5);
  keep_on_signal(aside);
}

}  // namespace pimhsim::output
