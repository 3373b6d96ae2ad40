// A ready scenario for one area, written for a user (`pimhsim new-area`): a capability a model
// with areas gives in its registry entry, since the options it compares are the model's.
#pragma once

#include <optional>
#include <string>

#include "pimhsim/scenario/scenario.h"

namespace pimhsim::models {

struct AreaScenarioRequest {
  const scenario::Scenario* base = nullptr;  // the scenario extended (England's)
  const scenario::Area* area = nullptr;      // one of base's areas
  std::optional<double> births;              // a figure of the user's, a year
  std::string file;                          // where the scenario is written, for its comments
  std::string table_file;                    // the one-row table beside it, when births are given
  std::string extends;                       // base's path relative to the file's directory
};

struct AreaScenario {
  std::string yaml;
  std::optional<std::string> table_csv;  // when births are given
  std::string births_note;               // how many births a year, and from where
};

}  // namespace pimhsim::models
