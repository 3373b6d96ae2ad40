// `pimhsim areas`: a scenario's areas as a table for a terminal.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/core/settings.h"
#include "pimhsim/core/status.h"
#include "pimhsim/scenario/scenario.h"

namespace pimhsim::output {

// `found` (areas of `s`) with their codes, names, regions and the model's area columns, headed by
// how many of the scenario's areas they are and what matched (`find`, if not empty), and how to
// make a scenario for one.
std::string areas_text(const scenario::Scenario& s, const std::vector<const scenario::Area*>& found,
                       const std::string& find);

// The settings of `pimhsim areas` (`find`) and of `pimhsim new-area` (`births`, `out`, `from`,
// `force`), as front ends offer them.
std::vector<core::SettingSpec> areas_setting_specs();
std::vector<core::SettingSpec> new_area_setting_specs();

// The files `pimhsim new-area` wrote.
struct AreaScenarioFiles {
  std::filesystem::path scenario;
  std::optional<std::filesystem::path> table;  // with births of the user's
  std::string births_note;                     // how many births a year, and from where
};

// Writes the ready scenario of `area` (one of `base`'s areas) that `base`'s model gives, extending
// `base` by a path relative to where it is written: to `file`, or NAME.yaml in the current folder
// (NAME the area's name in lower case); with `births`, also a one-row table beside it,
// FILE_births.csv. Bad input if the model writes no area scenario or a file exists (unless
// `force`); failed, with nothing left, if the scenario written does not load (a bug).
core::Expected<AreaScenarioFiles> write_area_scenario(const scenario::Scenario& base,
                                                      const scenario::Area& area,
                                                      std::optional<double> births,
                                                      std::optional<std::filesystem::path> file,
                                                      bool force);

// What new-area wrote for `area`, and how to run it.
std::string area_scenario_text(const AreaScenarioFiles& files, const scenario::Area& area);

}  // namespace pimhsim::output
