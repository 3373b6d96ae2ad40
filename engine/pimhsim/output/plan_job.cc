#include "pimhsim/output/plan_job.h"

#include <fmt/format.h>

#include <chrono>
#include <stdexcept>

#include "pimhsim/core/messages.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/output/job_crew.h"
#include "pimhsim/output/plan_writer.h"

namespace pimhsim::output {

PlanJob plan_job(const scenario::Scenario& s, analysis::PlanSettings settings,
                 const std::string& out_dir, RunInfo info, core::ExecutorRef executor) {
  const auto started = std::chrono::steady_clock::now();
  PlanJob job;
  if (const auto why = analysis::plan_scenario_problem(s, settings)) {
    job.status = core::Status::bad_input(*why);
    return job;
  }
  if (settings.write_scenario)
    if (const auto why = scenario_file_problem(*settings.write_scenario)) {
      job.status = core::Status::bad_input(*why);
      return job;
    }
  settings.executor = std::move(executor);
  if (core::world().rank() != 0) {
    analysis::serve_plan(s, settings, core::world());
    job.served = true;
    return job;
  }
  const JobCrew crew([&] { return analysis::plan_identity(s, settings); }, "plan");
  if (!crew.status().ok()) {
    job.status = crew.status();
    return job;
  }
  settings.crew = crew.get();
  sweep_leftovers(out_dir);  // before the search, which may be stopped (atomic_directory.h)
  const auto planned = [&]() -> core::Expected<analysis::PlanResult> {
    try {
      return analysis::plan(s, settings);
    } catch (const std::runtime_error& e) {  // a unit that failed on a rank, or malformed
      return core::Status::failed(std::string(e.what()) + "\n");
    }
  }();
  if (!planned.ok()) {
    job.status = planned.status();
    return job;
  }
  info.wall_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  AtomicDirectory dir(out_dir);
  const auto report_text = write_plan(dir, s, planned.value(), manifest_json(s, info));
  dir.commit();
  const auto file = write_planned_scenario_file(s, planned.value());
  if (!file.ok()) {
    job.status = file.status();
    return job;
  }
  job.reachable = planned->reachable;
  job.text = plan_text(s.name, planned.value()) +
             fmt::format("planned in {:.1f} s; results in {}/\n", info.wall_seconds, out_dir) +
             report_text + file.value();
  return job;
}

}  // namespace pimhsim::output
