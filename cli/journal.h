// The journal of a resumable run (`psa`, `dsa`): DIR.partial/journal.csv, a header line that
// identifies the run, then one checksummed line per completed unit of work, each synced to disk
// before the next starts, so that Ctrl-C, a crash or SIGKILL loses at most the unit in flight.
// `--resume DIR` checks the header, keeps the whole lines and continues; the journal directory
// is removed once the results are written.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "cli/command.h"

namespace pimhsim::cli {

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

// Where a resumable run writes: from --resume DIR, else --out DIR, else the default.
struct ResumableRun {
  std::string out_dir;            // as given
  std::filesystem::path target;   // the results directory
  std::filesystem::path partial;  // DIR.partial
  std::filesystem::path journal;  // DIR.partial/journal.csv
  bool resume = false;
};
// Fills `run`; returns why the options are inconsistent ("" if they are not).
std::string resumable_run(const Invocation& inv, const std::string& default_dir, ResumableRun& run);

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

// The message after Ctrl-C: what is saved ("{done} {what} are saved") and how to continue.
std::string interrupted_text(std::size_t done, const std::string& what, const ResumableRun& run);
// The message after an error in `command` (psa, dsa): the error, what is kept and how to continue.
std::string failed_text(const std::string& command, const std::string& error,
                        const std::string& units, const ResumableRun& run);

}  // namespace pimhsim::cli
