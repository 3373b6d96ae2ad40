#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <sstream>

#include "pimhsim/output/calibration_writer.h"
#include "pimhsim/output/progress.h"

namespace pimhsim::output {

core::Status run_calibration_job(const scenario::Scenario& s, const core::SettingValues& settings,
                                 const std::string& out_dir, RunInfo info, bool quiet) {
  const auto started = std::chrono::steady_clock::now();
  analysis::CalibrationRequest request;
  if (auto st = analysis::calibration_request(settings, request); !st.ok()) return st;
  scenario::Diagnostics d;
  auto targets = analysis::read_targets(request.targets, d);
  if (!targets) {
    std::ostringstream out;
    d.print(out);
    std::string text = out.str();
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return core::Status::bad_input(text);
  }
  auto problem =
      analysis::CalibrationProblem::make(s, std::move(*targets), request.settings.parameters);
  if (!problem.ok()) return problem.status();
  Progress progress("calibrate", "model runs", !quiet);
  const auto result = analysis::calibrate(
      problem.value(), request.settings, info.threads,
      [&](std::uint32_t done, std::uint32_t total) { progress.update(done, total); });
  progress.finish();
  if (!result.ok()) return result.status();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  info.wall_seconds = seconds;
  write_calibration(out_dir, problem.value(), request.settings, result.value(), info);
  if (!quiet)
    std::cout << calibration_text(problem.value(), result.value())
              << fmt::format("\n{} model runs in {:.1f} s on {} thread(s); results in {}/\n",
                             result->evaluations, seconds, info.threads, out_dir);
  return {};
}

}  // namespace pimhsim::output
