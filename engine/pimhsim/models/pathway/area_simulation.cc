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

// Written in place: a record returned by value and copied into the ring was read back from the
// stack before its narrow stores had landed (a stalled store forwarding in every entry).
void new_dyad(Dyad& d, const Inputs& in, const EntryDraws& u, int entry) {
  d.reset();
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
}

// An option's monthly decrements and remission probabilities (OptionState). The hazard of
// remission: the natural hazard unless chronic, plus the added hazard of care in course (of
// listening visits from a health visitor without the specialist's training, usual_hv_added),
// times the condition's and severity's factors, times the specialist's hazard ratio.
void remission_table(const Inputs& in, OptionState& s) {
  for (int c = 0; c < kConditions; ++c) s.monthly_decrement[c] = in.decrement[c] / 12.0;
  s.remission.assign(kRemissionStates, 0.0);
  for (const bool chronic : {false, true})
    for (int care = kNoCare; care < kCareKinds; ++care)
      for (int c = 0; c < kConditions; ++c)
        for (int sev = 0; sev < kSeverities; ++sev)
          for (const bool specialist : {false, true}) {
            double hazard = chronic ? 0.0 : in.natural_hazard;
            if (care != kNoCare)
              hazard +=
                  care == kUntrainedListening ? in.usual_hv_added : in.service_added[care - 1];
            hazard *= in.condition_factor[c] * in.severity_factor[sev];
            if (specialist) hazard *= in.specialist_hazard_ratio;
            s.remission[remission_index(chronic, care, c, sev, specialist)] = -std::expm1(-hazard);
          }
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
  slot_ = core::Remainder(capacity_);  // ids are 32-bit: a ring holds fewer than 2^32
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
    // Not cleared: a slot is written whole when its dyad enters, before anything reads it (the
    // ids read are those entered; `forked` says which ring holds each), so only a ring that is
    // too small grows. Clearing every slot cost as much as entering the dyads in a short run.
    if (s.ring.size() < capacity_) s.ring.resize(capacity_);
    s.queue.clear();
    s.active = 0;
    s.releases.assign(kReleaseRing, 0);
    for (int k = 0; k < kContacts; ++k)
      s.coverage[k] = std::min(1.0, options[o].coverage[k] * staffing[o].coverage_factor);
    remission_table(options[o], s);
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
  ws_.forked.assign(capacity_, 0);
  ws_.sick.clear();
  for (auto& due : ws_.onset_due) due.clear();
  share_ = ws_.share_records;
  for (int o = 1; o < n_options_; ++o) share_ = share_ && simulates_alike(options[0], options[o]);
  activity_.assign(options.size(), MonthActivity{});
  outcomes_.assign(options.size(), 0);
  ws_.first_id.assign(static_cast<std::size_t>(months_) + 1, 0);
  ws_.exit_values.assign(kPerDyadEnd * options.size(), 0.0);
  ws_.amounts.assign(options.size(), {});
  ws_.budget.assign(kBudgetYears * kBudgetPayers * options.size(), 0.0);
  exits_alike_.assign(options.size(), 0);
  for (int o = 1; o < n_options_ && !reference; ++o)
    exits_alike_[o] = values_exits_alike(options[0], options[o]) &&
                      same_factors(*states[o].birth, *states[0].birth);
  all_exits_alike_ = !reference;
  for (int o = 1; o < n_options_; ++o) all_exits_alike_ = all_exits_alike_ && exits_alike_[o];
  std::vector<core::TallyRow::Column> budget;  // budget flows by year, then payer
  for (int y = 0; y < kBudgetYears; ++y)
    for (int p = 0; p < kBudgetPayers; ++p)
      budget.push_back({kBudgetFlow + static_cast<std::size_t>(p), static_cast<std::size_t>(y)});
  if (!reference) {
    budget_row_.bind(tally, budget);
    // The rows of a dyad to whom nothing happened (exits_plain): the same under every option.
    const std::size_t k = options.size();
    exit_values(options[0], Dyad{}, BirthFactors{}, ExitTiming{}, 0, k, ws_.exit_values,
                ws_.amounts[0]);
    for (std::size_t m = 0; m < kPerDyadEnd; ++m)
      for (std::size_t o = 1; o < k; ++o) ws_.exit_values[m * k + o] = ws_.exit_values[m * k];
    dyad_row_.set_fixed(ws_.exit_values);
    budget_row_.set_fixed(std::vector<double>(ws_.budget.size(), 0.0));
  }
}

