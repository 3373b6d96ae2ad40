// The journal of a resumable run (`psa`, `dsa`): DIR.partial/journal.csv, a header line that
// identifies the run, then one checksummed line per completed unit of work, each synced to disk
// before the next starts, so that Ctrl-C, a crash or SIGKILL loses at most the unit in flight.
// `--resume DIR` checks the header, keeps the whole lines and continues; the journal directory
// is removed once the results are written.
#pragma once

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace pimhsim::core {
class Crew;  // core/ranks.h
}  // namespace pimhsim::core

namespace pimhsim::output {

// Appends lines to a file, each made durable (fsync) before append returns.
class Journal {
 public:
  explicit Journal(const std::filesystem::path& file);
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();
  void append(const std::string& line);

 private:
  int fd_ = -1;
  std::string file_;
};

// Creates or extends `file` with `content`, synced to disk.
void write_durably(const std::filesystem::path& file, const std::string& content);

// Where a resumable run writes, and how the front end names it in messages.
struct ResumableRun {
  std::string out_dir;            // as given
  std::filesystem::path target;   // the results directory
  std::filesystem::path partial;  // DIR.partial
  std::filesystem::path journal;  // DIR.partial/journal.csv
  bool resume = false;            // continuing an interrupted run
  std::string resume_label;       // how to name a resumed directory, e.g. "--resume DIR"
};
// The paths of a resumable run whose results go to `out_dir`; `resume_label` as above.
ResumableRun resumable_paths(const std::string& out_dir, bool resume,
                             const std::string& resume_label);

// An exclusive lock (flock) on DIR.partial/lock, which the one process that writes a run's
// journal holds for the whole run: from before the journal is read or started until the results
// are written and DIR.partial removed. The file holds the holder's process id, for the message
// another process gets. The lock goes with the process, however it ends.
class JournalLock {
 public:
  JournalLock() = default;
  JournalLock(const JournalLock&) = delete;
  JournalLock& operator=(const JournalLock&) = delete;
  ~JournalLock();
  // Takes the lock, creating DIR.partial if need be (and removing it when released if it then
  // holds no journal). "" once held, or for a resume where DIR's folder does not exist (nothing
  // to resume, which open_journal reports); else why not ("another pimhsim process (PID n) is
  // writing DIR; wait for it or choose another `out`").
  std::string acquire(const ResumableRun& run);

 private:
  int fd_ = -1;
  std::filesystem::path partial_;
  bool created_ = false;
};

// Starts the journal with `header` (one line ending in a newline), or for --resume checks that
// the journal's header is `header`, gives every whole line after it to `keep` (which takes the
// ones that are valid) and rewrites the journal with only the kept lines, so that appends start
// on a fresh line; `dropped` counts the others. Returns why the run cannot start or resume (a
// journal already there, none to resume, or one of another run; `same_settings` names what must
// match), "" on success.
std::string open_journal(const ResumableRun& run, const std::string& header,
                         const std::string& same_settings,
                         const std::function<bool(const std::string& line)>& keep,
                         std::size_t& dropped);

// What a front end gives a resumable analysis besides its settings.
struct ResumableControl {
  std::function<void(std::size_t done, std::size_t total)> progress;  // after each unit; optional
  const std::atomic<bool>* stop = nullptr;         // once true, no further unit starts
  std::function<void(const std::string&)> notice;  // a line for the user (resuming: ...); optional
};

// The message after a stop on request: what is saved ("{done} {what} are saved") and how to
// continue.
std::string interrupted_text(std::size_t done, const std::string& what, const ResumableRun& run);
// The message after an error: the error, what is kept (`units`) and how to continue.
std::string failed_text(const std::string& error, const std::string& units,
                        const ResumableRun& run);

// For its life, with a crew of ranks: a signal that ends rank 0 (a rank that died makes mpirun
// end the others with SIGTERM) says "pimhsim COMMAND: ended by a signal with UNITS under way;
// every WHAT finished before is in the journal: continue with --resume DIR" on stderr and in
// DIR.partial/ended.txt (signal_cleanup.h). A file of that name left by an earlier run is removed
// on construction; the run's end removes DIR.partial with it.
class SaidOnSignal {
 public:
  SaidOnSignal(const core::Crew* crew, const ResumableRun& run, std::string command,
               std::string what);
  SaidOnSignal(const SaidOnSignal&) = delete;
  SaidOnSignal& operator=(const SaidOnSignal&) = delete;
  ~SaidOnSignal();

 private:
  bool said_ = false;
};

}  // namespace pimhsim::output
