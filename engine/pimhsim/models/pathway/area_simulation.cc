#include "pimhsim/models/pathway/area_simulation.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <utility>
#include <vector>

#include "pimhsim/models/pathway/dyad.h"
#include "pimhsim/models/pathway/exit_accounting.h"
#include "pimhsim/models/pathway/measures.h"
#include "pimhsim/models/pathway/outcomes.h"
#include "pimhsim/models/pathway/repeat_run.h"

namespace pimhsim::models::pathway {
namespace {

constexpr double kWeeksPerMonth = 52.0 / 12.0;
enum Purpose : std::uint16_t {
  kEntryA = 1,
  kEntryB = 2,
  kMonthlyDetection = 3,
  kRecovery = 4,
  kPlaces = 5,
  kContact = 16
};

struct EntryDraws {
  std::array<double, 4> a,
      b;  // condition, severity, onset band, onset month | hidden, trained, chronic, (spare)
};

struct OptionState {
  const Inputs* in = nullptr;
  const OptionStaffing* staff = nullptr;
  std::vector<Dyad> ring;
  std::vector<std::uint32_t>
      sick;  // ids of living dyads that will be, or are, ill (never recovered), ascending
  std::deque<std::uint32_t> queue;
  std::vector<int> releases;
  int active = 0;
  std::array<double, kContacts> coverage{};          // contact coverage in this area
  const std::vector<BirthFactors>* birth = nullptr;  // by birth month index
  std::vector<BirthFactors> own_birth;
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

}  // namespace

void simulate_area(const std::vector<Inputs>& options, const AreaInput& area, const Timeline& tl,
                   const Discounting& disc, const core::RandomSource& rng, std::uint32_t replicate,
                   std::uint32_t partition, core::Tally& tally, AreaTrace* trace,
                   StatusQuoSums* reference) {
  simulate_area(options, area, area_staffing(options, area, tl), tl, disc, rng, replicate,
                partition, tally, trace, reference);
}

void simulate_area(const std::vector<Inputs>& options, const AreaInput& area,
                   const std::vector<OptionStaffing>& staffing, const Timeline& tl,
                   const Discounting& disc, const core::RandomSource& rng, std::uint32_t replicate,
                   std::uint32_t partition, core::Tally& tally, AreaTrace* trace,
                   StatusQuoSums* reference) {
  const int n_options = static_cast<int>(options.size());
  const int burn_in = kLifeMonths;
  const int months = burn_in + tl.horizon_months;
  if (staffing.size() != options.size())
    throw std::invalid_argument("simulate_area: staffing for every option");
  for (const auto& st : staffing)
    if (st.effective.size() != static_cast<std::size_t>(months) ||
        st.trained_share.size() != static_cast<std::size_t>(months))
      throw std::invalid_argument(
          "simulate_area: staffing for every month of the burn-in and horizon");
  const auto entries = monthly_entries(area, options[0], tl);
  std::size_t capacity = 1;
  for (int m = 0, window = 0; m < months; ++m) {
    window += entries[m] - (m >= kLifeMonths ? entries[m - kLifeMonths] : 0);
    capacity = std::max<std::size_t>(capacity, static_cast<std::size_t>(window) + 1);
  }
  std::vector<double> df_cost(months), df_effect(months);
  for (int m = 0; m < months; ++m) {
    const double years = std::max(0, m - burn_in) / 12.0;
    df_cost[m] = disc.costs.factor(years);
    df_effect[m] = disc.effects.factor(years);
  }
  const int release_ring = kLifeMonths + 2;
  const double u_places = rng.uniform({replicate, partition, 0, 0, kPlaces});
  // Option states are kept per thread from one area to the next: the rings and lists keep their
  // capacity (the largest area's, after a few), so a run's memory does not depend on which areas
  // happen to be simulated at the same time, or on the allocator returning freed memory.
  thread_local std::vector<OptionState> state;
  state.resize(static_cast<std::size_t>(std::max(n_options, static_cast<int>(state.size()))));
  for (int o = 0; o < n_options; ++o) {
    OptionState& s = state[o];
    s.in = &options[o];
    s.staff = &staffing[o];
    s.ring.assign(capacity, Dyad{});
    s.sick.clear();
    s.queue.clear();
    s.active = 0;
    s.releases.assign(release_ring, 0);
    for (int k = 0; k < kContacts; ++k)
      s.coverage[k] = std::min(1.0, options[o].coverage[k] * staffing[o].coverage_factor);
    // Birth factors depend on the option and the birth month, not the area: the model computes
    // them once (Discounting::birth); a caller that gives none has them computed here. The
    // status-quo pass (`reference`) values nothing and needs none.
    if (o < static_cast<int>(disc.birth.size())) {
      s.birth = &disc.birth[o];
    } else if (!reference) {
      s.own_birth = birth_factors(options[o], disc, months, burn_in);
      s.birth = &s.own_birth;
    }
  }
  if (trace) {
    for (auto* v : {&trace->slots, &trace->active, &trace->admitted, &trace->waiting})
      v->assign(n_options, std::vector<int>(months, 0));
  }

  std::vector<std::uint32_t> first_id(months + 1, 0);
  std::array<std::vector<std::array<double, 4>>, kContacts> contact_u;
  std::uint32_t next_id = 0, first_alive = 0;
  std::array<std::vector<double>, kMeasureCount> out;
  for (auto& v : out) v.assign(n_options, 0.0);
  std::vector<std::array<std::array<double, kLines>, 2>> amounts(n_options);
  // Per-dyad measures by exit year, and budget flows (one period per budget year).
  RepeatRun dyad_runs(kPerDyadEnd, n_options, [](std::size_t slot, int period) {
    return std::pair{slot, period};
  });
  RepeatRun budget_runs(kBudgetYears * kBudgetPayers, n_options, [](std::size_t slot, int) {
    return std::pair{kBudgetFlow + slot % kBudgetPayers, static_cast<int>(slot / kBudgetPayers)};
  });
  std::vector<std::array<std::array<double, kBudgetPayers>, kBudgetYears>> budget(n_options);
  // In-period care: discounted per dyad and payer, undiscounted by calendar year for budgets.
  auto charge = [&](Dyad& d, int option, int payer, double amount, int m) {
    d.service_cost[payer] += amount * df_cost[m];
    const int offset = calendar_year(m, burn_in) - calendar_year(d.entry, burn_in);
    d.service_flow[offset][payer] += amount;
    if (m >= burn_in)
      tally.add_total(option, payer == kPayNhs ? kServiceFlowNhs : kServiceFlowLocalAuthority,
                      (m - burn_in) / 12, amount / tl.scale);
  };

  for (int m = 0; m < months; ++m) {
    const int t = m - burn_in;  // calendar month from the start of the horizon
    first_id[m] = next_id;
    for (int k = 0; k < entries[m]; ++k, ++next_id) {
      EntryDraws u{rng.uniform4({replicate, partition, next_id, 0, kEntryA}),
                   rng.uniform4({replicate, partition, next_id, 0, kEntryB})};
      for (int o = 0; o < n_options; ++o) {
        Dyad& d = state[o].ring[next_id % capacity] = new_dyad(options[o], u, m);
        if (d.condition != kWell) state[o].sick.push_back(next_id);
      }
    }
    first_id[m + 1] = next_id;
    // Contact draws are addressed without the option: drawn once for every option that holds
    // contact k in the same month of life as the first option.
    for (int k = 0; k < kContacts; ++k) {
      const int a = options[0].contact_month[k];
      contact_u[k].clear();
      if (a >= kLifeMonths || m - a < 0) continue;
      for (std::uint32_t id = first_id[m - a]; id < first_id[m - a + 1]; ++id)
        contact_u[k].push_back(
            rng.uniform4({replicate, partition, id, static_cast<std::uint16_t>(a),
                          static_cast<std::uint16_t>(kContact + k)}));
    }

    for (int o = 0; o < n_options; ++o) {
      OptionState& s = state[o];
      const Inputs& in = *s.in;
      s.active -= s.releases[m % release_ring];
      s.releases[m % release_ring] = 0;
      // This month's caseload places: effective clinical WTE x caseload per clinical WTE.
      const OptionStaffing& staff = *s.staff;
      const double real_slots = staff.clinical(m) * in.caseload_per_clinical_wte * tl.scale;
      const int slots = area_places(real_slots, u_places);
      const double trained_share = staff.trained_share[m];
      int contacts = 0, screens = 0, demand = 0, listening = 0;

      // Onset. Only dyads that will be, or are, ill are visited: `s.sick` lists them by id.
      for (const std::uint32_t id : s.sick) {
        Dyad& d = s.ring[id % capacity];
        if (m - d.entry == d.onset) d.flags |= kIllNow | kEverIll;
      }

      // Contacts: the dyads of contact k are those that entered contact_month[k] months ago, a
      // contiguous range of ids. A dyad identified at a contact is marked kAtContact here and
      // identified below, in id order (the referral queue's order).
      for (int k = 0; k < kContacts; ++k) {
        const int a = in.contact_month[k];
        if (a >= kLifeMonths || m - a < 0) continue;
        const std::uint32_t begin = first_id[m - a], end = first_id[m - a + 1];
        const bool shared = a == options[0].contact_month[k];
        for (std::uint32_t id = begin; id < end; ++id) {
          const auto u =
              shared ? contact_u[k][id - begin]
                     : rng.uniform4({replicate, partition, id, static_cast<std::uint16_t>(a),
                                     static_cast<std::uint16_t>(kContact + k)});
          if (u[0] >= s.coverage[k]) continue;
          Dyad& d = s.ring[id % capacity];
          ++contacts;
          const int trained = d.trained_u < trained_share ? 1 : 0;
          if ((d.flags & kIllNow) && !(d.flags & kIdentified)) {
            if (!(d.flags & kHidden) && u[1] < in.sensitivity[trained]) {
              d.flags |= kAtContact;
              ++screens;
              charge(d, o, kPayLocalAuthority, in.assessment_cost, m);
            }
          } else if (!(d.flags & kIllNow) && u[1] < 1.0 - in.specificity[trained]) {
            d.false_positives = static_cast<std::uint8_t>(std::min(254, d.false_positives + 1));
            ++screens;
            charge(d, o, kPayLocalAuthority, in.assessment_cost, m);
          }
        }
      }

      // Identification (at a contact this month, or by a GP or midwife) and referral.
      for (const std::uint32_t id : s.sick) {
        Dyad& d = s.ring[id % capacity];
        if (!(d.flags & kIllNow) || (d.flags & kIdentified)) continue;
        const int a = m - d.entry;
        // kAtContact on an unidentified dyad can only have been set this month.
        bool found = (d.flags & kAtContact) != 0;
        const auto u = rng.uniform4(
            {replicate, partition, id, static_cast<std::uint16_t>(a), kMonthlyDetection});
        if (!found && u[0] < in.other_detection[d.severity]) found = true;
        if (!found) continue;
        d.flags |= kIdentified;
        d.detect_month = static_cast<std::uint8_t>(a);
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
          d.service_start = static_cast<std::uint8_t>(std::min(254, a + in.wait_months[d.service]));
          d.service_end = static_cast<std::uint8_t>(
              std::min(254, d.service_start + in.course_months[d.service]));
        }
        // Demand for the specialist (for WISN) counts whether or not the area has one.
        const bool for_specialist = u[2] < in.specialist_referral[d.severity];
        demand += for_specialist ? 1 : 0;
        if (real_slots > 0 && for_specialist) {
          d.flags |= kReferred | kWaiting;
          d.referral_month = static_cast<std::uint8_t>(a);
          s.queue.push_back(id);
        }
      }

      // The specialist caseload: earliest referral first, then dyad id (the queue's order).
      int admitted = 0;
      while (s.active < slots && !s.queue.empty()) {
        const std::uint32_t id = s.queue.front();
        s.queue.pop_front();
        if (id < first_alive) continue;
        Dyad& d = s.ring[id % capacity];
        if (!(d.flags & kWaiting)) continue;
        const int a = m - d.entry;
        const int length = std::min(in.episode_months, kLifeMonths - a);
        d.flags = static_cast<std::uint16_t>((d.flags & ~kWaiting) | kSpecialist);
        if (a - d.referral_month <= in.timely_months) d.flags |= kTimely;
        d.specialist_start = static_cast<std::uint8_t>(a);
        d.specialist_end = static_cast<std::uint8_t>(a + length);
        s.releases[(m + length) % release_ring] += 1;
        ++s.active;
        ++admitted;
      }
      if (!in.overflow_waits) {  // full caseload: the referral steps to usual care at once
        for (const std::uint32_t id : s.queue)
          s.ring[id % capacity].flags &= static_cast<std::uint16_t>(~kWaiting);
        s.queue.clear();
      }
      if (t >= 0) {
        const int year = t / 12;
        // Posts are paid while filled; every new starter is trained; generic health visitors'
        // hours in the specialists' training are costed at their hourly cost.
        const double posts = staff.in_post[m] * in.post_cost_per_wte / 12.0;
        const double training = staff.hires[m] * in.training_cost_per_post +
                                staff.hvs_trained[m] * in.hv_hours_per_training * in.hv_hourly_cost;
        tally.add_total(o, kStaffCost, year, posts * df_cost[m]);
        tally.add_total(o, kTrainingCost, year, training * df_cost[m]);
        tally.add_total(o, kInvestmentFlow, year, posts + training);
        tally.add_total(o, kSpecialistWteMonths, year, staff.in_post[m]);
        tally.add_total(o, kFundedWteMonths, year, staff.funded[m]);
        tally.add_total(o, kEffectiveWteMonths, year, staff.effective[m]);
        tally.add_total(o, kClinicalWteMonths, year, staff.clinical(m));
        tally.add_total(o, kTrainingWteMonths, year, staff.training(m));
        tally.add_total(o, kSpecialistHires, year, staff.hires[m]);
        tally.add_total(o, kSpecialistLeavers, year, staff.leavers[m]);
        tally.add_total(o, kHvsTrained, year, staff.hvs_trained[m]);
        tally.add_total(o, kHvWteMonths, year, staff.hv_wte);
        tally.add_total(o, kTrainedHvWteMonths, year, staff.hv_wte * trained_share);
        tally.add_total(o, kChildrenOnCaseloadMonths, year, area.births * in.caseload_age_years);
        tally.add_total(o, kSpecialistSlotMonths, year, slots / tl.scale);
        tally.add_total(o, kSpecialistAdmissions, year, admitted / tl.scale);
        tally.add_total(o, kContactsDelivered, year, contacts / tl.scale);
        tally.add_total(o, kPositiveScreens, year, screens / tl.scale);
        tally.add_total(o, kSpecialistDemand, year, demand / tl.scale);
        tally.add_total(o, kHvTrainingNeed, year, staff.training_need_per_year / 12.0);
      }
      if (trace) {
        trace->slots[o][m] = slots;
        trace->active[o][m] = s.active;
        trace->admitted[o][m] = admitted;
        trace->waiting[o][m] = static_cast<int>(s.queue.size());
      }

      // Care and remission, again only for dyads that will be, or are, ill. A dyad that recovers
      // leaves `s.sick` (it is never ill again), as does one in its last month; the list stays
      // in id order.
      std::size_t kept = 0;
      for (const std::uint32_t id : s.sick) {
        Dyad& d = s.ring[id % capacity];
        const int a = m - d.entry;
        if (d.service != kNoService && a == d.service_start) {
          if (d.flags & kIllNow) {
            d.flags |= kServiceStarted;
            if (d.service == kListeningVisits) {
              ++listening;
              if (d.trained_u < trained_share) d.flags |= kTrainedHv;
            }
            charge(d, o, d.service == kListeningVisits ? kPayLocalAuthority : kPayNhs,
                   in.course_cost[d.service], m);
          } else {
            d.service = kNoService;  // well again before care began
          }
        }
        const bool last_month = a == kLifeMonths - 1;
        if (!(d.flags & kIllNow)) {  // not ill yet
          if (!last_month) s.sick[kept++] = id;
          continue;
        }
        const bool in_service =
            (d.flags & kServiceStarted) && a >= d.service_start && a < d.service_end;
        const bool with_specialist =
            (d.flags & kSpecialist) && a >= d.specialist_start && a < d.specialist_end;
        double h = (d.flags & kChronic) ? 0.0 : in.natural_hazard;
        if (in_service)
          h += d.service == kListeningVisits && !(d.flags & kTrainedHv)
                   ? in.usual_hv_added
                   : in.service_added[d.service];
        h *= in.condition_factor[d.condition] * in.severity_factor[d.severity];
        if (with_specialist) h *= in.specialist_hazard_ratio;
        if (in_service || with_specialist)
          ++d.months_treated;
        else
          ++d.months_untreated;
        d.qaly_loss += in.decrement[d.condition] / 12.0 * df_effect[m];
        const double u =
            rng.uniform({replicate, partition, id, static_cast<std::uint16_t>(a), kRecovery});
        if (u < -std::expm1(-h)) {
          d.flags &= static_cast<std::uint16_t>(~kIllNow);
          d.recovery_month = static_cast<std::uint8_t>(a);
          // Care that was due to start later, while the dyad is alive, never starts.
          if (d.service != kNoService && d.service_start > a && d.service_start < kLifeMonths)
            d.service = kNoService;
        } else if (!last_month) {
          s.sick[kept++] = id;
        }
      }
      s.sick.resize(kept);
      if (t >= 0) tally.add_total(o, kListeningCourses, t / 12, listening / tl.scale);
    }
    // Leaving: dyads in their last month of life.
    if (m < kLifeMonths - 1) continue;
    const std::uint32_t leave_begin = first_id[m - (kLifeMonths - 1)],
                        leave_end = first_id[m - (kLifeMonths - 1) + 1];
    for (std::uint32_t id = leave_begin; id < leave_end; ++id) {
      if (t < 0) continue;
      const int year = t / 12;
      if (reference) {  // the status-quo pass: the comparator's cases and their exposure only
        const Dyad& d = state[0].ring[id % capacity];
        if (d.flags & kEverIll)
          reference->add(options[0], d.condition,
                         {d.months_untreated, d.months_treated, (d.flags & kSpecialist) != 0});
        continue;
      }
      const ExitTiming timing{burn_in, m, df_effect[m]};
      // Dyads leaving in year y were born in year y - 2 or y - 1; their flows can reach the first
      // budget years only if they leave within two years after them.
      const bool budget_relevant = year < kBudgetYears + 3;
      for (int o = 0; o < n_options; ++o) {
        const Inputs& in = options[o];
        const Dyad& d = state[o].ring[id % capacity];
        const int birth = d.entry + kBirthMonth;
        exit_values(in, d, (*state[o].birth)[birth], timing, o, out, amounts[o]);
        const int birth_year = calendar_year(birth, burn_in);
        for (int p = 0; p < 2; ++p)
          for (int l = 0; l < kLines; ++l)
            if (amounts[o][p][l] != 0) {
              tally.add_total(o, kLongTermAmount + p * kLines + l, birth_year + 2,
                              amounts[o][p][l] / tl.scale);
              if (o == 0) {  // the comparator's cost of illness by condition, person and line
                const std::size_t slot = cost_of_illness_slot(d.condition, p, l);
                tally.add_total(0, kCostOfIllnessUndiscounted + slot, 0,
                                amounts[0][p][l] / tl.scale);
                tally.add_total(0, kCostOfIllnessDiscounted + slot, 0,
                                amounts[0][p][l] / in.undiscounted_per_pv[p][l] *
                                    (*state[0].birth)[birth].cost[p][l] / tl.scale);
              }
            }
        if (budget_relevant) {
          auto& b = budget[o];
          for (auto& row : b) row.fill(0.0);
          const int entry_year = calendar_year(d.entry, burn_in);
          for (int offset = 0; offset < 4; ++offset) {
            const int y = entry_year + offset;
            if (y < 0 || y >= kBudgetYears) continue;
            b[y][kNhs] += d.service_flow[offset][kPayNhs];
            b[y][kLocalAuthority] += d.service_flow[offset][kPayLocalAuthority];
          }
          for (int p = 0; p < 2; ++p)
            for (int l = 0; l < kLines; ++l) {
              if (kLinePayer[l] < 0 || amounts[o][p][l] == 0) continue;
              const int first = static_cast<int>(std::floor(in.years[p][l][0]));
              const int last = static_cast<int>(std::floor(in.years[p][l][1]));
              const double per_year = amounts[o][p][l] / (last - first + 1);
              for (int y = std::max(0, birth_year + first);
                   y <= std::min(kBudgetYears - 1, birth_year + last); ++y)
                b[y][kLinePayer[l]] += per_year;
            }
        }
        if (d.flags & kIdentified)
          tally.add_one(o, kWeeksOnsetToDetection, year,
                        (d.detect_month - d.onset) * kWeeksPerMonth);
        if (d.flags & kSpecialist)
          tally.add_one(o, kWeeksReferralToSpecialist, year,
                        (d.specialist_start - d.referral_month) * kWeeksPerMonth);
        if (d.flags & kIdentified) {
          const int arm = care_arm(d);
          for (int k = 0; k < kFollowUps; ++k) {
            const int end = d.detect_month + kFollowUpMonths[k] - 1;  // the last month of follow-up
            if (end < kLifeMonths)
              tally.add_one(o, kStillIllAfterIdentification + arm * kFollowUps + k, year,
                            ill_at_end_of(d, end));
          }
        }
      }
      if (year != dyad_runs.period) {
        dyad_runs.flush(tally);
        dyad_runs.period = year;
      }
      if (!dyad_runs.repeat([&](std::size_t measure, int o) { return out[measure][o]; }))
        for (std::size_t measure = 0; measure < kPerDyadEnd; ++measure)
          tally.add(measure, year, out[measure]);
      if (budget_relevant) {
        if (!budget_runs.repeat([&](std::size_t slot, int o) {
              return budget[o][slot / kBudgetPayers][slot % kBudgetPayers];
            })) {
          std::vector<double>& values = out[kBudgetFlow];
          for (int y = 0; y < kBudgetYears; ++y)
            for (int p = 0; p < kBudgetPayers; ++p) {
              for (int o = 0; o < n_options; ++o) values[o] = budget[o][y][p];
              tally.add(kBudgetFlow + p, y, values);
            }
        }
      }
    }
    first_alive = leave_end;
  }
  dyad_runs.flush(tally);
  budget_runs.flush(tally);
}

}  // namespace pimhsim::models::pathway
