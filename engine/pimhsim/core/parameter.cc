#include "pimhsim/core/parameter.h"

#include <cmath>
#include <stdexcept>

namespace pimhsim::core {

const char* centre_name(Centre c) {
  return c == Centre::kMedian ? "median" : "mean";
}

bool centred_on(double centre, double value) {
  const double tolerance =
      value == 0 ? kCentreAbsoluteTolerance : kCentreRelativeTolerance * std::abs(value);
  return std::abs(centre - value) <= tolerance;
}

std::vector<OffCentre> off_centre(const Parameter& p) {
  std::vector<OffCentre> out;
  if (p.is_shares()) {
    if (!p.dirichlet) return out;
    const auto mean = p.dirichlet->mean();
    for (std::size_t i = 0; i < p.components.size() && i < mean.size(); ++i)
      if (!centred_on(mean[i], p.shares[i])) out.push_back({p.components[i], mean[i], p.shares[i]});
    return out;
  }
  if (p.distribution.family() == Family::kFixed) return out;
  const double centre =
      p.centre == Centre::kMedian ? p.distribution.median() : p.distribution.mean();
  if (!centred_on(centre, p.value)) out.push_back({"", centre, p.value});
  return out;
}

void ParameterSet::set(Parameter p) {
  const auto it = index_.find(p.name);
  if (it != index_.end()) {
    items_[it->second] = std::move(p);
    return;
  }
  index_.emplace(p.name, items_.size());
  items_.push_back(std::move(p));
}

const Parameter* ParameterSet::find(std::string_view name) const {
  const auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &items_[it->second];
}

Parameter* ParameterSet::find(std::string_view name) {
  const auto it = index_.find(std::string(name));
  return it == index_.end() ? nullptr : &items_[it->second];
}

const Parameter& ParameterSet::at(std::string_view name) const {
  if (const auto* p = find(name)) return *p;
  throw std::out_of_range("no parameter named " + std::string(name));
}

void SwitchSet::set(const std::string& name, SwitchValue v) {
  for (auto& [n, value] : items_)
    if (n == name) {
      value = std::move(v);
      return;
    }
  items_.emplace_back(name, std::move(v));
}

const SwitchValue* SwitchSet::find(std::string_view name) const {
  for (const auto& [n, value] : items_)
    if (n == name) return &value;
  return nullptr;
}

bool SwitchSet::flag(std::string_view name) const {
  const auto* v = find(name);
  if (v == nullptr || !std::holds_alternative<bool>(*v))
    throw std::out_of_range("no boolean switch named " + std::string(name));
  return std::get<bool>(*v);
}

const std::string& SwitchSet::choice(std::string_view name) const {
  const auto* v = find(name);
  if (v == nullptr || !std::holds_alternative<std::string>(*v))
    throw std::out_of_range("no choice switch named " + std::string(name));
  return std::get<std::string>(*v);
}

std::string to_string(const SwitchValue& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return std::get<std::string>(v);
}

}  // namespace pimhsim::core
