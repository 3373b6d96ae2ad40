#include <fmt/format.h>

#include <chrono>
#include <sstream>

#include "pimhsim/output/calibration_writer.h"
#include "pimhsim/output/progress.h"

namespace pimhsim::output {

CalibrationJob run_calibration_job(const scenario::Scenario& s,
                                   const analysis::CalibrationRequest& request,
                                   const std::string& out_dir, unsigned threads, RunInfo info,
                                   bool quiet) {
  CalibrationJob job;
  const auto started = std::chrono::steady_clock::now();
  scenario::Diagnostics d;
  auto targets = analysis::read_targets(request.targets, d);
  if (!targets) {
    std::ostringstream out;
    d.print(out);
    std::string text = out.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    job.status = core::Status::bad_input(text);
    return job;
  }
  auto problem =
      analysis::CalibrationProblem::make(s, std::move(*targets), request.settings.parameters);
  if (!problem.ok()) {
    job.status = problem.status();
    return job;
  }
  Progress progress("calibrate", "model runs", !quiet);
  const auto result = analysis::calibrate(
      problem.value(), request.settings, threads,
      [&](std::uint32_t done, std::uint32_t total) { progress.update(done, total); });
  progress.finish();
  if (!result.ok()) {
    job.status = result.status();
    return job;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.wall_seconds = seconds;
  write_calibration(out_dir, problem.value(), request.settings, result.value(), info);
  job.text = calibration_text(problem.value(), result.value()) +
             fmt::format("\n{} model runs in {:.1f} s on {} thread(s); results in {}/\n",
                         result->evaluations, seconds, threads, out_dir);
  return job;
}

}  // namespace pimhsim::output
