#include "pimhsim/output/atomic_directory.h"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace pimhsim::output {
namespace fs = std::filesystem;

AtomicDirectory::AtomicDirectory(fs::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) target_ = target_.parent_path();
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  fs::create_directories(parent);
  // Remove staging directories that crashed runs of this target left behind.
  const std::string prefix = fmt::format(".{}.tmp-", target_.filename().string());
  for (const auto& entry : fs::directory_iterator(parent)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix)) {
      const std::string pid = name.substr(prefix.size());
      if (pid.find_first_not_of("0123456789") == std::string::npos &&
          !fs::exists(fs::path("/proc") / pid))
        fs::remove_all(entry.path());
    }
  }
  staging_ = parent / (prefix + std::to_string(::getpid()));
  fs::remove_all(staging_);
  fs::create_directory(staging_);
}

AtomicDirectory::~AtomicDirectory() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void AtomicDirectory::write(const std::string& name, const std::string& content) {
  fs::create_directories((staging_ / name).parent_path());
  std::ofstream out(staging_ / name, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + (staging_ / name).string());
}

void AtomicDirectory::commit() {
  if (fs::exists(target_) && !fs::is_directory(target_))
    throw std::runtime_error(target_.string() + " exists and is not a directory");
  fs::path old;
  if (fs::exists(target_)) {
    old = staging_;
    old += ".old";
    fs::rename(target_, old);
  }
  fs::rename(staging_, target_);
  committed_ = true;
  if (!old.empty()) fs::remove_all(old);
}

}  // namespace pimhsim::output
