// `pimhsim evppi PSA_DIR --group NAME=a,b ...`: the EVPPI of any groups of parameters from a
// finished PSA's saved samples, across a threshold grid, ranked; written to evppi.csv.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "cli/results_options.h"
#include "cli/scenario_options.h"
#include "pimhsim/analysis/psa_evppi.h"
#include "pimhsim/output/evppi_writer.h"

namespace pimhsim::cli {
namespace {

namespace fs = std::filesystem;

int evppi(const Invocation& inv) {
  const auto& o = inv.options;
  const auto dir = output::read_psa_directory(o["scenario"].as<std::string>());
  if (!dir.ok()) return report_status("evppi", dir.status(), {});
  const auto s = load_scenario_at(dir->resolved_scenario.string(), inv);
  if (!s) return kBadInput;
  auto psa = analysis::Psa::make(*s, {});
  if (!psa.ok()) return report_status("evppi", psa.status(), {});
  const auto its = analysis::read_psa_samples(psa.value(), dir->psa_csv, dir->parameters_csv);
  if (!its.ok()) return report_status("evppi", its.status(), {});
  const auto groups = analysis::parse_evppi_group_list(
      o.count("group") ? o["group"].as<std::vector<std::string>>() : std::vector<std::string>{},
      psa->layout().parameters);
  if (!groups.ok()) return report_status("evppi", groups.status(), {});
  std::vector<double> thresholds = analysis::default_threshold_grid(s->economics.thresholds);
  if (o.count("thresholds")) {
    std::string why;
    const auto grid = analysis::parse_threshold_grid(o["thresholds"].as<std::string>(), why);
    if (!grid) {
      std::cerr << "pimhsim evppi: --thresholds: " << why << "\n";
      return kBadInput;
    }
    thresholds = *grid;
  }
  const fs::path out = o.count("out") ? fs::path(o["out"].as<std::string>())
                                      : dir->resolved_scenario.parent_path() / "evppi.csv";
  const auto grid = analysis::evppi_grid(psa.value(), its.value(), groups.value(), thresholds);
  if (!grid.ok()) return report_status("evppi", grid.status(), {});
  if (auto st = output::write_evppi(out, grid.value()); !st.ok())
    return report_status("evppi", st, {});
  if (!o["quiet"].as<bool>()) {
    const auto& at = s->economics.thresholds.empty() ? thresholds : s->economics.thresholds;
    std::cout << output::evppi_text(grid.value(), at);
    std::cout << fmt::format("every threshold and group in {}\n", out.string());
  }
  return kSuccess;
}

void options(po::options_description& d) {
  d.add_options()("scenario", po::value<std::string>(), "the directory of a finished PSA")(
      "group", po::value<std::vector<std::string>>()->composing(),
      "a group of parameters whose EVPPI to estimate: NAME=a,b or a,b, or `all` (each sampled "
      "parameter alone); repeatable")(
      "thresholds", po::value<std::string>(),
      "the threshold grid per QALY: `FROM:TO:STEP` or `a,b,c` (default: the PSA's CEAC grid)")(
      "out", po::value<std::string>(), "the file to write (default: PSA_DIR/evppi.csv)")(
      "quiet", po::bool_switch(), "print nothing; only the exit status tells");
}

}  // namespace

extern const Command kEvppiCommand{
    "evppi",
    "EVPPI of any parameter groups from a finished PSA's saved samples, across thresholds, "
    "ranked",
    "pimhsim evppi PSA_DIR --group NAME=a,b [--group ...] [--thresholds GRID] [--out FILE]",
    {"pimhsim evppi results/sick_sicker_psa-psa --group all",
     "pimhsim evppi results/sick_sicker_psa-psa --group costs=c_trt,c_S1 --group "
     "utilities=u_S1,u_trt"},
    &options,
    &evppi,
};

}  // namespace pimhsim::cli
