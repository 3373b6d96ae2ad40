// Checks of read parameters: each value within its model's domain, and each PSA distribution
// centred on its parameter's value.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

#include "pimhsim/scenario/edit_distance.h"
#include "pimhsim/scenario/parameters_reader.h"

namespace pimhsim::scenario {

bool check_domain(const core::ParameterSpec& spec, const core::Parameter& p, const Location& at,
                  const std::string& path, Diagnostics& d, const Node* definition) {
  // Where a part of the definition is, or else the parameter's name.
  auto place = [&](std::string_view key) {
    const Node* n = definition != nullptr && definition->is_map() ? definition->get(key) : nullptr;
    return n != nullptr ? n->where : at;
  };
  auto share_place = [&](const std::string& component) {
    const Node* v =
        definition != nullptr && definition->is_map() ? definition->get("value") : nullptr;
    const Node::Entry* e = v != nullptr && v->is_map() ? v->entry(component) : nullptr;
    return e != nullptr ? e->key_where : place("value");
  };
  if (spec.domain == core::Domain::kShares) {
    if (!p.is_shares()) {
      d.error(
          place("value"), path + ".value", "a number where shares are needed",
          "named shares " + fmt::format("{}", fmt::join(spec.components, ", ")) + " summing to 1");
      return false;
    }
    bool ok = true;
    for (const auto& c : spec.components)
      if (std::find(p.components.begin(), p.components.end(), c) == p.components.end()) {
        d.error(place("value"), path + ".value." + c, "missing share",
                "a share for every one of: " + fmt::format("{}", fmt::join(spec.components, ", ")));
        ok = false;
      }
    for (const auto& c : p.components)
      if (std::find(spec.components.begin(), spec.components.end(), c) == spec.components.end()) {
        std::string message = "unknown share `" + c + "`";
        if (const auto s = nearest(c, spec.components)) message += "; did you mean `" + *s + "`?";
        d.error(share_place(c), path + ".value." + c, message,
                "shares named " + fmt::format("{}", fmt::join(spec.components, ", ")));
        ok = false;
      }
    return ok;
  }
  if (p.is_shares()) {
    d.error(place("value"), path + ".value", "shares where a single number is needed",
            core::domain_description(spec.domain));
    return false;
  }
  const std::string expected = core::domain_description(spec.domain);
  bool ok = true;
  auto check = [&](double x, const char* what) {
    if (!core::in_domain(spec.domain, x)) {
      d.error(place(what), path + "." + what, fmt::format("{:g} is out of range", x), expected);
      ok = false;
    }
  };
  check(p.value, "value");
  if (p.low) check(*p.low, "low");
  if (p.high) check(*p.high, "high");
  if (ok && p.distribution.family() != core::Family::kFixed) {
    const bool within =
        core::support_within(spec.domain, p.distribution.lower(), p.distribution.upper());
    if (!within) {
      d.error(place("distribution"), path + ".distribution",
              p.distribution.describe() + " can draw values outside the parameter's range",
              "a distribution whose values are all " + expected);
      ok = false;
    }
  }
  return ok;
}

void check_centred(const core::ParameterSet& params, const ParameterLocations& where,
                   const Node* parameters, Diagnostics& d) {
  for (const auto& p : params.all()) {
    const auto off = core::off_centre(p);
    if (off.empty()) continue;
    // At the distribution (as errors in it are), or else at the parameter's name.
    const Node* definition = parameter_definition(parameters, p.name);
    const Node* dist =
        definition != nullptr && definition->is_map() ? definition->get("distribution") : nullptr;
    const auto at = where.find(p.name);
    const Location place = dist != nullptr     ? dist->where
                           : at != where.end() ? at->second
                                               : Location{};
    const std::string path = "parameters." + p.name + ".distribution";
    const std::string tolerance =
        fmt::format("within {:g}% of the value, or within {:g} of it when it is 0",
                    100 * core::kCentreRelativeTolerance, core::kCentreAbsoluteTolerance);
    if (p.is_shares()) {
      std::string shares;
      for (const auto& o : off)
        shares += fmt::format("{}`{}` {:.6g} (value {:.6g})", shares.empty() ? "" : ", ",
                              o.component, o.centre, o.value);
      d.warning(place, path,
                fmt::format("the Dirichlet's mean share is not the value for {} of {} shares: {}",
                            off.size(), p.components.size(), shares),
                "PSA centred on the base case: each mean share " + tolerance +
                    "; `n:` gives alpha = n x share");
    } else {
      const char* statistic = core::centre_name(p.centre);
      const double c = off.front().centre;
      d.warning(
          place, path,
          fmt::format("{} has {} {:.6g}, not the value {:.6g}{}", p.distribution.describe(),
                      statistic, c, p.value,
                      p.value != 0
                          ? fmt::format(" ({:+.3g}%)", 100 * (c - p.value) / std::abs(p.value))
                          : ""),
          fmt::format(
              "PSA centred on the base case: the distribution's {} {}{}", statistic, tolerance,
              p.centre == core::Centre::kMean ? "; `centre: median` if the value is a median"
                                              : ""));
    }
  }
}

}  // namespace pimhsim::scenario
