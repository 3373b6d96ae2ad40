#include "pimhsim/scenario/area_lookup.h"

#include <fmt/format.h>

#include <cctype>

#include "pimhsim/core/number_text.h"
#include "pimhsim/scenario/edit_distance.h"

namespace pimhsim::scenario {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& text, const std::string& part) {
  return lower(text).find(lower(part)) != std::string::npos;
}

}  // namespace

std::vector<const Area*> matching_areas(const AreaSettings& areas, const std::string& text) {
  std::vector<const Area*> found;
  for (const auto& a : areas.areas)
    if (contains(a.code, text) || contains(a.name, text) || contains(a.region, text))
      found.push_back(&a);
  return found;
}

std::string nearest_area_hint(const AreaSettings& areas, const std::string& text) {
  std::vector<std::string> names;
  for (const auto& a : areas.areas) names.push_back(a.name);
  const auto near = nearest(text, names);
  return near ? fmt::format("; did you mean `{}`?", *near) : "";
}

const Area* find_area(const AreaSettings& areas, const std::string& text, std::string& why) {
  for (const auto& a : areas.areas)
    if (a.code == text || lower(a.name) == lower(text)) return &a;
  std::vector<const Area*> by_name;
  for (const auto& a : areas.areas)
    if (contains(a.name, text)) by_name.push_back(&a);
  if (by_name.size() == 1) return by_name.front();
  if (by_name.empty()) {
    why = fmt::format("no area is `{}`{}", text, nearest_area_hint(areas, text));
  } else {
    std::vector<std::string> names;
    for (const auto* a : by_name) names.push_back(fmt::format("{} ({})", a->name, a->code));
    why = fmt::format("`{}` matches {} areas: {}; give the code", text, by_name.size(),
                      core::listed(names, "and"));
  }
  return nullptr;
}

std::optional<std::filesystem::path> shipped_scenario(const std::string& name,
                                                      const std::filesystem::path& source_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> dirs;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back(exe.parent_path().parent_path() / "share" / "pimhsim" / "scenarios");
  dirs.push_back(source_dir);
  for (const auto& d : dirs)
    if (fs::exists(d / name, ec)) return fs::weakly_canonical(d / name, ec);
  return std::nullopt;
}

}  // namespace pimhsim::scenario
