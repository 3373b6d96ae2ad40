#include "models/registry.h"

#include <array>
#include <stdexcept>

#include "models/sick_sicker/sick_sicker.h"

namespace pimhsim::models {

std::span<const core::ModelSpec* const> specs() {
  static const std::array<const core::ModelSpec*, 1> all = {&sick_sicker::spec()};
  return all;
}

std::unique_ptr<core::Model> make(const scenario::Scenario& s) {
  if (s.model == sick_sicker::spec().name) return std::make_unique<sick_sicker::Model>(s);
  throw std::invalid_argument("no model named " + s.model);
}

}  // namespace pimhsim::models
