#include "pimhsim/analysis/psa_evppi.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "pimhsim/analysis/decision.h"
#include "pimhsim/analysis/evppi.h"
#include "pimhsim/analysis/psa_internal.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/core/special_values.h"
#include "pimhsim/scenario/csv.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::analysis {
namespace {

using core::kNaN;

// The header and rows of a CSV file the PSA wrote, or bad input at its first problem; without
// the leading `scenario` and `variant` columns, which say what wrote the rows.
core::Expected<std::vector<std::vector<std::string>>> rows_of(std::string_view text,
                                                              const char* file) {
  scenario::Diagnostics d;
  const auto t = scenario::parse_csv(std::string(text), file, d);
  if (!t || !d.empty()) return core::Status::bad_input(d.sorted().front().format());
  std::vector<std::vector<std::string>> rows{t->header};
  rows.insert(rows.end(), t->rows.begin(), t->rows.end());
  const auto& h = t->header;
  if (h.size() >= 2 && h[0] == "scenario" && h[1] == "variant")
    for (auto& row : rows)
      row.erase(row.begin(), row.begin() + std::min<std::ptrdiff_t>(2, std::ssize(row)));
  return rows;
}

// A number as the PSA writes it (empty: NaN), or nothing.
std::optional<double> number(const std::string& text) {
  if (text.empty()) return kNaN;
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return x;
}

core::Status mismatch(const char* file, std::size_t line, const std::string& what) {
  return core::Status::bad_input(
      fmt::format("{}:{}: {} (the PSA directory's files must be those the PSA of its "
                  "scenario.resolved.yaml wrote)",
                  file, line, what));
}

}  // namespace

core::Expected<std::vector<PsaIteration>> read_psa_samples(const Psa& psa, std::string_view psa_csv,
                                                           std::string_view parameters_csv) {
  const auto& l = psa.layout();
  const std::size_t K = l.options.size(), F = l.figures.size();
  const auto table = rows_of(psa_csv, "psa.csv");
  if (!table.ok()) return table.status();
  const auto& rows = table.value();
  std::vector<std::string> header{"iteration", "option"};
  for (const auto& f : l.figures) {
    header.push_back(f.name);
    header.push_back(f.name + "_se");
  }
  if (rows.empty() || rows[0] != header)
    return mismatch("psa.csv", 1, "a header of other figures than the scenario's model gives");
  std::vector<PsaIteration> its;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    const std::size_t o = (r - 1) % K;
    if (row.size() != header.size() || row[1] != l.options[o])
      return mismatch(
          "psa.csv", r + 1,
          fmt::format("expected {} fields for option `{}`", header.size(), l.options[o]));
    const auto iteration = number(row[0]);
    // Files number iterations from 1; the engine, from 0.
    if (!iteration || !(*iteration >= 1) || *iteration != std::floor(*iteration))
      return mismatch("psa.csv", r + 1, "an iteration number (from 1)");
    if (o == 0) {
      PsaIteration it;
      it.iteration = static_cast<std::uint32_t>(*iteration - 1);
      it.value.assign(K * F, kNaN);
      it.se.assign(K * F, kNaN);
      its.push_back(std::move(it));
    } else if (its.back().iteration + 1.0 != *iteration) {
      return mismatch("psa.csv", r + 1, "every option of an iteration on consecutive rows");
    }
    for (std::size_t f = 0; f < F; ++f) {
      const auto v = number(row[2 + 2 * f]), se = number(row[3 + 2 * f]);
      if (!v || !se) return mismatch("psa.csv", r + 1, "numbers in every figure's columns");
      its.back().value[o * F + f] = *v;
      its.back().se[o * F + f] = *se;
    }
  }
  if (rows.size() > 1 && (rows.size() - 1) % K != 0)
    return mismatch("psa.csv", rows.size(), "every option of the last iteration");
  const auto ptable = rows_of(parameters_csv, "psa_parameters.csv");
  if (!ptable.ok()) return ptable.status();
  const auto& prows = ptable.value();
  std::vector<std::string> pheader{"iteration"};
  pheader.insert(pheader.end(), l.parameters.begin(), l.parameters.end());
  if (prows.empty() || prows[0] != pheader)
    return mismatch("psa_parameters.csv", 1, "a header of the scenario's sampled parameters");
  if (prows.size() != its.size() + 1)
    return mismatch("psa_parameters.csv", prows.size(),
                    fmt::format("one row per iteration of psa.csv ({})", its.size()));
  for (std::size_t r = 1; r < prows.size(); ++r) {
    const auto& row = prows[r];
    auto& it = its[r - 1];
    if (row.size() != pheader.size() || number(row[0]) != it.iteration + 1.0)
      return mismatch(
          "psa_parameters.csv", r + 1,
          fmt::format("iteration {} with {} values", it.iteration + 1, l.parameters.size()));
    for (std::size_t p = 1; p < row.size(); ++p) {
      const auto x = number(row[p]);
      if (!x) return mismatch("psa_parameters.csv", r + 1, "a number in every column");
      it.parameters.push_back(*x);
    }
  }
  return its;
}

