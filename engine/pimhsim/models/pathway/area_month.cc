// The month's phases of an area's simulation (area_run.h) after the entry: onset, contacts, the
// admission of earlier referrals, one pass over the ill dyads (identification, referral and
// admission, care and remission), and the month's staffing and activity.
//
// A dyad whose record the options share is stepped once for all of them, and its activity and
// costs are counted for each. Where an option would change the record differently from another
// (a contact made under one staffing and not another, a referral where a specialist has places,
// listening visits from a trained health visitor or not), the record is forked first and each
// option steps its own copy from then on. Each option sees its dyads in id order, as it would if it
// were simulated alone, so its tallies add the same numbers in the same order.
#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>

#include "pimhsim/models/pathway/area_run.h"
#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/measures.h"

namespace pimhsim::models::pathway {
namespace {

// Whether an option's copy of a listed dyad is stepped by the list's passes: it falls ill under
// that option and has not recovered (it may not be ill yet where the options' onsets differ). The
// options may differ in which of their copies still are.
bool on_sick_list(const Dyad& d) {
  return d.condition != kWell && d.recovery_month == kNever;
}

}  // namespace

// The dyads whose onset is this month (under some option) fall ill and join `sick`, which
// lists by id the dyads the later passes visit.
void AreaRun::onset(int month) {
  const auto start = [month](Dyad& d) {
    if (month - d.entry == d.onset) d.flags |= kIllNow | kEverIll;
  };
  auto& due = ws_.onset_due[static_cast<std::size_t>(month) % kLifeMonths];
  if (due.empty()) return;
  for (const std::uint32_t id : due) {
    if (shared(id)) {
      start(dyad(0, id));
      continue;
    }
    for (int o = 0; o < n_options_; ++o)
      if (Dyad& d = dyad(o, id); on_sick_list(d)) start(d);
  }
  // A dyad already listed (an earlier onset under another option) is listed once.
  ws_.merged.clear();
  std::set_union(ws_.sick.begin(), ws_.sick.end(), due.begin(), due.end(),
                 std::back_inserter(ws_.merged));
  ws_.sick.swap(ws_.merged);
  due.clear();
}

int AreaRun::contact_outcome(int option, const Dyad& d, const std::array<double, 2>& u,
                             int k) const {
  const OptionState& s = ws_.options[option];
  if (u[0] >= s.coverage[k]) return -1;
  const int trained = d.trained_u < activity_[option].trained_share ? 1 : 0;
  if ((d.flags & kIllNow) && !(d.flags & kIdentified)) {
    if (!(d.flags & kHidden) && u[1] < s.in->sensitivity[trained]) return 1;
  } else if (!(d.flags & kIllNow) && u[1] < 1.0 - s.in->specificity[trained]) {
    return 2;
  }
  return 0;
}

void AreaRun::apply_contact(Dyad& d, int option, int outcome, int month) {
  if (outcome == 1) {
    d.flags |= kAtContact;
  } else if (outcome == 2) {
    d.false_positives = static_cast<std::uint8_t>(std::min(254, d.false_positives + 1));
  } else {
    return;
  }
  charge(d, option, kPayLocalAuthority, options_[options_of(option).first].assessment_cost, month);
}

// The dyads of contact k are those that entered contact_month[k] months ago, a contiguous range
// of ids. A dyad identified at a contact is marked kAtContact here and identified in ill_dyads(),
// in id order (the referral queue's order).
void AreaRun::contacts(int month) {
  const auto count = [this](int option, int outcome) {
    activity_[option].contacts += outcome >= 0 ? 1 : 0;
    activity_[option].screens += outcome >= 1 ? 1 : 0;
  };
  const auto step = [&](int option, Dyad& d, const std::array<double, 2>& u, int k) {
    const int outcome = contact_outcome(option, d, u, k);
    count(option, outcome);
    apply_contact(d, option, outcome, month);
  };
  for (int k = 0; k < kContacts; ++k) {
    if (!share_) {  // every dyad forked; the options may hold contact k at other ages
      for (int o = 0; o < n_options_; ++o) {
        const int age = options_[o].contact_month[k];
        if (age >= kLifeMonths || month - age < 0) continue;
        const std::uint32_t begin = ws_.first_id[month - age], end = ws_.first_id[month - age + 1];
        const bool drawn = age == options_[0].contact_month[k];
        for (std::uint32_t id = begin; id < end; ++id)
          step(o, dyad(o, id), drawn ? ws_.contact_draws[k][id - begin] : contact_draw(id, age, k),
               k);
      }
      continue;
    }
    const int age = options_[0].contact_month[k];
    if (age >= kLifeMonths || month - age < 0) continue;
    const std::uint32_t begin = ws_.first_id[month - age], end = ws_.first_id[month - age + 1];
    // A dyad off `sick` is not ill now under any option, so its outcome turns on its record only
    // through a false positive: where the draws rule one out under every option (not covered, or
    // above every option's false-positive rate at either training), each option's outcome is a
    // contact without effect or none, read from the draws.
    double covered = 0, false_positive = 0;
    for (int o = 0; o < n_options_; ++o) {
      const OptionState& s = ws_.options[o];
      covered = std::max(covered, s.coverage[k]);
      for (const double specificity : s.in->specificity)
        false_positive = std::max(false_positive, 1.0 - specificity);
    }
    auto listed = std::lower_bound(ws_.sick.begin(), ws_.sick.end(), begin);
    for (std::uint32_t id = begin; id < end; ++id) {
      const auto& u = ws_.contact_draws[k][id - begin];
      const bool ill = listed != ws_.sick.end() && *listed == id;
      listed += ill ? 1 : 0;
      if (!ill && (u[0] >= covered || u[1] >= false_positive)) {
        for (int o = 0; o < n_options_; ++o)
          activity_[o].contacts += u[0] < ws_.options[o].coverage[k] ? 1 : 0;
        continue;
      }
      if (!shared(id)) {
        for (int o = 0; o < n_options_; ++o) step(o, dyad(o, id), u, k);
        continue;
      }
      // The record changes alike under every option (a contact without effect counts as none):
      // stepped once. Otherwise it is forked, and each option's copy, equal to the record the
      // outcomes were found on, takes its own.
      Dyad& d = dyad(0, id);
      bool alike = true;
      for (int o = 0; o < n_options_; ++o) {
        outcomes_[o] = contact_outcome(o, d, u, k);
        alike = alike && std::max(0, outcomes_[o]) == std::max(0, outcomes_[0]);
      }
      for (int o = 0; o < n_options_; ++o) count(o, outcomes_[o]);
      if (alike) {
        apply_contact(d, -1, std::max(0, outcomes_[0]), month);
        continue;
      }
      fork(id);
      for (int o = 0; o < n_options_; ++o) apply_contact(dyad(o, id), o, outcomes_[o], month);
    }
  }
}

// The ill dyads' month, in one pass over `sick`: identification (at a contact this month, or by
// a GP or midwife), the care it leads to, referral to the specialist (which forks a shared record
// where some option has places) and admission, then care and remission. A referral is admitted
// at once where its option's queue is empty and a place is free: admit_waiting has admitted the
// earlier queue while places lasted, and referrals are made in id order, so that is where the
// queue would reach it this month; care then reads a specialist episode that starts this month. A
// dyad that recovers leaves `sick` (it is never ill again) once it has under every option, as does
// one in its last month; the list stays in id order.
void AreaRun::ill_dyads(int month) {
  std::size_t kept = 0;
  for (const std::uint32_t id : ws_.sick) {
    bool keep = false;
    MonthDraws draws;
    const bool was_shared = shared(id);
    if (was_shared) {
      Dyad& d = dyad(0, id);
      const int wanted = identify_dyad(d, options_[0], id, month, draws);
      bool referred = false;
      if (wanted >= 0)
        for (int o = 0; o < n_options_; ++o) {
          activity_[o].demand += wanted;
          referred = referred || (wanted && activity_[o].real_slots > 0);
        }
      if (referred) {
        fork(id);
        for (int o = 0; o < n_options_; ++o)
          if (activity_[o].real_slots > 0) refer(o, id, month);
      } else if (!listening_alike(d, month)) {
        fork(id);
      } else {
        keep = care(d, -1, options_[0], id, month, draws);
      }
    }
    if (!shared(id))
      for (int o = 0; o < n_options_; ++o) {
        Dyad& d = dyad(o, id);
        if (!on_sick_list(d)) continue;
        if (!was_shared) {
          const int wanted = identify_dyad(d, options_[o], id, month, draws);
          if (wanted >= 0) activity_[o].demand += wanted;  // for WISN, with or without a specialist
          if (wanted > 0 && activity_[o].real_slots > 0) refer(o, id, month);
        }
        keep = care(d, o, options_[o], id, month, draws) || keep;
      }
    if (keep) ws_.sick[kept++] = id;
  }
  ws_.sick.resize(kept);
  if (month >= burn_in_)
    for (int o = 0; o < n_options_; ++o)
      tally_.add_total(o, kListeningCourses, (month - burn_in_) / 12,
                       activity_[o].listening / timeline_.scale);
}

// Listening visits starting this month come from a trained health visitor under some options and
// not others: a shared record must fork.
bool AreaRun::listening_alike(const Dyad& d, int month) const {
  if (d.service != kListeningVisits || month - d.entry != d.service_start || !(d.flags & kIllNow))
    return true;
  const bool trained = d.trained_u < activity_[0].trained_share;
  for (int o = 1; o < n_options_; ++o)
    if ((d.trained_u < activity_[o].trained_share) != trained) return false;
  return true;
}

int AreaRun::identify_dyad(Dyad& d, const Inputs& in, std::uint32_t id, int month,
                           MonthDraws& draws) {
  if (!(d.flags & kIllNow) || (d.flags & kIdentified)) return -1;
  const int age = month - d.entry;
  // kAtContact on an unidentified dyad can only have been set this month.
  bool found = (d.flags & kAtContact) != 0;
  if (!draws.detection_drawn) {
    draws.detection = rng_.uniform4(
        {replicate_, partition_, id, static_cast<std::uint16_t>(age), kMonthlyDetection});
    draws.detection_drawn = true;
  }
  const auto& u = draws.detection;
  if (!found && u[0] < in.other_detection[d.severity]) found = true;
  if (!found) return -1;
  d.flags |= kIdentified;
  d.detect_month = static_cast<std::uint8_t>(age);
  const double route = u[1];
  if (d.condition == kPsychosis) {
    d.service = route < in.psychosis_mbu_share ? kMbu : kSpecialistPmh;
  } else {
    const auto& r = in.routing_cum[d.severity];
    const int choice = static_cast<int>(
        std::find_if(r.begin(), r.end(), [&](double x) { return route < x; }) - r.begin());
    d.service =
        choice == 0 ? static_cast<std::uint8_t>(kNoService) : static_cast<std::uint8_t>(choice - 1);
  }
  if (d.service != kNoService) {
    d.service_start = static_cast<std::uint8_t>(std::min(254, age + in.wait_months[d.service]));
    d.service_end =
        static_cast<std::uint8_t>(std::min(254, d.service_start + in.course_months[d.service]));
  }
  // Demand for the specialist (for WISN) counts whether or not the area has one.
  return u[2] < in.specialist_referral[d.severity] ? 1 : 0;
}

void AreaRun::refer(int option, std::uint32_t id, int month) {
  Dyad& d = dyad(option, id);
  OptionState& s = ws_.options[option];
  d.flags |= kReferred | kWaiting;
  d.referral_month = static_cast<std::uint8_t>(month - d.entry);
  if (s.queue.empty() && s.active < activity_[option].slots)
    admit(option, d, month);
  else
    s.queue.push_back(id);
}

// The specialist caseload: earliest referral first, then dyad id (the queue's order). Every
// dyad in a queue is forked (at its referral). The month's referrals join after the earlier
// queue (refer).
void AreaRun::admit_waiting(int option, int month) {
  OptionState& s = ws_.options[option];
  while (s.active < activity_[option].slots && !s.queue.empty()) {
    const std::uint32_t id = s.queue.front();
    s.queue.pop_front();
    if (id < first_alive_) continue;
    if (Dyad& d = dyad(option, id); d.flags & kWaiting) admit(option, d, month);
  }
}

void AreaRun::admit(int option, Dyad& d, int month) {
  OptionState& s = ws_.options[option];
  const Inputs& in = *s.in;
  const int age = month - d.entry;
  const int length = std::min(in.episode_months, kLifeMonths - age);
  d.flags = static_cast<std::uint16_t>((d.flags & ~kWaiting) | kSpecialist);
  if (age - d.referral_month <= in.timely_months) d.flags |= kTimely;
  d.specialist_start = static_cast<std::uint8_t>(age);
  d.specialist_end = static_cast<std::uint8_t>(age + length);
  s.releases[(month + length) % kReleaseRing] += 1;
  ++s.active;
  ++activity_[option].admitted;
}

// After the month's admissions: with a full caseload and no waiting list, the referrals not
// admitted step to usual care.
void AreaRun::close_queue(int option) {
  OptionState& s = ws_.options[option];
  if (s.in->overflow_waits) return;
  for (const std::uint32_t id : s.queue)
    dyad(option, id).flags &= static_cast<std::uint16_t>(~kWaiting);
  s.queue.clear();
}

// The month's staffing, its cost and the area's activity, in the horizon.
void AreaRun::account_month(int option, int month) {
  const OptionState& s = ws_.options[option];
  const MonthActivity& activity = activity_[option];
  if (month >= burn_in_) {
    const Inputs& in = *s.in;
    const OptionStaffing& staff = *s.staff;
    const int year = (month - burn_in_) / 12;
    const double scale = timeline_.scale, df = ws_.cost_discount[month];
    // Posts are paid while filled; every new starter is trained; generic health visitors' hours
    // in the specialists' training are costed at their hourly cost.
    const double posts = staff.in_post[month] * in.post_cost_per_wte / 12.0;
    const double training = staff.hires[month] * in.training_cost_per_post +
                            staff.hvs_trained[month] * in.hv_hours_per_training * in.hv_hourly_cost;
    auto& t = tally_;
    t.add_total(option, kStaffCost, year, posts * df);
    t.add_total(option, kTrainingCost, year, training * df);
    t.add_total(option, kInvestmentFlow, year, posts + training);
    t.add_total(option, kSpecialistWteMonths, year, staff.in_post[month]);
    t.add_total(option, kFundedWteMonths, year, staff.funded[month]);
    t.add_total(option, kEffectiveWteMonths, year, staff.effective[month]);
    t.add_total(option, kClinicalWteMonths, year, staff.clinical(month));
    t.add_total(option, kTrainingWteMonths, year, staff.training(month));
    t.add_total(option, kSpecialistHires, year, staff.hires[month]);
    t.add_total(option, kSpecialistLeavers, year, staff.leavers[month]);
    t.add_total(option, kHvsTrained, year, staff.hvs_trained[month]);
    t.add_total(option, kHvWteMonths, year, staff.hv_wte);
    t.add_total(option, kTrainedHvWteMonths, year, staff.hv_wte * activity.trained_share);
    t.add_total(option, kChildrenOnCaseloadMonths, year, area_.births * in.caseload_age_years);
    t.add_total(option, kSpecialistSlotMonths, year, activity.slots / scale);
    t.add_total(option, kSpecialistAdmissions, year, activity.admitted / scale);
    t.add_total(option, kContactsDelivered, year, activity.contacts / scale);
    t.add_total(option, kPositiveScreens, year, activity.screens / scale);
    t.add_total(option, kSpecialistDemand, year, activity.demand / scale);
    t.add_total(option, kHvTrainingNeed, year, staff.training_need_per_year / 12.0);
  }
  if (trace_) {
    trace_->slots[option][month] = activity.slots;
    trace_->active[option][month] = s.active;
    trace_->admitted[option][month] = activity.admitted;
    trace_->waiting[option][month] = static_cast<int>(s.queue.size());
  }
}

bool AreaRun::care(Dyad& d, int option, const Inputs& in, std::uint32_t id, int month,
                   MonthDraws& draws) {
  const int age = month - d.entry;
  const OptionRange stepped = options_of(option);
  const MonthActivity& activity = activity_[stepped.first];
  if (d.service != kNoService && age == d.service_start) {
    if (d.flags & kIllNow) {
      d.flags |= kServiceStarted;
      if (d.service == kListeningVisits) {
        for (int o = stepped.first; o < stepped.end; ++o) ++activity_[o].listening;
        if (d.trained_u < activity.trained_share) d.flags |= kTrainedHv;
      }
      charge(d, option, d.service == kListeningVisits ? kPayLocalAuthority : kPayNhs,
             in.course_cost[d.service], month);
    } else {
      d.service = kNoService;  // well again before care began
    }
  }
  const bool last_month = age == kLifeMonths - 1;
  if (!(d.flags & kIllNow)) return !last_month;  // not ill yet
  const bool in_service =
      (d.flags & kServiceStarted) && age >= d.service_start && age < d.service_end;
  const bool with_specialist =
      (d.flags & kSpecialist) && age >= d.specialist_start && age < d.specialist_end;
  const OptionState& s = ws_.options[stepped.first];
  int kind = kNoCare;
  if (in_service)
    kind = d.service == kListeningVisits && !(d.flags & kTrainedHv) ? kUntrainedListening
                                                                    : 1 + d.service;
  const double remits = s.remission[remission_index((d.flags & kChronic) != 0, kind, d.condition,
                                                    d.severity, with_specialist)];
  if (in_service || with_specialist)
    ++d.months_treated;
  else
    ++d.months_untreated;
  d.qaly_loss += s.monthly_decrement[d.condition] * ws_.effect_discount[month];
  if (!draws.recovery_drawn) {
    draws.recovery =
        rng_.uniform({replicate_, partition_, id, static_cast<std::uint16_t>(age), kRecovery});
    draws.recovery_drawn = true;
  }
  if (draws.recovery < remits) {
    d.flags &= static_cast<std::uint16_t>(~kIllNow);
    d.recovery_month = static_cast<std::uint8_t>(age);
    // Care that was due to start later, while the dyad is alive, never starts.
    if (d.service != kNoService && d.service_start > age && d.service_start < kLifeMonths)
      d.service = kNoService;
    return false;
  }
  return !last_month;
}

}  // namespace pimhsim::models::pathway
