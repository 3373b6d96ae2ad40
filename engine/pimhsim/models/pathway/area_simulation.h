// One area, every option in lockstep, month by month.
//
// Dyads enter in pregnancy, in numbers set by the area's births, and leave at the child's
// second birthday (33 months later). The simulation starts one dyad lifetime before the horizon
// (a burn-in under the comparator's staffing, so that the area is full when the horizon starts
// and an option's extra staff start at month 0) and ends with the horizon. A dyad is counted
// when it leaves inside the horizon; posts are costed for the months inside it.
//
// Every draw is addressed by (replicate, area, dyad, month of life, purpose), so all options see
// the same pregnancies, illnesses and contact outcomes; they differ only where staffing changes
// what happens.
//
// Each month has the same phases, named functions of an AreaRun (area_run.h): entry of the
// month's pregnancies, the contact draws shared by the options, onset, contacts, admission of
// earlier referrals to the specialist caseload, one pass over the ill dyads (identification,
// referral and admission, care and remission), and the month's staffing and activity (per
// option); then the exit of the dyads in their last month and their
// accounting (area_exit.cc). They work in an AreaWorkspace that the caller owns.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "pimhsim/core/discount.h"
#include "pimhsim/core/random.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/inputs.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/outcomes.h"
#include "pimhsim/models/pathway/staffing.h"

