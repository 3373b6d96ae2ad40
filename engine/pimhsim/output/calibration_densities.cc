// calibration_densities.csv (calibration_writer.h): each fitted parameter's prior and posterior
// densities on a grid, for the report's prior-versus-posterior chart.
//
// The posterior density is a weighted Gaussian kernel estimate on the prior's normal-score scale
// z = Phi^-1(F(theta)) (where the sampler works and the prior is a standard normal), with
// Silverman's bandwidth 1.06 sd ESS^(-1/5) (Silverman 1986, Density estimation for statistics and
// data analysis, section 3.4.2) computed from the weighted SD and the effective sample size, and
// carried to the parameter's own scale by the change of variables
// f(theta) = g(z) f_prior(theta) / phi(z): it stays inside the parameter's support (a probability
// in [0, 1]) and integrates to 1 as the kernel estimate does.
#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numbers>

#include "pimhsim/core/csv_table.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/output/calibration_writer.h"

namespace pimhsim::output {
namespace {

constexpr int kGridPoints = 121;
constexpr double kEdge = 1e-12;  // probabilities kept this far from 0 and 1
using core::kNaN;

}  // namespace

std::string calibration_densities_csv(const analysis::CalibrationProblem& p,
                                      const analysis::CalibrationResult& r) {
  const boost::math::normal_distribution<> phi;
  const bool posterior = r.method == analysis::CalibrationMethod::kImis && r.sample.rows() > 0;
  core::CsvTable table({"parameter", "x", "prior_density", "posterior_density"});
  for (std::size_t j = 0; j < p.dimensions(); ++j) {
    const auto& prior = p.parameters()[j].prior;
    if (prior.family() == core::Family::kFixed) continue;  // a share its Dirichlet fixes at 0
    const auto score = [&](double x) {
      return boost::math::quantile(phi, std::clamp(prior.cdf(x), kEdge, 1 - kEdge));
    };
    // The sample on the normal-score scale, its weighted mean and SD, and the bandwidth.
    std::vector<double> z;
    double mean = 0, var = 0;
    if (posterior) {
      for (Eigen::Index i = 0; i < r.sample.rows(); ++i)
        z.push_back(score(r.sample(i, static_cast<Eigen::Index>(j))));
      for (std::size_t i = 0; i < z.size(); ++i) mean += r.weights[i] * z[i];
      for (std::size_t i = 0; i < z.size(); ++i)
        var += r.weights[i] * (z[i] - mean) * (z[i] - mean);
    }
    const double sd = std::sqrt(var);
    const double h = std::max(1.06 * sd * std::pow(std::max(r.ess, 1.0), -0.2), 1e-3);
    // The grid spans the prior's 0.1% to 99.9% quantiles, and the posterior's bulk if it is
    // beyond them.
    double lo = -3.09, hi = 3.09;
    if (posterior) {
      lo = std::min(lo, mean - 4 * sd);
      hi = std::max(hi, mean + 4 * sd);
    }
    for (int k = 0; k < kGridPoints; ++k) {
      const double zk = lo + (hi - lo) * k / (kGridPoints - 1);
      const double x = prior.quantile(std::clamp(boost::math::cdf(phi, zk), kEdge, 1 - kEdge));
      const double f = prior.pdf(x);
      auto row = table.row();
      row.text(p.parameters()[j].name).number(x).number(std::isfinite(f) ? f : kNaN);
      if (posterior) {
        double g = 0;
        for (std::size_t i = 0; i < z.size(); ++i)
          if (r.weights[i] > 0) {
            const double u = (zk - z[i]) / h;
            g += r.weights[i] * std::exp(-0.5 * u * u);
          }
        g /= h * std::sqrt(2 * std::numbers::pi);
        const double post = g * f / boost::math::pdf(phi, zk);
        row.number(std::isfinite(post) ? post : kNaN);
      } else {
        row.empty();
      }
      row.end();
    }
  }
  return table.text();
}

}  // namespace pimhsim::output
