// A calibration's evaluations as journal lines, and its identity (calibration.h): what
// `calibrate --resume DIR` reads back so that an interrupted calibration does not run again the
// model runs it had finished.
//
// A line (journal_format.h's checksummed line): KEY,FAILED,LL,LP,x1..xd,v1,se1..vT,seT,PROBLEM, the
// numbers as fmt's shortest round-trip text (exact, so that a resumed calibration is bit-identical
// to an uninterrupted one), FAILED 1 when the model did not run (no values), PROBLEM last, with
// any line break as a space.
#include <fmt/format.h>

#include <algorithm>

#include "pimhsim/analysis/calibration.h"
#include "pimhsim/analysis/journal_format.h"
#include "pimhsim/scenario/scenario.h"
#include "pimhsim/version.h"

namespace pimhsim::analysis {
namespace {

std::string hex(double x) {
  return fmt::format("{:a}", x);
}

}  // namespace

std::string evaluation_line(const std::string& key, const Evaluation& e) {
  std::string body =
      fmt::format("{},{},{},{}", key, e.values.empty() ? 1 : 0, e.log_likelihood, e.log_prior);
  for (double x : e.x) body += fmt::format(",{}", x);
  for (const auto& v : e.values) body += fmt::format(",{},{}", v.value, v.se);
  std::string problem = e.problem;
  std::replace_if(
      problem.begin(), problem.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  body += ',';
  body += problem;
  return checksummed_line(body);
}

std::optional<std::pair<std::string, Evaluation>> parse_evaluation_line(const std::string& line,
                                                                        std::size_t dimensions,
                                                                        std::size_t targets) {
  const auto body = checked_body(line);
  if (!body) return std::nullopt;
  const auto f = split_fields(*body);
  if (f.size() < 5 + dimensions || f[0].empty() || (f[1] != "0" && f[1] != "1"))
    return std::nullopt;
  const std::size_t values = f[1] == "1" ? 0 : 2 * targets;
  if (f.size() < 5 + dimensions + values) return std::nullopt;
  Evaluation e;
  std::vector<double> n;
  for (std::size_t i = 2; i < 4 + dimensions + values; ++i) {
    const auto x = read_number(f[i]);
    if (!x) return std::nullopt;
    n.push_back(*x);
  }
  e.log_likelihood = n[0];
  e.log_prior = n[1];
  e.x.assign(n.begin() + 2, n.begin() + 2 + static_cast<std::ptrdiff_t>(dimensions));
  for (std::size_t t = 2 + dimensions; t + 1 < n.size(); t += 2)
    e.values.push_back({n[t], n[t + 1]});
  // The problem is the rest of the line, commas and all.
  for (std::size_t i = 4 + dimensions + values; i < f.size(); ++i) {
    if (i > 4 + dimensions + values) e.problem += ',';
    e.problem.append(f[i]);
  }
  return std::pair{std::string(f[0]), std::move(e)};
}

std::string calibration_identity(const CalibrationProblem& p, const CalibrationSettings& st) {
  std::string targets;
  for (const auto& t : p.targets().targets) {
    std::string areas;
    for (const auto& a : t.areas) {
      areas += a;
      areas += ' ';
    }
    targets +=
        fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{};", t.name, t.model_measure(), t.per,
                    t.total, t.option, t.year ? *t.year : -1, areas, likelihood_name(t.likelihood),
                    hex(t.count), hex(t.denominator), hex(t.mean), hex(t.se));
  }
  std::string parameters;
  for (const auto& q : p.parameters()) parameters += q.name + ",";
  return fmt::format(
      "pimhsim {} calibrate; scenario {}; targets {}; parameters {}; method {}; "
      "maximum_likelihood {}; restarts {}; evaluations {}; initial {}; per_round {}; rounds {}; "
      "mc_replicates {}",
      kVersion, p.scenario().content_hash, scenario::fnv1a64_hex(targets),
      scenario::fnv1a64_hex(parameters), method_name(st.method), st.maximum_likelihood, st.restarts,
      st.max_evaluations, st.imis.initial, st.imis.per_round, st.imis.rounds, st.mc_replicates);
}

}  // namespace pimhsim::analysis
