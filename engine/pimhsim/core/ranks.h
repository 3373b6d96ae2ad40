// Units of work shared between the ranks of a distributed run (messages.h) and consumed in order
// on rank 0: the distributed counterpart of Executor::run_in_order (executor.h), whose contract it
// keeps. A unit is named by a 64-bit id and its result travels as bytes.
//
// The exchange. A rank other than 0 joins with HELLO (the identity of the job it was started
// for, which must be rank 0's, and how many units it runs at once: its slots). Rank 0 answers
// each free slot with WORK (the unit's index, its id and how many such units the rank may run at
// once), and gives every other rank one unit more per slot (up to 8 more while rank 0's own units
// take under 4 ms), which waits on the rank and starts when a slot frees, so that a rank never
// idles while rank 0 hears of a finished unit and answers; a rank answers each WORK with RESULT
// (the result's bytes, then the index) or FAILED (what went wrong, then the index), and that
// answer frees the slot for the next unit. STOPPED says a rank was
// interrupted (Ctrl-C); DONE releases a rank.
//
// Work is shared dynamically: rank 0 gives the next unit to whichever slot is free, its own
// threads' included, never by a fixed split, so a rank that finishes early takes the next unit.
// At most 4 finished units per slot (and one more per extra waiting place of short units) wait
// beyond the lowest one not yet consumed (as core/runner.h keeps), so memory stays bounded when
// one unit is slow. A unit's result depends
// only on its id, and rank 0 consumes in index order whichever rank ran each: the consumed
// sequence is bit-identical to that of one process with any number of threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pimhsim/core/messages.h"
#include "pimhsim/core/status.h"

namespace pimhsim::core {

// What a rank runs: `slots` units at once, each on a thread of its own, work(id) returning the
// unit's result as bytes (throwing if the unit fails). stop: once true, no further unit starts.
// work_on, if set, is used instead of work: it is also given the bytes rank 0 sent with the unit
// (Crew::run's inputs), for units that rank 0 decides as it goes rather than lists in advance.
struct RankWork {
  unsigned slots = 1;
  std::function<std::string(std::uint64_t)> work;
  std::function<std::string(std::uint64_t, std::string_view)> work_on;
  const std::atomic<bool>* stop = nullptr;
};

// Rank 0's side of the other ranks during one job, from when they join until they are released.
class Crew {
 public:
  explicit Crew(Messages& messages) : messages_(messages) {}
  // Releases every other rank (DONE), joined or not.
  ~Crew();
  Crew(const Crew&) = delete;
  Crew& operator=(const Crew&) = delete;

  // Waits until every other rank has joined with `identity`. Bad input naming the first rank
  // that joined for another job (another scenario or settings); interrupted once *stop is true.
  Status gather(std::string_view identity, const std::atomic<bool>* stop);
  int ranks() const { return messages_.size(); }
  // Units a rank joined with (rank 0's are local.slots in run).
  unsigned slots_of(int rank) const { return slots_.at(static_cast<std::size_t>(rank)); }

  // Runs unit ids[k] for each k on the ranks' free slots (rank 0's own threads: local.slots) and
  // calls consume(k, result) on this thread in increasing k. Once local.stop is true or a rank
  // was interrupted, no further unit is handed out and run returns when the units under way have
  // come back (those in order consumed); interrupted() then says so. A unit that fails: every
  // unit before it is consumed, then std::runtime_error "rank R, NAME: what" (NAME = name(id));
  // a consume that throws: its exception, once the units under way are back. With inputs,
  // (*inputs)[k] travels with unit k to the rank that runs it (RankWork::work_on). With
  // at_once, a rank other than 0 that joined with S slots is given at most at_once(S) units at a
  // time (rank 0 runs local.slots at a time), for a job whose units differ in width from call to
  // call (a DSA: whole evaluations on one thread each, or one evaluation on all of a rank's
  // threads, then its root's refinement one area a thread). run may be called again for more
  // units while the crew lasts.
  void run(const std::vector<std::uint64_t>& ids, const RankWork& local,
           const std::function<std::string(std::uint64_t)>& name,
           const std::function<void(std::size_t, std::string)>& consume,
           const std::vector<std::string>* inputs = nullptr,
           const std::function<unsigned(unsigned)>& at_once = {});
  bool interrupted() const { return interrupted_; }
  // During a call of consume: the rank that ran the unit being consumed (to name it when its
  // result is malformed).
  int consuming_rank() const { return consuming_rank_; }
  // The units under way and their ranks ("iteration 17 on rank 1, iteration 18 on rank 0"),
  // empty if none; safe from any thread (for a message when a signal ends the run).
  std::string under_way() const;

 private:
  Messages& messages_;
  std::vector<unsigned> slots_;  // by rank, from HELLO
  bool interrupted_ = false;
  int consuming_rank_ = 0;
  mutable std::mutex mutex_;                                     // guards the two below
  std::map<std::size_t, std::pair<int, std::uint64_t>> flying_;  // index -> rank, id
  std::function<std::string(std::uint64_t)> name_;
};

// A rank other than 0: joins with `identity`, then runs the units rank 0 sends on work.slots
// threads until rank 0 releases it. Once *work.stop is true it tells rank 0 (which hands out no
// more) and still returns the units under way.
void serve_rank(Messages& messages, std::string_view identity, const RankWork& work);

}  // namespace pimhsim::core
