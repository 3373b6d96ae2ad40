#include "pimhsim/analysis/decision.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "pimhsim/core/special_values.h"

namespace pimhsim::analysis {
namespace {

using core::kNaN;

void check_finite(const Eigen::Ref<const Eigen::MatrixXd>& m, std::string_view what) {
  for (Eigen::Index j = 0; j < m.cols(); ++j)
    for (Eigen::Index i = 0; i < m.rows(); ++i)
      if (!std::isfinite(m(i, j)))
        throw std::invalid_argument(fmt::format(
            "{}: the value at iteration {}, option {} is {}; PSA samples must be finite numbers",
            what, i, j, m(i, j)));
}

void check_samples(const Eigen::Ref<const Eigen::MatrixXd>& m, std::string_view what) {
  if (m.rows() < 1 || m.cols() < 2)
    throw std::invalid_argument(fmt::format(
        "{}: {} x {} matrix; PSA samples need at least one iteration (row) and two options "
        "(columns)",
        what, m.rows(), m.cols()));
  check_finite(m, what);
}

void check_pair(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                const Eigen::Ref<const Eigen::MatrixXd>& effects) {
  if (costs.rows() != effects.rows() || costs.cols() != effects.cols())
    throw std::invalid_argument(
        fmt::format("costs are {} x {} but effects are {} x {}; both must be iterations x options",
                    costs.rows(), costs.cols(), effects.rows(), effects.cols()));
  check_samples(costs, "costs");
  check_samples(effects, "effects");
}

void check_wtp(double wtp) {
  if (!std::isfinite(wtp) || wtp < 0.0)
    throw std::invalid_argument(fmt::format(
        "threshold {} is not a willingness to pay: it must be a finite number >= 0 (per QALY)",
        wtp));
}

std::vector<double> sorted_copy(const Eigen::Ref<const Eigen::VectorXd>& x) {
  std::vector<double> v(x.data(), x.data() + x.size());
  std::sort(v.begin(), v.end());
  return v;
}

double sorted_quantile(const std::vector<double>& v, double p) {
  const double h = static_cast<double>(v.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= v.size()) return v.back();
  return v[lo] + (h - static_cast<double>(lo)) * (v[lo + 1] - v[lo]);
}

void check_vector(const Eigen::Ref<const Eigen::VectorXd>& x) {
  if (x.size() == 0) throw std::invalid_argument("cannot summarise an empty sample");
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if (!std::isfinite(x[i]))
      throw std::invalid_argument(
          fmt::format("sample value {} is {}; it must be a finite number", i, x[i]));
}

// The first index of the largest value in row i.
Eigen::Index row_argmax(const Eigen::Ref<const Eigen::MatrixXd>& m, Eigen::Index i) {
  Eigen::Index best = 0;
  for (Eigen::Index k = 1; k < m.cols(); ++k)
    if (m(i, k) > m(i, best)) best = k;
  return best;
}

Summary zero_summary() {
  return Summary{};
}

}  // namespace

void check_reference_option(std::size_t reference, Eigen::Index options) {
  if (reference >= static_cast<std::size_t>(options))
    throw std::invalid_argument(
        fmt::format("reference option {} is out of range: there are {} options (0 to {})",
                    reference, options, options - 1));
}

Summary summarise(const Eigen::Ref<const Eigen::VectorXd>& x) {
  check_vector(x);
  const std::vector<double> v = sorted_copy(x);
  const double n = static_cast<double>(x.size());
  Summary s;
  s.mean = x.mean();
  s.median = sorted_quantile(v, 0.5);
  s.lower = sorted_quantile(v, 0.025);
  s.upper = sorted_quantile(v, 0.975);
  if (x.size() > 1) {
    const double ss = (x.array() - s.mean).square().sum();
    s.standard_error = std::sqrt(ss / (n - 1.0) / n);
  } else {
    s.standard_error = std::numeric_limits<double>::quiet_NaN();  // one value: no estimate
  }
  return s;
}

double quantile(const Eigen::Ref<const Eigen::VectorXd>& x, double p) {
  check_vector(x);
  if (!(p >= 0.0 && p <= 1.0))
    throw std::invalid_argument(fmt::format("quantile probability {} is outside [0, 1]", p));
  return sorted_quantile(sorted_copy(x), p);
}

Eigen::MatrixXd net_monetary_benefit(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                     const Eigen::Ref<const Eigen::MatrixXd>& effects, double wtp) {
  check_pair(costs, effects);
  check_wtp(wtp);
  return wtp * effects - costs;
}

CePlane ce_plane(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                 const Eigen::Ref<const Eigen::MatrixXd>& effects, std::size_t reference) {
  check_pair(costs, effects);
  check_reference_option(reference, costs.cols());
  const auto r = static_cast<Eigen::Index>(reference);
  CePlane plane;
  plane.delta_cost = costs.colwise() - costs.col(r);
  plane.delta_effect = effects.colwise() - effects.col(r);
  return plane;
}

std::vector<OptionSummary> summarise_options(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                             const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                             std::size_t reference) {
  const CePlane plane = ce_plane(costs, effects, reference);
  std::vector<OptionSummary> out(static_cast<std::size_t>(costs.cols()));
  for (Eigen::Index k = 0; k < costs.cols(); ++k) {
    OptionSummary& o = out[static_cast<std::size_t>(k)];
    o.cost = summarise(costs.col(k));
    o.effect = summarise(effects.col(k));
    if (static_cast<std::size_t>(k) == reference) {
      o.delta_cost = o.delta_effect = zero_summary();
      o.probability_cost_saving = kNaN;
      continue;
    }
    o.delta_cost = summarise(plane.delta_cost.col(k));
    o.delta_effect = summarise(plane.delta_effect.col(k));
    o.probability_cost_saving = (plane.delta_cost.col(k).array() < 0.0).cast<double>().mean();
  }
  return out;
}

std::vector<double> probability_cost_effective(const Eigen::Ref<const Eigen::MatrixXd>& nmb,
                                               std::size_t reference) {
  check_samples(nmb, "net monetary benefit");
  check_reference_option(reference, nmb.cols());
  const auto r = static_cast<Eigen::Index>(reference);
  std::vector<double> out(static_cast<std::size_t>(nmb.cols()), kNaN);
  for (Eigen::Index k = 0; k < nmb.cols(); ++k) {
    if (k == r) continue;
    out[static_cast<std::size_t>(k)] =
        ((nmb.col(k) - nmb.col(r)).array() > 0.0).cast<double>().mean();
  }
  return out;
}

std::vector<double> probability_most_cost_effective(const Eigen::Ref<const Eigen::MatrixXd>& nmb) {
  check_samples(nmb, "net monetary benefit");
  std::vector<double> counts(static_cast<std::size_t>(nmb.cols()), 0.0);
  for (Eigen::Index i = 0; i < nmb.rows(); ++i)
    counts[static_cast<std::size_t>(row_argmax(nmb, i))] += 1.0;
  for (double& c : counts) c /= static_cast<double>(nmb.rows());
  return counts;
}

std::size_t optimal_option(const Eigen::Ref<const Eigen::MatrixXd>& nmb) {
  check_samples(nmb, "net monetary benefit");
  const Eigen::RowVectorXd means = nmb.colwise().mean();
  return static_cast<std::size_t>(row_argmax(means, 0));
}

Evpi evpi(const Eigen::Ref<const Eigen::MatrixXd>& nmb) {
  const std::size_t best = optimal_option(nmb);
  // The opportunity loss of choosing `best` in each iteration. Its mean equals
  // mean(max) - max(mean) exactly, and is >= 0 term by term, so the estimate cannot be negative.
  const Eigen::VectorXd loss = nmb.rowwise().maxCoeff() - nmb.col(static_cast<Eigen::Index>(best));
  Evpi out;
  out.optimal_option = best;
  out.per_person = loss.mean();
  const double n = static_cast<double>(nmb.rows());
  out.standard_error =
      nmb.rows() > 1
          ? std::sqrt((loss.array() - out.per_person).square().sum() / (n - 1.0) / n)
          : std::numeric_limits<double>::quiet_NaN();  // one draw: no estimate of its error
  return out;
}

double annuity_factor(std::size_t horizon_years, double discount_rate) {
  if (!std::isfinite(discount_rate) || discount_rate <= -1.0)
    throw std::invalid_argument(fmt::format(
        "discount rate {} must be a finite number above -1 (0.035 for 3.5%)", discount_rate));
  double sum = 0.0;
  for (std::size_t t = 0; t < horizon_years; ++t)
    sum += std::pow(1.0 + discount_rate, -static_cast<double>(t));
  return sum;
}

double annuity_factor(std::size_t horizon_years, const core::DiscountSchedule& schedule) {
  double sum = 0.0;
  for (std::size_t t = 0; t < horizon_years; ++t) sum += schedule.factor(static_cast<double>(t));
  return sum;
}

namespace {
void check_population(double per_person, double annual_population) {
  if (!std::isfinite(per_person) || per_person < 0.0)
    throw std::invalid_argument(
        fmt::format("per-person EVPI {} must be a finite number >= 0", per_person));
  if (!std::isfinite(annual_population) || annual_population < 0.0)
    throw std::invalid_argument(
        fmt::format("annual population {} must be a finite number >= 0", annual_population));
}
}  // namespace

double population_evpi(double per_person, double annual_population, std::size_t horizon_years,
                       double discount_rate) {
  check_population(per_person, annual_population);
  return per_person * annual_population * annuity_factor(horizon_years, discount_rate);
}

double population_evpi(double per_person, double annual_population, std::size_t horizon_years,
                       const core::DiscountSchedule& schedule) {
  check_population(per_person, annual_population);
  return per_person * annual_population * annuity_factor(horizon_years, schedule);
}

DecisionAnalysis analyse_decision(const Eigen::Ref<const Eigen::MatrixXd>& costs,
                                  const Eigen::Ref<const Eigen::MatrixXd>& effects,
                                  const std::vector<double>& thresholds, std::size_t reference) {
  check_pair(costs, effects);
  check_reference_option(reference, costs.cols());
  if (thresholds.empty())
    throw std::invalid_argument("no thresholds: give at least one willingness to pay per QALY");
  for (double wtp : thresholds) check_wtp(wtp);

  DecisionAnalysis out;
  out.iterations = static_cast<std::size_t>(costs.rows());
  out.options = static_cast<std::size_t>(costs.cols());
  out.reference = reference;
  out.summaries = summarise_options(costs, effects, reference);

  const auto r = static_cast<Eigen::Index>(reference);
  for (double wtp : thresholds) {
    const Eigen::MatrixXd nmb = wtp * effects - costs;
    ThresholdAnalysis t;
    t.wtp = wtp;
    for (Eigen::Index k = 0; k < nmb.cols(); ++k) {
      t.nmb.push_back(summarise(nmb.col(k)));
      t.delta_nmb.push_back(k == r ? zero_summary() : summarise(nmb.col(k) - nmb.col(r)));
    }
    t.probability_cost_effective = probability_cost_effective(nmb, reference);
    t.probability_most_cost_effective = probability_most_cost_effective(nmb);
    const Evpi e = evpi(nmb);
    t.optimal_option = e.optimal_option;
    t.frontier_probability = t.probability_most_cost_effective[e.optimal_option];
    t.evpi = e.per_person;
    t.evpi_standard_error = e.standard_error;
    out.thresholds.push_back(std::move(t));
  }
  return out;
}

}  // namespace pimhsim::analysis
