#include "pimhsim/output/gnuplot.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "pimhsim/output/results_dir.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

// A temporary file removed when it goes out of scope.
struct TemporaryFile {
  fs::path path;
  ~TemporaryFile() {
    std::error_code ec;
    if (!path.empty()) fs::remove(path, ec);
  }
};

TemporaryFile temporary(const std::string& tag) {
  std::string name = (fs::temp_directory_path() / ("pimhsim-" + tag + "-XXXXXX")).string();
  const int fd = mkstemp(name.data());
  if (fd < 0) return {};
  close(fd);
  return {name};
}

std::string read_all(const fs::path& path) {
  std::string why;
  return read_result_file(path, why).value_or("");
}

}  // namespace

std::optional<std::string> find_gnuplot() {
  return find_program("gnuplot");
}

std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::string_view rest = path;
  while (true) {
    const auto colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    if (!dir.empty()) {
      const fs::path candidate = fs::path(dir) / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec) && access(candidate.c_str(), X_OK) == 0)
        return candidate.string();
    }
    if (colon == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(colon + 1);
  }
}

std::string gnuplot_quoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'')
      out += "''";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out + "'";
}

namespace {

// Whether what gnuplot said on stderr is nothing or warnings alone: each line says "warning"
// (`"script" line 75: warning: Skipping data file with no valid points`, `Warning: empty x range
// [0:0], adjusting to [-1:1]`), or is blank.
bool only_warnings(const std::string& said) {
  std::size_t at = 0;
  while (at < said.size()) {
    auto end = said.find('\n', at);
    if (end == std::string::npos) end = said.size();
    const std::string line = said.substr(at, end - at);
    at = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (line.find("warning:") == std::string::npos && line.find("Warning:") == std::string::npos)
      return false;
  }
  return true;
}

}  // namespace

std::string gnuplot_lines(const std::vector<std::string>& lines) {
  std::string out = "\"";
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i > 0) out += "\\n";
    for (char c : lines[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += (c == '\n' || c == '\r') ? ' ' : c;
    }
  }
  return out + "\"";
}

std::vector<std::string> wrapped(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto space = text.find(' ', at);
    const std::string word =
        text.substr(at, space == std::string::npos ? std::string::npos : space - at);
    at = space == std::string::npos ? text.size() : space + 1;
    if (word.empty()) continue;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty() || lines.empty()) lines.push_back(line);
  return lines;
}

std::string gnuplot_terminal(ChartFormat format, int width, int height) {
  if (format == ChartFormat::kSvg)
    return fmt::format(
        "set terminal svg size {},{} font 'Sans,12' noenhanced background '#ffffff'\n", width,
        height);
  // pngcairo's font sizes are points at 72 pixels per inch: scaled with the image.
  constexpr double kScale = 2.5;
  return fmt::format(
      "set terminal pngcairo size {},{} font 'Sans,{:.0f}' noenhanced background '#ffffff' "
      "linewidth {:.1f}\n",
      static_cast<int>(width * kScale), static_cast<int>(height * kScale), 9 * kScale, kScale);
}

core::Expected<std::string> run_gnuplot(const std::string& gnuplot, const std::string& script,
                                        ChartFormat format, int width, int height) {
  const auto input = temporary("chart"), output = temporary("out"), errors = temporary("err");
  if (input.path.empty() || output.path.empty() || errors.path.empty())
    return core::Status::failed(
        fmt::format("cannot create a temporary file in {}\n", fs::temp_directory_path().string()));
  {
    std::ofstream f(input.path, std::ios::binary);
    f << gnuplot_terminal(format, width, height) << script;
    if (!f.flush())
      return core::Status::failed(fmt::format("cannot write {}\n", input.path.string()));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output.path.c_str(), O_WRONLY | O_TRUNC,
                                   0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, errors.path.c_str(), O_WRONLY | O_TRUNC,
                                   0);
  std::vector<std::string> args = {gnuplot, input.path.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, gnuplot.c_str(), &actions, nullptr, argv.data(), ::environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return core::Status::failed(
        fmt::format("cannot start {}: {}\n", gnuplot, std::strerror(spawned)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return core::Status::failed(fmt::format("lost track of {}\n", gnuplot));
  std::string said = read_all(errors.path);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !only_warnings(said)) {
    // gnuplot reports a problem in a script on stderr, even one it draws past; a warning about
    // the data (an empty range it widens, a data block with no valid point) leaves a right chart.
    while (!said.empty() && (said.back() == '\n' || said.back() == ' ')) said.pop_back();
    return core::Status::failed(fmt::format("gnuplot failed on a chart: {}\n", said));
  }
  return read_all(output.path);
}

}  // namespace pimhsim::output
