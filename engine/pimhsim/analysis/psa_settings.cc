#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include "pimhsim/analysis/psa.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::analysis {
namespace {

std::optional<double> parse_double(const std::string& s) {
  double v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

}  // namespace

std::optional<std::vector<double>> parse_threshold_grid(const std::string& text, std::string& why) {
  std::vector<double> out;
  if (text.find(':') != std::string::npos) {
    std::vector<std::string> parts;
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, ':');) parts.push_back(p);
    const auto a = parts.size() == 3 ? parse_double(parts[0]) : std::nullopt;
    const auto b = parts.size() == 3 ? parse_double(parts[1]) : std::nullopt;
    const auto step = parts.size() == 3 ? parse_double(parts[2]) : std::nullopt;
    if (!a || !b || !step || *a < 0 || *b < *a || *step <= 0 || (*b - *a) / *step > 100000) {
      why = "FROM:TO:STEP with 0 <= FROM <= TO, STEP > 0 and at most 100,000 points";
      return std::nullopt;
    }
    const auto n = static_cast<std::size_t>(std::floor((*b - *a) / *step + 1e-9));
    for (std::size_t k = 0; k <= n; ++k) out.push_back(*a + static_cast<double>(k) * *step);
  } else {
    std::stringstream ss(text);
    for (std::string p; std::getline(ss, p, ',');) {
      const auto v = parse_double(p);
      if (!v || *v < 0) {
        why = "amounts per QALY >= 0 separated by commas, or FROM:TO:STEP";
        return std::nullopt;
      }
      out.push_back(*v);
    }
  }
  if (out.empty()) {
    why = "at least one threshold";
    return std::nullopt;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<std::vector<std::vector<std::string>>> parse_evppi_groups(
    const std::string& text, const std::vector<std::string>& known, std::string& why) {
  std::vector<std::vector<std::string>> groups;
  if (text == "all") {
    for (const auto& k : known) groups.push_back({k});
    return groups;
  }
  std::stringstream ss(text);
  for (std::string g; std::getline(ss, g, ';');) {
    std::vector<std::string> group;
    std::stringstream gs(g);
    for (std::string name; std::getline(gs, name, ',');) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        why = fmt::format("`{}` is not a sampled parameter", name);
        if (const auto near = scenario::nearest(name, known))
          why += fmt::format("; did you mean `{}`?", *near);
        why +=
            " (see psa_parameters.csv's columns: parameters with a distribution, and shares as "
            "NAME.COMPONENT)";
        return std::nullopt;
      }
      group.push_back(name);
    }
    if (group.empty()) {
      why = "an empty group (groups are separated by `;`, names within a group by `,`)";
      return std::nullopt;
    }
    groups.push_back(group);
  }
  if (groups.empty()) {
    why = "no group given";
    return std::nullopt;
  }
  return groups;
}

}  // namespace pimhsim::analysis
