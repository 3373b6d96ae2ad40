#include "pimhsim/analysis/posterior_sample.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "pimhsim/core/random.h"
#include "pimhsim/scenario/csv.h"
#include "pimhsim/scenario/digest.h"
#include "pimhsim/scenario/reader.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::analysis {

std::size_t PosteriorSample::pick(std::uint64_t seed, std::uint32_t iteration) const {
  const double u = core::RandomSource(seed).uniform({iteration, kPosteriorPartition, 0, 0, 0});
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u * cumulative.back());
  return std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                               points.size() - 1);
}

scenario::Location PosteriorSample::where(std::size_t k, std::size_t c) const {
  const auto& cell = at.at(k * names.size() + c);
  return {file, cell.line, cell.column};
}

core::Expected<PosteriorSample> read_posterior_sample(const std::string& path) {
  scenario::Diagnostics d;
  const scenario::Location from{"--parameter-sets", 1, 1};
  const auto table = scenario::read_csv(path, from, "parameter_sets", d);
  auto fail = [&] {
    std::ostringstream out;
    d.print(out);
    std::string s = out.str();
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return core::Status::bad_input(s);
  };
  if (!table) return fail();
  PosteriorSample p;
  p.file = path;
  p.checksum = scenario::fnv1a64_hex(table->content);
  p.sha256 = scenario::sha256_hex(table->content);
  const auto weight = table->column("weight");
  std::vector<std::size_t> columns;
  for (std::size_t c = 0; c < table->header.size(); ++c) {
    const auto& h = table->header[c];
    if (h == "scenario" || h == "variant" || h == "draw" || h == "log_likelihood" || h == "weight")
      continue;
    p.names.push_back(h);
    columns.push_back(c);
  }
  const scenario::Location top{path, 1, 1};
  if (!weight)
    d.error(top, "weight", "no `weight` column",
            "a calibration's posterior.csv (pimhsim calibrate --method imis)");
  if (p.names.empty()) d.error(top, "", "no parameter column", "a column per parameter");
  if (table->rows.empty()) d.error(top, "", "no point", "a row per point of the sample");
  if (!d.empty()) return fail();
  double sum = 0, sum_sq = 0;
  for (std::size_t r = 0; r < table->rows.size(); ++r) {
    const auto& row = table->rows[r];
    auto read = [&](std::size_t c) -> std::optional<double> {
      std::string why;
      const auto v = c < row.size() ? scenario::parse_number(row[c], &why) : std::nullopt;
      if (!v)
        d.error(c < row.size() ? table->where(r, c) : top, table->header[c],
                fmt::format("`{}` is not a number", c < row.size() ? row[c] : ""), "a number");
      return v;
    };
    const auto w = read(*weight);
    if (w && *w < 0)
      d.error(table->where(r, *weight), "weight", fmt::format("{:g} is negative", *w),
              "a weight >= 0");
    std::vector<double> point;
    for (std::size_t c : columns)
      if (const auto v = read(c)) {
        point.push_back(*v);
        const auto at = table->where(r, c);
        p.at.push_back({at.line, at.column});
      }
    if (w && *w >= 0) {
      sum += *w;
      sum_sq += *w * *w;
    }
    p.cumulative.push_back(sum);
    p.points.push_back(std::move(point));
  }
  if (d.empty() && !(sum > 0)) d.error(top, "weight", "the weights sum to 0", "a positive weight");
  if (!d.empty()) return fail();
  p.ess = sum * sum / sum_sq;
  return p;
}

core::Expected<PosteriorColumns> bind_posterior(PosteriorSample& sample,
                                                const core::ParameterSet& base) {
  PosteriorColumns out;
  const auto& names = sample.names;
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (const core::Parameter* p = base.find(names[c]); p != nullptr && !p->is_shares()) {
      out.numbers.push_back(c);
      continue;
    }
    // `name.component` of a set of shares: the name is all before the last dot.
    const auto dot = names[c].rfind('.');
    const core::Parameter* p =
        dot == std::string::npos ? nullptr : base.find(names[c].substr(0, dot));
    if (p == nullptr || !p->is_shares() ||
        std::find(p->components.begin(), p->components.end(), names[c].substr(dot + 1)) ==
            p->components.end())
      return core::Status::bad_input(fmt::format(
          "`parameter_sets`: {} names `{}`, which is neither a number parameter of the scenario "
          "nor a share of one of its sets of shares (`name.component`)",
          sample.file, names[c]));
    if (std::none_of(out.shares.begin(), out.shares.end(),
                     [&](const auto& s) { return s.parameter == p->name; }))
      out.shares.push_back({p->name, {}});
  }
  for (auto& group : out.shares) {
    const core::Parameter& p = base.at(group.parameter);
    for (const auto& component : p.components) {
      const auto it = std::find(names.begin(), names.end(), group.parameter + "." + component);
      if (it == names.end())
        return core::Status::bad_input(fmt::format(
            "`parameter_sets`: {} has no column `{}.{}`: a calibrated set of shares needs a "
            "column for each of its components ({})",
            sample.file, group.parameter, component, fmt::join(p.components, ", ")));
      group.columns.push_back(static_cast<std::size_t>(it - names.begin()));
    }
  }
  // Every point's shares: >= 0, summing to 1 within the tolerance, then to exactly 1.
  scenario::Diagnostics d;
  for (std::size_t k = 0; k < sample.points.size(); ++k) {
    auto& point = sample.points[k];
    for (const auto& group : out.shares) {
      double sum = 0;
      bool negative = false;
      for (std::size_t c : group.columns) {
        if (point[c] < 0) {
          d.error(sample.where(k, c), names[c], fmt::format("the share {:g} is negative", point[c]),
                  "a share >= 0");
          negative = true;
        }
        sum += point[c];
      }
      if (negative) continue;
      if (!(std::abs(sum - 1) <= kPosteriorSharesTolerance)) {
        d.error(sample.where(k, group.columns.front()), group.parameter,
                fmt::format("the shares of the point sum to {:.12g}", sum),
                fmt::format("shares that sum to 1, within {:g}", kPosteriorSharesTolerance));
        continue;
      }
      // The last positive share is 1 minus the sum of those before it, added in order.
      std::size_t last = group.columns.size();
      while (last > 0 && !(point[group.columns[last - 1]] > 0)) --last;
      double before = 0;
      for (std::size_t i = 0; i + 1 < last; ++i) before += point[group.columns[i]];
      if (!(before <= 1)) {  // the last share was below the tolerance, and the rest above 1
        d.error(sample.where(k, group.columns.front()), group.parameter,
                fmt::format("the shares of the point sum to {:.12g}", sum), "shares that sum to 1");
        continue;
      }
      point[group.columns[last - 1]] = 1 - before;
    }
  }
  if (!d.empty()) {
    std::ostringstream text;
    d.print(text);
    std::string s = text.str();
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return core::Status::bad_input(s);
  }
  return out;
}

}  // namespace pimhsim::analysis
