// JournalLock: one writer of a journal at a time. A second is told who holds it (flock locks
// belong to an open file, so two in one process exclude each other as two processes do), and
// the lock is free again once released, or once its holder removed DIR.partial with it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "pimhsim/output/journal.h"

namespace fs = std::filesystem;
using namespace pimhsim::output;

TEST_CASE("A journal lock is held by one writer at a time") {
  const fs::path dir = fs::path(PIMHSIM_BINARY_DIR) / "unit_test_tmp" / "journal_lock";
  fs::remove_all(dir);
  const auto run = resumable_paths((dir / "results").string(), false, "--resume DIR");
  const std::string busy = "another pimhsim process (PID " + std::to_string(::getpid()) +
                           ") is writing " + run.out_dir + "; wait for it or choose another `out`";
  {
    JournalLock first;
    CHECK(first.acquire(run).empty());
    std::ifstream in(run.partial / "lock");
    std::ostringstream text;
    text << in.rdbuf();
    CHECK(text.str() == std::to_string(::getpid()) + "\n");
    JournalLock second;
    CHECK(second.acquire(run) == busy);
  }
  {
    JournalLock again;  // the first is released
    CHECK(again.acquire(run).empty());
    JournalLock waiting;
    CHECK(waiting.acquire(run) == busy);
    fs::remove_all(run.partial);  // as a finished run does, still holding the lock
  }
  JournalLock next;
  CHECK(next.acquire(run).empty());
  CHECK(fs::exists(run.partial / "lock"));
}

// What a run that fails after some units says: where the finished ones are, and that --resume
// continues only a run whose scenario is unchanged (a journal of another scenario is refused), so
// that a failure mended in the scenario, a draw that breaks a model rule say, starts again.
TEST_CASE("failed_text: names the journal, the resume and what a changed scenario means") {
  const auto run = resumable_paths("results/psa", false, "--resume results/psa");
  const std::string text = failed_text("iteration 7: prevalences sum above 1", "iterations", run);
  CHECK(text.starts_with("error: iteration 7: prevalences sum above 1\n"));
  CHECK(text.find("completed iterations are kept in " + run.journal.string()) != std::string::npos);
  CHECK(text.find("continue with --resume results/psa") != std::string::npos);
  CHECK(text.find("a changed scenario starts again") != std::string::npos);
  CHECK(text.ends_with("\n"));
}
