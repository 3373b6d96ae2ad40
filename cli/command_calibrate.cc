// `pimhsim calibrate`: the engine's (pimhsim/analysis/calibration.h, output/calibration_writer.h).
#include "cli/options.h"
#include "pimhsim/output/calibration_writer.h"
namespace pimhsim::cli {
static int calibrate(const Invocation& inv) {
  const auto job = prepare(inv);
  if (!job) return kBadInput;
  const auto st = output::run_calibration_job(job->scenario, setting_values(inv), job->run,
                                              run_info(inv, job->threads), quiet(inv));
  return st.ok() ? kSuccess : report(inv, st);
}
extern const Command kCalibrateCommand{
    .name = "calibrate",
    .summary = "fit parameters to observed targets: a posterior mode (optimise) or sample (imis)",
    .usage =
        "pimhsim calibrate SCENARIO --targets FILE --parameters a,b [--method imis] [--out DIR | "
        "--resume DIR]",
    .examples = {"pimhsim calibrate scenarios/calibration/example_area.yaml --targets "
                 "scenarios/calibration/england_targets.yaml --parameters "
                 "detection.hidden_share,detection.sensitivity.untrained --method imis"},
    .action = &calibrate,
    .shared = kOverrides | kOutput | kResume | kRanks,
    .out_suffix = "-calibration",
    .settings = &analysis::calibration_setting_specs};
}  // namespace pimhsim::cli
