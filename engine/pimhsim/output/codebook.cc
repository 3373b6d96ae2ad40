#include "pimhsim/output/codebook.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/csv.h"

namespace pimhsim::output {
namespace {
namespace fs = std::filesystem;

// Every column the engine writes under a fixed name. File "*" is any file; a file pattern ending
// in `*` matches by prefix. The first match wins, so a file's own entry precedes the generic one.
const std::vector<ColumnDoc>& standard_columns() {
  static const std::vector<ColumnDoc> docs = {
      // -- results.csv: every measure of every option, and every increment ------------------------
      {"results.csv", "comparator", "text", "",
       "the option an increment is measured against (the first option)",
       "the row is an option's own level"},
      {"results.csv", "measure", "text", "",
       "the measure's name; summary.json's `measures` describes each"},
      {"results.csv", "unit", "text", "",
       "the unit of `mean` (per individual: per dyad for the pathway); `total` adds it up over the "
       "population, so a `share` becomes a count"},
      {"results.csv", "mean", "number", "see unit",
       "mean per individual; on an increment row, the mean paired difference from the comparator",
       "the measure is a total (see total)"},
      {"results.csv", "mean_se", "number", "see unit", "Monte Carlo standard error of `mean`",
       "the measure is a total, or only one individual was simulated"},
      {"results.csv", "n", "integer", "individuals",
       "individuals simulated over all replicates that the mean is taken over",
       "the measure is a total"},
      {"results.csv", "total", "number", "see unit",
       "the population total in one realisation: mean x n scaled to the whole population and one "
       "replicate; or the model's total for a total measure (staff cost, say)",
       "a mean that does not add up (weeks waited, say)"},
      {"results.csv", "total_se", "number", "see unit", "Monte Carlo standard error of `total`",
       "`total` is empty, or the measure is a total (no standard error is kept for totals)"},
      {"results.csv", "exact", "number", "see unit",
       "the value the model gives analytically, for validation", "the model has no exact value"},
      {"*", "year_basis", "text", "",
       "what `year` means for the row's measure: `exit`, the year the dyad's 1001 days ended (its "
       "figures count in that year, so years run up to two past the horizon); `calendar`, the "
       "calendar year an amount was spent in; `horizon`, a whole-horizon figure (no year)"},
      {"*", "cycle_basis", "text", "",
       "`cycle` for a figure by model cycle, `horizon` for a whole-horizon figure (no cycle)"},
      {"*", "period_basis", "text", "",
       "what the period counts for the row's measure; `horizon` for a whole-horizon figure"},
      {"results.csv", "year", "integer", "calendar year", "the year (see year_basis)",
       "a whole-horizon figure"},
      {"by_area.csv", "year", "integer", "calendar year", "the year (see year_basis)",
       "a whole-horizon figure"},
      {"*", "cycle", "integer", "cycle", "the model cycle, from 0", "a whole-horizon figure"},
      {"*", "period", "integer", "period", "the model period, from 0", "a whole-horizon figure"},
      // -- by_area.csv ---------------------------------------------------------------------------
      {"by_area.csv", "measure", "text", "", "the measure (as in results.csv)"},
      {"by_area.csv", "unit", "text", "", "the measure's unit per individual (as in results.csv)"},
      {"by_area.csv", "total", "number", "see unit",
       "the area's population total in one realisation (as results.csv's total)"},
      {"by_area.csv", "total_se", "number", "see unit", "Monte Carlo standard error of `total`",
       "a total measure (no standard error is kept for totals)"},
      // -- staffing.csv (over all areas) and staffing_by_area.csv --------------------------------
      {"staffing*", "year", "integer", "calendar year", "the year of the horizon"},
      {"staffing*", "funded_wte", "number", "WTE",
       "specialist health-visitor posts funded, mean over the year's months"},
      {"staffing*", "in_post_wte", "number", "WTE",
       "specialists in post (funded posts filled, after recruitment delay and attrition)"},
      {"staffing*", "effective_wte", "number", "WTE",
       "competent-equivalent specialist WTE (new starters count partly)"},
      {"staffing*", "clinical_wte", "number", "WTE", "effective specialist WTE on clinical work"},
      {"staffing*", "training_wte", "number", "WTE",
       "effective specialist WTE training and supporting health visitors"},
      {"staffing*", "hires_wte", "number", "WTE", "specialists recruited in the year"},
      {"staffing*", "leavers_wte", "number", "WTE", "specialists who left in the year"},
      {"staffing*", "caseload_places", "number", "places",
       "specialist caseload places, mean over the year's months"},
      {"staffing*", "hvs_trained", "number", "health visitors",
       "health visitors trained in perinatal and infant mental health by specialists in the year"},
      {"staffing*", "trained_share", "number", "share",
       "share of health-visitor WTE trained, mean over the year", "no health visitors"},
      {"staffing*", "hv_wte", "number", "WTE", "generic health-visitor WTE"},
      {"staffing*", "children_per_hv", "number", "children per WTE",
       "children on health-visitor caseloads per health-visitor WTE", "no health visitors"},
      {"staffing*", "children_per_hv_over_standard", "number", "ratio",
       "children_per_hv over the caseload standard (above 1: over the standard)",
       "no health visitors"},
      {"staffing*", "specialist_wisn_required_wte", "number", "WTE",
       "specialist WTE the year's workload requires (WHO Workload Indicators of Staffing Need)",
       "no specialist workload"},
      {"staffing*", "specialist_wisn_ratio", "number", "ratio",
       "specialists in post over required (below 1: a shortage)", "no specialist workload"},
      {"staffing*", "specialist_wisn_difference_wte", "number", "WTE",
       "specialists in post minus required (negative: a shortage)", "no specialist workload"},
      {"staffing*", "hv_wisn_required_wte", "number", "WTE",
       "health-visitor WTE the year's workload requires (WHO WISN)", "no health-visitor workload"},
      {"staffing*", "hv_wisn_ratio", "number", "ratio",
       "health visitors in post over required (below 1: a shortage)", "no health-visitor workload"},
      {"staffing*", "hv_wisn_difference_wte", "number", "WTE",
       "health visitors in post minus required (negative: a shortage)",
       "no health-visitor workload"},
      // -- funnel.csv, cost_of_illness.csv, budget_impact.csv -------------------------------------
      {"funnel.csv", "stage", "text", "",
       "born, ill (mother ill at any time), detected, treated (started any care), recovered (well "
       "again by the child's second birthday)"},
      {"funnel.csv", "dyads", "number", "dyads",
       "dyads whose 1001 days ended in the horizon and who reached the stage (population total)"},
      {"funnel.csv", "dyads_se", "number", "dyads", "Monte Carlo standard error of `dyads`"},
      {"funnel.csv", "share_of_born", "number", "share", "dyads over those born"},
      {"cost_of_illness.csv", "condition", "text", "",
       "the mother's condition (depression, anxiety, comorbid, ptsd, psychosis), or `all`"},
      {"cost_of_illness.csv", "person", "text", "", "mother, child, or both"},
      {"cost_of_illness.csv", "line", "text", "", "the long-term cost line, or `all`"},
      {"cost_of_illness.csv", "payer", "text", "",
       "who pays the line (`none`: no public budget), or `all`"},
      {"cost_of_illness.csv", "basis", "text", "",
       "undiscounted; present_value_at_birth (at the scenario's rate); or "
       "discounted_to_horizon_start"},
      {"cost_of_illness.csv", "cases", "integer", "cases",
       "the comparator's cases of the condition (population total over the horizon)"},
      {"cost_of_illness.csv", "births", "integer", "births",
       "births whose 1001 days ended in the horizon (population total)"},
      {"cost_of_illness.csv", "total", "number", "GBP", "long-term cost of those cases"},
      {"cost_of_illness.csv", "per_case", "number", "GBP", "total over cases", "no cases"},
      {"cost_of_illness.csv", "per_birth", "number", "GBP", "total over births", "no births"},
      {"budget_impact.csv", "payer", "text", "",
       "all_payers, criminal_justice, education, local_authority or nhs"},
      {"budget_impact.csv", "year", "integer", "calendar year",
       "the calendar year an amount falls in (the first five years of the horizon)"},
      {"budget_impact.csv", "estimate", "number", "GBP (undiscounted)",
       "amount falling on the payer in the year (population total); on an increment row, the "
       "option's minus the comparator's"},
      {"budget_impact.csv", "se", "number", "GBP (undiscounted)",
       "Monte Carlo standard error of `estimate`", "all_payers rows (not estimated)"},
      {"budget_impact.csv", "comparator", "text", "", "the option an increment is measured against",
       "the row is an option's own budget"},
      {"payback.csv", "perspective", "text", "", "nhs_pss, public_sector or societal"},
      {"payback.csv", "year", "integer", "calendar year",
       "the year the amounts fall in, from the horizon's start to the last year with any amount "
       "(long-term costs fall after the horizon)"},
      {"payback.csv", "investment", "number", "GBP (discounted at mid-year)",
       "extra investment (posts and training) of the option over the comparator in the year"},
      {"payback.csv", "savings", "number", "GBP (discounted at mid-year)",
       "the comparator's costs minus the option's in the year, before the investment (negative: "
       "the option costs more)"},
      {"payback.csv", "cumulative_investment", "number", "GBP (discounted at mid-year)",
       "investment summed from the horizon's start to the year"},
      {"payback.csv", "cumulative_savings", "number", "GBP (discounted at mid-year)",
       "savings summed from the horizon's start to the year"},
      {"payback.csv", "cumulative_net", "number", "GBP (discounted at mid-year)",
       "cumulative_savings minus cumulative_investment; the payback year is the first in which it "
       "is 0 or more"},
      // -- frontier.csv and comparison.csv: the incremental analysis -----------------------------
      {"*", "cost", "number", "currency (discounted)",
       "the option's cost in the incremental analysis: a population total for a model of areas, "
       "a mean per person for a cohort model",
       "the option has no cost and effect"},
      {"*", "cost_se", "number", "currency (discounted)", "Monte Carlo standard error of `cost`",
       "the option has no cost and effect"},
      {"*", "effect", "number", "QALY (discounted)", "the option's QALYs, on `cost`'s basis",
       "the option has no cost and effect"},
      {"*", "effect_se", "number", "QALY (discounted)", "Monte Carlo standard error of `effect`",
       "the option has no cost and effect"},
      {"*", "status", "text", "", "frontier, strongly dominated, extendedly dominated or identical",
       "the option is on no frontier (its file has its own: see comparison.json)"},
      {"*", "compared_with", "text", "", "the previous option on the frontier",
       "the first option on the frontier, or one off it"},
      {"*", "icer", "number", "currency per QALY",
       "incremental cost-effectiveness ratio against `compared_with`", "no step on the frontier"},
      {"frontier.csv", "dominated_by", "text", "", "the options that dominate it, `; ` between",
       "not dominated"},
      {"frontier.csv", "step_cost_se", "number", "currency",
       "paired Monte Carlo standard error of the step's cost difference",
       "no step, or options that cannot be paired"},
      {"frontier.csv", "step_effect_se", "number", "QALY",
       "paired Monte Carlo standard error of the step's effect difference",
       "no step, or options that cannot be paired"},
      {"frontier.csv", "icer_se", "number", "currency per QALY",
       "delta-method standard error of the ICER", "no step, or options that cannot be paired"},
      {"*", "scenario", "text", "",
       "the scenario that produced the row: its name (else its file name), the base file's for a "
       "variant"},
      {"*", "variant", "text", "",
       "the variant of the scenario (the scenario's `variant:`, set by --set variant=NAME or by "
       "compare --variant or --grid)",
       "the scenario as its file writes it"},
      {"headline.csv", "figure", "text", "", "the figure (as psa.csv names it; see description)"},
      {"headline.csv", "comparator", "text", "",
       "the option an increment figure is measured against",
       "a level (the figure is not an increment)"},
      {"headline.csv", "estimate", "number", "see description", "the figure's value",
       "undefined (an ROI without extra investment, a payback beyond the horizon)"},
      {"headline.csv", "se", "number", "see description", "its Monte Carlo standard error",
       "undefined, or not sampled (a payback year)"},
      {"headline.csv", "description", "text", "", "what the figure is, in the model's words"},
      {"comparison.csv", "label", "text", "",
       "`scenario: option` (a variant's scenario is `scenario, variant`), as frontier.csv and "
       "compared_with name the option"},
      // -- psa.csv, psa_parameters.csv, ce_plane.csv, ceac.csv, convergence.csv ------------------
      {"*", "iteration", "integer", "", "the PSA iteration (parameter draw), numbered from 1"},
      {"psa_parameters.csv", "*", "number", "the parameter's",
       "the value drawn in this iteration for the parameter the header names (scenario.resolved."
       "yaml gives its distribution)"},
      {"ce_plane.csv", "delta_cost", "number", "currency (discounted)",
       "the option's cost minus the comparator's in this iteration (psa.csv's cost figure)"},
      {"ce_plane.csv", "delta_effect", "number", "QALY (discounted)",
       "the option's QALYs minus the comparator's in this iteration"},
      {"*", "wtp", "number", "currency per QALY", "willingness to pay for one QALY"},
      {"ceac.csv", "probability_cost_effective", "number", "probability",
       "share of iterations in which the option's NMB exceeds the comparator's",
       "the comparator's own row"},
      {"ceac.csv", "probability_most_cost_effective", "number", "probability",
       "share of iterations in which the option has the highest NMB (the CEAC)"},
      {"ceac.csv", "on_frontier", "boolean", "",
       "whether the option has the highest expected NMB (the acceptability frontier, CEAF)"},
      {"ceac.csv", "expected_nmb_per_*_se", "number", "currency",
       "Monte Carlo standard error of the expected NMB"},
      {"ceac.csv", "expected_nmb_per_*", "number", "currency",
       "expected net monetary benefit per person (per birth for a model of births)"},
      {"ceac.csv", "evpi_per_*_se", "number", "currency", "Monte Carlo standard error of the EVPI"},
      {"ceac.csv", "evpi_per_*", "number", "currency",
       "expected value of perfect information per person (per birth for a model of births)"},
      {"ceac.csv", "evpi_population", "number", "currency",
       "EVPI for the population affected over the decision's years", "no population given"},
      {"convergence.csv", "iterations", "integer", "", "iterations taken so far, from 1"},
      {"convergence.csv", "figure", "text", "", "the traced figure (a column of psa.csv)"},
      {"convergence.csv", "estimate", "number", "the figure's",
       "running mean of the figure over the first `iterations` iterations"},
      {"convergence.csv", "se", "number", "the figure's", "standard error of the running mean",
       "one iteration"},
      {"convergence.csv", "lower", "number", "the figure's",
       "lower end of the normal 95% interval of the running mean", "one iteration"},
      {"convergence.csv", "upper", "number", "the figure's",
       "upper end of the normal 95% interval of the running mean", "one iteration"},
      // -- evppi.csv ------------------------------------------------------------------------------
      {"evppi.csv", "group", "text", "", "the parameter group's name"},
      {"evppi.csv", "parameters", "text", "", "the group's parameters, `;` between"},
      {"evppi.csv", "evppi", "number", "currency",
       "expected value of partial perfect information per person (per birth)"},
      {"evppi.csv", "evppi_se", "number", "currency", "standard error of `evppi`"},
      {"evppi.csv", "evppi_se_regression", "number", "currency",
       "the part of `evppi_se` from the regression fit", "the method gives none"},
      {"evppi.csv", "evppi_se_sampling", "number", "currency",
       "the part of `evppi_se` from sampling the iterations", "the method gives none"},
      {"evppi.csv", "evpi", "number", "currency", "EVPI per person (per birth) at this WTP"},
      {"evppi.csv", "share_of_evpi", "number", "share", "evppi over evpi", "EVPI is 0"},
      {"evppi.csv", "rank", "integer", "", "the group's rank by EVPPI at this WTP (1: highest)"},
      {"evppi.csv", "method", "text", "", "the regression used (as BCEA and SAVI name them)"},
      {"evppi.csv", "r_squared", "number", "", "R² of the fit (below 0.05: noise)",
       "not defined for the method"},
      // -- tornado.csv, two_way.csv, threshold.csv -----------------------------------------------
      {"tornado.csv", "rank", "integer", "",
       "rank by swing (1: the widest), after the rows whose outcome is not defined at an end"},
      {"*", "parameter", "text", "", "the parameter varied"},
      {"tornado.csv", "low", "number", "the parameter's", "the low end of its range"},
      {"tornado.csv", "high", "number", "the parameter's", "the high end of its range"},
      {"tornado.csv", "low_source", "text", "",
       "where the low end comes from: `bound`, `95% interval` (a distribution's quantile) or "
       "`base` (no bound or distribution on that side: the base value)"},
      {"tornado.csv", "high_source", "text", "", "where the high end comes from"},
      {"*", "outcome_at_low", "number", "the outcome's", "the DSA's outcome at the low end"},
      {"*", "outcome_at_high", "number", "the outcome's", "the DSA's outcome at the high end"},
      {"*", "swing", "number", "the outcome's", "|outcome_at_high - outcome_at_low|"},
      {"*", "outcome_at_base", "number", "the outcome's", "the outcome at base-case values"},
      {"two_way.csv", "x_parameter", "text", "", "the parameter along the grid's first axis"},
      {"two_way.csv", "x", "number", "the parameter's", "its value"},
      {"two_way.csv", "y_parameter", "text", "", "the parameter along the second axis"},
      {"two_way.csv", "y", "number", "the parameter's", "its value"},
      {"*", "outcome", "number", "the outcome's",
       "the DSA's outcome (dsa_summary.json names it and its unit)", "undefined there"},
      {"threshold.csv", "low", "number", "the parameter's", "the low end of the range searched"},
      {"threshold.csv", "high", "number", "the parameter's", "the high end of the range searched"},
      {"threshold.csv", "threshold", "number", "the parameter's",
       "a value at which the outcome crosses zero", "none in the range (in_range false)"},
      {"threshold.csv", "in_range", "boolean", "", "whether the range holds a crossing"},
      // -- plan.csv and dose_response.csv ---------------------------------------------------------
      {"plan.csv", "births", "number", "births a year", "the area's live births a year"},
      {"plan.csv", "wte", "number", "WTE", "funded specialist WTE the plan gives the area"},
      {"plan.csv", "wte_se", "number", "WTE", "how far Monte Carlo noise can move `wte`",
       "no slope to measure it by"},
      {"plan.csv", "annual_post_cost", "number", "currency a year", "cost of the area's posts"},
      {"plan.csv", "measure", "number", "the target's",
       "the target's measure in the area at the plan's staffing", "no target"},
      {"plan.csv", "measure_se", "number", "the target's", "Monte Carlo standard error",
       "no target"},
      {"plan.csv", "target_met", "boolean", "", "whether the area meets the target"},
      {"plan.csv", "met_beyond_2se", "boolean", "", "met by more than two standard errors"},
      {"plan.csv", "reachable", "boolean", "", "whether the target is met anywhere in the search"},
      {"plan.csv", "best_reachable_wte", "number", "WTE",
       "staffing of the best value in the search", "the target is reachable"},
      {"dose_response.csv", "x", "number", "see x_unit", "the staffing swept"},
      {"dose_response.csv", "x_unit", "text", "", "what x counts"},
      {"dose_response.csv", "total_wte", "number", "WTE", "funded specialist WTE over all areas"},
      {"dose_response.csv", "annual_post_cost", "number", "currency a year",
       "cost of the posts over all areas"},
      {"dose_response.csv", "measure", "text", "", "the measure (as a plan's targets name it)"},
      {"dose_response.csv", "unit", "text", "", "the measure's unit"},
      {"dose_response.csv", "estimate", "number", "see unit", "the measure at this staffing",
       "undefined there"},
      {"dose_response.csv", "se", "number", "see unit", "Monte Carlo standard error",
       "undefined there"},
      // -- any file
      // --------------------------------------------------------------------------------
      {"*", "option", "text", "", "the investment option (its name in the scenario)"},
      {"*", "comparator", "text", "", "the option the increment is measured against"},
      {"*", "area_code", "text", "", "the area's ONS code (upper-tier local authority)"},
      {"*", "area_name", "text", "", "the area's name", "the input table gives none"},
      {"*", "measure", "text", "", "the measure's name"},
      {"*tables/*", "region", "text", "", "the area's region", "the input table gives none"},
      {"*tables/*", "year", "integer", "calendar year", "the year of the figures"},
      {"*tables/*", "source", "text", "", "where the figures come from"},
      {"*tables/*", "*", "text", "",
       "a column of the input table the model does not read, as given"},
  };
  return docs;
}

// A name against a shell pattern (`*` any text, `/` included).
bool matches(const std::string& pattern, const std::string& name) {
  return fnmatch(pattern.c_str(), name.c_str(), 0) == 0;
}

// The header of a CSV file, by the engine's own strict reader.
std::vector<std::string> header_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string line;
  std::getline(in, line);
  scenario::Diagnostics d;
  const auto table = scenario::parse_csv(line + "\n", file.string(), d);
  if (!table) throw std::logic_error("cannot read the header of " + file.string());
  return table->header;
}

}  // namespace

