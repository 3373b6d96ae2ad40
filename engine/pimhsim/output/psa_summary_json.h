// The PSA's typed summary (analysis/psa_summary.h) as files: psa_summary.json and ceac.csv.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "pimhsim/analysis/psa_summary.h"

namespace pimhsim::output {

// The analysed scenario as a summary names it: name, file, model, content hash.
nlohmann::json analysed_scenario_json(const analysis::AnalysedScenario& scenario);

// psa_summary.json: the settings echoed, each option's figures, the decision at the scenario's
// thresholds (per person: keys name the person, `expected_nmb_per_birth` say) and the warnings.
// Without iterations, the settings only. Numbers that are not finite are null.
nlohmann::json psa_summary_json(const analysis::PsaSummary& summary);

// ceac.csv: one row per threshold of the CEAC's grid and option (the two acceptability curves,
// the frontier, the expected NMB and EVPI per person, population EVPI). Numbers in the shortest
// form that reads back exactly; NaN as an empty field.
std::string ceac_csv(const analysis::PsaDecision& decision);

}  // namespace pimhsim::output
