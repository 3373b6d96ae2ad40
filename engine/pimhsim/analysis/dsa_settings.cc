// Checks of a DSA's settings against its scenario, before anything runs.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "pimhsim/analysis/dsa.h"
#include "pimhsim/economics/frontier.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::analysis {

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string p; std::getline(ss, p, sep);) out.push_back(p);
  return out;
}

// "" if `name` is a number parameter of the scenario, else why not.
// For --two-way and --threshold, which move one number; with `shares_allowed` (--parameters),
// a shares parameter with a Dirichlet, whose components the tornado varies, is accepted too.
std::string dsa_parameter_problem(const scenario::Scenario& s, const std::string& name,
                                  bool shares_allowed) {
  const core::Parameter* p = s.parameters.find(name);
  if (p != nullptr && !p->is_shares()) return {};
  if (p != nullptr && shares_allowed && p->dirichlet) return {};
  // A tornado row's name `NAME.COMPONENT`: one share, which the tornado can vary alone.
  if (const auto dot = name.rfind('.'); p == nullptr && dot != std::string::npos)
    if (const core::Parameter* parent = s.parameters.find(name.substr(0, dot));
        parent != nullptr && parent->is_shares()) {
      const std::string component = name.substr(dot + 1);
      const bool known = std::find(parent->components.begin(), parent->components.end(),
                                   component) != parent->components.end();
      if (shares_allowed && known && parent->dirichlet) return {};
      if (!known)
        return fmt::format("`{}` has no share `{}` (its shares: {})", parent->name, component,
                           fmt::join(parent->components, ", "));
      return shares_allowed
                 ? fmt::format("`{}` is a share of `{}`, which has no Dirichlet: nothing to vary",
                               name, parent->name)
                 : fmt::format("`{}` is a share of `{}`; only a number parameter can be moved here",
                               name, parent->name);
    }
  std::vector<std::string> known;
  for (const auto& q : s.parameters.all())
    if (!q.is_shares()) known.push_back(q.name);
  std::string why =
      p == nullptr ? fmt::format("unknown parameter `{}`", name)
      : shares_allowed
          ? fmt::format("`{}` is a shares parameter without a Dirichlet: nothing to vary", name)
          : fmt::format(
                "`{}` is a set of shares; only a number parameter can be moved here (the tornado "
                "varies each share of a Dirichlet with --parameters)",
                name);
  if (p == nullptr)
    if (const auto near = scenario::nearest(name, known))
      why += fmt::format("; did you mean `{}`?", *near);
  return why;
}

// Why the model refuses a point the plan will evaluate beyond the tornado's (dsa.h).
std::string dsa_plan_rule_problem(const Dsa& dsa, const scenario::Scenario& s,
                                  const DsaRequest& request, const DsaPlan& plan) {
  core::ParameterSet set = s.parameters;
  if (plan.threshold) {
    auto& p = *set.find(*plan.threshold);
    const auto range = plan.range ? plan.range : [&]() -> std::optional<std::pair<double, double>> {
      const auto r = one_way_range(s.parameters.at(*plan.threshold));
      return r ? std::optional(std::pair{r->low, r->high}) : std::nullopt;
    }();
    if (range)
      for (const double x : {range->first, range->second}) {
        p.value = x;
        if (const auto why = dsa.rule_problem(set); !why.empty())
          return request.range ? fmt::format("`range` {}: at {} = {:g}, {}", *request.range,
                                             *plan.threshold, x, why)
                               : fmt::format(
                                     "`threshold` {}: at {} = {:g}, an end of its range "
                                     "(give another with `range`), {}",
                                     *plan.threshold, *plan.threshold, x, why);
      }
    p.value = s.parameters.at(*plan.threshold).value;
  }
  // Every point of a two-way grid: the model's rules may join the two parameters (a sum of
  // probabilities, say), so that a corner breaks one where neither end alone does.
  if (plan.two_way) {
    const auto& [xn, yn] = *plan.two_way;
    const Axis x = axis(s.parameters, xn, plan.points), y = axis(s.parameters, yn, plan.points);
    auto& px = *set.find(xn);
    auto& py = *set.find(yn);
    for (const double xv : grid(x.low, x.high, x.points))
      for (const double yv : grid(y.low, y.high, y.points)) {
        px.value = xv;
        py.value = yv;
        if (const auto why = dsa.rule_problem(set); !why.empty())
          return fmt::format(
              "`two_way` {},{}: at {} = {:g} and {} = {:g}, a point of its grid (narrow their "
              "ranges with `set` parameters.NAME.low and .high), {}",
              xn, yn, xn, xv, yn, yv, why);
      }
  }
  return "";
}