namespace pimhsim::models::pathway {

struct AreaInput {
  double births = 0;  // live births a year (whole population)
  double trained_share =
      -1;  // share of health visitors with PIMH training now (< 0: cascade.initial_share)
  double health_visitors =
      -1;  // generic health-visitor WTE (< 0: hv.wte_per_1000_births x births / 1000)
  double specialist_wte = 0;  // the areas table's specialist WTE (switches.staffing_rule)
};

struct Timeline {
  int horizon_months = 120;
  double scale = 1.0;  // share of the population simulated
};

// What a test or a report may want to see of each month (option x month).
struct AreaTrace {
  std::vector<std::vector<int>> slots, active, admitted, waiting;
};

// Discounting: the schedules, and each option's present-value factors by birth month
// (birth_factors), which a model computes once for every area; left empty, simulate_area computes
// them for the area.
struct Discounting {
  core::DiscountSchedule costs = core::DiscountSchedule::constant(0);
  core::DiscountSchedule effects = core::DiscountSchedule::constant(0);
  std::vector<std::vector<BirthFactors>>
      birth;  // [option][birth month index from the burn-in's start]
};

// An option's factors for births in each of `months` months from the start of a burn-in of
// `burn_in` months (BirthFactors, exit_accounting.h).
std::vector<BirthFactors> birth_factors(const Inputs& in, const Discounting& disc, int months,
                                        int burn_in);

// Whole caseload places for a real-valued capacity: floor(real) places, plus one more when the
// uniform `u` falls below the fractional part. Drawn once per replicate and area (shared by every
// option), so places are constant over time, never exceeded, and equal to `real` in expectation.
int area_places(double real_slots, double u);

// Entries in each month from the start of the burn-in, deterministic given births and trend.
std::vector<int> monthly_entries(const AreaInput& area, const Inputs& in, const Timeline& tl);

// The workforce of one area on its own (no national training limit to share), each option
// funded by its rule, for the burn-in and the horizon.
std::vector<OptionStaffing> area_staffing(const std::vector<Inputs>& options, const AreaInput& area,
                                          const Timeline& tl);

// One option's state in the area being simulated.
struct OptionState {
  const Inputs* in = nullptr;
  const OptionStaffing* staff = nullptr;
  std::vector<Dyad> ring;           // the living dyads, by id modulo the ring's size (see `forked`)
  std::deque<std::uint32_t> queue;  // referrals waiting for the specialist, in order
  std::vector<int> releases;        // caseload places freed by month (a ring)
  int active = 0;                   // dyads on the specialist's caseload
  std::array<double, kContacts> coverage{};  // contact coverage in this area
  // From the option's inputs, once an area: an ill month's QALY decrement by condition, and the
  // probability of remission in a month by the dyad's state (remission_index).
  std::array<double, kConditions> monthly_decrement{};
  std::vector<double> remission;
  const std::vector<BirthFactors>* birth = nullptr;  // by birth month index
  std::vector<BirthFactors> own_birth;
};

// What an area's simulation works in. Its owner keeps it from one area to the next (one per
// thread): the rings, lists and buffers keep their capacity (the largest area's, after a few), so
// a run's memory does not depend on which areas happen to be simulated at the same time, or on
// the allocator returning freed memory. Its content between areas means nothing.
struct AreaWorkspace {
  std::vector<OptionState> options;
  // A dyad has one record while every option would give it the same (from its entry, when the
  // options simulate alike): the first option's ring holds it for all. It is forked into one
  // record per option, each in its option's ring, from the first month in which staffing makes
  // them differ (a contact made or not, a referral, a trained health visitor or not). By id
  // modulo the rings' size.
  std::vector<char> forked;
  // Ids of living dyads from their first onset under any option until they have recovered under
  // every option (or reach their last month), ascending. Before its onset nothing happens to a
  // dyad that the list's passes would do (more than half their visits were to such dyads).
  std::vector<std::uint32_t> sick;
  // Dyads that will fall ill, by the month of their onset modulo kLifeMonths, in id order; a dyad
  // whose options' records give it different onsets is in each of their months. Merged into
  // `sick` (through `merged`) when the month comes.
  std::array<std::vector<std::uint32_t>, kLifeMonths> onset_due;
  std::vector<std::uint32_t> merged;
  // False forks every dyad at its entry (every option simulates its own records): the same
  // results, for tests that compare the two.
  bool share_records = true;
  std::vector<std::uint32_t> first_id;  // the first dyad id entering in each month
  // This month's contact draws shared by the options, by contact and dyad.
  std::array<std::vector<std::array<double, 2>>, kContacts> contact_draws;
  std::vector<double> cost_discount, effect_discount;  // by month
  // Exit accounting: a leaving dyad's per-dyad measures [measure][option], its long-term amounts
  // by option, person and service line, and its budget flows [year][payer][option], flat.
  std::vector<double> exit_values;
  std::vector<std::array<std::array<double, kLines>, 2>> amounts;
  std::vector<double> budget;
};

// staffing[o] is option o's workforce in the area by month from the start of the burn-in. With
// `reference`, only the status quo's cases are summed into it (options and staffing should then
// hold the comparator alone): the pass that sets Inputs::status_quo before the options are valued.
void simulate_area(const std::vector<Inputs>& options, const AreaInput& area,
                   const std::vector<OptionStaffing>& staffing, const Timeline& tl,
                   const Discounting& discounting, const core::RandomSource& rng,
                   std::uint32_t replicate, std::uint32_t partition, core::Tally& tally,
                   AreaWorkspace& workspace, AreaTrace* trace = nullptr,
                   StatusQuoSums* reference = nullptr);
// The same in a workspace of its own (for tests and one-off calls).
void simulate_area(const std::vector<Inputs>& options, const AreaInput& area,
                   const std::vector<OptionStaffing>& staffing, const Timeline& tl,
                   const Discounting& discounting, const core::RandomSource& rng,
                   std::uint32_t replicate, std::uint32_t partition, core::Tally& tally,
                   AreaTrace* trace = nullptr, StatusQuoSums* reference = nullptr);

// The same, with the area's workforce from area_staffing.
void simulate_area(const std::vector<Inputs>& options, const AreaInput& area, const Timeline& tl,
                   const Discounting& discounting, const core::RandomSource& rng,
                   std::uint32_t replicate, std::uint32_t partition, core::Tally& tally,
                   AreaTrace* trace = nullptr, StatusQuoSums* reference = nullptr);

}  // namespace pimhsim::models::pathway
