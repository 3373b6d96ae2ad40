// The staffing an option has and the staffing its workload needs, by year, for one area or for
// England: the workforce model's posts (funded, in post, effective, clinical and training WTE,
// the trained share of health visitors) beside the WHO WISN requirement computed from the
// simulated activity of that year.
//
// WISN for specialists (workforce/wisn.h): health-service activities are the dyads whose
// routing calls for the specialist (met or not) at wisn.specialist.hours_per_episode, and the
// generic health visitors to train a year so that specialists sustain
// wisn.specialist.target_trained_share against turnover beside the other routes of training,
// at cascade.specialist_hours_per_hv_trained; support work is the category allowance; pathway
// development and leadership (wisn.specialist.service_development_hours per area) the
// individual allowance. For generic health visitors: mandated contacts delivered, assessments
// after positive screens, courses of listening visits, and all other work per child on the
// caseload, with their support work as the category allowance.
#pragma once

#include <string>
#include <vector>

#include "pimhsim/core/model.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/inputs.h"

namespace pimhsim::models::pathway {

struct WisnFigures {
  double required = 0, ratio = 0, difference = 0;  // NaN where nothing needs staffing
};

struct StaffingYear {
  double funded = 0, in_post = 0, effective = 0, clinical = 0,
         training = 0;                             // mean WTE in the year
  double hires = 0, leavers = 0, hvs_trained = 0;  // in the year
  double trained_share = 0;                        // of health-visitor WTE, mean over the year
  double hv_wte = 0, children_per_hv = 0;
  double slots = 0;  // mean caseload places (whole population)
  WisnFigures specialist, health_visitor;
};

// Year `year` of option `option` in a tally of `areas` areas (1 for an area's own tally).
// `total_factor` turns the tally's totals into one replicate's (1 / replicates).
StaffingYear staffing_year(const core::Tally& t, std::size_t option, std::size_t year,
                           const Inputs& in, double areas, double total_factor);

// staffing.csv: option x year, over every area (the merged tally of `areas` areas).
std::string staffing_csv(const core::Tally& total, const std::vector<Inputs>& options,
                         std::size_t areas, int start_year, double total_factor);

// staffing_by_area.csv: option x year x area (code and name), each option and year a section that
// lists the areas in order. The table refers to `layout`, `codes`, `names` and `options` (the
// model's), which must outlive it.
core::PartitionTable staffing_by_area_table(const core::TallyLayout& layout,
                                            const std::vector<std::string>& codes,
                                            const std::vector<std::string>& names,
                                            const std::vector<Inputs>& options, int start_year,
                                            double total_factor);

}  // namespace pimhsim::models::pathway
