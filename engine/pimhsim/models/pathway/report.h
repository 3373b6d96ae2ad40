// The pathway's run report as typed figures from the merged tally: per option, the cohort's
// totals for the whole population over the horizon (with their Monte Carlo errors), waits,
// staffing against the WISN requirement; per compared option, the increments over the
// comparator; and the economic evaluation. summary.json's pathway figures and the terminal
// summary are both written from it.
#pragma once

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/models/pathway/economic_evaluation.h"
#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/models/pathway/staffing_report.h"

namespace pimhsim::models::pathway {

// A per-dyad measure summed over the population: total and per dyad, each with its Monte Carlo SE.
struct Total {
  double total = 0, se = 0, per_dyad = 0, per_dyad_se = 0;
};

// A mean over the dyads it applies to (none: no such dyad).
struct Mean {
  std::optional<double> mean, se;
  std::uint64_t n = 0;
};

// The cohort's figures of an option, or an option's increments over the comparator.
struct Figures {
  double dyads = 0;
  Total mothers_ill;
  std::array<Total, kConditions> ill_by_condition{};
  Total detected, detected_at_contact, false_positive_screens;
  std::array<Total, kServices> treated_by_service{};
  Total specialist_care, referred_to_specialist, specialist_timely, treated_any, recovered_by_exit,
      ill_at_exit, months_ill_untreated;
  double staff_cost = 0;  // not sampled: no SE
  Total service_cost, long_term_cost_mother, long_term_cost_child;
  std::array<Total, kLines> long_term_by_line{};
  std::array<Total, kSectors> long_term_by_sector{};
  Total qalys_mother, qalys_child;
};

// An option's specialist posts over the horizon: means over its years (hires, leavers and health
// visitors trained summed), its first and last years, and the WISN requirements (means over the
// years; not finite where nothing needs staffing).
struct StaffingSummary {
  StaffingYear mean;
  std::optional<StaffingYear> first, last;
  double caseload_standard = 0;
  double specialist_required = 0, health_visitor_required = 0;
};

struct OptionReport {
  std::string name;
  Figures figures;
  Mean weeks_onset_to_detection, weeks_referral_to_care;
  double specialist_wte = 0;  // mean funded over the horizon
  StaffingSummary staffing;
};

struct Report {
  std::vector<OptionReport> options;
  std::vector<Figures> increments;  // options 1 .. K-1 over option 0
  Evaluation economics;
};

// summary.json's encodings.
nlohmann::json figures_json(const Figures& f);
nlohmann::json staffing_json(const StaffingSummary& s);

}  // namespace pimhsim::models::pathway
