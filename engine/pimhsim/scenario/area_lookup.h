// Finding local authorities in a scenario's areas by code or name, as a user types them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "pimhsim/scenario/areas_reader.h"

namespace pimhsim::scenario {

// The areas whose code, name or region contains `text`, in any case (all of them for "").
std::vector<const Area*> matching_areas(const AreaSettings& areas, const std::string& text);

// "; did you mean `NAME`?" for the area name nearest `text`, or "".
std::string nearest_area_hint(const AreaSettings& areas, const std::string& text);

// The area `text` names: its code, its name in any case, or the one area whose name contains it;
// else nullptr and `why` (none matches, with the nearest name; or several, listed).
const Area* find_area(const AreaSettings& areas, const std::string& text, std::string& why);

// A shipped scenario `name` (england.yaml): beside the installed executable
// (PREFIX/share/pimhsim/scenarios, PREFIX/bin holding the executable), else in `source_dir` (the
// source tree's scenarios/ for a program run from its build tree); nothing if neither holds it.
std::optional<std::filesystem::path> shipped_scenario(const std::string& name,
                                                      const std::filesystem::path& source_dir);

}  // namespace pimhsim::scenario
