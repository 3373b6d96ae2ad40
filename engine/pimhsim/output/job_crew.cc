#include "pimhsim/output/job_crew.h"

#include <fmt/format.h>

#include "pimhsim/core/messages.h"
#include "pimhsim/output/signal_cleanup.h"

namespace pimhsim::output {

bool JobCrew::several() {
  return core::world().size() > 1;
}

void JobCrew::start(const std::string& identity, const std::string& what) {
  crew_ = std::make_unique<core::Crew>(core::world());
  status_ = crew_->gather(identity, nullptr);
  if (!status_.ok()) return;
  say_on_signal([crew = crew_.get(), what] {
    const auto under_way = crew->under_way();
    return fmt::format("pimhsim {}: ended by a signal{}; nothing was written\n", what,
                       under_way.empty() ? "" : " with " + under_way + " under way");
  });
}

JobCrew::~JobCrew() {
  if (crew_) say_on_signal({});
}

}  // namespace pimhsim::output
