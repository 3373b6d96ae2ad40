// AtomicDirectory: a results directory replaced whole, in one swap or (where the file system
// refuses one) in two renames; nothing left beside it; and the leftovers of processes that ended
// mid-way removed (or, earlier results moved aside, put back) by the next one, with a notice,
// while those of running processes are kept.
#include "pimhsim/output/atomic_directory.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/files.h"

namespace fs = std::filesystem;
using pimhsim::output::AtomicDirectory;

namespace {

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "atomic" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void put(const fs::path& file, const std::string& content) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

using pimhsim::test::read;

// The names in `dir`, hidden ones included.
std::set<std::string> names(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

// The id of a process that has ended (and been reaped).
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

// Sets an environment variable for one scope.
struct ScopedEnv {
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  const char* name_;
};

}  // namespace

TEST_CASE("AtomicDirectory replaces earlier results whole and leaves nothing beside them") {
  const fs::path dir = fresh_dir("replace");
  const fs::path target = dir / "results";
  put(target / "old.csv", "old\n");
  put(target / "tables" / "old.csv", "old\n");
  std::vector<std::string> notices;
  {
    AtomicDirectory out(target, [&](const std::string& line) { notices.push_back(line); });
    out.write("new.csv", "new\n");
    out.write("tables/new.csv", "new\n");
    CHECK(names(target) == std::set<std::string>{"old.csv", "tables"});  // untouched until commit
    out.commit();
  }
  CHECK(names(target) == std::set<std::string>{"new.csv", "tables"});
  CHECK(names(target / "tables") == std::set<std::string>{"new.csv"});
  CHECK(read(target / "new.csv") == "new\n");
  CHECK(names(dir) == std::set<std::string>{"results"});
  CHECK(notices.empty());
}

TEST_CASE("AtomicDirectory creates a new target and removes an uncommitted one") {
  const fs::path dir = fresh_dir("new");
  {
    AtomicDirectory out(dir / "a");
    out.write("x.csv", "x\n");
    out.commit();
  }
  CHECK(read(dir / "a" / "x.csv") == "x\n");
  {
    AtomicDirectory out(dir / "b");
    out.write("x.csv", "x\n");
    CHECK(names(dir).size() == 2);  // a and b's staging directory
  }
  CHECK(names(dir) == std::set<std::string>{"a"});
}

TEST_CASE("AtomicDirectory replaces in two renames where the file system refuses a swap") {
  const fs::path dir = fresh_dir("two_renames");
  const fs::path target = dir / "results";
  put(target / "old.csv", "old\n");
  std::vector<std::string> notices;
  {
    const ScopedEnv refuse("PIMHSIM_FAULT_NO_EXCHANGE", "1");
    AtomicDirectory out(target, [&](const std::string& line) { notices.push_back(line); });
    out.write("new.csv", "new\n");
    out.commit();
  }
  CHECK(names(target) == std::set<std::string>{"new.csv"});
  CHECK(names(dir) == std::set<std::string>{"results"});
  REQUIRE(notices.size() == 1);
  CHECK(notices[0].find("cannot swap two directories in one step") != std::string::npos);
}

TEST_CASE("AtomicDirectory removes the leftovers of ended processes and keeps running ones") {
  const fs::path dir = fresh_dir("sweep");
  const fs::path target = dir / "results";
  put(target / "kept.csv", "kept\n");
  const std::string dead = std::to_string(dead_pid());
  const std::string live = std::to_string(::getppid());
  for (const std::string& name :
       std::vector<std::string>{".results.tmp-" + dead, ".results.tmp-" + dead + ".old",
                                ".results.tmp-" + live, ".results.tmp-" + live + ".old",
                                ".results.tmp-0", ".results.tmp-x1", ".other.tmp-" + dead})
    put(dir / name / "f.csv", "f\n");
  std::vector<std::string> notices;
  {
    AtomicDirectory out(target, [&](const std::string& line) { notices.push_back(line); });
    CHECK(names(dir) == std::set<std::string>{"results", ".results.tmp-" + live,
                                              ".results.tmp-" + live + ".old", ".results.tmp-0",
                                              ".results.tmp-x1", ".other.tmp-" + dead,
                                              ".results.tmp-" + std::to_string(::getpid())});
  }
  REQUIRE(notices.size() == 1);  // one line
  CHECK(notices[0] == "removed " + (dir / (".results.tmp-" + dead)).string() + ", " +
                          (dir / (".results.tmp-" + dead + ".old")).string() +
                          ", left by runs into " + target.string() +
                          " that ended before finishing");
  CHECK(read(target / "kept.csv") == "kept\n");
}

TEST_CASE("AtomicDirectory puts back earlier results that an ended run had moved aside") {
  const fs::path dir = fresh_dir("restore");
  const fs::path target = dir / "results";
  const std::string dead = std::to_string(dead_pid());
  put(dir / (".results.tmp-" + dead + ".old") / "old.csv", "old\n");  // the earlier results
  put(dir / (".results.tmp-" + dead) / "new.csv", "new\n");  // the new ones, maybe incomplete
  std::vector<std::string> notices;
  {
    AtomicDirectory out(target, [&](const std::string& line) { notices.push_back(line); });
    CHECK(read(target / "old.csv") == "old\n");
  }
  CHECK(names(dir) == std::set<std::string>{"results"});
  REQUIRE(notices.size() == 2);
  CHECK(notices[0].find("restored " + target.string() + " from ") == 0);
  CHECK(notices[1].find("removed " + (dir / (".results.tmp-" + dead)).string() +
                        ", left by a run into") == 0);
}

TEST_CASE("AtomicDirectory removes a symbolic link it replaces, not what the link points to") {
  const fs::path dir = fresh_dir("symlink");
  put(dir / "elsewhere" / "old.csv", "old\n");
  fs::create_directory_symlink("elsewhere", dir / "results");
  {
    AtomicDirectory out(dir / "results");
    out.write("new.csv", "new\n");
    out.commit();
  }
  CHECK(!fs::is_symlink(dir / "results"));
  CHECK(names(dir / "results") == std::set<std::string>{"new.csv"});
  CHECK(read(dir / "elsewhere" / "old.csv") == "old\n");
}
