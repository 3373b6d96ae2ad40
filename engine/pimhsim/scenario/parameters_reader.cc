#include "pimhsim/scenario/parameters_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::scenario {
namespace {

using core::Distribution;
using core::Family;

constexpr double kSharesTolerance = 1e-9;

std::optional<Family> family_named(const std::string& s) {
  for (Family f : {Family::kFixed, Family::kBeta, Family::kGamma, Family::kLognormal,
                   Family::kNormal, Family::kUniform, Family::kTriangular})
    if (s == core::family_name(f)) return f;
  return std::nullopt;
}

// Reads `distribution:` for a number parameter with base-case value `value`, and its `centre:`
// (which statistic of the distribution the value is) into `centre`.
// `distribution: fixed`, a word rather than a mapping: no uncertainty. A scenario that extends
// another replaces the base's distribution with it (a mapping would merge key by key).
bool says_fixed(const Node& node) {
  return node.is_scalar() && node.scalar == "fixed";
}

std::optional<Distribution> read_distribution(const Node& node, double value,
                                              const std::string& path, Diagnostics& d,
                                              core::Centre& centre) {
  MapReader r(node, path, d);
  if (!r.ok()) return std::nullopt;
  const Node* type_node =
      r.required("type", "one of fixed, beta, gamma, lognormal, normal, uniform, triangular");
  if (type_node == nullptr) return std::nullopt;
  const auto type = read_text(*type_node, r.path_of("type"), d);
  if (!type) return std::nullopt;
  const auto family = family_named(*type);
  if (!family) {
    std::string message = "unknown distribution `" + *type + "`";
    if (*type == "dirichlet")
      message = "a dirichlet is for shares, not for a single number";
    else if (const auto s = nearest(
                 *type, {"fixed", "beta", "gamma", "lognormal", "normal", "uniform", "triangular"}))
      message += "; did you mean `" + *s + "`?";
    d.error(type_node->where, r.path_of("type"), message,
            "one of fixed, beta, gamma, lognormal, normal, uniform, triangular");
    return std::nullopt;
  }
  auto num = [&](const char* key) -> std::optional<double> {
    const Node* n = r.optional(key);
    return n ? read_number(*n, r.path_of(key), d) : std::nullopt;
  };
  auto has = [&](const char* key) { return r.node().get(key) != nullptr; };
  std::optional<Distribution> out;
  std::string why;
  const Location at = type_node->where;
  auto take = [&](core::Fitted f) {
    if (auto* dist = std::get_if<Distribution>(&f))
      out = *dist;
    else
      why = std::get<std::string>(f);
  };
  const std::string forms = [&] {
    switch (*family) {
      case Family::kBeta:
        return "`alpha` and `beta`, `mean` and `se`, `se`, or `ci95: [low, high]`";
      case Family::kGamma:
        return "`shape` and `scale`, `mean` and `se`, `se`, or `ci95`";
      case Family::kLognormal:
        return "`meanlog` and `sdlog`, `mean` and `se`, `se`, or `ci95`";
      case Family::kNormal:
        return "`mean` and `sd`, `sd`, `se`, or `ci95`";
      case Family::kUniform:
        return "`min` and `max`";
      case Family::kTriangular:
        return "`min`, `mode` and `max`";
      default:
        return "no other keys";
    }
  }();
  // The 95% interval, if given.
  std::optional<std::pair<double, double>> ci;
  if (const Node* c = r.optional("ci95")) {
    if (c->is_sequence() && c->items.size() == 2) {
      const auto lo = read_number(c->items[0], r.path_of("ci95"), d);
      const auto hi = read_number(c->items[1], r.path_of("ci95"), d);
      if (lo && hi) ci = {*lo, *hi};
    } else {
      d.error(c->where, r.path_of("ci95"), "found " + c->describe(),
              "a list of two numbers [low, high]");
    }
  }
  const double mean = has("mean") ? num("mean").value_or(NAN) : value;
  switch (*family) {
    case Family::kFixed:
      out = Distribution::fixed(value);
      break;
    case Family::kBeta:
      if (has("alpha") || has("beta")) {
        const auto a = num("alpha"), b = num("beta");
        if (a && b) {
          if (*a > 0 && *b > 0)
            out = Distribution::beta(*a, *b);
          else
            why = "beta `alpha` and `beta` must both be positive";
        }
      } else if (has("se")) {
        if (auto se = num("se")) take(core::fit_beta_moments(mean, *se));
      } else if (ci) {
        take(core::fit_from_interval(Family::kBeta, value, ci->first, ci->second));
      }
      break;
    case Family::kGamma:
      if (has("shape") || has("scale")) {
        const auto k = num("shape"), s = num("scale");
        if (k && s) {
          if (*k > 0 && *s > 0)
            out = Distribution::gamma(*k, *s);
          else
            why = "gamma `shape` and `scale` must both be positive";
        }
      } else if (has("se")) {
        if (auto se = num("se")) take(core::fit_gamma_moments(mean, *se));
      } else if (ci) {
        take(core::fit_from_interval(Family::kGamma, value, ci->first, ci->second));
      }
      break;
    case Family::kLognormal:
      if (has("meanlog") || has("sdlog")) {
        const auto m = num("meanlog"), s = num("sdlog");
        if (m && s) {
          if (*s > 0)
            out = Distribution::lognormal(*m, *s);
          else
            why = "lognormal `sdlog` must be positive";
        }
      } else if (has("se")) {
        if (auto se = num("se")) take(core::fit_lognormal_moments(mean, *se));
      } else if (ci) {
        take(core::fit_from_interval(Family::kLognormal, value, ci->first, ci->second));
      }
      break;
    case Family::kNormal:
      if (has("sd") || has("se")) {
        const auto s = has("sd") ? num("sd") : num("se");
        if (s) {
          if (*s > 0 && std::isfinite(mean))
            out = Distribution::normal(mean, *s);
          else
            why = "a normal's standard deviation must be positive";
        }
      } else if (ci) {
        take(core::fit_from_interval(Family::kNormal, value, ci->first, ci->second));
      }
      break;
    case Family::kUniform: {
      const auto lo = num("min"), hi = num("max");
      if (lo && hi) {
        if (*lo < *hi)
          out = Distribution::uniform(*lo, *hi);
        else
          why = "uniform `min` must be below `max`";
      }
      break;
    }
    case Family::kTriangular: {
      const auto lo = num("min"), mode = num("mode"), hi = num("max");
      if (lo && mode && hi) {
        if (*lo <= *mode && *mode <= *hi && *lo < *hi)
          out = Distribution::triangular(*lo, *mode, *hi);
        else
          why = "triangular needs min <= mode <= max with min < max";
      }
      break;
    }
  }
  // `centre: mean | median`: which statistic of the distribution the value is.
  if (*family != Family::kFixed)
    if (const Node* c = r.optional("centre")) {
      const auto text = read_text(*c, r.path_of("centre"), d);
      if (text == "median")
        centre = core::Centre::kMedian;
      else if (text == "mean")
        centre = core::Centre::kMean;
      else if (text)
        d.error(c->where, r.path_of("centre"), "unknown centre `" + *text + "`",
                "`mean` (the default: the value is the distribution's mean) or `median`");
    }
  // Keys that belong to this family; any other is reported by finish().
  switch (*family) {
    case Family::kBeta:
      for (auto k : {"alpha", "beta", "mean", "se"}) r.allow(k);
      break;
    case Family::kGamma:
      for (auto k : {"shape", "scale", "mean", "se"}) r.allow(k);
      break;
    case Family::kLognormal:
      for (auto k : {"meanlog", "sdlog", "mean", "se"}) r.allow(k);
      break;
    case Family::kNormal:
      for (auto k : {"mean", "sd", "se"}) r.allow(k);
      break;
    default:
      break;
  }
  const std::size_t before = d.size();
  r.finish();
  if (d.size() != before) return std::nullopt;
  if (!out && why.empty() && *family != Family::kFixed)
    why = "incomplete " + *type + " distribution";
  if (!out) {
    d.error(at, r.path(), why, "give " + forms);
    return std::nullopt;
  }
  return out;
}

std::optional<core::Dirichlet> read_dirichlet(const Node& node, const core::Parameter& p,
                                              const std::string& path, Diagnostics& d) {
  MapReader r(node, path, d);
  if (!r.ok()) return std::nullopt;
  const Node* type_node = r.required("type", "fixed or dirichlet");
  if (type_node == nullptr) return std::nullopt;
  const auto type = read_text(*type_node, r.path_of("type"), d);
  if (!type) return std::nullopt;
  if (*type == "fixed") {
    r.finish();
    return std::nullopt;
  }
  if (*type != "dirichlet") {
    d.error(type_node->where, r.path_of("type"), "`" + *type + "` cannot describe shares",
            "fixed or dirichlet");
    return std::nullopt;
  }
  std::vector<double> alpha(p.components.size(), NAN);
  if (const Node* a = r.optional("alpha")) {
    MapReader ar(*a, r.path_of("alpha"), d);
    for (std::size_t i = 0; i < p.components.size(); ++i) {
      const Node* v = ar.required(p.components[i], "a positive number for every share");
      if (v)
        alpha[i] = read_number_in(*v, ar.path_of(p.components[i]), d, 0,
                                  std::numeric_limits<double>::max(), "a number >= 0")
                       .value_or(NAN);
    }
    ar.finish();
  } else if (const Node* n = r.optional("n")) {
    const auto total = read_number_in(*n, r.path_of("n"), d, 1e-300,
                                      std::numeric_limits<double>::max(), "a positive number");
    if (total)
      for (std::size_t i = 0; i < alpha.size(); ++i) alpha[i] = *total * p.shares[i];
  } else {
    d.error(type_node->where, r.path(), "incomplete dirichlet",
            "`alpha:` with a count per share, or `n:` (alpha = n x share)");
    return std::nullopt;
  }
  r.finish();
  double sum = 0;
  for (double a : alpha) {
    if (std::isnan(a)) return std::nullopt;
    sum += a;
  }
  if (!(sum > 0)) {
    d.error(type_node->where, r.path(), "the dirichlet's parameters are all zero",
            "some positive alpha");
    return std::nullopt;
  }
  return core::Dirichlet(alpha);
}

// A mapping that defines a parameter rather than a group of them: it has a `value`, or a `unit`
// or `source` that is text (a group's entries are mappings), so that a definition without its
// value is reported as such rather than as a group of unknown parameters.
bool is_parameter_definition(const Node& n) {
  if (!n.is_map()) return false;
  if (n.get("value") != nullptr) return true;
  for (const char* key : {"unit", "source"})
    if (const Node* v = n.get(key); v != nullptr && v->is_scalar()) return true;
  return false;
}

}  // namespace

