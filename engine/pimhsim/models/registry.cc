#include "pimhsim/models/registry.h"

#include <array>
#include <stdexcept>

#include "pimhsim/models/pathway/pathway.h"
#include "pimhsim/models/pathway/spec.h"
#include "pimhsim/models/sick_sicker/sick_sicker.h"

namespace pimhsim::models {

std::span<const core::ModelSpec* const> specs() {
  static const std::array<const core::ModelSpec*, 2> all = {&pathway::spec(), &sick_sicker::spec()};
  return all;
}

std::unique_ptr<core::Model> make(const scenario::Scenario& s) {
  if (s.model == pathway::spec().name) return std::make_unique<pathway::Model>(s);
  if (s.model == sick_sicker::spec().name) return std::make_unique<sick_sicker::Model>(s);
  throw std::invalid_argument("no model named " + s.model);
}

}  // namespace pimhsim::models
