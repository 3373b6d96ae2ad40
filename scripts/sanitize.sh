#!/usr/bin/env bash
# Builds PIMHsim with Clang and sanitizers, warnings as errors, and runs the tests under them:
#
#   scripts/sanitize.sh asan [CTEST_ARGS...]   AddressSanitizer + UndefinedBehaviorSanitizer, in
#                                             build-asan/: every target, then every test but
#                                             those labelled `slow` (tests/*/CMakeLists.txt and
#                                             tests/unit_labels.cmake say which and why) (CI)
#   scripts/sanitize.sh asan-cli [CTEST_ARGS...]
#                                             the same build, without the unit tests: the
#                                             command line and the fuzzers; the bad-input
#                                             catalogue, the golden cases and the fuzzers' seeds
#                                             through them (a quicker check of a change)
#   scripts/sanitize.sh tsan [CTEST_ARGS...]   ThreadSanitizer, in build-tsan/: the threaded tests
#                                             (the runner and executor, determinism across thread
#                                             counts, PSA and DSA; label `threads`) (CI)
#
#   scripts/sanitize.sh tsan-core [CTEST_ARGS...]
#                                             the same build, only the core layer: the runner,
#                                             the tallies and the ranks' exchange (ranks held as
#                                             threads) on several threads
#
#   scripts/sanitize.sh configure asan|tsan|fuzz
#                                             only configures the build directory (scripts/fuzz.sh);
#                                             `fuzz` is build-fuzz/, the fuzzers' build for long
#                                             runs: UndefinedBehaviorSanitizer alone at -O2, the
#                                             numerical code and the simulation without coverage
#                                             (tests/fuzz/coverage_ignore.txt, as in build-asan/),
#                                             no tests
#
# Any report fails the test that made it (-fno-sanitize-recover; see the top-level
# CMakeLists.txt). build-asan/ also builds the fuzzers of tests/fuzz, which scripts/fuzz.sh runs
# from it. Installs clang and its runtime libraries if missing
# (scripts/install_clang.sh). Safe to run again; never asks a question.
#
# Environment: SANITIZE_BUILD_JOBS (default nproc), SANITIZE_TEST_JOBS (default nproc),
# SANITIZE_UNITY_ENGINE (ON or OFF: the engine in batches; default ON for asan, OFF for tsan;
# the fuzz build keeps the CMake default, batches),
# SANITIZE_MPI_LEAKS (1: LeakSanitizer in the tests under mpirun too; default 0),
# CMAKE_CXX_COMPILER_LAUNCHER (ccache, say).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
configure_only=false
if [[ ${1:-} == configure ]]; then configure_only=true; shift; fi
kind=${1:-}
shift || true
usage="usage: scripts/sanitize.sh [configure] asan|asan-cli|tsan|tsan-core [CTEST_ARGS...]
       scripts/sanitize.sh configure fuzz"
case $kind in
  asan | asan-cli) sanitizers=address,undefined fuzz=ON ;;
  tsan | tsan-core) sanitizers=thread fuzz=OFF ;;
  fuzz) $configure_only || { echo "$usage" >&2; exit 2; }; sanitizers=undefined fuzz=ON ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
bash scripts/install_clang.sh
build=build-${kind%-*}
# Ninja keeps both cores busy across the engine's layers (a layer's files compile while the one
# below links); a build directory made before keeps its generator.
generator=()
[[ -f $build/CMakeCache.txt ]] || generator=(-G Ninja)
# The AddressSanitizer build compiles the engine in batches, as the quick start does (half the
# compile time: docs/reliability.md, "CI's time"); the ThreadSanitizer build file by file, so that
# one Clang build still sees each source file alone (an #include a batch would hide). Batches of
# 8, not the quick start's 16: in CI's clean clones (the ninja logs' times of each translation
# unit, summed) Clang took 375 s for the engine under AddressSanitizer in batches of 16 against
# 379 s in batches of 8, and 322 s against 218 s under ThreadSanitizer.
unity=ON
[[ $sanitizers == thread ]] && unity=OFF
# -O1 keeps the tests quick enough; line tables are all a sanitizer's stack trace needs. The
# fuzzers' long-run build is for executions a second: -O2, no tests.
if [[ $kind == fuzz ]]; then
  kind_options=(-DCMAKE_CXX_FLAGS_SANITIZE="-O2 -gline-tables-only"
    -DPIMHSIM_BUILD_TESTS=OFF -DPIMHSIM_BUILD_BENCHMARKS=OFF)
