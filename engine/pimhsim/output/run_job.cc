#include "pimhsim/output/run_job.h"

#include <fmt/format.h>

#include <memory>
#include <stdexcept>

#include "pimhsim/core/messages.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/output/job_crew.h"

namespace pimhsim::output {
namespace {

// A rank other than 0: serves rank 0's run of `s`.
void serve(const scenario::Scenario& s, std::unique_ptr<core::Model> model,
           core::ExecutorRef executor) {
  const auto identity = analysis::run_identity(s, *model);
  analysis::serve_run_model(std::move(model), s.run.seed,
                            static_cast<std::uint32_t>(s.run.replicates), std::move(executor), 0,
                            core::world(), identity);
}

}  // namespace

RunJob run_job(const scenario::Scenario& s, const std::string& out_dir,
               const core::SettingValues& settings, const RunInfo& info,
               core::ExecutorRef executor) {
  RunJob job;
  auto model = models::make(s);
  if (core::world().rank() != 0) {
    serve(s, std::move(model), std::move(executor));
    job.served = true;
    return job;
  }
  const JobCrew crew([&] { return analysis::run_identity(s, *model); }, "run");
  if (!crew.status().ok()) {
    job.status = crew.status();
    return job;
  }
  // The writer refers to the model, which the outcome owns.
  RunWriter writer(out_dir, *model, settings);
  job.outcome = analysis::run_model(
      std::move(model), s.run.seed, static_cast<std::uint32_t>(s.run.replicates),
      std::move(executor), 0,
      [&](std::size_t p, const core::Tally& t) { writer.add_partition(p, t); }, crew.get());
  writer.finish(s, job.outcome, info);
  job.report_text = writer.report_text();
  return job;
}

analysis::RunOutcome run_on_ranks(const scenario::Scenario& s, core::ExecutorRef executor,
                                  const std::string& what) {
  auto model = models::make(s);
  if (core::world().rank() != 0) {
    analysis::RunOutcome served;
    serve(s, std::move(model), std::move(executor));
    return served;
  }
  const JobCrew crew([&] { return analysis::run_identity(s, *model); }, what);
  if (!crew.status().ok()) throw std::runtime_error(crew.status().message());
  return analysis::run_model(std::move(model), s.run.seed,
                             static_cast<std::uint32_t>(s.run.replicates), std::move(executor), 0,
                             {}, crew.get());
}

analysis::RunScenario runs_on_ranks(core::ExecutorRef executor, const std::string& what) {
  return [executor, what](const scenario::Scenario& s) { return run_on_ranks(s, executor, what); };
}

}  // namespace pimhsim::output