core::Expected<std::vector<EvppiGroup>> parse_evppi_group_list(
    const std::vector<std::string>& texts, const std::vector<std::string>& known) {
  std::vector<EvppiGroup> groups;
  for (const auto& text : texts) {
    if (text == "all") {
      // Each parameter alone, unless a group of just that parameter is given already.
      for (const auto& k : known)
        if (std::none_of(groups.begin(), groups.end(), [&](const EvppiGroup& g) {
              return g.parameters == std::vector<std::string>{k};
            }))
          groups.push_back({k, {k}});
      continue;
    }
    EvppiGroup g;
    std::string list = text;
    if (const auto eq = text.find('='); eq != std::string::npos) {
      g.name = text.substr(0, eq);
      list = text.substr(eq + 1);
    }
    std::size_t at = 0;
    while (at <= list.size()) {
      std::size_t end = list.find(',', at);
      if (end == std::string::npos) end = list.size();
      const std::string name = list.substr(at, end - at);
      at = end + 1;
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        std::string why = fmt::format("`group` {}: `{}` is not a sampled parameter", text, name);
        if (const auto near = scenario::nearest(name, known))
          why += fmt::format("; did you mean `{}`?", *near);
        return core::Status::bad_input(why + " (psa_parameters.csv's columns)");
      }
      if (std::find(g.parameters.begin(), g.parameters.end(), name) == g.parameters.end())
        g.parameters.push_back(name);
    }
    if (g.name.empty()) {
      for (const auto& p : g.parameters) g.name += (g.name.empty() ? "" : "+") + p;
    }
    groups.push_back(std::move(g));
  }
  for (std::size_t i = 0; i < groups.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (groups[i].name == groups[j].name)
        return core::Status::bad_input(fmt::format("`group` {}: named twice", groups[i].name));
  if (groups.empty()) return core::Status::bad_input("`group`: at least one group is needed");
  return groups;
}

core::Expected<EvppiGrid> evppi_grid(const Psa& psa, const std::vector<PsaIteration>& its,
                                     const std::vector<EvppiGroup>& groups,
                                     const std::vector<double>& thresholds) {
  const auto& l = psa.layout();
  const std::size_t N = its.size(), K = l.options.size();
  if (N < 20)
    return core::Status::bad_input(fmt::format(
        "EVPPI needs at least 20 iterations (about 1,000 or more to be reliable); the PSA has {}",
        N));
  if (K < 2) return core::Status::bad_input("EVPPI needs two or more options");
  // Per person, as the PSA's decision.
  Eigen::MatrixXd costs, effects;
  std::vector<double> persons;
  psa_detail::per_person(l, its, costs, effects, persons);
  EvppiGrid grid;
  grid.per = l.person;
  grid.iterations = N;
  grid.thresholds = thresholds;
  std::vector<double> evpi;
  for (double wtp : thresholds)
    evpi.push_back(analysis::evpi(net_monetary_benefit(costs, effects, wtp)).per_person);
  for (const auto& g : groups) {
    Eigen::MatrixXd x(N, g.parameters.size());
    for (std::size_t p = 0; p < g.parameters.size(); ++p) {
      const auto at = static_cast<std::size_t>(
          std::find(l.parameters.begin(), l.parameters.end(), g.parameters[p]) -
          l.parameters.begin());
      for (std::size_t i = 0; i < N; ++i)
        x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(p)) = its[i].parameters.at(at);
    }
    const auto c = evppi_curve(costs, effects, x, thresholds, 0);
    // A parameter may move costs alone or effects alone: an option's fit is the better of its
    // two, and the group's the poorest option's.
    EvppiGroupCurve curve{g, method_name(c.method), 1.0, {}};
    for (std::size_t o = 1; o < K; ++o)
      curve.r_squared =
          std::min(curve.r_squared, std::max(c.cost_fits[o].r_squared, c.effect_fits[o].r_squared));
    for (std::size_t t = 0; t < thresholds.size(); ++t)
      curve.points.push_back({thresholds[t], c.evppi[t], c.standard_error[t],
                              c.standard_error_regression[t], c.standard_error_sampling[t], evpi[t],
                              0});
    grid.curves.push_back(std::move(curve));
  }
  // Ranks at each threshold: 1 is the highest EVPPI; ties keep the order given.
  for (std::size_t t = 0; t < thresholds.size(); ++t) {
    std::vector<std::size_t> order(grid.curves.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return grid.curves[a].points[t].evppi > grid.curves[b].points[t].evppi;
    });
    for (std::size_t r = 0; r < order.size(); ++r) grid.curves[order[r]].points[t].rank = r + 1;
  }
  return grid;
}

}  // namespace pimhsim::analysis
