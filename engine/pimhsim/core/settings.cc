#include "pimhsim/core/settings.h"

#include <algorithm>
#include <stdexcept>

namespace pimhsim::core {

void SettingValues::set(const std::string& name, SettingSpec::Value value, bool given) {
  values_[name] = {std::move(value), given};
}

bool SettingValues::given(const std::string& name) const {
  const auto it = values_.find(name);
  return it != values_.end() && it->second.second;
}

const SettingSpec::Value& SettingValues::at(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw std::logic_error("setting `" + name + "` has no value");
  return it->second.first;
}

namespace {
template <class T>
const T& as(const SettingSpec::Value& v, const std::string& name) {
  if (const T* x = std::get_if<T>(&v)) return *x;
  throw std::logic_error("setting `" + name + "` is of another kind");
}
}  // namespace

bool SettingValues::flag(const std::string& name) const {
  return has(name) && as<bool>(at(name), name);
}
long long SettingValues::integer(const std::string& name) const {
  return as<long long>(at(name), name);
}
double SettingValues::number(const std::string& name) const {
  return as<double>(at(name), name);
}
const std::string& SettingValues::text(const std::string& name) const {
  return as<std::string>(at(name), name);
}
std::vector<std::string> SettingValues::texts(const std::string& name) const {
  if (!has(name)) return {};
  return as<std::vector<std::string>>(at(name), name);
}
std::optional<std::string> SettingValues::optional_text(const std::string& name) const {
  if (!has(name)) return std::nullopt;
  return text(name);
}

std::string flag_name(const std::string& setting) {
  std::string flag = "--" + setting;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

}  // namespace pimhsim::core
