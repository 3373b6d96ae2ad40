#include "pimhsim/output/report_pdf.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "pimhsim/output/gnuplot.h"

namespace pimhsim::output {
namespace {

namespace fs = std::filesystem;

// A temporary directory (Chromium's profile) removed when it goes out of scope.
struct TemporaryDirectory {
  fs::path path;
  ~TemporaryDirectory() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

}  // namespace

core::Expected<fs::path> print_pdf(const fs::path& html) {
  auto chromium = find_program("chromium");
  if (!chromium) chromium = find_program("chromium-browser");
  if (!chromium)
    return core::Status::failed(
        "chromium is not on the PATH (Debian: apt-get install chromium); the page prints to PDF "
        "from any browser\n");
  std::error_code ec;
  const fs::path page = fs::absolute(html, ec);
  fs::path pdf = page;
  pdf.replace_extension(".pdf");
  std::string dir = (fs::temp_directory_path() / "pimhsim-chromium-XXXXXX").string();
  if (mkdtemp(dir.data()) == nullptr)
    return core::Status::failed(
        fmt::format("cannot create a temporary directory: {}\n", std::strerror(errno)));
  const TemporaryDirectory profile{dir};
  fs::remove(pdf, ec);
  std::vector<std::string> args = {*chromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--disable-default-apps",
                                   "--user-data-dir=" + dir,
                                   "--no-pdf-header-footer",
                                   "--print-to-pdf=" + pdf.string(),
                                   "file://" + page.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, chromium->c_str(), &actions, nullptr, argv.data(), ::environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return core::Status::failed(
        fmt::format("cannot start {}: {}\n", *chromium, std::strerror(spawned)));
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return core::Status::failed(fmt::format("lost track of {}\n", *chromium));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::is_regular_file(pdf, ec) ||
      fs::file_size(pdf, ec) == 0)
    return core::Status::failed(
        fmt::format("{} did not print {} to PDF\n", *chromium, page.string()));
  return pdf;
}

}  // namespace pimhsim::output
