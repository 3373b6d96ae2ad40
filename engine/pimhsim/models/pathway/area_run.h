// Internal to the area simulation (area_simulation.cc, area_exit.cc): one area's run, its month's
// phases as named functions over the caller's AreaWorkspace.
#pragma once

#include <cstdint>
#include <vector>

#include "pimhsim/core/random.h"
#include "pimhsim/core/tally.h"
#include "pimhsim/core/tally_row.h"
#include "pimhsim/models/pathway/area_simulation.h"

namespace pimhsim::models::pathway {

// What the draws decide, the last field of their addresses.
enum Purpose : std::uint16_t {
  kEntryA = 1,
  kEntryB = 2,
  kMonthlyDetection = 3,
  kRecovery = 4,
  kPlaces = 5,
  kContact = 16  // + contact
};

// One option's activity in one month, for the area's staffing and activity measures.
struct MonthActivity {
  int slots = 0;             // caseload places
  double real_slots = 0;     // the places' real-valued capacity (scaled population)
  double trained_share = 0;  // of health visitors
  int contacts = 0, screens = 0, demand = 0, admitted = 0, listening = 0;
};

class AreaRun {
 public:
  AreaRun(const std::vector<Inputs>& options, const AreaInput& area,
          const std::vector<OptionStaffing>& staffing, const Timeline& timeline,
          const Discounting& discounting, const core::RandomSource& rng, std::uint32_t replicate,
          std::uint32_t partition, core::Tally& tally, AreaWorkspace& workspace, AreaTrace* trace,
          StatusQuoSums* reference);
  void run();

 private:
  // Month `month` counts from the start of the burn-in.
  void enter(int month);
  void draw_shared_contacts(int month);
  void simulate_option(int option, int month);
  void onset(OptionState& state, int month);
  void contacts(OptionState& state, int option, int month, MonthActivity& activity);
  void identify(OptionState& state, int month, MonthActivity& activity);
  void admit(OptionState& state, int month, MonthActivity& activity);
  void account_month(int option, int month, const MonthActivity& activity);
  void care_and_remission(OptionState& state, int option, int month, MonthActivity& activity);
  // Leaving (area_exit.cc): the dyads in their last month of life.
  void leave(int month);
  // Returns whether every option valued the dyad as the comparator did (its rows are alike).
  bool account_exit(std::uint32_t id, int month, int year, bool budget_relevant);
  void tally_exit(int year, bool budget_relevant, bool alike);
  // A cost of care in the 1001 days: discounted on the dyad by payer, undiscounted by calendar
  // year for budgets.
  void charge(Dyad& dyad, int option, int payer, double amount, int month);
  Dyad& dyad(OptionState& state, std::uint32_t id) { return state.ring[id % capacity_]; }

  const std::vector<Inputs>& options_;
  const AreaInput& area_;
  const Timeline& timeline_;
  const core::RandomSource& rng_;
  std::uint32_t replicate_, partition_;
  core::Tally& tally_;
  AreaWorkspace& ws_;
  AreaTrace* trace_;
  StatusQuoSums* reference_;

  int n_options_, burn_in_, months_;
  std::vector<int> entries_;  // dyads entering in each month
  std::size_t capacity_ = 1;  // of each option's ring: the most dyads alive at once, plus one
  double u_places_ = 0;       // the area's draw for rounding caseload places
  std::uint32_t next_id_ = 0, first_alive_ = 0;
  // Whether option o values a leaving dyad as option 0 does (values_exits_alike, and equal birth
  // factors): a dyad whose record is the same under both is then valued once.
  std::vector<char> exits_alike_;
  // The leaving dyads' per-dyad measures (in the exit year dyad_year_) and budget flows.
  core::TallyRow dyad_row_, budget_row_;
  int dyad_year_ = -1;
};

inline constexpr int kReleaseRing = kLifeMonths + 2;  // months a place can be held, and more

}  // namespace pimhsim::models::pathway
