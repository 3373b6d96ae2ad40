// An output directory that appears whole or not at all.
//
// Files are written into a hidden sibling directory, `.NAME.tmp-PID`. commit() syncs every file
// and folder of it to disk (fsync), then moves it into place. An earlier directory of the same
// name is replaced in one step: renameat2(RENAME_EXCHANGE) swaps the two directories (Linux 3.15
// or later, on file systems that support it: ext4, XFS, Btrfs, tmpfs and others), the parent
// directory is synced, and the earlier results, now under the hidden name, are removed. So
// whenever the process ends, the target holds either the complete earlier results or the complete
// new ones. On a file system that refuses the swap, the earlier results are first moved aside to
// `.NAME.tmp-PID.old` (a notice says so): if the process ends between the two renames they are
// there, and the next AtomicDirectory of the same target puts them back.
//
// A directory never committed is removed when the object is destroyed, or by the signal thread
// if a termination signal ends the process (signal_cleanup.h: the renames of commit() are never
// cut in two by it). After a crash or SIGKILL the hidden directories are left; the next
// AtomicDirectory of the same target removes those of processes that are no longer running, and
// says what it removed. One process may have one AtomicDirectory of a target at a time.
//
// Fault injection, for tests: with PIMHSIM_FAULT_AFTER_STEP=N in the environment, commit() ends
// the process at once with status kFaultExitStatus after step N (0: commit() starts; 1: every
// file synced; 2: swapped, or renamed into place, or (two renames) the earlier results moved
// aside; then each further rename, the parent synced, the first entry of the earlier results
// removed, all of them removed). PIMHSIM_FAULT_NO_EXCHANGE=1 makes commit() act as on a file
// system that refuses RENAME_EXCHANGE.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>

#include "pimhsim/core/csv_table.h"

namespace pimhsim::output {

// A line for the user about the results directory (leftovers removed, earlier results restored,
// a replacement in two renames). The default prints `pimhsim: LINE` on stderr.
using DirectoryNotice = std::function<void(const std::string& line)>;

inline constexpr int kFaultExitStatus = 99;

// What AtomicDirectory does as it starts, for a command that works a long time before it writes
// to call first: puts back earlier results of `target` that a run ended while replacing them had
// moved aside (`.NAME.tmp-PID.old`, where `target` is missing), and removes what runs that are no
// longer running left beside it (`.NAME.tmp-PID`), each said in one line to `notice` (stderr by
// default). Never touches what a running process uses.
void sweep_leftovers(const std::filesystem::path& target, DirectoryNotice notice = {});

class AtomicDirectory {
 public:
  explicit AtomicDirectory(std::filesystem::path target, DirectoryNotice notice = {});
  AtomicDirectory(const AtomicDirectory&) = delete;
  AtomicDirectory& operator=(const AtomicDirectory&) = delete;
  ~AtomicDirectory();

  const std::filesystem::path& target() const { return target_; }
  // Writes a whole file into the pending directory; `name` may have folders (`tables/a.csv`).
  // A table of results (a *.csv file at the top, but the codebook columns.csv) is written with
  // the lead's columns first, if one is set.
  void write(const std::string& name, const std::string& content);
  // The columns that lead every table of results written from now on: the scenario and variant
  // that produced them (results.h: scenario_lead).
  void lead_tables_with(core::CsvLead lead) { lead_ = std::move(lead); }
  const core::CsvLead& lead() const { return lead_; }
  // Where a file of the pending directory goes, to write it piece by piece; whatever is there at
  // commit() appears with the rest, and nothing of it if the directory is never committed.
  std::filesystem::path pending(const std::string& name) const { return staging_ / name; }
  void commit();

 private:
  std::filesystem::path target_, parent_, staging_;
  DirectoryNotice notice_;
  core::CsvLead lead_;
  bool committed_ = false;
};

}  // namespace pimhsim::output
