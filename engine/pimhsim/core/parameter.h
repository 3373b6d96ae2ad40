// Parameter values with their uncertainty: what a scenario's `parameters:` section becomes.
//
// A parameter is either a number (with a distribution for probabilistic analysis and optional
// bounds for one-way analysis) or a set of named shares that sum to one (with a Dirichlet).
// Every parameter keeps its unit and source so that outputs and docs can cite them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "pimhsim/core/distribution.h"

namespace pimhsim::core {

// Which statistic of a number parameter's PSA distribution its value is: the mean (the default),
// or the median for a skewed quantity whose published figure is a median (`centre: median`).
enum class Centre { kMean, kMedian };
const char* centre_name(Centre c);

struct Parameter {
  std::string name;  // dotted path below `parameters`, e.g. "p_HS1" or "prevalence.depression"
  std::string unit;
  std::string source;
  bool assumption = false;        // the value is a labelled assumption, not a published figure
  std::optional<int> price_year;  // for money: the year whose prices the value is in

  double value = 0;  // number parameters
  Distribution distribution = Distribution::fixed(0);
  Centre centre = Centre::kMean;    // what the value is of the distribution
  std::optional<double> low, high;  // one-way sensitivity bounds

  std::vector<std::string> components;  // shares parameters: component names ...
  std::vector<double> shares;           // ... and their values, summing to one
  std::optional<Dirichlet> dirichlet;

  bool is_shares() const { return !components.empty(); }
};

// A PSA distribution is centred on the base case: its mean (its median with `centre: median`; for
// shares, each share's Dirichlet mean) within 1% of the value, relative, or within 1e-6 of it
// when the value is 0.
inline constexpr double kCentreRelativeTolerance = 0.01;
inline constexpr double kCentreAbsoluteTolerance = 1e-6;
bool centred_on(double centre, double value);

// Where a parameter's distribution is not centred on its value: nothing if it is (or has no
// distribution); for a number one entry, its `component` empty; for shares one entry per share
// whose Dirichlet mean is off its value.
struct OffCentre {
  std::string component;
  double centre = 0;  // the distribution's mean (or median)
  double value = 0;
};
std::vector<OffCentre> off_centre(const Parameter& p);

// Parameters in declaration order, found by name.
class ParameterSet {
 public:
  void set(Parameter p);  // adds, or replaces one of the same name
  const Parameter* find(std::string_view name) const;
  Parameter* find(std::string_view name);
  const Parameter& at(std::string_view name) const;  // throws std::out_of_range
  double value(std::string_view name) const { return at(name).value; }
  const std::vector<double>& shares(std::string_view name) const { return at(name).shares; }
  const std::vector<Parameter>& all() const { return items_; }

 private:
  std::vector<Parameter> items_;
  std::unordered_map<std::string, std::size_t> index_;
};

// Named structural switches: a boolean or one of a set of named choices.
using SwitchValue = std::variant<bool, std::string>;

class SwitchSet {
 public:
  void set(const std::string& name, SwitchValue v);
  const SwitchValue* find(std::string_view name) const;
  bool flag(std::string_view name) const;                  // throws if missing or not boolean
  const std::string& choice(std::string_view name) const;  // throws if missing or not a choice
  const std::vector<std::pair<std::string, SwitchValue>>& all() const { return items_; }

 private:
  std::vector<std::pair<std::string, SwitchValue>> items_;
};

std::string to_string(const SwitchValue& v);

}  // namespace pimhsim::core