std::optional<core::Parameter> read_parameter(const Node& node, const std::string& name,
                                              const std::string& path, Diagnostics& d,
                                              const core::ParameterSpec* declared) {
  MapReader r(node, path, d);
  if (!r.ok()) return std::nullopt;
  const std::size_t before = d.size();
  core::Parameter p;
  p.name = name;
  if (const Node* u = r.required("unit", "the unit of the value, e.g. `probability per year`"))
    p.unit = read_text(*u, r.path_of("unit"), d).value_or("");
  if (const Node* s = r.required(
          "source", "where the value comes from (publication, table), or why it is assumed"))
    p.source = read_text(*s, r.path_of("source"), d).value_or("");
  if (const Node* a = r.optional("assumption"))
    p.assumption = read_bool(*a, r.path_of("assumption"), d).value_or(false);
  r.optional("note");
  if (const Node* y = r.optional("price_year")) {
    // Only money is in some year's prices: converting a utility or a probability by an
    // inflation index would silently change it.
    if (declared != nullptr && !declared->money) {
      d.error(node.entry("price_year")->key_where, r.path_of("price_year"),
              fmt::format("`{}` is not an amount of money ({}), so it has no price year", name,
                          core::domain_description(declared->domain)),
              "`price_year` only on a money parameter, such as a cost, price or salary; remove it "
              "here");
    } else if (const auto year = read_integer(*y, r.path_of("price_year"), d, 1900, 2200)) {
      p.price_year = static_cast<int>(*year);
    }
  }
  const Node* v = r.required("value", "a number, or named shares");
  const Node* dist = r.optional("distribution");
  const Node* low = r.optional("low");
  const Node* high = r.optional("high");
  if (v != nullptr && v->is_map()) {
    // Named shares that sum to one.
    double sum = 0;
    for (const auto& e : v->entries) {
      p.components.push_back(e.key);
      const auto share = read_number_in(e.value, join_path(r.path_of("value"), e.key), d, 0, 1,
                                        "a share in [0, 1]");
      p.shares.push_back(share.value_or(0));
      sum += share.value_or(0);
    }
    if (p.components.empty())
      d.error(v->where, r.path_of("value"), "no shares", "named shares that sum to 1");
    else if (d.size() == before && std::abs(sum - 1.0) > kSharesTolerance)
      d.error(v->where, r.path_of("value"), fmt::format("the shares sum to {:.12g}", sum),
              "shares that sum to 1 (within 1e-9)");
    if (low)
      d.error(low->where, r.path_of("low"), "bounds apply to a number, not to shares", "no `low`");
    if (high)
      d.error(high->where, r.path_of("high"), "bounds apply to a number, not to shares",
              "no `high`");
    if (dist && !says_fixed(*dist) && d.size() == before)
      p.dirichlet = read_dirichlet(*dist, p, r.path_of("distribution"), d);
  } else if (v != nullptr) {
    auto value = read_number(*v, r.path_of("value"), d);
    if (value && declared && declared->domain != core::Domain::kShares &&
        !core::in_domain(declared->domain, *value)) {
      d.error(v->where, r.path_of("value"), fmt::format("{:g} is out of range", *value),
              core::domain_description(declared->domain));
      r.finish();
      return std::nullopt;
    }
    p.value = value.value_or(0);
    p.distribution = Distribution::fixed(p.value);
    if (low) p.low = read_number(*low, r.path_of("low"), d);
    if (high) p.high = read_number(*high, r.path_of("high"), d);
    if (value && p.low && *p.low > p.value)
      d.error(low->where, r.path_of("low"),
              fmt::format("low {:g} is above the value {:g}", *p.low, p.value),
              "low <= value <= high");
    if (value && p.high && *p.high < p.value)
      d.error(high->where, r.path_of("high"),
              fmt::format("high {:g} is below the value {:g}", *p.high, p.value),
              "low <= value <= high");
    if (dist && value && !says_fixed(*dist)) {
      if (auto fitted = read_distribution(*dist, p.value, r.path_of("distribution"), d, p.centre))
        p.distribution = *fitted;
    }
  }
  r.finish();
  if (d.size() != before) return std::nullopt;
  return p;
}

