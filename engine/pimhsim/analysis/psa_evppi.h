// EVPPI after the fact: from a finished PSA's saved samples (psa.csv, psa_parameters.csv), for
// any groups of parameters, across a grid of thresholds, ranked, without running the model again
// (as BCEA's evppi and info.rank, voi and SAVI work from saved samples).
//
// Each group's EVPPI curve is evppi.h's evppi_curve: the incremental costs and effects of each
// option over the comparator are regressed on the group's parameters once, and the EVPPI at every
// threshold follows from the fitted values (Strong, Oakley & Brennan 2014). Values are per person
// (per birth for a model of births), as the PSA's decision is; at each threshold the groups are
// ranked by EVPPI and each is given as a share of the EVPI there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/core/status.h"

namespace pimhsim::analysis {

// The iterations of a PSA from the text of its psa.csv and psa_parameters.csv, checked against
// the PSA's layout (options, figures and sampled parameters, in order); bad input, naming the
// file, line and what was expected, if they do not match or cannot be read.
core::Expected<std::vector<PsaIteration>> read_psa_samples(const Psa& psa, std::string_view psa_csv,
                                                           std::string_view parameters_csv);

struct EvppiGroup {
  std::string name;                     // as given (NAME=...), or the parameters joined by `+`
  std::vector<std::string> parameters;  // sampled parameters (psa_parameters.csv's columns)
};

// Groups from their text: `NAME=a,b` or `a,b` (named a+b), or `all` (each sampled parameter on
// its own); bad input for an unknown parameter (with the nearest), an empty or repeated group.
core::Expected<std::vector<EvppiGroup>> parse_evppi_group_list(
    const std::vector<std::string>& texts, const std::vector<std::string>& known);

struct EvppiPoint {
  double wtp = 0;
  double evppi = 0, standard_error = 0, standard_error_regression = 0, standard_error_sampling = 0;
  double evpi = 0;       // at this threshold, for the share
  std::size_t rank = 0;  // among the groups at this threshold, 1 = highest EVPPI
};

struct EvppiGroupCurve {
  EvppiGroup group;
  std::string method;  // the smoother (evppi.h)
  // How well the group explains the options' increments: for each option the better R² of its
  // incremental cost and effect fits, and of those the poorest. Near 0, the EVPPI is noise.
  double r_squared = 0;
  std::vector<EvppiPoint> points;  // one per threshold
};

struct EvppiGrid {
  std::string per;  // what one person is ("birth"), or "" for an individual
  std::size_t iterations = 0;
  std::vector<double> thresholds;
  std::vector<EvppiGroupCurve> curves;  // in the order the groups were given
};

// Bad input for fewer than 20 iterations.
core::Expected<EvppiGrid> evppi_grid(const Psa& psa, const std::vector<PsaIteration>& its,
                                     const std::vector<EvppiGroup>& groups,
                                     const std::vector<double>& thresholds);

}  // namespace pimhsim::analysis
