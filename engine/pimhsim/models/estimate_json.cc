#include "pimhsim/models/estimate_json.h"

#include <cmath>

namespace pimhsim::models {

nlohmann::json number_json(std::optional<double> x) {
  return x && std::isfinite(*x) ? nlohmann::json(*x) : nlohmann::json(nullptr);
}

nlohmann::json estimate_json(std::optional<double> estimate, std::optional<double> se) {
  return {{"estimate", number_json(estimate)}, {"se", number_json(se)}};
}

}  // namespace pimhsim::models