void read_parameters(const Node& node, const std::string& path, core::ParameterSet& out,
                     ParameterLocations& where, Diagnostics& d, const core::ModelSpec* spec) {
  if (!node.is_map()) {
    d.error(node.where, path, "found " + node.describe(),
            "a mapping of parameter names to parameters");
    return;
  }
  const std::string prefix = path.size() > 11 ? path.substr(11) : "";  // below "parameters."
  for (const auto& e : node.entries) {
    const std::string name = prefix.empty() ? e.key : prefix + "." + e.key;
    const std::string child = join_path(path, e.key);
    const core::ParameterSpec* declared = nullptr;
    if (spec)
      for (const auto& ps : spec->parameters)
        if (ps.name == name) declared = &ps;
    if (is_parameter_definition(e.value) || (declared != nullptr && e.value.is_map())) {
      where[name] = e.key_where;
      // A parameter the model does not declare is reported once, as unknown (check_against_model),
      // not also for what its definition lacks.
      if (spec != nullptr && declared == nullptr) continue;
      if (auto p = read_parameter(e.value, name, child, d, declared)) out.set(std::move(*p));
    } else if (e.value.is_map() && !e.value.entries.empty()) {
      read_parameters(e.value, child, out, where, d, spec);
    } else {
      where[name] = e.key_where;
      d.error(e.value.where, child, "found " + e.value.describe(),
              "a parameter (a mapping with `value`, `unit` and `source`) or a group of them");
    }
  }
}

