// The pathway's summary for a terminal: totals for the whole population over the horizon per
// option, increments over the comparator with their Monte Carlo standard errors, the economics by
// perspective and the option with the highest net monetary benefit at each threshold.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/core/number_text.h"
#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/staffable.h"

namespace pimhsim::models::pathway {
namespace {

using core::human_number;

std::string pm(const economics::Estimate& v) {
  return core::money_text(v.value) + " ± " + core::money_text(v.se);
}
std::string number(const std::optional<economics::Estimate>& v) {
  return v ? fmt::format("{:.2f}", v->value) : std::string("–");
}

// Increments over the comparator by perspective: the finance director's and appraiser's view.
// `last_year`: the horizon's last calendar year (a payback after it is marked and explained).
std::string economics_text(const Evaluation& e, int last_year) {
  const auto& incs = e.increments;
  const std::size_t width = 24;
  std::string out =
      fmt::format("\neconomic evaluation against {} ({}, discounted; ± Monte Carlo SE)\n",
                  incs[0].comparator, e.currency);
  out += fmt::format("{:<34}", "");
  for (std::size_t i = 0; i < incs.size(); ++i)
    out += fmt::format("{:>{}}", fmt::format("[{}]", i + 2), width);
  out += "\n";
  auto row = [&](const std::string& label, auto cell) {
    out += fmt::format("{:<34}", label);
    for (const auto& inc : incs) out += fmt::format("{:>{}}", cell(inc), width);
    out += "\n";
  };
  row("investment (posts and training)",
      [](const IncrementEconomics& i) { return core::money_text(i.investment); });
  const char* labels[kPerspectiveCount] = {"NHS and PSS", "public sector", "societal"};
  for (int p = 0; p < kPerspectiveCount; ++p) {
    out += fmt::format("{}\n", labels[p]);
    row("  savings", [p](const IncrementEconomics& i) { return pm(i.by_perspective[p].savings); });
    row("  NPV of net savings",
        [p](const IncrementEconomics& i) { return pm(i.by_perspective[p].net_savings); });
    row("  ROI (net savings per 1 invested)",
        [p](const IncrementEconomics& i) { return number(i.by_perspective[p].roi); });
    row("  benefit-cost ratio", [p](const IncrementEconomics& i) {
      return number(i.by_perspective[p].benefit_cost_ratio);
    });
    row("  payback year", [p, last_year](const IncrementEconomics& i) {
      const auto& y = i.by_perspective[p].payback_year;
      return !y               ? std::string("none")
             : *y > last_year ? fmt::format("{} (after {})", *y, last_year)
                              : std::to_string(*y);
    });
  }
  row("QALYs gained (mother and child)", [](const IncrementEconomics& i) {
    const auto& q = i.cost_effectiveness.incremental_effect;
    return human_number(q.value) + " ± " + human_number(q.se);
  });
  row("ICER (NHS and PSS cost per QALY)", [](const IncrementEconomics& i) {
    const auto& ce = i.cost_effectiveness;
    return ce.icer_se ? human_number(ce.icer.value) : ce.icer.label();
  });
  for (std::size_t k = 0; k < incs[0].cost_effectiveness.at.size(); ++k)
    row("net monetary benefit at " + human_number(incs[0].cost_effectiveness.at[k].threshold),
        [k](const IncrementEconomics& i) {
          return pm(i.cost_effectiveness.at[k].net_monetary_benefit);
        });
  bool late = false;
  for (const auto& inc : incs)
    for (const auto& per : inc.by_perspective)
      late = late || (per.payback_year && *per.payback_year > last_year);
  if (late)
    out += fmt::format(
        "  (a payback after {} rests on the horizon's cohorts' long-term savings, projected\n"
        "   past the years simulated: a projection, not an observation)\n",
        last_year);
  out += "budget impact, all payers (undiscounted)\n";
  for (std::size_t y = 0; y < incs[0].budget_impact.all_payers.size(); ++y)
    row(fmt::format("  {}", incs[0].budget_impact.by_payer[0][y].year),
        [y](const IncrementEconomics& i) {
          return core::money_text(i.budget_impact.all_payers[y]);
        });
  return out;
}

}  // namespace

// The pathway's summary: totals for the whole population over the horizon, per option, then
// increments over the first option with their Monte Carlo standard errors.
std::string Model::summary_text(const RunHeader& run, const core::Tally& total) const {
  const auto r = report(total);
  const auto& options = r.options;
  std::string out = fmt::format("{}\n", run.scenario);
  out += fmt::format(
      "model pathway, seed {}, {} replicate(s), {} years from {}, population scale {}\n", run.seed,
      run.replicates, run.horizon, start_year_, human_number(timeline_.scale));
  out +=
      "totals for dyads whose 1001 days end in the horizon, scaled to the whole population; "
      "costs in " +
      currency_ + ", discounted\n";
  if (options_[0].recovery_saturated)
    out +=
        "(!) the remission targets cannot all be reproduced on the model's population: the nearest "
        "reachable\n"
        "    hazards are used (summary.json recovery_calibration; docs/model.md, section 4)\n";
  out += "\n";
  const std::size_t width = 20;
  for (std::size_t i = 0; i < options.size(); ++i)
    out += fmt::format("  [{}] {}\n", i + 1, options[i].name);
  out += fmt::format("\n{:<34}", "");
  for (std::size_t i = 0; i < options.size(); ++i)
    out += fmt::format("{:>{}}", fmt::format("[{}]", i + 1), width);
  out += "\n";
  // A cell's text and the total its share is of; with `share_of`, a cell adds its percentage of
  // that denominator where it is positive.
  struct Cell {
    std::string text;
    double total = 0;
  };
  using Value = std::function<Cell(const OptionReport&)>;
  using Share = std::function<double(const OptionReport&)>;
  auto row = [&](const std::string& label, const Value& value, const Share& share_of = {}) {
    out += fmt::format("{:<34}", label);
    for (const auto& o : options) {
      const Cell c = value(o);
      std::string text = c.text;
      if (share_of && share_of(o) > 0)
        text += fmt::format(" ({:.1f}%)", 100.0 * c.total / share_of(o));
      out += fmt::format("{:>{}}", text, width);
    }
    out += "\n";
  };
  auto of = [](Total Figures::*m) {
    return Value([m](const OptionReport& o) {
      return Cell{human_number((o.figures.*m).total), (o.figures.*m).total};
    });
  };
  auto number = [](double x) { return Cell{human_number(x), x}; };
  // Money as every summary prints it (core::money_text: 1.52m, 568k).
  auto money = [](Total Figures::*m) {
    return Value([m](const OptionReport& o) {
      return Cell{core::money_text((o.figures.*m).total), (o.figures.*m).total};
    });
  };
  auto finite = [](double x) {
    return Cell{std::isfinite(x) ? human_number(x) : std::string("–"), x};
  };
  auto mean = [](const Mean& m) {
    return Cell{m.mean ? human_number(*m.mean) : std::string("–"), m.mean.value_or(0)};
  };
  const Share dyads = [](const OptionReport& o) { return o.figures.dyads; };
  const Share ill = [](const OptionReport& o) { return o.figures.mothers_ill.total; };
  row("dyads", [&](const OptionReport& o) { return number(o.figures.dyads); });
  row("mothers ill (% of dyads)", of(&Figures::mothers_ill), dyads);
  row("  identified (% of ill)", of(&Figures::detected), ill);
  row("  started any care (% of ill)", of(&Figures::treated_any), ill);
  row("  specialist parent-infant work", of(&Figures::specialist_care));
  row("  recovered by age 2 (% of ill)", of(&Figures::recovered_by_exit), ill);
  row("weeks onset to identification",
      [&](const OptionReport& o) { return mean(o.weeks_onset_to_detection); });
  row("weeks referral to specialist",
      [&](const OptionReport& o) { return mean(o.weeks_referral_to_care); });
  row("specialist WTE funded (mean)",
      [&](const OptionReport& o) { return number(o.staffing.mean.funded); });
  row("  in post (mean)", [&](const OptionReport& o) { return number(o.staffing.mean.in_post); });
  row("  WISN requirement (mean)",
      [&](const OptionReport& o) { return finite(o.staffing.specialist_required); });
  row("HVs PIMH-trained, final year", [&](const OptionReport& o) {
    if (!o.staffing.last || !std::isfinite(o.staffing.last->trained_share)) return Cell{"–", 0};
    const double share = o.staffing.last->trained_share;
    return Cell{fmt::format("{:.1f}%", 100 * share), share};
  });
  row("staff cost", [&](const OptionReport& o) {
    return Cell{core::money_text(o.figures.staff_cost), o.figures.staff_cost};
  });
  row("service cost", money(&Figures::service_cost));
  row("long-term cost*, mother", money(&Figures::long_term_cost_mother));
  row("long-term cost*, child", money(&Figures::long_term_cost_child));
  row("QALYs, mother (vs no illness)", of(&Figures::qalys_mother));
  row("QALYs, child (vs no illness)", of(&Figures::qalys_child));
  out +=
      "* every sector's long-term cost, with lost productivity and monetised quality of life: a "
      "societal\n"
      "  figure, not to be added to QALYs (NHS and PSS costs are under economic evaluation)\n";
  double longest_wait = 0;
  for (const auto& o : options)
    longest_wait = std::max(longest_wait, o.weeks_referral_to_care.mean.value_or(0));
  if (longest_wait > 52)
    out += fmt::format(
        "(!) a mean wait of {:.0f} weeks from referral to the specialist: referrals outnumber the "
        "caseload\n    places, so the queue grows through the horizon (more WTE, or a larger "
        "caseload per WTE)\n",
        longest_wait);
  // Whole places of a small sample make the shared queue serve fewer than a full-scale run would
  // (docs/model.md, section 1.7, measured: about 10% fewer starts at 0.1 for England, 70% at 0.02).
  bool specialist_work = false;
  double places_per_wte = 0;
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i].figures.specialist_care.total > 0) {
      specialist_work = true;
      places_per_wte =
          std::max(places_per_wte, options_[i].clinical_share *
                                       options_[i].caseload_per_clinical_wte * timeline_.scale);
    }
  if (specialist_work && timeline_.scale < kQueueFullScaleBelow)
    out += fmt::format(
        "(!) at population scale {:g} a specialist WTE holds {:.2g} caseload places in the sample: "
        "the\n    specialist's queue (its starts, waits, timely care) runs short of a full-scale "
        "run's; plan\n    on it at run.scale=1 (docs/model.md, \"Population scale and totals\")\n",
        timeline_.scale, places_per_wte);
  if (!r.increments.empty()) {
    out += fmt::format("\nincrements over {} (paired on common random numbers, ± Monte Carlo SE)\n",
                       options[0].name);
    struct IncrementRow {
      const char* label;
      Total Figures::*figure;
      bool money;
    };
    const IncrementRow inc_rows[] = {
        {"service cost", &Figures::service_cost, true},
        {"long-term cost*, mother", &Figures::long_term_cost_mother, true},
        {"long-term cost*, child", &Figures::long_term_cost_child, true},
        {"QALYs, mother", &Figures::qalys_mother, false},
        {"QALYs, child", &Figures::qalys_child, false}};
    for (std::size_t i = 0; i < r.increments.size(); ++i) {
      const auto& inc = r.increments[i];
      out += fmt::format("  {}\n", options[i + 1].name);
      out += fmt::format("    {:<26}{:>16} (fixed: no Monte Carlo error)\n", "staff cost",
                         core::money_text(inc.staff_cost));
      for (const auto& [label, m, is_money] : inc_rows) {
        const auto text = is_money ? core::money_text : human_number;
        out +=
            fmt::format("    {:<26}{:>16} ± {}\n", label, text((inc.*m).total), text((inc.*m).se));
      }
    }
  }
  if (!r.economics.increments.empty())
    out += economics_text(r.economics, start_year_ + static_cast<int>(run.horizon) - 1);
  return out;
}

}  // namespace pimhsim::models::pathway
