#include "pimhsim/analysis/posterior_sample.h"

#include <fmt/format.h>

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
      if (const auto v = read(c)) point.push_back(*v);
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

}  // namespace pimhsim::analysis
