#include "pimhsim/output/results_dir.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "pimhsim/core/utf8.h"
#include "pimhsim/output/signal_cleanup.h"
#include "pimhsim/scenario/input_file.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

constexpr std::uintmax_t kMaxManifestBytes = 1u << 20;  // PIMHsim's are a few hundred bytes
constexpr const char* kExpected =
    "a new or empty directory, or an earlier PIMHsim results directory, which is replaced whole";

// `p` made absolute, with `.`, `..` and symbolic links resolved as far as it exists.
fs::path resolved(const fs::path& p) {
  std::error_code ec;
  fs::path r = fs::weakly_canonical(p, ec);
  if (ec) r = fs::absolute(p, ec).lexically_normal();
  if (!r.has_filename()) r = r.parent_path();
  return r;
}

// Whether `inner` is `outer` or lies below it (both resolved).
bool within(const fs::path& inner, const fs::path& outer) {
  auto i = inner.begin();
  for (const auto& part : outer) {
    if (i == inner.end() || *i != part) return false;
    ++i;
  }
  return true;
}

std::string kind_of(fs::file_type t) {
  return t == fs::file_type::regular ? std::string("a regular file")
                                     : scenario::special_file_kind(t);
}

// What replacing `dir` would destroy of the run's own inputs or the working directory ("" if
// nothing).
std::string overlap_problem(const fs::path& dir, const std::vector<std::string>& inputs) {
  const fs::path d = resolved(dir);
  for (const auto& input : inputs) {
    const fs::path in = resolved(input);
    if (in == d) return fmt::format("`{}` is an input of this run", input);
    if (within(in, d))
      return fmt::format("it holds `{}`, an input of this run, which the results would replace",
                         input);
  }
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec && within(resolved(cwd), d))
    return "it holds the working directory, which the results would replace";
  return {};
}

// A few of the entries of `dir`, for a message: "`a`, `b`, `c` and 12 more".
std::string some_entries(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec))
    names.push_back(it->path().filename().string());
  std::sort(names.begin(), names.end());
  std::string out;
  for (std::size_t k = 0; k < names.size() && k < 3; ++k)
    out += fmt::format("{}`{}`", k == 0 ? "" : ", ", names[k]);
  if (names.size() > 3) out += fmt::format(" and {} more", names.size() - 3);
  return out;
}

}  // namespace

std::optional<std::string> read_result_file(const fs::path& file, std::string& why) {
  constexpr std::uintmax_t kMaxFileBytes = std::uintmax_t{1} << 30;
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    why = "no such file";
    return std::nullopt;
  }
  if (!fs::is_regular_file(file, ec)) {
    why = "not a regular file";
    return std::nullopt;
  }
  if (fs::file_size(file, ec) > kMaxFileBytes) {
    why = "larger than 1 GiB";
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    why = "cannot be read";
    return std::nullopt;
  }
  return text.str();
}

bool is_results_directory(const fs::path& dir) {
  const fs::path manifest = dir / "manifest.json";
  std::error_code ec;
  if (!fs::is_regular_file(manifest, ec)) return false;
  const auto size = fs::file_size(manifest, ec);
  if (ec || size > kMaxManifestBytes) return false;
  std::ifstream in(manifest, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str(), nullptr, false);
  return j.is_object() && j.contains("pimhsim_version") && j["pimhsim_version"].is_string();
}

std::string results_dir_label(const std::string& dir, bool resume, bool out) {
  const std::string shown = dir.empty() ? std::string("''") : dir;
  return resume ? fmt::format("`resume` {}", shown)
         : out  ? fmt::format("`out` {}", shown)
                : fmt::format("the default results directory {} (choose another with `out`)", dir);
}

std::string results_dir_problem(const std::string& label, const std::string& dir,
                                const std::vector<std::string>& inputs) {
  if (dir.empty())
    return fmt::format("{}: an empty path (the directory to write the results to)", label);
  // Its name reaches the manifest and the messages: UTF-8 only, as every input.
  if (const auto e = core::first_utf8_error(dir))
    return fmt::format("{}: the path is not UTF-8 text: {} (a results directory named in UTF-8)",
                       label, core::utf8_error_text(dir, *e));
  fs::path p(dir);
  if (!p.has_filename()) p = p.parent_path();  // "results/x/"
  if (!p.has_filename() || p.filename() == "." || p.filename() == "..")
    return fmt::format(
        "{}: give the results directory by its own name, not `/`, `.` or `..` (a path such as "
        "results/my_run)",
        label);
  if (const auto why = overlap_problem(p, inputs); !why.empty())
    return fmt::format("{}: {} ({})", label, why, kExpected);
  std::error_code ec;
  const auto status = fs::status(p, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status))
      return fmt::format("{}: `{}` is {}, not a directory ({})", label, dir, kind_of(status.type()),
                         kExpected);
    if (!fs::is_empty(p, ec) && !is_results_directory(p))
      return fmt::format(
          "{}: `{}` is not empty ({}) and has no manifest.json written by PIMHsim ({})", label, dir,
          some_entries(p), kExpected);
  } else if (fs::is_symlink(fs::symlink_status(p, ec))) {
    return fmt::format("{}: `{}` is a symbolic link to nothing ({})", label, dir, kExpected);
  }
  // The results are staged beside the directory: the nearest existing ancestor of its parent
  // must be a directory that can be written.
  ec.clear();
  const fs::path absolute = fs::absolute(p, ec);
  for (fs::path a = absolute.parent_path(); !ec; a = a.parent_path()) {
    const auto s = fs::status(a, ec);
    if (fs::exists(s)) {
      if (!fs::is_directory(s))
        return fmt::format("{}: cannot be created: `{}` is {}, not a directory", label, a.string(),
                           kind_of(s.type()));
      if (::access(a.c_str(), W_OK | X_OK) != 0)
        return fmt::format("{}: cannot be created: `{}` is not writable", label, a.string());
      break;
    }
    ec.clear();
    if (a == a.parent_path()) break;
  }
  return {};
}

std::string journal_dir_problem(const fs::path& partial, const std::vector<std::string>& inputs,
                                const std::string& choose_other) {
  const std::string label =
      fmt::format("{} (where the run keeps its journal, removed once the results are written)",
                  partial.string());
  if (const auto why = overlap_problem(partial, inputs); !why.empty())
    return fmt::format("{}: {} ({})", label, why, choose_other);
  std::error_code ec;
  const auto status = fs::status(partial, ec);
  if (!fs::exists(status)) return {};
  if (!fs::is_directory(status))
    return fmt::format("{}: `{}` is {}, not a directory (move it away, or {})", label,
                       partial.string(), kind_of(status.type()), choose_other);
  for (auto it = fs::directory_iterator(partial, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name != "journal.csv" && name != "journal.csv.tmp" && name != "lock" &&
        name != "ended.txt" &&
        name != "ended.txt.tmp")  // what rank 0 said when a signal ended it (journal.h)
      return fmt::format(
          "{}: it holds `{}`, which is not part of a PIMHsim journal (move it away, or {})", label,
          name, choose_other);
  }
  return {};
}

core::Status write_file_whole(const std::filesystem::path& file, const std::string& content) {
  const std::filesystem::path tmp = file.string() + ".tmp";
  const RemovedOnSignal unfinished(tmp);
  std::error_code ec;
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f << content;
    if (!f.flush()) {
      std::filesystem::remove(tmp, ec);
      return core::Status::failed(fmt::format("cannot write {}\n", file.string()));
    }
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return core::Status::failed(fmt::format("cannot write {}: {}\n", file.string(), ec.message()));
  }
  return {};
}

}  // namespace pimhsim::output
