// The charts of a PSA's report (report_kinds.h), and the statistics they draw: the cloud of
// increments on the cost-effectiveness plane with its mean and the ellipse holding 95% of its draws
// (as bivariate normal), the acceptability curves with their frontier, the EVPI curve, the EVPPI
// ranked, and the convergence of the headline increments.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pimhsim/output/report_charts.h"
#include "pimhsim/output/report_kinds.h"

namespace pimhsim::output {

// One option's increments over the comparator, one point per iteration (ce_plane.csv), with their
// mean and sample covariance (divisor n - 1).
struct PlaneCloud {
  std::string option;
  std::vector<double> effect, cost;
  double mean_effect = 0, mean_cost = 0;
  double var_effect = 0, var_cost = 0, covariance = 0;
};
// Each compared option's cloud, in the order of r.options.
std::vector<PlaneCloud> plane_clouds(const PsaResults& r);

// The ellipse that holds `level` of a bivariate normal distribution with the cloud's mean and
// covariance, as `points` (effect, cost) points around it: the mean plus sqrt(q) L (cos t, sin t),
// L the Cholesky factor of the covariance and q = -2 ln(1 - level), the chi-squared quantile with
// two degrees of freedom (van Hout et al. 1994, "Costs, effects and C/E-ratios alongside a
// clinical trial", Health Economics 3:309-319; Briggs, Claxton and Sculpher 2006, "Decision
// Modelling for Health Economic Evaluation", ch. 5). Empty if the covariance is singular.
std::vector<std::pair<double, double>> confidence_ellipse(const PlaneCloud& cloud,
                                                          double level = 0.95, int points = 120);

// The share of iterations in which each option (r.options' order, the comparator first, its
// increment 0) has the highest net monetary benefit at `wtp`, from ce_plane.csv: the
// cost-effectiveness acceptability curve at `wtp` (Fenwick, Claxton and Sculpher 2001,
// "Representing uncertainty: the role of cost-effectiveness acceptability curves", Health Economics
// 10:779-787). A tie goes to the first option, as in the PSA itself.
std::vector<double> ceac_from_plane(const PsaResults& r, double wtp);

// The charts one by one: the plane of every option's increments, the acceptability curves with
// their frontier, and the EVPI curve (if ceac.csv has it).
ReportChart psa_ce_plane_chart(const PsaResults& r);
ReportChart psa_ceac_chart(const PsaResults& r);
std::optional<ReportChart> psa_evpi_chart(const PsaResults& r);

// The CE plane, the CEAC with its frontier, the EVPI curve, the EVPPI ranked (if the PSA has it)
// and the convergence of the headline increments.
std::vector<ReportChart> psa_charts(const PsaResults& r);

// The threshold the EVPPI ranking shows: the first of the decision's thresholds at which some
// group's EVPPI is above zero (else the first with EVPPI at all).
double evppi_threshold(const PsaResults& r);

// A willingness to pay as words: "20,000 GBP per QALY".
std::string psa_threshold_words(const PsaResults& r, double w);

// An EVPPI group's name for people: a group of one parameter (evppi's default) as that
// parameter's words (parameter_words), a named group as its name.
std::string evppi_group_words(const PsaResults& r, const PsaResults::Evppi& e);

// A headline figure's name for people: delta_cost_nhs_pss as "Incremental cost, NHS and PSS".
std::string figure_label(const std::string& figure);

}  // namespace pimhsim::output