const Node* parameter_definition(const Node* parameters, const std::string& name) {
  const Node* n = parameters;
  std::size_t start = 0;
  while (n != nullptr && n->is_map()) {
    const std::size_t dot = std::min(name.find('.', start), name.size());
    n = n->get(std::string_view(name).substr(start, dot - start));
    if (dot == name.size()) return n;
    start = dot + 1;
  }
  return nullptr;
}

void check_against_model(const core::ModelSpec& spec, const core::ParameterSet& params,
                         const ParameterLocations& where, const Location& section, Diagnostics& d,
                         const Node* parameters) {
  const auto definition = [&](const std::string& name) {
    return parameter_definition(parameters, name);
  };
  std::vector<std::string> declared;
  for (const auto& s : spec.parameters) declared.push_back(s.name);
  for (const auto& [name, at] : where) {
    if (std::find(declared.begin(), declared.end(), name) != declared.end()) continue;
    std::string message = "unknown parameter";
    if (const auto s = nearest(name, declared)) message += "; did you mean `" + *s + "`?";
    d.error(at, "parameters." + name, message, "a parameter of model `" + spec.name + "`");
  }
  for (const auto& s : spec.parameters) {
    const auto it = where.find(s.name);
    if (it == where.end()) {
      d.error(section, "parameters." + s.name, "missing parameter",
              s.description + "; " + core::domain_description(s.domain));
      continue;
    }
    if (const auto* p = params.find(s.name))
      check_domain(s, *p, it->second, "parameters." + s.name, d, definition(s.name));
  }
}

}  // namespace pimhsim::scenario
