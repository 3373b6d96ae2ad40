#include "pimhsim/output/journal.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "pimhsim/core/ranks.h"
#include "pimhsim/output/signal_cleanup.h"

namespace pimhsim::output {

namespace fs = std::filesystem;

Journal::Journal(const fs::path& file) {
  fd_ = ::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(fmt::format("cannot open {}", file.string()));
  file_ = file.string();
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const std::string& line) {
  std::size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(fmt::format("cannot write {}", file_));
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd_) != 0) throw std::runtime_error(fmt::format("cannot sync {}", file_));
}

void write_durably(const fs::path& file, const std::string& content) {
  Journal j(file);
  j.append(content);
}

ResumableRun resumable_paths(const std::string& out_dir, bool resume,
                             const std::string& resume_label) {
  ResumableRun run;
  run.out_dir = out_dir;
  run.resume = resume;
  run.resume_label = resume_label;
  run.target = fs::path(run.out_dir);
  if (run.target.filename().empty()) run.target = run.target.parent_path();
  run.partial = fs::path(fmt::format("{}.partial", run.target.string()));
  run.journal = run.partial / "journal.csv";
  return run;
}

JournalLock::~JournalLock() {
  if (fd_ < 0) return;
  // DIR.partial made only for the lock (a run refused before it journalled anything) goes too.
  std::error_code ec;
  if (created_ && !fs::exists(partial_ / "journal.csv", ec) &&
      !fs::exists(partial_ / "journal.csv.tmp", ec)) {
    fs::remove(partial_ / "lock", ec);
    fs::remove(partial_, ec);
  }
  [[maybe_unused]] const int cleared = ::ftruncate(fd_, 0);  // no process id once released
  ::close(fd_);
}

std::string JournalLock::acquire(const ResumableRun& run) {
  const fs::path file = run.partial / "lock";
  // A run that finishes removes DIR.partial, lock file and all, while another may be waiting to
  // lock that file: a lock on a file no longer at `file` is not the lock, so try again.
  partial_ = run.partial;
  // Nothing to resume where even the folder is missing: open_journal says so, and nothing is
  // created for a refused run.
  std::error_code ec;
  const fs::path parent = run.partial.has_parent_path() ? run.partial.parent_path() : ".";
  if (run.resume && !fs::is_directory(parent, ec)) return {};
  for (int attempt = 0; attempt < 100; ++attempt) {
    created_ = fs::create_directories(run.partial) || created_;
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error(fmt::format("cannot open {}", file.string()));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      char text[24] = {};
      const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
      ::close(fd);
      if (error != EWOULDBLOCK)
        throw std::runtime_error(fmt::format("cannot lock {}", file.string()));
      std::string pid(text, n > 0 ? static_cast<std::size_t>(n) : 0);
      pid = pid.substr(0, pid.find_first_not_of("0123456789"));
      return fmt::format(
          "another pimhsim process{} is writing {}; wait for it or choose another `out`",
          pid.empty() ? "" : fmt::format(" (PID {})", pid), run.out_dir);
    }
    struct stat held {};
    struct stat now {};
    if (::fstat(fd, &held) == 0 && ::stat(file.c_str(), &now) == 0 && held.st_dev == now.st_dev &&
        held.st_ino == now.st_ino) {
      // Written over what an earlier holder left, then cut to length: a reader never sees it
      // empty or another process's id.
      const std::string pid = fmt::format("{}\n", ::getpid());
      if (::pwrite(fd, pid.data(), pid.size(), 0) < 0 ||
          ::ftruncate(fd, static_cast<off_t>(pid.size())) != 0) {
        ::close(fd);
        throw std::runtime_error(fmt::format("cannot write {}", file.string()));
      }
      fd_ = fd;
      return {};
    }
    ::close(fd);
  }
  throw std::runtime_error(fmt::format("cannot lock {}: it keeps being removed", file.string()));
}

std::string open_journal(const ResumableRun& run, const std::string& header,
                         const std::string& same_settings,
                         const std::function<bool(const std::string& line)>& keep,
                         std::size_t& dropped) {
  dropped = 0;
  if (!run.resume) {
    if (fs::exists(run.journal))
      return fmt::format(
          "{} holds an interrupted run: continue it with {}, or delete {} to start again",
          run.partial.string(), run.resume_label, run.partial.string());
    fs::create_directories(run.partial);
    write_durably(run.journal, header);
    return {};
  }
  std::ifstream in(run.journal, std::ios::binary);
  if (!in)
    return fmt::format("{}: no interrupted run there ({} does not exist)", run.resume_label,
                       run.journal.string());
  std::string line;
  std::getline(in, line);
  if (fmt::format("{}\n", line) != header)
    return fmt::format(
        "{}: the interrupted run was of another scenario or settings:\n  journal: {}\n  "
        "now:     {}\n"
        "resume with the same scenario file, `set` values, `seed`, {}, or delete {}",
        run.resume_label, line, header.substr(0, header.size() - 1), same_settings,
        run.partial.string());
  std::string valid = header;
  while (std::getline(in, line)) {
    if (in.eof()) {  // the last line has no newline: it was being written when the run stopped
      ++dropped;
      break;
    }
    if (keep(line))
      valid += fmt::format("{}\n", line);
    else
      ++dropped;
  }
  const fs::path rewritten = run.partial / "journal.csv.tmp";
  fs::remove(rewritten);
  write_durably(rewritten, valid);
  fs::rename(rewritten, run.journal);
  return {};
}

std::string interrupted_text(std::size_t done, const std::string& what, const ResumableRun& run) {
  return fmt::format("interrupted: {} {} are saved in {}\ncontinue with the same command and {}\n",
                     done, what, run.journal.string(), run.resume_label);
}

std::string failed_text(const std::string& error, const std::string& units,
                        const ResumableRun& run) {
  // A cause outside the scenario (a full disk, memory) can be mended and the run resumed; a cause
  // in it (a draw that breaks a model rule) cannot, since a changed scenario's journal is refused.
  return fmt::format(
      "error: {}\ncompleted {} are kept in {}: once a cause outside the scenario (a full disk, "
      "say) is mended, continue with {}; a changed scenario starts again\n",
      error, units, run.journal.string(), run.resume_label);
}

SaidOnSignal::SaidOnSignal(const core::Crew* crew, const ResumableRun& run, std::string command,
                           std::string what) {
  std::error_code ec;
  const fs::path note = run.partial / "ended.txt";
  fs::remove(note, ec);
  if (crew == nullptr) return;
  say_on_signal(
      [crew, command = std::move(command), what = std::move(what), label = run.resume_label] {
        const auto under_way = crew->under_way();
        return fmt::format(
            "pimhsim {}: ended by a signal{}; every {} finished before is in the journal: "
            "continue with {}\n",
            command, under_way.empty() ? "" : " with " + under_way + " under way", what, label);
      },
      note);
  said_ = true;
}

SaidOnSignal::~SaidOnSignal() {
  if (said_) say_on_signal({});
}

}  // namespace pimhsim::output