// Why the threshold search of `name` cannot run over [lo, hi] ("" if it can): an end outside
// the values the model declares for the parameter, or a population growth the scenario's areas
// cannot be simulated at.
std::string dsa_range_problem(const scenario::Scenario& s, const std::string& name, double lo,
                              double hi) {
  const auto* spec = models::spec_of(s.model);
  if (spec == nullptr) return {};
  for (const auto& p : spec->parameters)
    if (p.name == name && (!core::in_domain(p.domain, lo) || !core::in_domain(p.domain, hi)))
      return fmt::format("`{}` is {} (a range within it)", name,
                         core::domain_description(p.domain));
  if (const auto why = scenario::growth_problem(s, spec->area_columns, name, std::max(lo, hi));
      !why.empty())
    return fmt::format("`{}` {}", name, why);
  return {};
}

std::string dsa_plan(const scenario::Scenario& s, const DsaRequest& request, DsaOutcome& outcome,
                     DsaPlan& plan) {
  outcome.wtp = request.wtp                      ? *request.wtp
                : s.economics.thresholds.empty() ? 20000
                                                 : s.economics.thresholds.front();
  if (const auto p = outcome_problem(s, outcome); !p.empty())
    return fmt::format("`outcome` {}: {}", request.outcome_name, p);
  plan = DsaPlan{};
  plan.tornado = request.tornado;
  plan.points = static_cast<std::size_t>(request.points);
  plan.intervals = static_cast<std::size_t>(request.intervals);
  plan.tolerance = request.tolerance;
  plan.report = request.report;
  // By default the tornado varies what the PSA samples (each parameter with a distribution or a
  // Dirichlet), so that the two analyses speak of one set; `all` adds the parameters with bounds
  // only. A scenario that samples nothing varies everything with a range.
  const std::string asked = request.parameters.value_or("sampled");
  plan.parameters_text = asked;
  if (asked == "sampled") {
    for (const auto& p : s.parameters.all())
      if (p.is_shares() ? p.dirichlet.has_value() : p.distribution.family() != core::Family::kFixed)
        plan.parameters.push_back(p.name);
    if (plan.parameters.empty()) plan.parameters_text = "all";
  } else if (asked != "all") {
    plan.parameters = split_list(asked, ',');
    for (const auto& p : plan.parameters)
      if (const auto why = dsa_parameter_problem(s, p, true); !why.empty())
        return fmt::format("`parameters`: {}", why);
  }
  if (request.two_way) {
    const auto names = split_list(*request.two_way, ',');
    if (names.size() != 2 || names[0] == names[1])
      return "`two_way`: give two different parameters as A,B";
    for (const auto& p : names) {
      if (const auto why = dsa_parameter_problem(s, p); !why.empty())
        return fmt::format("`two_way`: {}", why);
      if (!one_way_range(s.parameters.at(p)))
        return fmt::format(
            "`two_way`: `{}` has no bounds (low, high) and no distribution to take a range from",
            p);
    }
    plan.two_way.emplace(names[0], names[1]);
  }
  if (request.threshold) {
    const std::string& name = *request.threshold;
    if (outcome.measure == DsaMeasure::kIcer)
      return fmt::format("`threshold`: {}", kIcerThresholdProblem);
    if (const auto why = dsa_parameter_problem(s, name); !why.empty())
      return fmt::format("`threshold`: {}", why);
    if (request.range) {
      const auto ends = split_list(*request.range, ':');
      double a = 0, b = 0;
      auto parse = [](const std::string& t, double& v) {
        const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        return !t.empty() && ec == std::errc() && p == t.data() + t.size() && std::isfinite(v);
      };
      if (ends.size() != 2 || !parse(ends[0], a) || !parse(ends[1], b) || !(a < b))
        return "`range`: give LO:HI with LO < HI";
      if (const auto why = dsa_range_problem(s, name, a, b); !why.empty())
        return fmt::format("`range` {}: {}", *request.range, why);
      plan.range.emplace(a, b);
    } else if (!one_way_range(s.parameters.at(name))) {
      return fmt::format("`threshold`: `{}` has no bounds or distribution; give `range` LO:HI",
                         name);
    }
    plan.threshold = name;
  }
  if (!plan.tornado && !plan.two_way && !plan.threshold)
    return "`no_tornado` leaves nothing to do: add `two_way` or `threshold`";
  return {};
}

