// What `pimhsim psa` writes: psa.csv (every iteration's figures), psa_parameters.csv (its
// draws), psa_summary.json and ceac.csv (acceptability, frontier, EVPI, EVPPI), ce_plane.csv,
// convergence.csv, the resolved scenario and the manifest; and the terminal's summary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/output/atomic_directory.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

// Writes the PSA's files into `dir` (not committed).
void write_psa(AtomicDirectory& dir, const scenario::Scenario& s, const analysis::Psa& psa,
               const std::vector<analysis::PsaIteration>& its, const analysis::PsaSummary& summary,
               const nlohmann::json& manifest);

// The PSA's summary for a terminal: per threshold, each option's incremental NMB with its 95%
// interval and Monte Carlo error, the probabilities of being cost-effective, the frontier, EVPI
// and EVPPI; then the probabilities of saving money.
std::string psa_text(const analysis::PsaSummary& summary);

}  // namespace pimhsim::output