else
  kind_options=(-DCMAKE_CXX_FLAGS_SANITIZE="-O1 -gline-tables-only"
    -DPIMHSIM_BUILD_TESTS=ON -DPIMHSIM_BUILD_BENCHMARKS=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    -DPIMHSIM_UNITY_ENGINE="${SANITIZE_UNITY_ENGINE:-$unity}")
fi
# Both builds with harnesses (build-asan/, CI's fuzzers, and build-fuzz/) leave the numerical code
# and the simulation without coverage: the harnesses reach the first only with numbers and never
# run the second, whose coverage took the sanitized unit tests from 77 s to 103 s
# (docs/reliability.md, "CI's time").
[[ $fuzz == ON ]] && kind_options+=(-DPIMHSIM_FUZZ_COVERAGE_IGNORE="$PWD/tests/fuzz/coverage_ignore.txt")
cmake -S . -B "$build" "${generator[@]}" -DCMAKE_OPTIMIZE_DEPENDENCIES=ON \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Sanitize -DPIMHSIM_SANITIZE="$sanitizers" \
  -DPIMHSIM_FUZZ="$fuzz" -DPIMHSIM_WERROR=ON -DPIMHSIM_UNITY_BATCH_SIZE=8 "${kind_options[@]}" \
  ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER="$CMAKE_CXX_COMPILER_LAUNCHER"} >/dev/null
$configure_only && exit 0
jobs=${SANITIZE_BUILD_JOBS:-$(nproc)}
test_jobs=${SANITIZE_TEST_JOBS:-$(nproc)}

# Reports go to stderr, which ctest shows for a failed test; symbolized from the line tables.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}
# Open MPI's own allocations, kept to the end of a process by design, are not PIMHsim's leaks
# (tests/sanitizers/lsan.supp); its components stay loaded so that their frames have names.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/sanitizers/lsan.supp:print_suppressions=0}
export OMPI_MCA_mca_base_component_disable_dlclose=1
if [[ $kind == asan ]]; then
  cmake --build "$build" -j"$jobs"
  ctest --test-dir "$build" --output-on-failure -j"$test_jobs" -LE 'slow|mpi' "$@"
  # Under mpirun, Open MPI keeps allocations to the end of a process by design; telling them from
  # PIMHsim's needs the slow unwinder (Open MPI's libraries have no frame pointers, and only it
  # reaches the named frames the suppressions match), which doubles these tests' time. So by
  # default LeakSanitizer is off there: the same code's leaks are checked by the tests in one
  # process above; AddressSanitizer and UndefinedBehaviorSanitizer stay on.
  mpi_options=$ASAN_OPTIONS:detect_leaks=0
  [[ ${SANITIZE_MPI_LEAKS:-0} == 1 ]] && mpi_options=$ASAN_OPTIONS:fast_unwind_on_malloc=0
  ASAN_OPTIONS=$mpi_options \
    ctest --test-dir "$build" --output-on-failure -j"$test_jobs" -L mpi -LE slow "$@"
elif [[ $kind == asan-cli ]]; then
  cmake --build "$build" -j"$jobs" --target pimhsim pimhsim_check_tables pimhsim_golden_normalise \
    pimhsim_fuzz_scenario pimhsim_fuzz_areas pimhsim_fuzz_set pimhsim_fuzz_journal \
    pimhsim_fuzz_targets
  # The unit tests and benchmarks are not compiled here; Clang's semantic analysis of them,
  # warnings as errors, makes this build cover every source file of the tree.
  python3 scripts/syntax_check.py "$build" tests/ benchmarks/
  ctest --test-dir "$build" --output-on-failure -j"$test_jobs" -L 'bad_input|golden' -LE slow "$@"
elif [[ $kind == tsan-core ]]; then
  cmake --build "$build" -j"$jobs" --target pimhsim_core_thread_tests
  ctest --test-dir "$build" --output-on-failure -j"$test_jobs" -L threads_core "$@"
else
  # pimhsim_thread_tests holds the core layer's threaded tests too (threads.core_tests' binary is
  # tsan-core's).
  cmake --build "$build" -j"$jobs" --target pimhsim_thread_tests pimhsim
  ctest --test-dir "$build" --output-on-failure -j"$test_jobs" -L threads -LE threads_core "$@"
fi
