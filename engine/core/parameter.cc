#include "core/parameter.h"

#include <stdexcept>

namespace pimhsim::core {

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
