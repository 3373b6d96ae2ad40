#include "pimhsim/models/pathway/area_simulation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

#include "pimhsim/models/pathway/area_run.h"
#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/measures.h"

namespace pimhsim::models::pathway {
namespace {

// A new dyad's draws: condition, severity, onset band, onset month | hidden, trained, chronic,
// (spare).
struct EntryDraws {
  std::array<double, 4> a, b;
};

Dyad new_dyad(const Inputs& in, const EntryDraws& u, int entry) {
  Dyad d;
  d.entry = entry;
  for (int c = 0; c < kConditions; ++c)
    if (u.a[0] < in.prevalence_cum[c]) {
      d.condition = static_cast<std::uint8_t>(c);
      break;
    }
  if (d.condition != kWell) {
    const auto& sev = in.severity_cum[d.condition];
    d.severity = static_cast<std::uint8_t>(
        std::find_if(sev.begin(), sev.end(), [&](double x) { return u.a[1] < x; }) - sev.begin());
    const auto& bands = in.onset_cum[d.condition];
    const int band = static_cast<int>(
        std::find_if(bands.begin(), bands.end(), [&](double x) { return u.a[2] < x; }) -
        bands.begin());
    const int length = kOnsetBandStart[band + 1] - kOnsetBandStart[band];
    d.onset = static_cast<std::uint8_t>(kOnsetBandStart[band] +
                                        std::min(length - 1, static_cast<int>(u.a[3] * length)));
  }
  if (u.b[0] < in.hidden_share) d.flags |= kHidden;
  d.trained_u = u.b[1];
  if (u.b[2] < in.chronic_share) d.flags |= kChronic;
  return d;
}

// Bit for bit (BirthFactors holds doubles alone).
bool same_factors(const std::vector<BirthFactors>& a, const std::vector<BirthFactors>& b) {
  return &a == &b || (a.size() == b.size() &&
                      std::memcmp(a.data(), b.data(), a.size() * sizeof(BirthFactors)) == 0);
}

}  // namespace

AreaRun::AreaRun(const std::vector<Inputs>& options, const AreaInput& area,
                 const std::vector<OptionStaffing>& staffing, const Timeline& timeline,
                 const Discounting& discounting, const core::RandomSource& rng,
                 std::uint32_t replicate, std::uint32_t partition, core::Tally& tally,
                 AreaWorkspace& workspace, AreaTrace* trace, StatusQuoSums* reference)
    : options_(options),
      area_(area),
      timeline_(timeline),
      rng_(rng),
      replicate_(replicate),
      partition_(partition),
      tally_(tally),
      ws_(workspace),
      trace_(trace),
      reference_(reference),
      n_options_(static_cast<int>(options.size())),
      burn_in_(kLifeMonths),
      months_(kLifeMonths + timeline.horizon_months) {
  if (staffing.size() != options.size())
    throw std::invalid_argument("simulate_area: staffing for every option");
  for (const auto& st : staffing)
    if (st.effective.size() != static_cast<std::size_t>(months_) ||
        st.trained_share.size() != static_cast<std::size_t>(months_))
      throw std::invalid_argument(
          "simulate_area: staffing for every month of the burn-in and horizon");
  entries_ = monthly_entries(area, options[0], timeline);
  for (int month = 0, window = 0; month < months_; ++month) {
    window += entries_[month] - (month >= kLifeMonths ? entries_[month - kLifeMonths] : 0);
    capacity_ = std::max<std::size_t>(capacity_, static_cast<std::size_t>(window) + 1);
  }
  ws_.cost_discount.assign(static_cast<std::size_t>(months_), 0.0);
  ws_.effect_discount.assign(static_cast<std::size_t>(months_), 0.0);
  for (int month = 0; month < months_; ++month) {
    const double years = std::max(0, month - burn_in_) / 12.0;
    ws_.cost_discount[month] = discounting.costs.factor(years);
    ws_.effect_discount[month] = discounting.effects.factor(years);
  }
  u_places_ = rng.uniform({replicate, partition, 0, 0, kPlaces});
  auto& states = ws_.options;
  states.resize(std::max(options.size(), states.size()));
  for (int o = 0; o < n_options_; ++o) {
    OptionState& s = states[o];
    s.in = &options[o];
    s.staff = &staffing[o];
    s.ring.assign(capacity_, Dyad{});
    s.sick.clear();
    s.queue.clear();
    s.active = 0;
    s.releases.assign(kReleaseRing, 0);
    for (int k = 0; k < kContacts; ++k)
      s.coverage[k] = std::min(1.0, options[o].coverage[k] * staffing[o].coverage_factor);
    // Birth factors depend on the option and the birth month, not the area: the model computes
    // them once (Discounting::birth); a caller that gives none has them computed here. The
    // status-quo pass (`reference`) values nothing and needs none.
    if (o < static_cast<int>(discounting.birth.size())) {
      s.birth = &discounting.birth[o];
    } else if (!reference) {
      s.own_birth = birth_factors(options[o], discounting, months_, burn_in_);
      s.birth = &s.own_birth;
    }
  }
  if (trace) {
    for (auto* v : {&trace->slots, &trace->active, &trace->admitted, &trace->waiting})
      v->assign(n_options_, std::vector<int>(months_, 0));
  }
  ws_.first_id.assign(static_cast<std::size_t>(months_) + 1, 0);
  ws_.detection_draws.resize(capacity_);
  ws_.recovery_draws.resize(capacity_);
  ws_.drawn_detection.assign(capacity_, -1);
  ws_.drawn_recovery.assign(capacity_, -1);
  ws_.exit_values.assign(kPerDyadEnd * options.size(), 0.0);
  ws_.amounts.assign(options.size(), {});
  ws_.budget.assign(kBudgetYears * kBudgetPayers * options.size(), 0.0);
  exits_alike_.assign(options.size(), 0);
  for (int o = 1; o < n_options_ && !reference; ++o)
    exits_alike_[o] = values_exits_alike(options[0], options[o]) &&
                      same_factors(*states[o].birth, *states[0].birth);
  std::vector<core::TallyRow::Column> budget;  // budget flows by year, then payer
  for (int y = 0; y < kBudgetYears; ++y)
    for (int p = 0; p < kBudgetPayers; ++p)
      budget.push_back({kBudgetFlow + static_cast<std::size_t>(p), static_cast<std::size_t>(y)});
  if (!reference) budget_row_.bind(tally, budget);
}

void AreaRun::run() {
  for (int month = 0; month < months_; ++month) {
    enter(month);
    draw_shared_contacts(month);
    for (int option = 0; option < n_options_; ++option) simulate_option(option, month);
    leave(month);
  }
  dyad_row_.flush();
  budget_row_.flush();
}

void AreaRun::charge(Dyad& d, int option, int payer, double amount, int month) {
  d.service_cost[payer] += amount * ws_.cost_discount[month];
  const int offset = calendar_year(month, burn_in_) - calendar_year(d.entry, burn_in_);
  d.service_flow[offset][payer] += amount;
  if (month >= burn_in_)
    tally_.add_total(option, payer == kPayNhs ? kServiceFlowNhs : kServiceFlowLocalAuthority,
                     (month - burn_in_) / 12, amount / timeline_.scale);
}

void AreaRun::enter(int month) {
  ws_.first_id[month] = next_id_;
  for (int k = 0; k < entries_[month]; ++k, ++next_id_) {
    const EntryDraws u{rng_.uniform4({replicate_, partition_, next_id_, 0, kEntryA}),
                       rng_.uniform4({replicate_, partition_, next_id_, 0, kEntryB})};
    for (int o = 0; o < n_options_; ++o) {
      OptionState& s = ws_.options[o];
      Dyad& d = dyad(s, next_id_) = new_dyad(options_[o], u, month);
      if (d.condition != kWell) s.sick.push_back(next_id_);
    }
  }
  ws_.first_id[month + 1] = next_id_;
}

// Contact draws are addressed without the option: drawn once for every option that holds
// contact k in the same month of life as the first option.
void AreaRun::draw_shared_contacts(int month) {
  for (int k = 0; k < kContacts; ++k) {
    const int age = options_[0].contact_month[k];
    auto& draws = ws_.contact_draws[k];
    draws.clear();
    if (age >= kLifeMonths || month - age < 0) continue;
    for (std::uint32_t id = ws_.first_id[month - age]; id < ws_.first_id[month - age + 1]; ++id)
      draws.push_back(rng_.uniform4({replicate_, partition_, id, static_cast<std::uint16_t>(age),
                                     static_cast<std::uint16_t>(kContact + k)}));
  }
}

void AreaRun::simulate_option(int option, int month) {
  OptionState& s = ws_.options[option];
  s.active -= s.releases[month % kReleaseRing];
  s.releases[month % kReleaseRing] = 0;
  // This month's caseload places: effective clinical WTE x caseload per clinical WTE.
  MonthActivity activity;
  activity.real_slots =
      s.staff->clinical(month) * s.in->caseload_per_clinical_wte * timeline_.scale;
  activity.slots = area_places(activity.real_slots, u_places_);
  activity.trained_share = s.staff->trained_share[month];
  onset(s, month);
  contacts(s, option, month, activity);
  identify(s, month, activity);
  admit(s, month, activity);
  account_month(option, month, activity);
  care_and_remission(s, option, month, activity);
}

// Only dyads that will be, or are, ill are visited: `sick` lists them by id.
void AreaRun::onset(OptionState& s, int month) {
  for (const std::uint32_t id : s.sick) {
    Dyad& d = dyad(s, id);
    if (month - d.entry == d.onset) d.flags |= kIllNow | kEverIll;
  }
}

// The dyads of contact k are those that entered contact_month[k] months ago, a contiguous range
// of ids. A dyad identified at a contact is marked kAtContact here and identified in identify(),
// in id order (the referral queue's order).
void AreaRun::contacts(OptionState& s, int option, int month, MonthActivity& activity) {
  const Inputs& in = *s.in;
  for (int k = 0; k < kContacts; ++k) {
    const int age = in.contact_month[k];
    if (age >= kLifeMonths || month - age < 0) continue;
    const std::uint32_t begin = ws_.first_id[month - age], end = ws_.first_id[month - age + 1];
    const bool shared = age == options_[0].contact_month[k];
    for (std::uint32_t id = begin; id < end; ++id) {
      const auto u =
          shared ? ws_.contact_draws[k][id - begin]
                 : rng_.uniform4({replicate_, partition_, id, static_cast<std::uint16_t>(age),
                                  static_cast<std::uint16_t>(kContact + k)});
      if (u[0] >= s.coverage[k]) continue;
      Dyad& d = dyad(s, id);
      ++activity.contacts;
      const int trained = d.trained_u < activity.trained_share ? 1 : 0;
      if ((d.flags & kIllNow) && !(d.flags & kIdentified)) {
        if (!(d.flags & kHidden) && u[1] < in.sensitivity[trained]) {
          d.flags |= kAtContact;
          ++activity.screens;
          charge(d, option, kPayLocalAuthority, in.assessment_cost, month);
        }
      } else if (!(d.flags & kIllNow) && u[1] < 1.0 - in.specificity[trained]) {
        d.false_positives = static_cast<std::uint8_t>(std::min(254, d.false_positives + 1));
        ++activity.screens;
        charge(d, option, kPayLocalAuthority, in.assessment_cost, month);
      }
    }
  }
}

// Identification (at a contact this month, or by a GP or midwife), the care it leads to, and
// referral to the specialist.
void AreaRun::identify(OptionState& s, int month, MonthActivity& activity) {
  const Inputs& in = *s.in;
  for (const std::uint32_t id : s.sick) {
    Dyad& d = dyad(s, id);
    if (!(d.flags & kIllNow) || (d.flags & kIdentified)) continue;
    const int age = month - d.entry;
    // kAtContact on an unidentified dyad can only have been set this month.
    bool found = (d.flags & kAtContact) != 0;
    const std::size_t slot = id % capacity_;
    if (ws_.drawn_detection[slot] != month) {
      ws_.detection_draws[slot] = rng_.uniform4(
          {replicate_, partition_, id, static_cast<std::uint16_t>(age), kMonthlyDetection});
      ws_.drawn_detection[slot] = month;
    }
    const auto& u = ws_.detection_draws[slot];
    if (!found && u[0] < in.other_detection[d.severity]) found = true;
    if (!found) continue;
    d.flags |= kIdentified;
    d.detect_month = static_cast<std::uint8_t>(age);
    const double route = u[1];
    if (d.condition == kPsychosis) {
      d.service = route < in.psychosis_mbu_share ? kMbu : kSpecialistPmh;
    } else {
      const auto& r = in.routing_cum[d.severity];
      const int choice = static_cast<int>(
          std::find_if(r.begin(), r.end(), [&](double x) { return route < x; }) - r.begin());
      d.service = choice == 0 ? static_cast<std::uint8_t>(kNoService)
                              : static_cast<std::uint8_t>(choice - 1);
    }
    if (d.service != kNoService) {
      d.service_start = static_cast<std::uint8_t>(std::min(254, age + in.wait_months[d.service]));
      d.service_end =
          static_cast<std::uint8_t>(std::min(254, d.service_start + in.course_months[d.service]));
    }
    // Demand for the specialist (for WISN) counts whether or not the area has one.
    const bool for_specialist = u[2] < in.specialist_referral[d.severity];
    activity.demand += for_specialist ? 1 : 0;
    if (activity.real_slots > 0 && for_specialist) {
      d.flags |= kReferred | kWaiting;
      d.referral_month = static_cast<std::uint8_t>(age);
      s.queue.push_back(id);
    }
  }
}

// The specialist caseload: earliest referral first, then dyad id (the queue's order).
void AreaRun::admit(OptionState& s, int month, MonthActivity& activity) {
  const Inputs& in = *s.in;
  while (s.active < activity.slots && !s.queue.empty()) {
    const std::uint32_t id = s.queue.front();
    s.queue.pop_front();
    if (id < first_alive_) continue;
    Dyad& d = dyad(s, id);
    if (!(d.flags & kWaiting)) continue;
    const int age = month - d.entry;
    const int length = std::min(in.episode_months, kLifeMonths - age);
    d.flags = static_cast<std::uint16_t>((d.flags & ~kWaiting) | kSpecialist);
    if (age - d.referral_month <= in.timely_months) d.flags |= kTimely;
    d.specialist_start = static_cast<std::uint8_t>(age);
    d.specialist_end = static_cast<std::uint8_t>(age + length);
    s.releases[(month + length) % kReleaseRing] += 1;
    ++s.active;
    ++activity.admitted;
  }
  if (!in.overflow_waits) {  // full caseload: the referral steps to usual care at once
    for (const std::uint32_t id : s.queue)
      dyad(s, id).flags &= static_cast<std::uint16_t>(~kWaiting);
    s.queue.clear();
  }
}

// The month's staffing, its cost and the area's activity, in the horizon.
void AreaRun::account_month(int option, int month, const MonthActivity& activity) {
  const OptionState& s = ws_.options[option];
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

// Care and remission, again only for dyads that will be, or are, ill. A dyad that recovers leaves
// `sick` (it is never ill again), as does one in its last month; the list stays in id order.
void AreaRun::care_and_remission(OptionState& s, int option, int month, MonthActivity& activity) {
  const Inputs& in = *s.in;
  std::size_t kept = 0;
  for (const std::uint32_t id : s.sick) {
    Dyad& d = dyad(s, id);
    const int age = month - d.entry;
    if (d.service != kNoService && age == d.service_start) {
      if (d.flags & kIllNow) {
        d.flags |= kServiceStarted;
        if (d.service == kListeningVisits) {
          ++activity.listening;
          if (d.trained_u < activity.trained_share) d.flags |= kTrainedHv;
        }
        charge(d, option, d.service == kListeningVisits ? kPayLocalAuthority : kPayNhs,
               in.course_cost[d.service], month);
      } else {
        d.service = kNoService;  // well again before care began
      }
    }
    const bool last_month = age == kLifeMonths - 1;
    if (!(d.flags & kIllNow)) {  // not ill yet
      if (!last_month) s.sick[kept++] = id;
      continue;
    }
    const bool in_service =
        (d.flags & kServiceStarted) && age >= d.service_start && age < d.service_end;
    const bool with_specialist =
        (d.flags & kSpecialist) && age >= d.specialist_start && age < d.specialist_end;
    double hazard = (d.flags & kChronic) ? 0.0 : in.natural_hazard;
    if (in_service)
      hazard += d.service == kListeningVisits && !(d.flags & kTrainedHv)
                    ? in.usual_hv_added
                    : in.service_added[d.service];
    hazard *= in.condition_factor[d.condition] * in.severity_factor[d.severity];
    if (with_specialist) hazard *= in.specialist_hazard_ratio;
    if (in_service || with_specialist)
      ++d.months_treated;
    else
      ++d.months_untreated;
    d.qaly_loss += in.decrement[d.condition] / 12.0 * ws_.effect_discount[month];
    const std::size_t slot = id % capacity_;
    if (ws_.drawn_recovery[slot] != month) {
      ws_.recovery_draws[slot] =
          rng_.uniform({replicate_, partition_, id, static_cast<std::uint16_t>(age), kRecovery});
      ws_.drawn_recovery[slot] = month;
    }
    const double u = ws_.recovery_draws[slot];
    if (u < -std::expm1(-hazard)) {
      d.flags &= static_cast<std::uint16_t>(~kIllNow);
      d.recovery_month = static_cast<std::uint8_t>(age);
      // Care that was due to start later, while the dyad is alive, never starts.
      if (d.service != kNoService && d.service_start > age && d.service_start < kLifeMonths)
        d.service = kNoService;
    } else if (!last_month) {
      s.sick[kept++] = id;
    }
  }
  s.sick.resize(kept);
  if (month >= burn_in_)
    tally_.add_total(option, kListeningCourses, (month - burn_in_) / 12,
                     activity.listening / timeline_.scale);
}

void simulate_area(const std::vector<Inputs>& options, const AreaInput& area,
                   const std::vector<OptionStaffing>& staffing, const Timeline& tl,
                   const Discounting& disc, const core::RandomSource& rng, std::uint32_t replicate,
                   std::uint32_t partition, core::Tally& tally, AreaWorkspace& workspace,
                   AreaTrace* trace, StatusQuoSums* reference) {
  AreaRun(options, area, staffing, tl, disc, rng, replicate, partition, tally, workspace, trace,
          reference)
      .run();
}

void simulate_area(const std::vector<Inputs>& options, const AreaInput& area,
                   const std::vector<OptionStaffing>& staffing, const Timeline& tl,
                   const Discounting& disc, const core::RandomSource& rng, std::uint32_t replicate,
                   std::uint32_t partition, core::Tally& tally, AreaTrace* trace,
                   StatusQuoSums* reference) {
  AreaWorkspace workspace;
  simulate_area(options, area, staffing, tl, disc, rng, replicate, partition, tally, workspace,
                trace, reference);
}

void simulate_area(const std::vector<Inputs>& options, const AreaInput& area, const Timeline& tl,
                   const Discounting& disc, const core::RandomSource& rng, std::uint32_t replicate,
                   std::uint32_t partition, core::Tally& tally, AreaTrace* trace,
                   StatusQuoSums* reference) {
  simulate_area(options, area, area_staffing(options, area, tl), tl, disc, rng, replicate,
                partition, tally, trace, reference);
}

}  // namespace pimhsim::models::pathway
