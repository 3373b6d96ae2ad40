// The settings of a staffing plan: its target and rule from their text, the search grid, and
// settings that leave nothing to search.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <string>
#include <vector>

#include "pimhsim/analysis/plan.h"
#include "pimhsim/core/number_text.h"
#include "pimhsim/core/settings.h"
#include "pimhsim/economics/frontier.h"
#include "pimhsim/models/registry.h"
#include "pimhsim/scenario/reader.h"

namespace pimhsim::analysis {
namespace {
constexpr double kMaxGridSteps = 100000;
constexpr const char* kForms =
    "`MEASURE >= VALUE`, `MEASURE <= VALUE` or `max MEASURE@THRESHOLD` (MEASURE@THRESHOLD for a "
    "measure per willingness to pay, as nmb@20000)";

std::string measure_names(const models::Staffable& model) {
  std::vector<std::string> names;
  for (const auto& m : model.measures())
    names.push_back(m.needs_threshold ? m.name + "@THRESHOLD" : m.name);
  return core::listed(names, "or");
}

// The target's help: its forms and the measures of every model with staffing.
std::string target_help() {
  std::string help = fmt::format("what the staffing must achieve: {}", kForms);
  for (const auto& name : models::staffable_models())
    help += fmt::format("; MEASURE of `model: {}` is {}", name,
                        measure_names(*models::staffable_of(name)));
  return help;
}
}  // namespace

std::optional<PlanTarget> parse_target(const std::string& text, std::string* why) {
  static const std::regex re(
      R"(^\s*(max\s+)?([a-z_]+)(@([0-9.eE+]+))?\s*(?:(>=|<=)\s*(-?[0-9.eE+]+))?\s*$)");
  std::smatch m;
  auto fail = [&](const std::string& what) -> std::optional<PlanTarget> {
    if (why) *why = fmt::format("{}: expected {}", what, kForms);
    return std::nullopt;
  };
  if (!std::regex_match(text, m, re)) return fail(fmt::format("cannot read the target `{}`", text));
  PlanTarget t;
  t.text = text;
  t.measure = m[2];
  if (m[3].matched) {
    const auto x = scenario::parse_number(std::string(m[4]), nullptr);
    if (!x) return fail(fmt::format("cannot read the threshold `{}`", std::string(m[4])));
    if (!(*x > 0 && *x <= economics::kMaxWillingnessToPay))
      return fail("the threshold must be a positive amount per QALY of at most 1e12");
    t.threshold = *x;
  }
  if (m[1].matched) {
    if (m[5].matched) return fail("`max` takes no comparison");
    t.kind = PlanTarget::Kind::kMaximise;
    return t;
  }
  if (!m[5].matched) return fail(fmt::format("the target `{}` has no comparison", text));
  t.kind = m[5] == ">=" ? PlanTarget::Kind::kAtLeast : PlanTarget::Kind::kAtMost;
  const auto value = scenario::parse_number(std::string(m[6]), nullptr);
  if (!value) return fail(fmt::format("cannot read the value `{}`", std::string(m[6])));
  t.value = *value;
  return t;
}

std::string resolve_target(PlanTarget& t, const models::Staffable& model) {
  const auto measures = model.measures();
  const std::size_t i = model.find(t.measure);
  if (i == measures.size())
    return fmt::format("unknown measure `{}`: expected {} with MEASURE one of {}", t.measure,
                       kForms, measure_names(model));
  const auto& m = measures[i];
  if (m.needs_threshold && !t.threshold)
    return fmt::format("{} needs a threshold, as {}@20000", m.name, m.name);
  if (!m.needs_threshold && t.threshold) return fmt::format("`{}` takes no @threshold", m.name);
  if (t.kind == PlanTarget::Kind::kMaximise && m.rises)
    return fmt::format(
        "`max {}`: {} rises with staffing, so its maximum is the top of the search; set a level "
        "instead, as `{} >= 0.8`",
        m.name, m.label, m.name);
  if (t.kind != PlanTarget::Kind::kMaximise && m.unit == models::StaffingMeasure::Unit::kShare &&
      (t.value < 0 || t.value > 1))
    return fmt::format("`{}` is a share: a value in [0, 1], not {:g}", m.name, t.value);
  t.index = i;
  t.rises = m.rises;
  return {};
}

std::optional<PlanRule> parse_rule(const std::string& text) {
  if (text == "per-area" || text == "per_area") return PlanRule::kPerArea;
  if (text == "births") return PlanRule::kBirths;
  if (text == "uniform") return PlanRule::kUniform;
  return std::nullopt;
}

const char* rule_name(PlanRule r) {
  switch (r) {
    case PlanRule::kPerArea:
      return "per-area";
    case PlanRule::kBirths:
      return "births";
    case PlanRule::kUniform:
      return "uniform";
  }
  return "?";
}

std::pair<double, double> search_grid(const PlanSettings& settings) {
  const bool births_rule = settings.rule == PlanRule::kBirths;
  return {settings.step > 0 ? settings.step : (births_rule ? 0.05 : 0.1),
          settings.maximum > 0 ? settings.maximum : (births_rule ? 3.0 : 30.0)};
}

std::string settings_problem(const PlanSettings& settings) {
  const auto [step, maximum] = search_grid(settings);
  const char* unit = settings.rule == PlanRule::kBirths ? "WTE per 1,000 births" : "WTE per area";
  const std::string top =
      settings.maximum > 0
          ? fmt::format("`maximum` {:g} {}", maximum, unit)
          : fmt::format("the default top of the search, {:g} {} (set another with `maximum`)",
                        maximum, unit);
  if (settings.rule != PlanRule::kBirths && settings.minimum_wte > maximum)
    return fmt::format(
        "`minimum_wte` {:g} is above {}: no staffing in the search meets it (a minimum at most the "
        "top of "
        "the search)",
        settings.minimum_wte, top);
  if (step > maximum)
    return fmt::format("`step` {:g} is above {} (a grid step at most the top of the search)", step,
                       top);
  if (maximum / step > kMaxGridSteps)
    return fmt::format(
        "`step` {:g} up to {} makes {:.0f} grid steps (at most {:.0f}: a larger `step` or a "
        "smaller `maximum`)",
        step, top, std::ceil(maximum / step), kMaxGridSteps);
  return {};
}

std::vector<core::SettingSpec> plan_setting_specs() {
  using K = core::SettingSpec::Kind;
  return {
      {"target", K::kText, target_help()},
      {"rule", K::kText,
       "per-area (each area its own WTE), births (one WTE per 1,000 births figure for all) or "
       "uniform (one WTE for all)",
       std::string("per-area")},
      {"minimum_wte", K::kNumber, "least WTE in any area", 0.0},
      {"maximum", K::kNumber,
       "top of the search: WTE per area (default 30), or per 1,000 births (default 3)"},
      {"step", K::kNumber,
       "grid step of the search (default 0.1 WTE, or 0.05 WTE per 1,000 births)"},
      {"base_option", K::kText,
       "option whose parameters the plan uses besides staffing (default: the comparator's)"},
      {"budget", K::kNumber,
       "at most this annual cost of the plan's posts, in pounds a year (the target `cost <= X` "
       "says the same): alone, the staffing it buys; with a target, the answer within it"},
      {"sweep", K::kText,
       "a dose-response table `FROM:TO:STEP` over the rule's staffing (WTE per area, or per "
       "1,000 births): every measure with its SE at each point, and the best value among them"},
      {"report", K::kSwitch,
       "also write report.html, an offline page with a board summary and charts (charts need "
       "gnuplot), the charts as SVG and PNG files in report_charts/ and the summary tables in "
       "report.xlsx"},
      {"write_scenario", K::kText,
       "also write the plan as a runnable scenario to FILE (.yaml): the comparator and the "
       "planned staffing as an option, its areas table named relative to FILE (a per-area plan "
       "of several areas writes its table, each area's WTE in it, beside FILE); a new file, or "
       "one an earlier plan wrote"},
  };
}

core::Status plan_request(const core::SettingValues& v, PlanSettings& settings) {
  using core::Status;
  settings.report = v.has("report") && v.flag("report");
  settings.write_scenario = v.optional_text("write_scenario");
  if (settings.write_scenario && !v.has("target") && !v.has("budget"))
    return Status::bad_input(
        "`write_scenario` writes a plan, which needs `target` or `budget` (a `sweep` alone "
        "plans no staffing)");
  if (!v.has("target") && !v.has("budget") && !v.has("sweep"))
    return Status::bad_input(
        "a plan needs `target` (e.g. `target` 'detection >= 0.7'), `budget` or `sweep`");
  if (v.has("target")) {
    std::string why;
    const auto target = parse_target(v.text("target"), &why);
    if (!target) return Status::bad_input("`target`: " + why);
    settings.target = *target;
    if (target->measure == "cost") {
      // A budget as a target: `cost <= X` (a year).
      if (target->kind != PlanTarget::Kind::kAtMost || target->threshold)
        return Status::bad_input(
            "`target`: a budget reads `cost <= AMOUNT` (pounds a year); the smallest staffing "
            "costs least, so `cost >=` and `max cost` ask nothing");
      if (v.has("budget"))
        return Status::bad_input("`target` `cost <= ...` and `budget` say the same: give one");
      settings.budget = target->value;
      settings.target = {};
    }
  }
  if (v.has("budget")) settings.budget = v.number("budget");
  if (settings.budget && !(*settings.budget > 0 && std::isfinite(*settings.budget)))
    return Status::bad_input(
        fmt::format("`budget`: {} is not an amount > 0 (pounds a year)", *settings.budget));
  if (v.has("sweep")) {
    std::string why;
    const auto sweep = parse_sweep(v.text("sweep"), why);
    if (!sweep) return Status::bad_input("`sweep`: " + why);
    settings.sweep = *sweep;
  }
  const auto rule = parse_rule(v.text("rule"));
  if (!rule)
    return Status::bad_input(
        fmt::format("`rule`: unknown rule `{}` (per-area, births or uniform)", v.text("rule")));
  settings.rule = *rule;
  settings.minimum_wte = v.number("minimum_wte");
  settings.maximum = v.has("maximum") ? v.number("maximum") : 0.0;
  settings.step = v.has("step") ? v.number("step") : 0.0;
  if (const double x = settings.minimum_wte; !(x >= 0) || !std::isfinite(x))
    return Status::bad_input(fmt::format("`minimum_wte`: {} is not a number >= 0", x));
  for (const char* name : {"maximum", "step"})
    if (v.has(name))
      if (const double x = v.number(name); !(x > 0) || !std::isfinite(x))
        return Status::bad_input(fmt::format("`{}`: {} is not a number > 0", name, x));
  if (const auto problem = settings_problem(settings); !problem.empty())
    return Status::bad_input(problem);
  settings.base_option = v.optional_text("base_option").value_or("");
  return {};
}

std::optional<PlanSettings::Sweep> parse_sweep(const std::string& text, std::string& why) {
  std::vector<std::string> parts{""};
  for (char c : text) {
    if (c == ':')
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  std::vector<double> x;
  for (const auto& p : parts)
    if (const auto n = scenario::parse_number(p, nullptr)) x.push_back(*n);
  if (parts.size() != 3 || x.size() != 3) {
    why = fmt::format("cannot read `{}`: expected FROM:TO:STEP, as 0:5:0.5", text);
    return std::nullopt;
  }
  const PlanSettings::Sweep s{x[0], x[1], x[2]};
  if (!(s.from >= 0) || !(s.to >= s.from) || !(s.step > 0) || !std::isfinite(s.to)) {
    why = fmt::format("`{}`: expected 0 <= FROM <= TO and STEP > 0", text);
    return std::nullopt;
  }
  if ((s.to - s.from) / s.step > 1000) {
    why = fmt::format("`{}` makes {:.0f} points (at most 1,001: a larger STEP)", text,
                      std::floor((s.to - s.from) / s.step) + 1);
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> plan_scenario_problem(const scenario::Scenario& s,
                                                 PlanSettings& settings) {
  const auto* model = models::staffable_of(s.model);
  if (!model) {
    std::vector<std::string> offered;
    for (const auto& name : models::staffable_models()) offered.push_back("`model: " + name + "`");
    return fmt::format(
        "{}: `model: {}` has no specialist staffing to search; staffing plans need {}", s.file,
        s.model, core::listed(offered, "or"));
  }
  if (settings.target.given())
    if (auto why = resolve_target(settings.target, *model); !why.empty()) return "`target`: " + why;
  if (settings.base_option.empty()) return std::nullopt;
  for (const auto& o : s.options)
    if (o.name == settings.base_option) return std::nullopt;
  return fmt::format("`base_option`: no option named `{}` in {}", settings.base_option, s.file);
}

}  // namespace pimhsim::analysis