void AreaRun::run() {
  for (int month = 0; month < months_; ++month) {
    enter(month);
    draw_shared_contacts(month);
    for (int option = 0; option < n_options_; ++option) start_month(option, month);
    onset(month);
    contacts(month);
    for (int option = 0; option < n_options_; ++option) admit_waiting(option, month);
    ill_dyads(month);
    for (int option = 0; option < n_options_; ++option) {
      close_queue(option);
      account_month(option, month);
    }
    leave(month);
  }
  dyad_row_.flush();
  budget_row_.flush();
}

void AreaRun::charge(Dyad& d, int option, int payer, double amount, int month) {
  d.service_cost[payer] += amount * ws_.cost_discount[month];
  const int offset = calendar_year(month, burn_in_) - calendar_year(d.entry, burn_in_);
  d.service_flow[offset][payer] += amount;
  if (month < burn_in_) return;
  const std::size_t measure = payer == kPayNhs ? kServiceFlowNhs : kServiceFlowLocalAuthority;
  const int year = (month - burn_in_) / 12;
  const OptionRange charged = options_of(option);
  for (int o = charged.first; o < charged.end; ++o)
    tally_.add_total(o, measure, year, amount / timeline_.scale);
}

void AreaRun::fork(std::uint32_t id) {
  const std::size_t slot = slot_of(id);
  for (int o = 1; o < n_options_; ++o) ws_.options[o].ring[slot] = ws_.options[0].ring[slot];
  ws_.forked[slot] = 1;
}

// A new dyad has one record for every option when they simulate alike, otherwise one each (the
// options' inputs may then give it different conditions).
void AreaRun::enter(int month) {
  ws_.first_id[month] = next_id_;
  for (int k = 0; k < entries_[month]; ++k, ++next_id_) {
    const EntryDraws u{rng_.uniform4({replicate_, partition_, next_id_, 0, kEntryA}),
                       rng_.uniform4({replicate_, partition_, next_id_, 0, kEntryB})};
    const std::size_t slot = slot_of(next_id_);
    const auto due = [&](const Dyad& d) {
      if (d.condition == kWell) return;
      auto& ids = ws_.onset_due[static_cast<std::size_t>(month + d.onset) % kLifeMonths];
      if (ids.empty() || ids.back() != next_id_) ids.push_back(next_id_);
    };
    const int records = share_ ? 1 : n_options_;
    for (int o = 0; o < records; ++o) {
      Dyad& d = ws_.options[o].ring[slot];
      new_dyad(d, options_[o], u, month);
      due(d);
    }
    ws_.forked[slot] = share_ ? 0 : 1;
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
      draws.push_back(contact_draw(id, age, k));
  }
}

// This month's caseload places: effective clinical WTE x caseload per clinical WTE.
void AreaRun::start_month(int option, int month) {
  OptionState& s = ws_.options[option];
  s.active -= s.releases[month % kReleaseRing];
  s.releases[month % kReleaseRing] = 0;
  MonthActivity& activity = activity_[option] = MonthActivity{};
  activity.real_slots =
      s.staff->clinical(month) * s.in->caseload_per_clinical_wte * timeline_.scale;
  activity.slots = area_places(activity.real_slots, u_places_);
  activity.trained_share = s.staff->trained_share[month];
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
