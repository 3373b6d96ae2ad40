// `pimhsim evppi PSA_DIR --group NAME=a,b ...`: the EVPPI of any groups of parameters from a
// finished PSA's saved samples, across a threshold grid, ranked; written to evppi.csv.
#include <iostream>

#include "cli/options.h"
#include "pimhsim/analysis/psa_evppi.h"
#include "pimhsim/output/evppi_writer.h"

namespace pimhsim::cli {
namespace {

int evppi(const Invocation& inv) {
  const auto settings = setting_values(inv);
  const std::string psa_dir = inv.options["scenario"].as<std::string>();
  const auto finished = output::read_finished_psa(psa_dir);
  if (!finished.ok()) return report(inv, finished.status());
  const auto& [s, psa, its] = finished.value();
  const auto groups =
      analysis::parse_evppi_group_list(settings.texts("group"), psa.layout().parameters);
  if (!groups.ok()) return report(inv, groups.status());
  const auto thresholds =
      analysis::threshold_grid(settings.optional_text("wtp"), s.economics.thresholds);
  if (!thresholds.ok()) return report(inv, thresholds.status());
  const auto out = output::evppi_path(psa_dir, settings.optional_text("out"));
  const auto grid = analysis::evppi_grid(psa, its, groups.value(), thresholds.value());
  if (!grid.ok()) return report(inv, grid.status());
  if (auto st = output::write_evppi(out, grid.value(), s); !st.ok()) return report(inv, st);
  if (!quiet(inv))
    std::cout << output::evppi_job_text(grid.value(), s.economics.thresholds, thresholds.value(),
                                        out);
  return kSuccess;
}

}  // namespace

extern const Command kEvppiCommand{
    .name = "evppi",
    .summary =
        "EVPPI of any parameter groups from a finished PSA's saved samples, across thresholds, "
        "ranked",
    .usage = "pimhsim evppi PSA_DIR --group NAME=a,b [--group ...] [--wtp GRID] [--out FILE]",
    .examples = {"pimhsim evppi results/sick_sicker_psa-psa --group all",
                 "pimhsim evppi results/sick_sicker_psa-psa --group costs=c_trt,c_S1 --group "
                 "utilities=u_S1,u_trt"},
    .action = &evppi,
    .shared = kQuiet,
    .scenario_help = "the directory of a finished PSA",
    .settings = &output::evppi_setting_specs,
};

}  // namespace pimhsim::cli