std::vector<core::SettingSpec> dsa_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {
      {"outcome", K::kText,
       "nmb (incremental net monetary benefit), net_savings, roi, icer, delta_cost or delta_qalys",
       std::string("nmb")},
      {"wtp", K::kNumber, "threshold per QALY for nmb and icer (default: the scenario's first)"},
      {"perspective", K::kText,
       "for net_savings and roi: one of the model's perspectives, e.g. nhs_pss, public_sector or "
       "societal",
       std::string("nhs_pss")},
      {"parameters", K::kText,
       "the tornado's parameters: `sampled` (those the PSA samples: each with a distribution or "
       "Dirichlet; every parameter with a range when none has one), `all` (also those with "
       "bounds only) or `a,b,c`",
       std::string("sampled")},
      {"no_tornado", K::kSwitch, "skip the one-way analysis"},
      {"two_way", K::kText, "a two-way grid of two parameters: `A,B`"},
      {"points", K::kInteger, "points per axis of the two-way grid", 5LL},
      {"threshold", K::kText, "find the values of this parameter where the outcome crosses zero"},
      {"range", K::kText,
       "LO:HI to search for the threshold (default: the parameter's one-way range)"},
      {"intervals", K::kInteger, "scan intervals of the threshold search", 20LL},
      {"tolerance", K::kNumber,
       "absolute tolerance of a threshold (default: 1e-10 of the range; 0 says the same)"},
      {"top", K::kInteger, "tornado rows printed (all are written)", 15LL},
      {"report", K::kSwitch,
       "also write report.html, an offline page with a board summary and charts (charts need "
       "gnuplot), the charts as SVG and PNG files in report_charts/ and the summary tables in "
       "report.xlsx"},
  };
}

namespace {

// A setting given for a part of the analysis that does not run, or for another outcome, which
// would otherwise be ignored: why it is refused ("" if none is).
std::string unused_setting(const core::SettingValues& v, const std::string& outcome) {
  const bool threshold = v.given("threshold"), two_way = v.given("two_way");
  const std::pair<const char*, const char*> need_threshold[] = {
      {"range", "the range"}, {"intervals", "the scan"}, {"tolerance", "the tolerance"}};
  for (const auto& [name, what] : need_threshold)
    if (v.given(name) && !threshold)
      return fmt::format(
          "`{}`: sets {} of the threshold search, which runs only with `threshold` P (add it, or "
          "leave `{}` out)",
          name, what, name);
  if (v.given("points") && !two_way)
    return "`points`: sets the two-way grid, which runs only with `two_way` A,B (add it, or leave "
           "`points` out)";
  for (const char* name : {"parameters", "top"})
    if (v.given(name) && v.flag("no_tornado"))
      return fmt::format(
          "`{}`: applies to the tornado, which `no_tornado` skips (leave one of them out)", name);
  if (v.given("perspective") && outcome != "net_savings" && outcome != "roi")
    return fmt::format(
        "`perspective`: only `outcome` net_savings and roi have a perspective, not `outcome` {} "
        "(leave `perspective` out, or choose one of them)",
        outcome);
  if (v.given("wtp") && outcome != "nmb" && outcome != "icer")
    return fmt::format(
        "`wtp`: only `outcome` nmb and icer use a threshold per QALY, not `outcome` {} "
        "(leave `wtp` out, or choose one of them)",
        outcome);
  return {};
}

}  // namespace

core::Status dsa_request(const core::SettingValues& v, DsaRequest& r, DsaOutcome& outcome) {
  using core::Status;
  r.outcome_name = v.text("outcome");
  const auto measure = parse_dsa_measure(r.outcome_name);
  if (!measure)
    return Status::bad_input(fmt::format(
        "`outcome`: unknown outcome `{}` (nmb, net_savings, roi, icer, delta_cost or delta_qalys)",
        r.outcome_name));
  outcome.measure = *measure;
  outcome.perspective = v.text("perspective");
  r.points = v.integer("points");
  if (r.points < 2 || r.points > 1000)
    return Status::bad_input("`points`: the two-way grid needs 2 to 1000 points per axis");
  r.intervals = v.integer("intervals");
  if (r.intervals < 1 || r.intervals > 100000)
    return Status::bad_input("`intervals`: the threshold scan needs 1 to 100,000 intervals");
  if (const long long top = v.integer("top"); top < 0)
    return Status::bad_input(fmt::format("`top`: {} is not a number of rows (0 or more)", top));
  r.tolerance = v.has("tolerance") ? v.number("tolerance") : 0.0;
  r.report = v.has("report") && v.flag("report");
  if (!std::isfinite(r.tolerance) || r.tolerance < 0)
    return Status::bad_input(
        fmt::format("`tolerance`: {} is not a tolerance (a number >= 0; 0 for 1e-10 of the range)",
                    r.tolerance));
  if (const auto why = unused_setting(v, r.outcome_name); !why.empty())
    return Status::bad_input(why);
  r.tornado = !v.flag("no_tornado");
  r.parameters = v.optional_text("parameters");
  r.two_way = v.optional_text("two_way");
  r.threshold = v.optional_text("threshold");
  r.range = v.optional_text("range");
  if (v.has("wtp")) r.wtp = v.number("wtp");
  if (r.wtp && !(*r.wtp >= 0 && *r.wtp <= economics::kMaxWillingnessToPay))
    return Status::bad_input(
        fmt::format("`wtp`: {} is out of range ({})", *r.wtp, economics::kWillingnessToPayDomain));
  return {};
}

}  // namespace pimhsim::analysis
