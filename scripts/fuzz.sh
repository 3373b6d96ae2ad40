#!/usr/bin/env bash
# Builds the libFuzzer harnesses of tests/fuzz (Clang, AddressSanitizer and
# UndefinedBehaviorSanitizer) in build-asan/, the build of scripts/sanitize.sh asan, and runs each
# for SECONDS (default 60), one after another, or FUZZ_JOBS at a time:
#   scripts/fuzz.sh [SECONDS] [HARNESS...]      HARNESS: scenario areas set journal targets
#                                               (default all)
#
# Each harness starts from its seed corpus (tests/fuzz/corpus/NAME, never changed) and its
# dictionary (tests/fuzz/NAME.dict); what it learns goes to build-asan/fuzz/corpus/NAME, kept between
# runs. An input that crashes a harness is kept as build-asan/fuzz/crashes/NAME/crash-SHA1 (also leak-,
# timeout-, oom-), its report in build-asan/fuzz/logs/NAME.log, and the script exits 1. Safe to run
# again; never asks a question. Installs clang and libFuzzer (Debian: clang,
# libclang-rt-14-dev) if missing, as root or through sudo.
#
# FUZZ_BUILD=fast builds and runs them in build-fuzz/ instead (paths as above with build-fuzz/):
# UndefinedBehaviorSanitizer alone, at -O2, with the numerical code and the simulation left out
# of the coverage (tests/fuzz/coverage_ignore.txt, as in build-asan/), for long runs: several
# times the executions a second of the AddressSanitizer build. Its learnt corpus can then be run
# through the AddressSanitizer build:
#   build-asan/tests/fuzz/pimhsim_fuzz_NAME -runs=0 build-fuzz/fuzz/corpus/NAME
#
# Environment: FUZZ_BUILD (asan, the default, or fast), FUZZ_JOBS (harnesses at once, default
# 1), FUZZ_NICE (nice level, default 0), FUZZ_RUNS (stop each after this many executions instead
# of SECONDS), FUZZ_FORK (libFuzzer's fork mode with this many child processes at a time: one
# harness on several cores), FUZZ_MAX_LEN (the longest input, default 65536 bytes),
# FUZZ_TIMEOUT (seconds an input may take, default 25), FUZZ_BUILD_JOBS (default nproc),
# CMAKE_CXX_COMPILER_LAUNCHER (ccache, say), TMPDIR (where a harness writes each input's files;
# by default /dev/shm, memory, where it exists, otherwise /tmp).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "fuzz: SECONDS must be a whole number, not $seconds" >&2; exit 2; }
for v in FUZZ_MAX_LEN FUZZ_TIMEOUT FUZZ_RUNS FUZZ_FORK; do
  [[ -z ${!v:-} || ${!v} =~ ^[0-9]+$ ]] || { echo "fuzz: $v must be a whole number, not ${!v}" >&2; exit 2; }
done
shift || true
all=(scenario areas set journal targets)
harnesses=("$@")
((${#harnesses[@]})) || harnesses=("${all[@]}")
for h in "${harnesses[@]}"; do
  [[ " ${all[*]} " == *" $h "* ]] || { echo "fuzz: no harness $h (there are: ${all[*]})" >&2; exit 2; }
done

case ${FUZZ_BUILD:-asan} in
  asan)
    bash scripts/sanitize.sh configure asan
    build=build-asan
    ;;
  fast)
    bash scripts/sanitize.sh configure fuzz
    build=build-fuzz
    ;;
  *) echo "fuzz: FUZZ_BUILD must be asan or fast, not $FUZZ_BUILD" >&2; exit 2 ;;
esac
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The harnesses' own files (fuzz_support.h, work_dir): in memory unless TMPDIR says otherwise.
inputs_dir=${TMPDIR:-}
[[ -z $inputs_dir && -d /dev/shm && -w /dev/shm ]] && inputs_dir=/dev/shm
out=$build/fuzz
targets=()
for h in "${harnesses[@]}"; do targets+=("pimhsim_fuzz_$h"); done
cmake --build "$build" -j"${FUZZ_BUILD_JOBS:-$(nproc)}" --target "${targets[@]}"

run_one() {
  local h=$1
  mkdir -p "$out/corpus/$h" "$out/crashes/$h" "$out/logs"
  local limit=(-max_total_time="$seconds")
  [[ -n ${FUZZ_RUNS:-} ]] && limit=(-runs="$FUZZ_RUNS")
  # libFuzzer's fork mode: that many child processes at a time, each fuzzing from a share of the
  # corpus, their finds merged by the parent; one harness on several cores, counted as one run.
  [[ -n ${FUZZ_FORK:-} ]] && limit+=(-fork="$FUZZ_FORK")
  # The learnt corpus first (where new inputs go), then the seeds (read only).
  if TMPDIR=${inputs_dir:-/tmp} nice -n "${FUZZ_NICE:-0}" "$build/tests/fuzz/pimhsim_fuzz_$h" "${limit[@]}" \
    -dict="tests/fuzz/$h.dict" -artifact_prefix="$out/crashes/$h/" -print_final_stats=1 \
    -max_len="${FUZZ_MAX_LEN:-65536}" -timeout="${FUZZ_TIMEOUT:-25}" -rss_limit_mb=2048 \
    "$out/corpus/$h" "tests/fuzz/corpus/$h" >"$out/logs/$h.log" 2>&1; then
    # Fork mode's parent prints no final statistics: its last "#N:" line counts the executions.
    local n
    n=$(grep -E '^stat::number_of_executed_units' "$out/logs/$h.log" | awk '{print $2}' | tail -n 1 || true)
    [[ -n $n ]] || n=$(grep -oE '^#[0-9]+' "$out/logs/$h.log" | tail -n 1 | tr -d '#' || true)
    echo "fuzz: $h: $n executions, no crash"
  else
    echo "fuzz: $h: FAILED; report in $out/logs/$h.log, input in $out/crashes/$h/:" >&2
    ls "$out/crashes/$h" >&2
    tail -n 40 "$out/logs/$h.log" >&2
    return 1
  fi
}

status=0
jobs=${FUZZ_JOBS:-1}
pids=()
for h in "${harnesses[@]}"; do
  run_one "$h" &
  pids+=($!)
  if ((${#pids[@]} >= jobs)); then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for p in "${pids[@]}"; do wait "$p" || status=1; done
exit $status
