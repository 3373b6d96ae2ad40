// Internal to the area simulation (area_simulation.cc, area_exit.cc): one area's run, its month's
// phases as named functions over the caller's AreaWorkspace.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "pimhsim/core/random.h"
#include "pimhsim/core/remainder.h"
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
  // Month `month` counts from the start of the burn-in. A phase visits every option's dyads: a
  // dyad whose record the options share (AreaWorkspace::forked) once for all of them, a forked
  // dyad once per option; each option sees its dyads in id order, as it would on its own.
  void enter(int month);
  void draw_shared_contacts(int month);
  // Dyad id's draw for contact k at month of life `age` (its address names no option; a decision
  // reads the first two of the block's uniforms).
  std::array<double, 2> contact_draw(std::uint32_t id, int age, int k) const {
    return rng_.uniform4_first2({replicate_, partition_, id, static_cast<std::uint16_t>(age),
                                 static_cast<std::uint16_t>(kContact + k)});
  }
  void start_month(int option, int month);  // places freed and the month's places
  void onset(int month);
  void contacts(int month);
  // What contact k does under option o to a dyad's record: -1 no contact (not covered), 0 a
  // contact that changes nothing, 1 a positive screen of an ill, unidentified mother (identified
  // at the contact), 2 a false positive.
  int contact_outcome(int option, const Dyad& d, const std::array<double, 2>& u, int k) const;
  void apply_contact(Dyad& d, int option, int outcome, int month);  // option < 0: every option
  // The ill dyads' month (`sick`): identification, referral and admission, care and remission.
  void ill_dyads(int month);
  bool listening_alike(const Dyad& d, int month) const;
  // One dyad's identification and remission draws this month. Their addresses do not name the
  // option, so the first option to need one draws it and the others reuse it.
  struct MonthDraws {
    bool detection_drawn = false, recovery_drawn = false;
    std::array<double, 4> detection{};
    double recovery = 0;
  };
  // Identification of an ill, unidentified dyad this month and the care it leads to: -1 when it
  // stays unidentified, otherwise whether the specialist is wanted (1) or not (0).
  int identify_dyad(Dyad& d, const Inputs& in, std::uint32_t id, int month, MonthDraws& draws);
  void refer(int option, std::uint32_t id, int month);  // admitted now, or queued
  void admit_waiting(int option, int month);            // the queue from earlier months
  void admit(int option, Dyad& d, int month);
  void close_queue(int option);
  void account_month(int option, int month);
  // One dyad's care and remission this month (option < 0: the shared record, for every option);
  // returns whether it stays on `sick` (it has not recovered and is not in its last month).
  bool care(Dyad& d, int option, const Inputs& in, std::uint32_t id, int month, MonthDraws& draws);
  // Leaving (area_exit.cc): the dyads in their last month of life.
  void leave(int month);
  // Returns whether every option valued the dyad as the comparator did (its rows are alike).
  bool account_exit(std::uint32_t id, int month, int year, bool budget_relevant);
  void tally_exit(int year, bool budget_relevant, bool alike);
  void bind_exit_year(int year);  // dyad_row_ to the per-dyad measures of exit year `year`
  // A shared record of a dyad never ill (exits_never_ill): the area's fixed rows, changed where
  // it had false positives.
  void exit_never_ill(const Dyad& d, int year, bool budget_relevant);
  // A cost of care in the 1001 days: discounted on the dyad by payer, undiscounted by calendar
  // year for budgets; to `option`'s totals (option < 0: every option's, for a shared record).
  void charge(Dyad& dyad, int option, int payer, double amount, int month);
  // A shared record becomes one record per option, copies of it, from which they differ.
  void fork(std::uint32_t id);
  // The options a record is stepped for: `option`, or every option for a shared record
  // (option < 0); `first` is the one whose inputs and activity the record reads.
  struct OptionRange {
    int first, end;
  };
  OptionRange options_of(int option) const {
    return option < 0 ? OptionRange{0, n_options_} : OptionRange{option, option + 1};
  }
  std::size_t slot_of(std::uint32_t id) const { return slot_(id); }  // id % capacity_
  bool shared(std::uint32_t id) const { return ws_.forked[slot_of(id)] == 0; }
  Dyad& dyad(int option, std::uint32_t id) {
    const std::size_t slot = slot_of(id);
    return ws_.options[ws_.forked[slot] ? option : 0].ring[slot];
  }

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
  std::size_t capacity_ = 1;  // of each ring: the most dyads alive at once, plus one
  core::Remainder slot_;      // modulo capacity_
  double u_places_ = 0;       // the area's draw for rounding caseload places
  std::uint32_t next_id_ = 0, first_alive_ = 0;
  // Whether new dyads start with one record for every option (the options simulate a dyad alike
  // until staffing makes them differ: simulates_alike), or with a record per option at once.
  bool share_ = false;
  std::vector<MonthActivity> activity_;  // by option, this month's
  std::vector<int> outcomes_;            // by option, a contact's (contact_outcome)
  // Whether option o values a leaving dyad as option 0 does (values_exits_alike, and equal birth
  // factors): a dyad whose record is the same under both is then valued once.
  std::vector<char> exits_alike_;
  bool all_exits_alike_ = false;  // exits_alike_ for every option
  // The leaving dyads' per-dyad measures (in the exit year dyad_year_) and budget flows.
  core::TallyRow dyad_row_, budget_row_;
  int dyad_year_ = -1;
};

inline constexpr int kReleaseRing = kLifeMonths + 2;  // months a place can be held, and more

// The care an ill dyad has in a month, for its remission: none, a service in course (1 + the
// service), or listening visits from a health visitor without the specialist's training.
inline constexpr int kNoCare = 0, kUntrainedListening = 1 + kServices, kCareKinds = 2 + kServices;
inline constexpr std::size_t kRemissionStates =
    std::size_t{2} * kCareKinds * kConditions * kSeverities * 2;
inline std::size_t remission_index(bool chronic, int care, int condition, int severity,
                                   bool specialist) {
  return (((static_cast<std::size_t>(chronic) * kCareKinds + static_cast<std::size_t>(care)) *
               kConditions +
           static_cast<std::size_t>(condition)) *
              kSeverities +
          static_cast<std::size_t>(severity)) *
             2 +
         static_cast<std::size_t>(specialist);
}

}  // namespace pimhsim::models::pathway
