// The sheets of each kind of results directory's workbook (report_workbook.h): its summary tables,
// from the CSV files the report reads and, where a table is not a CSV file, from the JSON summary.
#include <fmt/format.h>

#include "pimhsim/output/report_workbook.h"

namespace pimhsim::output {
namespace {

using Cell = WorkbookCell;

WorkbookColumn text_column(std::string name, std::string meaning) {
  return {std::move(name), "", std::move(meaning), false, false};
}
WorkbookColumn number_column(std::string name, std::string unit, std::string meaning,
                             bool money = false) {
  return {std::move(name), std::move(unit), std::move(meaning), false, money};
}

void add_table(std::vector<WorkbookSheet>& sheets, const std::optional<scenario::CsvTable>& t,
               const char* file, const Codebook& codebook, const std::string& currency,
               const char* name, const char* about) {
  if (t) sheets.push_back(csv_sheet(*t, file, codebook, currency, name, about));
}

// The recommendation at each threshold: the option with the highest expected net monetary
// benefit and its lead over the next best.
template <typename Choices, typename Lead>
WorkbookSheet decision_sheet(const Choices& choices, const std::string& currency,
                             const std::string& source, Lead lead) {
  WorkbookSheet s{
      "Decision",
      source,
      "The option with the highest expected net monetary benefit at each threshold, "
      "and its lead over the next best",
      {number_column("threshold", currency + " per QALY", "willingness to pay for one QALY", true),
       text_column("recommended_option", "the option with the highest expected NMB"),
       text_column("runner_up", "the next best option"),
       number_column("lead", currency,
                     "expected net monetary benefit of the recommended option minus "
                     "that of the runner-up",
                     true),
       number_column("lead_se", currency, "Monte Carlo standard error of `lead`", true)},
      {}};
  for (const auto& c : choices) {
    const auto [value, se] = lead(c);
    s.rows.push_back({Cell::of(c.threshold), Cell::of(c.option),
                      c.runner_up.empty() ? Cell{} : Cell::of(c.runner_up), Cell::of(value),
                      Cell::of(se)});
  }
  return s;
}

// The run's economics: each option against the comparator, by perspective.
WorkbookSheet economics_sheet(const RunResults& r) {
  const auto& cur = r.currency;
  WorkbookSheet s{
      "Economics by perspective",
      "summary.json (economics.increments)",
      "Each option against the comparator in each perspective: extra investment, savings, net "
      "savings, return on investment and payback year (costs discounted, whole population over "
      "the horizon)",
      {text_column("option", "the option"), text_column("comparator", "the option compared with"),
       text_column("perspective", "whose costs count"),
       number_column("investment", cur, "extra investment in the option over the comparator", true),
       number_column("savings", cur, "costs saved in the perspective (before the investment)",
                     true),
       number_column("savings_se", cur, "Monte Carlo standard error of `savings`", true),
       number_column("net_savings", cur, "savings minus the investment (net present value)", true),
       number_column("net_savings_se", cur, "Monte Carlo standard error of `net_savings`", true),
       number_column("roi", cur + " per " + cur + " invested",
                     "return on investment: net savings per 1 invested"),
       number_column("roi_se", cur + " per " + cur + " invested",
                     "Monte Carlo standard error of `roi`"),
       WorkbookColumn{"payback_year", "calendar year",
                      "the first year in which cumulative savings reach the cumulative "
                      "investment (empty: not within the horizon)",
                      true, false}},
      {}};
  for (const auto& inc : r.increments)
    for (const auto& p : inc.by_perspective) {
      std::optional<double> payback;
      if (p.payback_year) payback = *p.payback_year;
      s.rows.push_back({Cell::of(inc.option), Cell::of(inc.comparator), Cell::of(p.perspective),
                        Cell::of(inc.investment), Cell::of(p.savings.value), Cell::of(p.savings.se),
                        Cell::of(p.net_savings.value), Cell::of(p.net_savings.se),
                        p.roi ? Cell::of(p.roi->value) : Cell{},
                        p.roi ? Cell::of(p.roi->se) : Cell{}, Cell::of(payback)});
    }
  return s;
}

// The run's cost-effectiveness: incremental cost and QALYs, ICER and NMB at each threshold.
WorkbookSheet cost_effectiveness_sheet(const RunResults& r) {
  const auto& cur = r.currency;
  WorkbookSheet s{
      "Cost-effectiveness",
      "summary.json (economics.increments)",
      fmt::format("Each option against the comparator: incremental cost ({} view, with the "
                  "investment) and QALYs, the ICER and the net monetary benefit at each threshold",
                  r.cost_effectiveness_view.empty() ? "NHS and PSS" : r.cost_effectiveness_view),
      {text_column("option", "the option"), text_column("comparator", "the option compared with"),
       number_column("incremental_cost", cur, "extra cost, with the investment", true),
       number_column("incremental_cost_se", cur, "Monte Carlo standard error", true),
       number_column("incremental_qalys", "QALYs", "QALYs gained"),
       number_column("incremental_qalys_se", "QALYs", "Monte Carlo standard error"),
       number_column("icer", cur + " per QALY",
                     "incremental cost-effectiveness ratio (empty: not defined)", true),
       text_column("icer_text", "the ICER in words where a number says too little")},
      {}};
  for (const double w : r.thresholds) {
    s.columns.push_back(
        number_column(fmt::format("nmb_at_{:.0f}", w), cur,
                      fmt::format("net monetary benefit at {:.0f} {} per QALY", w, cur), true));
    s.columns.push_back(
        number_column(fmt::format("nmb_at_{:.0f}_se", w), cur, "Monte Carlo standard error", true));
  }
  for (const auto& inc : r.increments) {
    auto& row = s.rows.emplace_back();
    row = {Cell::of(inc.option),  Cell::of(inc.comparator),  Cell::of(inc.cost.value),
           Cell::of(inc.cost.se), Cell::of(inc.qalys.value), Cell::of(inc.qalys.se),
           Cell::of(inc.icer),    Cell::of(inc.icer_text)};
    for (const double w : r.thresholds) {
      const auto it = inc.nmb.find(w);
      row.push_back(it == inc.nmb.end() ? Cell{} : Cell::of(it->second.value));
      row.push_back(it == inc.nmb.end() ? Cell{} : Cell::of(it->second.se));
    }
  }
  return s;
}

// staffing_by_area.csv with each area's births a year after its name.
WorkbookSheet by_area_sheet(const RunResults& r, const Codebook& codebook) {
  auto s = csv_sheet(*r.staffing_by_area, "staffing_by_area.csv", codebook, r.currency, "By area",
                     "Specialist and health-visitor staffing by option, area and year, with each "
                     "area's births a year");
  std::size_t at = 0;
  while (at < s.columns.size() && s.columns[at].name != "area_name") ++at;
  if (at == s.columns.size() || r.area_births.empty()) return s;
  s.source += " and the areas table in tables/ (births)";
  s.columns.insert(s.columns.begin() + static_cast<std::ptrdiff_t>(at + 1),
                   WorkbookColumn{"births", "births a year",
                                  "births a year in the area, from the scenario's areas table "
                                  "(merged areas: their sum)",
                                  true, false});
  const auto& t = *r.staffing_by_area;
  for (std::size_t i = 0; i < s.rows.size(); ++i) {
    const auto b = r.area_births.find(cell_text(t, i, "area_code"));
    s.rows[i].insert(s.rows[i].begin() + static_cast<std::ptrdiff_t>(at + 1),
                     b == r.area_births.end() ? Cell{} : Cell::of(b->second));
  }
  return s;
}

}  // namespace

std::vector<WorkbookSheet> run_sheets(const RunResults& r, const Codebook& codebook) {
  std::vector<WorkbookSheet> sheets;
  const auto& cur = r.currency;
  if (!r.choices.empty())
    sheets.push_back(
        decision_sheet(r.choices, cur, "summary.json (frontier.optimal_margin)", [](const auto& c) {
          return std::pair{c.lead ? std::optional<double>(c.lead->value) : std::nullopt,
                           c.lead ? std::optional<double>(c.lead->se) : std::nullopt};
        }));
  add_table(sheets, r.frontier_table, "frontier.csv", codebook, cur, "Headline by option",
            "Each option's cost and effect (QALYs) with their standard errors and its place on "
            "the efficiency frontier");
  if (!r.increments.empty()) {
    sheets.push_back(economics_sheet(r));
    sheets.push_back(cost_effectiveness_sheet(r));
  }
  add_table(sheets, r.budget_impact, "budget_impact.csv", codebook, cur, "Budget impact",
            "Budget by option, payer and year (first five years, undiscounted), levels and "
            "increments");
  add_table(sheets, r.payback, "payback.csv", codebook, cur, "Payback",
            "Cumulative extra investment against cumulative savings by option, perspective and "
            "year");
  add_table(sheets, r.staffing, "staffing.csv", codebook, cur, "Staffing",
            "Specialist and health-visitor staffing by option and year, over all areas, against "
            "the WHO WISN requirement");
  if (r.staffing_by_area) sheets.push_back(by_area_sheet(r, codebook));
  add_table(sheets, r.funnel, "funnel.csv", codebook, cur, "Funnel",
            "Dyads reaching each stage of care by option: born, ill, identified, started care, "
            "recovered");
  return sheets;
}

std::vector<WorkbookSheet> psa_sheets(const PsaResults& r, const Codebook& codebook) {
  std::vector<WorkbookSheet> sheets;
  const auto& cur = r.currency;
  sheets.push_back(csv_sheet(r.ceac, "ceac.csv", codebook, cur, "CEAC",
                             "Probability of each option being cost-effective at each "
                             "willingness to pay, the frontier, expected NMB and EVPI"));
  if (!r.evppi.empty()) {
    WorkbookSheet s{
        "EVPPI",
        r.evppi_file,
        "Expected value of partial perfect information of each parameter group, per " + r.per +
            " and for the population",
        {text_column("group", "the parameter group"),
         text_column("parameters", "the parameters in the group"),
         number_column("wtp", cur + " per QALY", "willingness to pay for one QALY", true),
         number_column("evppi", cur + " per " + r.per, "EVPPI per " + r.per),
         number_column("evppi_se", cur + " per " + r.per, "Monte Carlo standard error"),
         number_column("evppi_population", cur,
                       "EVPPI for the population over the decision's years (empty: no "
                       "population given)",
                       true)},
        {}};
    for (const auto& e : r.evppi)
      s.rows.push_back({Cell::of(e.group), Cell::of(e.parameters), Cell::of(e.wtp),
                        Cell::of(e.value), Cell::of(e.se), Cell::of(e.population)});
    sheets.push_back(std::move(s));
  }
  sheets.push_back(csv_sheet(r.convergence, "convergence.csv", codebook, cur, "Convergence",
                             "The running mean of each headline increment with its 95% interval "
                             "as iterations accumulate"));
  return sheets;
}

std::vector<WorkbookSheet> dsa_sheets(const DsaResults& r, const Codebook& codebook) {
  std::vector<WorkbookSheet> sheets;
  const auto& cur = r.currency;
  add_table(sheets, r.tornado, "tornado.csv", codebook, cur, "Tornado",
            "The outcome at each end of each parameter's range, widest swing first");
  add_table(sheets, r.two_way, "two_way.csv", codebook, cur, "Two-way",
            "The outcome at each point of a grid of two parameters");
  add_table(sheets, r.threshold, "threshold.csv", codebook, cur, "Threshold",
            "The value of a parameter at which the outcome crosses zero");
  return sheets;
}

std::vector<WorkbookSheet> plan_sheets(const PlanResults& r, const Codebook& codebook) {
  std::vector<WorkbookSheet> sheets;
  const auto& cur = r.currency;
  add_table(sheets, r.plan, "plan.csv", codebook, cur, "Plan",
            "The specialist staffing of each area that meets the target, its cost and what it "
            "achieves");
  if (!r.reconciliation.empty()) {
    WorkbookSheet s{
        "Reconciliation",
        "plan.json (reconciliation)",
        "Each planning question and the specialist staffing it asks for",
        {text_column("question", "the planning question"),
         number_column("total_wte", "WTE", "specialist WTE over all areas"),
         number_column("annual_post_cost", cur + " a year", "the posts' annual cost", true)},
        {}};
    for (const auto& q : r.reconciliation)
      s.rows.push_back({Cell::of(q.question), Cell::of(q.total_wte), Cell::of(q.annual_post_cost)});
    sheets.push_back(std::move(s));
  }
  add_table(sheets, r.dose_response, "dose_response.csv", codebook, cur, "Dose-response",
            "Each measure at each staffing level of the sweep, with its standard error");
  return sheets;
}

std::vector<WorkbookSheet> compare_sheets(const CompareResults& r, const Codebook& codebook) {
  std::vector<WorkbookSheet> sheets;
  const auto& cur = r.currency;
  if (!r.choices.empty())
    sheets.push_back(
        decision_sheet(r.choices, cur, "comparison.json (decision)", [](const auto& c) {
          return std::pair{c.lead, c.lead_se};
        }));
  sheets.push_back(csv_sheet(r.headline, "headline.csv", codebook, cur, "Headline",
                             "Every headline figure of every option side by side"));
  sheets.push_back(csv_sheet(r.frontier, "frontier.csv", codebook, cur, "Frontier",
                             "Each option's cost and QALYs and its place on the efficiency "
                             "frontier"));
  return sheets;
}

}  // namespace pimhsim::output