std::string codebook_csv(const fs::path& dir, const std::vector<ColumnDoc>& extra) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".csv" &&
        e.path().filename() != "columns.csv")
      files.push_back(fs::relative(e.path(), dir).generic_string());
  std::sort(files.begin(), files.end());
  core::CsvTable table({"file", "column", "type", "unit", "meaning", "empty_when"});
  const auto& standard = standard_columns();
  for (const auto& file : files) {
    for (const auto& column : header_of(dir / file)) {
      const ColumnDoc* doc = nullptr;
      // A file's own entries, then any file's, then the file's wildcard.
      for (const auto* list : {&extra, &standard})
        for (const auto& d : *list)
          if (!doc && d.column != "*" && d.file != "*" && matches(d.file, file) &&
              matches(d.column, column))
            doc = &d;
      // (An earlier codebook's rows, given as `extra`, name files and columns exactly.)
      for (const auto& d : standard)
        if (!doc && d.file == "*" && d.column == column) doc = &d;
      for (const auto* list : {&extra, &standard})
        for (const auto& d : *list)
          if (!doc && d.column == "*" && matches(d.file, file)) doc = &d;
      if (!doc)
        throw std::logic_error(fmt::format("{}: column `{}` has no codebook entry", file, column));
      table.row()
          .text(file)
          .text(column)
          .text(doc->type)
          .text(doc->unit)
          .text(doc->meaning)
          .text(doc->empty_when.empty() ? "never" : doc->empty_when)
          .end();
    }
  }
  return table.text();
}

void write_codebook(AtomicDirectory& dir, const std::vector<ColumnDoc>& extra) {
  dir.write("columns.csv", codebook_csv(dir.pending(""), extra));
}

void update_codebook(const fs::path& dir) {
  std::vector<ColumnDoc> known;
  if (fs::exists(dir / "columns.csv")) {
    std::ifstream in(dir / "columns.csv", std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    scenario::Diagnostics d;
    if (const auto t = scenario::parse_csv(std::move(text), "columns.csv", d))
      for (const auto& r : t->rows)
        if (r.size() == 6)
          known.push_back({r[0], r[1], r[2], r[3], r[4], r[5] == "never" ? "" : r[5]});
  }
  const std::string text = codebook_csv(dir, known);
  const fs::path tmp = dir / ".columns.csv.tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, dir / "columns.csv");
}

std::vector<ColumnDoc> scenario_columns(const scenario::Scenario& s) {
  std::vector<ColumnDoc> out;
  const auto* spec = models::spec_of(s.model);
  if (!spec) return out;
  for (const auto& t : s.tables)
    for (const auto& c : spec->area_columns)
      out.push_back({t.copy, c.name, "number", "", c.expected, c.required ? "" : "not given"});
  return out;
}

}  // namespace pimhsim::output
