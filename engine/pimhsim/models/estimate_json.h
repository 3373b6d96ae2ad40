// The one JSON shape of an estimate with its uncertainty, used by every JSON file PIMHsim writes:
//
//   {"estimate": 0.4713, "se": 0.0040}
//
// "se" is the estimate's standard error (Monte Carlo, unless the file says otherwise), null where
// none is estimated; an estimate that is not a finite number is null too. Where they apply, an
// estimate carries more keys beside these two: "n" (the observations behind a mean), "lower" and
// "upper" (an interval, which the file describes), "year" (a row of a series), and so on. The
// same figure per dyad and in total is {"total": {...}, "per_dyad": {...}}.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

namespace pimhsim::models {

nlohmann::json estimate_json(std::optional<double> estimate, std::optional<double> se);

// A number, or null if it is missing or not finite.
nlohmann::json number_json(std::optional<double> x);

}  // namespace pimhsim::models
