#include "pimhsim/models/sick_sicker/sick_sicker.h"

#include <fmt/format.h>

#include <cmath>

#include "pimhsim/core/same_bits.h"
#include "pimhsim/models/sick_sicker/cohort.h"

namespace pimhsim::models::sick_sicker {

using core::Domain;
using core::same_bits;

namespace {

// The tally's measures: cost, qalys, their undiscounted forms and life years (0-4), occupancy of
// each state by cycle (5 .. 4 + kStates), then cost minus qalys.
constexpr std::size_t kCostMinusQalys = 5 + kStates;

std::vector<core::ModelProblem> check(const core::ParameterSet& p, const core::SwitchSet&) {
  std::vector<core::ModelProblem> problems;
  const double out_h = p.value("p_HS1") + p.value("p_HD");
  if (out_h > 1)
    problems.push_back({"p_HS1", fmt::format("p_HS1 + p_HD = {:g} exceeds 1", out_h),
                        "probabilities of leaving Healthy that sum to at most 1"});
  const double r_HD = -std::log1p(-std::min(p.value("p_HD"), 1.0 - 1e-16));
  const double p_S1D = 1 - std::exp(-p.value("hr_S1") * r_HD);
  const double out_s1 = p.value("p_S1H") + p.value("p_S1S2") + p_S1D;
  if (out_s1 > 1)
    problems.push_back({"p_S1H", fmt::format("p_S1H + p_S1S2 + p_S1D = {:g} exceeds 1", out_s1),
                        "probabilities of leaving Sick that sum to at most 1"});
  return problems;
}

}  // namespace

const core::ModelSpec& spec() {
  static const core::ModelSpec s{
      "sick_sicker",
      "Sick-Sicker microsimulation (Krijkamp et al. 2018), the textbook validation model",
      {
          {"p_HS1", Domain::kProbability, "annual probability Healthy -> Sick", {}, false},
          {"p_S1H", Domain::kProbability, "annual probability Sick -> Healthy", {}, false},
          {"p_S1S2", Domain::kProbability, "annual probability Sick -> Sicker", {}, false},
          {"p_HD", Domain::kProbability, "annual probability of death when Healthy", {}, false},
          {"hr_S1", Domain::kPositive, "mortality rate ratio, Sick vs Healthy", {}, false},
          {"hr_S2", Domain::kPositive, "mortality rate ratio, Sicker vs Healthy", {}, false},
          {"rp",
           Domain::kNonNegative,
           "relative rise in the mortality rate per cycle sick (time dependence)",
           {},
           false},
          {"ru",
           Domain::kNonNegative,
           "fall in treated Sick utility per cycle sick before (time dependence)",
           {},
           false},
          {"x_halfwidth",
           Domain::kProbability,
           "half-width of the individual effect modifier X ~ U(1 - w, 1 + w)",
           {},
           false},
          {"c_H", Domain::kNonNegative, "annual cost in Healthy", {}, /*money=*/true},
          {"c_S1", Domain::kNonNegative, "annual cost in Sick", {}, /*money=*/true},
          {"c_S2", Domain::kNonNegative, "annual cost in Sicker", {}, /*money=*/true},
          {"c_trt",
           Domain::kNonNegative,
           "annual cost of treatment, added in Sick and Sicker when treated",
           {},
           /*money=*/true},
          {"u_H", Domain::kUtility, "utility in Healthy", {}, false},
          {"u_S1", Domain::kUtility, "utility in Sick, untreated", {}, false},
          {"u_S2", Domain::kUtility, "utility in Sicker", {}, false},
          {"u_trt", Domain::kUtility, "utility in Sick when treated", {}, false},
          {"initial_state",
           Domain::kShares,
           "shares of the cohort in each state at cycle 0",
           {"H", "S1", "S2"},
           false},
      },
      {
          {"treatment", "the strategy treats individuals in Sick and Sicker", {}},
          {"time_dependence",
           "the extended model: mortality and treated utility depend on time sick, with an "
           "individual effect modifier",
           {}},
      },
      /*needs_population=*/true,
      /*needs_areas=*/false,
      &check,
      /*presets=*/{},
      /*horizon_unit=*/"cycles",
  };
  return s;
}

Inputs Inputs::from(const core::ParameterSet& p, const core::SwitchSet& s) {
  Inputs in{};
  in.p_HS1 = p.value("p_HS1");
  in.p_S1H = p.value("p_S1H");
  in.p_S1S2 = p.value("p_S1S2");
  in.p_HD = p.value("p_HD");
  in.r_HD = -std::log1p(-in.p_HD);
  in.r_S1D = p.value("hr_S1") * in.r_HD;
  in.r_S2D = p.value("hr_S2") * in.r_HD;
  in.rp = p.value("rp");
  in.ru = p.value("ru");
  in.x_halfwidth = p.value("x_halfwidth");
  const auto& init = p.at("initial_state");
  for (std::size_t i = 0; i < init.components.size(); ++i)
    for (int st = 0; st < 3; ++st)
      if (init.components[i] == kStateNames[st]) in.initial[st] = init.shares[i];
  in.cost = {p.value("c_H"), p.value("c_S1"), p.value("c_S2"), 0.0};
  in.utility = {p.value("u_H"), p.value("u_S1"), p.value("u_S2"), 0.0};
  in.cost_treatment = p.value("c_trt");
  in.utility_treated = p.value("u_trt");
  in.treated = s.flag("treatment");
  in.time_dependence = s.flag("time_dependence");
  return in;
}

double Inputs::p_death(State st, int k) const {
  const double rate = st == kHealthy ? r_HD : st == kSick ? r_S1D : r_S2D;
  if (st == kHealthy) return p_HD;
  const double factor = time_dependence ? 1.0 + rp * k : 1.0;
  return -std::expm1(-rate * factor);
}

double Inputs::cycle_utility(State st, int k_before, double x) const {
  if (st == kSick && treated)
    return time_dependence ? x * (utility_treated - ru * k_before) : utility_treated;
  return utility[st];
}

double Inputs::cycle_cost(State st) const {
  return cost[st] + (treated && (st == kSick || st == kSicker) ? cost_treatment : 0.0);
}

std::vector<double> discount_weights(double rate, std::uint32_t horizon) {
  std::vector<double> w;
  w.reserve(horizon + 1);
  for (std::uint32_t t = 0; t <= horizon; ++t) w.push_back(1.0 / std::pow(1.0 + rate, t));
  return w;
}

std::vector<double> discount_weights(const core::DiscountSchedule& schedule,
                                     std::uint32_t horizon) {
  std::vector<double> w;
  w.reserve(horizon + 1);
  for (std::uint32_t t = 0; t <= horizon; ++t) w.push_back(schedule.factor(t));  // start of cycle t
  return w;
}

Model::Model(const scenario::Scenario& s)
    : population_(s.run.population), horizon_(s.run.horizon), replicates_(s.run.replicates) {
  std::vector<std::string> names;
  for (const auto& o : s.options) {
    names.push_back(o.name);
    options_.push_back(Inputs::from(o.parameters, o.switches));
    death_.emplace_back(options_.back(), static_cast<int>(horizon_));
  }
  cost_weight_ = discount_weights(s.economics.cost_discount, horizon_);
  effect_weight_ = discount_weights(s.economics.effect_discount, horizon_);
  const std::string money = s.economics.currency;
  std::vector<core::MeasureSpec> measures = {
      {"cost", "total discounted cost per individual", money + " (discounted)", 1, "", true},
      {"qalys", "total discounted QALYs per individual", "QALY (discounted)", 1, "", true},
      {"cost_undiscounted", "total undiscounted cost per individual", money, 1, "", true},
      {"qalys_undiscounted", "total undiscounted QALYs per individual", "QALY", 1, "", true},
      {"life_years", "cycles alive, cycle 0 included", "years", 1, "", true},
  };
  for (int st = 0; st < kStates; ++st)
    measures.push_back({std::string("occupancy_") + kStateNames[st],
                        std::string("share of individuals in ") + kStateNames[st], "share",
                        horizon_ + 1, "cycle", false});
  // Cost minus QALYs per individual, for the covariance of the two increments (NMB's paired
  // error); cost, QALYs and it are also kept between every two strategies, for the frontier.
  measures.push_back({"internal_cost_minus_qalys",
                      "cost minus qalys per individual, for the cost-QALY covariance", "mixed", 1,
                      "", true});
  for (const std::size_t m : {std::size_t{0}, std::size_t{1}, measures.size() - 1})
    measures[m].all_pairs = true;
  layout_ = std::make_unique<core::TallyLayout>(names, measures);
}

std::vector<std::string> Model::headline_measures() const {
  return {"cost", "qalys", "life_years"};
}

namespace {
constexpr std::uint32_t kDrawBlock = 8;  // transition uniforms drawn at a time (see below)
}  // namespace

bool same_moves(const Inputs& a, const DeathTable& death_a, const Inputs& b,
                const DeathTable& death_b) {
  return same_bits(a.initial, b.initial) && same_bits(a.p_HS1, b.p_HS1) &&
         same_bits(a.p_HD, b.p_HD) && same_bits(a.p_S1H, b.p_S1H) &&
         same_bits(a.p_S1S2, b.p_S1S2) && same_bits(death_a.sick, death_b.sick) &&
         same_bits(death_a.sicker, death_b.sicker);
}

void Model::simulate(const core::RandomSource& rng, std::uint32_t replicate, std::size_t partition,
                     core::Tally& tally) const {
  const std::size_t n_options = options_.size();
  const std::size_t n_cycles = horizon_ + 1;  // cycles 0..horizon, all valued
  const std::uint64_t first = static_cast<std::uint64_t>(partition) * kBatch;
  const std::uint64_t last = std::min<std::uint64_t>(first + kBatch, population_);
  if (last <= first) return;
  std::vector<double> cost(n_options), qalys(n_options), cost_u(n_options), qalys_u(n_options),
      alive(n_options);
  // State occupancy, counted here and added to the tally once at the end (see below):
  // occupancy[(o * n_cycles + t) * kStates + s] individuals of the partition are in s at cycle t
  // under option o; first_states[o * n_cycles + t] is the first individual's state.
  std::vector<std::uint32_t> occupancy(n_options * n_cycles * kStates, 0);
  std::vector<std::uint8_t> first_states(n_options * n_cycles);
  // The current individual's transition uniforms by cycle, shared by the options.
  std::vector<double> u_cycle(horizon_);
  // Options that move individuals as the first does value the first's path, recorded here by
  // cycle (states and sick runs), instead of simulating it again.
  std::vector<char> shared_path(n_options, 0);
  for (std::size_t o = 1; o < n_options; ++o)
    shared_path[o] = same_moves(options_[0], death_[0], options_[o], death_[o]) ? 1 : 0;
  std::vector<std::uint8_t> path_states(n_cycles);
  std::vector<std::int32_t> path_runs(n_cycles);
  const auto part = static_cast<std::uint32_t>(partition);

  for (std::uint64_t id = first; id < last; ++id) {
    const auto i = static_cast<std::uint32_t>(id - first);
    const double u_init = rng.uniform({replicate, part, i, 0, kInitialState});
    const double u_x = rng.uniform({replicate, part, i, 0, kModifier});
    // The same draws for every option: common random numbers, identical trajectories. Each
    // cycle's uniform is a pure function of its address, so drawing it once and reusing it for
    // every option gives the same numbers as drawing it again per option. The uniforms are
    // drawn on demand in blocks of kDrawBlock cycles, [0, drawn) so far: a tight loop of
    // independent Philox evaluations, which overlap in the CPU, costs less per draw than one
    // draw at a time inside the branchy path, while few cycles after death are drawn for nothing.
    std::uint32_t drawn = 0;
    const auto u_for_cycle = [&](std::uint32_t t) {
      if (t >= drawn) {
        const std::uint32_t end = std::min(t + kDrawBlock, horizon_);
        for (; drawn < end; ++drawn)
          u_cycle[drawn] =
              rng.uniform({replicate, part, i, static_cast<std::uint16_t>(drawn), kTransition});
      }
      return u_cycle[t];
    };
    for (std::size_t o = 0; o < n_options; ++o) {
      const Inputs& in = options_[o];
      std::uint32_t* counts = occupancy.data() + o * n_cycles * kStates;
      std::uint8_t* first_path = id == first ? first_states.data() + o * n_cycles : nullptr;
      const auto count = [counts, first_path](std::uint32_t t, State st, int, double, double) {
        ++counts[t * kStates + st];
        if (first_path != nullptr) first_path[t] = static_cast<std::uint8_t>(st);
      };
      const double x = effect_modifier(in, u_x);
      const PathTotals p =
          shared_path[o] ? value_path(in, horizon_, x, path_states.data(), path_runs.data(),
                                      cost_weight_, effect_weight_, count)
                         : simulate_path(
                               in, horizon_, u_init, x, u_for_cycle, cost_weight_, effect_weight_,
                               [&](std::uint32_t t, State st, int sick_run, double c, double u) {
                                 count(t, st, sick_run, c, u);
                                 if (o == 0) {
                                   path_states[t] = static_cast<std::uint8_t>(st);
                                   path_runs[t] = sick_run;
                                 }
                               },
                               death_[o]);
      cost[o] = p.cost;
      qalys[o] = p.qalys;
      cost_u[o] = p.cost_undiscounted;
      qalys_u[o] = p.qalys_undiscounted;
      alive[o] = p.life_years;
    }
    tally.add(0, 0, cost);
    tally.add(1, 0, qalys);
    tally.add(2, 0, cost_u);
    tally.add(3, 0, qalys_u);
    tally.add(4, 0, alive);
    for (std::size_t o = 0; o < n_options; ++o) cost[o] -= qalys[o];
    tally.add(kCostMinusQalys, 0, cost);
  }

  // Occupancy of state s is a 0/1 measure per individual. Adding the partition's ones and zeros
  // in two steps gives the same bits as adding them individual by individual: every sum of a
  // 0/1 Moments is an integer, so no addition rounds and their order does not matter, except
  // that an empty Moments takes its shift from its first value. Hence the first individual's
  // value goes first.
  const std::uint64_t n = last - first;
  for (std::size_t o = 0; o < n_options; ++o)
    for (std::size_t t = 0; t < n_cycles; ++t)
      for (int s = 0; s < kStates; ++s) {
        const std::uint64_t ones = occupancy[(o * n_cycles + t) * kStates + s];
        const std::uint64_t zeros = n - ones;
        if (first_states[o * n_cycles + t] == s) {
          tally.add_repeated(o, 5 + s, t, 1.0, ones);
          tally.add_repeated(o, 5 + s, t, 0.0, zeros);
        } else {
          tally.add_repeated(o, 5 + s, t, 0.0, zeros);
          tally.add_repeated(o, 5 + s, t, 1.0, ones);
        }
      }
}

core::Model::Footprint Model::footprint() const {
  const double options = static_cast<double>(options_.size()), cycles = horizon_ + 1.0;
  Footprint f;
  // The death tables, by option and run of sick cycles (two doubles each), and discount weights.
  f.fixed_bytes = options * cycles * 16 + cycles * 16;
  // simulate(): occupancy (4 bytes by option, cycle and state), first states (1 byte by option
  // and cycle) and the current individual's uniforms (8 bytes by cycle).
  f.unit_bytes = options * cycles * (4 * kStates + 1) + cycles * 8;
  f.work = static_cast<double>(population_) * cycles * options;
  f.work_unit = "individual-cycles";
  return f;
}

std::vector<core::Model::Exact> Model::exact_values() const {
  std::vector<Exact> out;
  for (std::size_t o = 0; o < options_.size(); ++o) {
    const auto c = cohort(options_[o], horizon_, cost_weight_, effect_weight_);
    out.push_back({o, "cost", 0, c.cost});
    out.push_back({o, "qalys", 0, c.qalys});
    for (std::uint32_t t = 0; t <= horizon_; ++t)
      for (int s = 0; s < kStates; ++s)
        out.push_back({o, std::string("occupancy_") + kStateNames[s], t, c.trace(t, s)});
  }
  return out;
}

}  // namespace pimhsim::models::sick_sicker
