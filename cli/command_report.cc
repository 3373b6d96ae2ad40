// `pimhsim report DIR`: a results directory's report (the engine's: pimhsim/output/report.h).
#include <iostream>

#include "cli/options.h"
#include "pimhsim/output/report.h"

namespace pimhsim::cli {
namespace {

int make_report(const Invocation& inv) {
  const auto files =
      output::write_report(inv.options["scenario"].as<std::string>(), setting_values(inv));
  if (!files.ok()) return report(inv, files.status());
  if (!quiet(inv)) std::cout << output::report_text(files.value(), run_info(inv, 1).wall_seconds);
  return kSuccess;
}

}  // namespace

extern const Command kReportCommand{
    .name = "report",
    .summary = "make a results directory's report: an offline HTML page, a board summary, charts",
    .usage = "pimhsim report DIR [--out FILE.html] [--pdf]",
    .examples = {"pimhsim report results/england", "pimhsim report results/leeds --out leeds.html"},
    .action = &make_report,
    .shared = kQuiet,
    .scenario_help = "a results directory of pimhsim run, psa, dsa, plan, compare or calibrate",
    .settings = &output::report_setting_specs,
};

}  // namespace pimhsim::cli
