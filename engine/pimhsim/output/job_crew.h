// Rank 0's crew (core/ranks.h) for one job of a distributed run without a journal (`run`,
// `compare`, `plan`): the other ranks gathered with the job's identity, and what a signal that
// ends rank 0 says meanwhile (the units under way and their ranks). None in a plain run.
#pragma once

#include <memory>
#include <string>

#include "pimhsim/core/ranks.h"
#include "pimhsim/core/status.h"

namespace pimhsim::output {

class JobCrew {
 public:
  // `identity` is asked for only when there are several ranks; `what` names the command in what
  // a signal makes rank 0 say ("pimhsim WHAT: ended by a signal ...; nothing was written").
  template <class Identity>
  JobCrew(const Identity& identity, const std::string& what) {
    if (several()) start(identity(), what);
  }
  JobCrew(const JobCrew&) = delete;
  JobCrew& operator=(const JobCrew&) = delete;
  ~JobCrew();
  // Bad input when a rank joined for another job.
  const core::Status& status() const { return status_; }
  core::Crew* get() const { return crew_.get(); }

 private:
  static bool several();
  void start(const std::string& identity, const std::string& what);

  std::unique_ptr<core::Crew> crew_;
  core::Status status_;
};

}  // namespace pimhsim::output
