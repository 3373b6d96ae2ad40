#!/usr/bin/env bash
# End-to-end benchmarks: whole `pimhsim` processes timed with GNU time, then the
# microbenchmarks. Prints a table (wall time, CPU time, peak RSS, throughput per CPU-second) and
# whether each speed-and-scale target of docs/performance.md is met.
#
#   benchmarks/end_to_end.sh                  full run, about a minute on 2 cores: run it on a quiet machine
#   benchmarks/end_to_end.sh --smoke          tiny sizes, a few seconds (CI): fails only if something fails to run
#   benchmarks/end_to_end.sh --build-dir DIR  use another build (default: build/, as scripts/setup.sh makes it)
#   benchmarks/end_to_end.sh --with-b1        also case B1 (about 10 more minutes)
#   benchmarks/end_to_end.sh --tutorial-r FILE  also cases CX and K: FILE is the tutorial's own
#                                             vectorised script (see case K)
#
# Cases:
#   A   scenarios/england.yaml at scale 1 (every birth), 10 years, 3 options, 2 threads
#   A20 the same over 20 years (memory must not grow with the horizon)
#   B   PSA of one England cohort-year (run.horizon=1) at the shipped scale 0.1, 1,000 iterations,
#       3 options, 2 threads (about 100 s: the full run then takes about 2.5 minutes); B10 prints
#       its inner-noise shares (see docs/performance.md: at scale 0.1 they exceed the 10% that
#       docs/uncertainty.md recommends)
#   B1  B at scale 1 (every birth: the inner shares within 5-10%), only with --with-b1
#   C   Sick-Sicker, 100,000 individuals x 30 cycles, both strategies, 2 threads
#   R   case C's model in plain vectorised R (benchmarks/sick_sicker.R, Rscript from Debian's
#       r-base-core, installed here for a full run if missing and possible); the ratio is R's own
#       simulation time over C's whole process
#   CX  the extended Sick-Sicker model (scenarios/validation/sick_sicker_extended.yaml: time
#       dependence and an individual effect modifier), 100,000 x 30, both strategies, 2 threads
#   K   CX's model in the tutorial's own vectorised R: Appendix B's samplev version of Krijkamp
#       et al. 2018 (Med Decis Making 38(3):400-22), 'Appendix B_online_supp-samplev.R' in
#       https://github.com/DARTH-git/Microsimulation-tutorial, run unchanged from a clone of that
#       repository (it is not part of this project); only with --tutorial-r FILE. The ratio is
#       the script's own timed simulation (its 'Time difference of' line) over CX's whole process
#   D   the Philox draws of case A with no model work (pimhsim_drawfloor), 2 threads
#   E   case A on 1 thread, against A's 2 threads
#
# Dyad-months (living dyads summed over months, areas and options) are computed from case A's
# results.csv: with constant monthly entries (births.annual_trend = 0 in england.yaml), a run of H
# years counts C dyads (those leaving inside the horizon, 12H months of entries, summed over
# options) and simulates
#     dyad-months = C x (33 x (12H + 1) + 528) / (12H)
# (entries run for 12H + 33 months from the start of the burn-in; the first 12H + 1 months'
# entries live all 33 months, the last 32 months' live 32, 31, ..., 1 of them: 528 in all).
# Throughput is dyad-months per CPU-second (user + system time over every thread): per second
# per core.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '6,11p' "${BASH_SOURCE[0]}" | sed 's/^# *//'; }
die() { echo "end_to_end: $*" >&2; exit 1; }

smoke=0
with_b1=0
build=build
tutorial_r=""
while (($#)); do
  case $1 in
    --smoke) smoke=1 ;;
    --with-b1) with_b1=1 ;;
    --build-dir) (($# >= 2)) || { usage >&2; exit 2; }; build=$2; shift ;;
    --tutorial-r) (($# >= 2)) || { usage >&2; exit 2; }; tutorial_r=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[[ -z $tutorial_r || -r $tutorial_r ]] || die "--tutorial-r: cannot read $tutorial_r"

pimhsim=$build/cli/pimhsim
micro=$build/benchmarks/pimhsim_microbench
floor=$build/benchmarks/pimhsim_drawfloor
for exe in "$pimhsim" "$micro" "$floor"; do
  [[ -x $exe ]] || die "$exe is missing: build first (scripts/setup.sh, or cmake --build $build)"
done
[[ -x /usr/bin/time ]] && /usr/bin/time -f %e true >/dev/null 2>&1 ||
  die "needs GNU time at /usr/bin/time (Debian package \`time\`; scripts/setup.sh installs it)"

threads=2
if ((smoke)); then
  england=(scenarios/england.yaml --set run.scale=0.01 --set "areas.include=[E08000035,E06000047]")
  population=1000
  psa_iterations=3
  psa_england=("${england[@]}")
  micro_args=(--benchmark_min_time=0.01)
else
  england=(scenarios/england.yaml --set run.scale=1)
  population=100000
  psa_iterations=1000
  psa_england=(scenarios/england.yaml)  # the shipped scale, 0.1
  micro_args=()
fi
cycles=30

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

# Machine and build, for the record.
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
echo "end_to_end: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), build $build (${build_type:-unknown type})"
echo "end_to_end: load average $(cut -d' ' -f1-3 /proc/loadavg)$( ((smoke)) && echo ', smoke sizes: targets not assessed')"
[[ $build_type == Release ]] || echo "end_to_end: warning: not a Release build; figures are not comparable"
if ((!smoke)) && awk '{exit !($1 > 0.5)}' /proc/loadavg; then
  echo "end_to_end: warning: load average above 0.5; other work will distort the figures"
fi

# measure NAME COMMAND...: runs the command under GNU time; its wall time (bash's clock, 1 ms
# resolution, where GNU time's %e has 10 ms), CPU time (user + system) and peak RSS go to
# wall[NAME], cpu[NAME], rss[NAME] (MB), the command line to cmd[NAME].
declare -A wall cpu rss cmd
measure() {
  local name=$1
  shift
  cmd[$name]="$*"
  local t0=$EPOCHREALTIME t1
  if /usr/bin/time -f '%U %S %M' -o "$tmp/$name.time" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    t1=$EPOCHREALTIME
    local u s m
    read -r u s m < <(tail -1 "$tmp/$name.time")
    wall[$name]=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')
    cpu[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN{printf "%.2f", u + s}')
    rss[$name]=$(awk -v m="$m" 'BEGIN{printf "%.1f", m / 1024}')
  else
    echo "end_to_end: case $name failed: $*" >&2
    cat "$tmp/$name.err" >&2
    failed=1
  fi
}

# The draw count of a pathway run, estimated from its results.csv (the engine does not count its
# draws). Per dyad, docs/model.md 3.2-3.7 give two Philox blocks (uniform4) at entry and one at
# each of the 5 contacts, shared by the options (England's options hold the contacts in the same
# months); per counted dyad, one (uniform4) for GP/midwife identification in each month ill and
# not yet identified, and one (uniform) for remission in each month ill, under any option: their
# addresses do not name the option, so an option that needs one another option has drawn this
# month reuses it. The dyad-months that need them under some option are at least the most any one
# option needs and at most the sum over options: the estimate takes the most of any option
# (options' paths rarely differ), the bracket's high end the sum. Months ill are measured
# (months_ill_treated + _untreated); months ill before identification are bracketed: at least
# identified + sum of (detect - onset) months, at most identified + months ill untreated; the
# midpoint is used and the bracket printed. Per-dyad
# counts are spread over all simulated dyad-months (burn-in and unfinished dyads included) in
# proportion. A pathway run first simulates every area's comparator alone on the same draws (the
# status-quo pass, whose sums value the options), so the comparator's draws are made twice: the
# entry and contact draws again, and the comparator's own identification and remission draws.
# Checked against a copy of random.h that counted every Philox block (not part of the project):
# England at scale 1 over 10 years made 118,595,216; the estimate, 118,752,650 (both passes;
# 59,376,325 for the options' pass alone, which is what it counted before 2026-12-07), is 0.13%
# above. An earlier check (scale 0.1, before contact draws were shared and before the status-quo
# pass) found it 2.5% above over 10 years and 2.6% over 20, the dyad-months formula within 0.01%.
# A contact's decision reads two of its block's four uniforms (uniform4_first2), the other blocks'
# up to four (uniform4) or one (uniform): D makes each kind as A does.
# Prints: dyad-months uniform4 uniform4_first2 uniform low high dyads options.
estimate_draws() {
  awk -v H="$2" '
    # splits one RFC 4180 line into f[1..]; option names may hold quoted commas
    function split_csv(line, f,    n, i, c, q, cell) {
      n = 0; cell = ""; q = 0
      for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { cell = cell c; i++ } else q = 0 } else cell = cell c }
        else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cell; cell = "" }
        else cell = cell c
      }
      f[++n] = cell
      return n
    }
    NR == 1 { nh = split_csv($0, h); for (i = 1; i <= nh; i++) col[h[i]] = i   # columns by name
              if (!("comparator" in col) || !("measure" in col) || !("mean" in col) || !("n" in col)) exit 1
              next }
    { split_csv($0, r) }
    r[col["comparator"]] != "" { cmp = r[col["comparator"]]; next }  # increments name the comparator
    { m = r[col["measure"]]; n = r[col["n"]] + 0; s = (r[col["mean"]] + 0) * n }
    m == "dyads" { C += n; rows++ }
    { o = r[col["option"]] }
    m == "months_ill_treated" || m == "months_ill_untreated" { I[o] += s }
    m == "months_ill_untreated" { U[o] += s }
    m == "weeks_onset_to_detection" { W[o] += s / (52 / 12); D[o] += n }
    END {
      if (rows == 0) exit 1
      O = rows / H
      f = (33 * (12 * H + 1) + 528) / (33 * 12 * H)  # simulated dyad-months per counted dyad-life
      DM = C * 33 * f
      entries = C / O * (12 * H + 33) / (12 * H)
      # per option: identification draws (low, high, midpoint) and remission draws; most and sum
      for (o in I) {
        lo = D[o] + W[o]; hi = D[o] + U[o]
        if ((lo + hi) / 2 > mid) mid = (lo + hi) / 2
        if (lo > lo_max) lo_max = lo
        hi_sum += hi
        if (I[o] > I_max) I_max = I[o]
        I_sum += I[o]
      }
      # the status-quo pass: the comparator alone (with one option, that option)
      if (cmp == "") for (o in I) cmp = o
      lo0 = D[cmp] + W[cmp]; hi0 = D[cmp] + U[cmp]
      p4 = f * (5 * C / O + (lo0 + hi0) / 2) + 2 * entries
      p1 = f * I[cmp]
      n4 = f * (5 * C / O + mid) + 2 * entries + p4
      n1 = f * I_max + p1
      n2 = 2 * f * 5 * C / O  # the contact blocks of both passes, of which two uniforms are used
      n4 -= n2
      low = f * (5 * C / O + lo_max) + 2 * entries + f * I_max + f * (5 * C / O + lo0) + 2 * entries + p1
      high = f * (5 * C / O + hi_sum) + 2 * entries + f * I_sum + f * (5 * C / O + hi0) + 2 * entries + p1
      printf "%.0f %.0f %.0f %.0f %.0f %.0f %.0f %d\n", DM, n4, n2, n1, low, high, C / O, O
    }' "$1"
}

sets_a=("${england[@]}" --threads "$threads" --quiet)
echo "end_to_end: case A"
measure A "$pimhsim" run "${sets_a[@]}" --out "$tmp/A"
echo "end_to_end: case E (A on 1 thread)"
measure E1 "$pimhsim" run "${england[@]}" --threads 1 --quiet --out "$tmp/E1"
echo "end_to_end: case A20 (A over 20 years)"
measure A20 "$pimhsim" run "${england[@]}" --set run.horizon=20 --threads "$threads" --quiet --out "$tmp/A20"
echo "end_to_end: case C"
measure C "$pimhsim" run scenarios/validation/sick_sicker.yaml --set run.population=$population \
  --set run.horizon=$cycles --threads "$threads" --quiet --out "$tmp/C"

if ! command -v Rscript >/dev/null && ((!smoke)); then
  sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo -n)
  if [[ $(id -u) -eq 0 ]] || sudo -n true 2>/dev/null; then
    echo "end_to_end: installing r-base-core, for case R"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends r-base-core >/dev/null
  fi
fi
r_sim=""
if command -v Rscript >/dev/null; then
  echo "end_to_end: case R (case C in vectorised R)"
  measure R Rscript benchmarks/sick_sicker.R "$population" "$cycles"
  r_sim=$(sed -n 's/.* simulated in \([0-9.]*\) s$/\1/p' "$tmp/R.out" 2>/dev/null || true)
else
  echo "end_to_end: case R skipped: Rscript is not installed (Debian package r-base-core)"
fi
k_sim=""
if [[ -n $tutorial_r ]]; then
  echo "end_to_end: case CX (the extended Sick-Sicker model)"
  measure CX "$pimhsim" run scenarios/validation/sick_sicker_extended.yaml \
    --set run.population=$population --set run.horizon=$cycles --threads "$threads" --quiet \
    --out "$tmp/CX"
  if command -v Rscript >/dev/null; then
    # The script fixes its own size (100,000 x 30); in the smoke run it is skipped.
    if ((smoke)); then
      echo "end_to_end: case K skipped in the smoke run (the tutorial's script is full size)"
    else
      echo "end_to_end: case K (CX in the tutorial's own vectorised R)"
      measure K Rscript "$tutorial_r"
      # R prints a difftime: 'Time difference of 4.01 secs' (or mins).
      k_sim=$(tr '\r' '\n' <"$tmp/K.out" 2>/dev/null | awk '/^Time difference of/ {
        v = $4; if ($5 ~ /^min/) v *= 60; else if ($5 ~ /^hour/) v *= 3600; print v; exit }' || true)
    fi
  else
    echo "end_to_end: case K skipped: Rscript is not installed (Debian package r-base-core)"
  fi
fi

dm_a="" dm_a20="" n4="" n2="" n1=""
if [[ -n ${wall[A]:-} ]]; then
  read -r dm_a n4 n2 n1 draws_lo draws_hi dyads options < <(estimate_draws "$tmp/A/results.csv" 10) ||
    { echo "end_to_end: cannot read $tmp/A/results.csv" >&2; failed=1; }
fi
if [[ -n ${wall[A20]:-} ]]; then
  read -r dm_a20 _ < <(estimate_draws "$tmp/A20/results.csv" 20) || { echo "end_to_end: cannot read A20 results" >&2; failed=1; }
fi
if [[ -n $n4 ]]; then
  echo "end_to_end: case D ($((n4 + n2 + n1)) draws, estimated from case A)"
  units=151  # England's areas (2 in the smoke run): a unit each, holding both passes' draws
  ((smoke)) && units=2
  measure D "$floor" --draws4 "$n4" --draws2 "$n2" --draws1 "$n1" --units "$units" --threads "$threads"
fi

echo "end_to_end: case B ($psa_iterations PSA iterations of one cohort-year)"
measure B "$pimhsim" psa "${psa_england[@]}" --set run.horizon=1 --iterations "$psa_iterations" \
  --threads "$threads" --quiet --out "$tmp/B"
if ((with_b1)); then
  echo "end_to_end: case B1 ($psa_iterations PSA iterations of one cohort-year at scale 1)"
  measure B1 "$pimhsim" psa "${psa_england[@]}" --set run.horizon=1 --set run.scale=1 \
    --iterations "$psa_iterations" --threads "$threads" --quiet --out "$tmp/B1"
fi

# ---- The table ----------------------------------------------------------------------------------
throughput() {  # amount CPU-seconds -> millions per CPU-second
  awk -v a="$1" -v c="$2" 'BEGIN{ if (a == "" || c == "" || c <= 0) print "-"; else printf "%.1f", a / c / 1e6 }'
}
cycles_c=$((population * cycles * 2))
echo
printf '%-4s %8s %8s %8s %14s  %s\n' case "wall s" "CPU s" "RSS MB" "M/CPU-s" command
row() {  # name throughput-amount
  local n=$1
  if [[ -n ${wall[$n]:-} ]]; then
    printf '%-4s %8s %8s %8s %14s  %s\n' "$n" "${wall[$n]}" "${cpu[$n]}" "${rss[$n]}" "$(throughput "$2" "${cpu[$n]}")" "${cmd[$n]//$tmp/\$TMP}"
  else
    printf '%-4s %8s %8s %8s %14s  %s\n' "$n" - - - - "${cmd[$n]:+failed: }${cmd[$n]:-not run (needs case A)}"
  fi
}
row A "$dm_a"
row A20 "$dm_a20"
row B ""
((with_b1)) && row B1 ""
row C "$cycles_c"
row R "$cycles_c"
if [[ -n $tutorial_r ]]; then
  row CX "$cycles_c"
  if [[ -n ${cmd[K]:-} ]]; then row K "$cycles_c"; fi
fi
row D "$dm_a"
row E1 "$dm_a"
echo
echo "M/CPU-s: millions of dyad-months per CPU-second (A, A20, E1; D: A's dyad-months, as the floor),"
echo "         of individual-cycles x strategies for C, R, CX and K ($population x $cycles x 2)."
if [[ -n $dm_a ]]; then
  echo "A: $dyads counted dyads per option, $options options, $dm_a dyad-months (formula above);"
  echo "   Philox draws estimated at $((n4 + n2 + n1)) ($n4 uniform4 + $n2 uniform4_first2 + $n1 uniform; bracket $draws_lo-$draws_hi),"
  awk -v d=$((n4 + n2 + n1)) -v m="$dm_a" 'BEGIN{printf "   %.3f draws per dyad-month of the options (the draws of both passes)\n", d / m}'
fi
[[ -s $tmp/D.out ]] && sed 's/^/D: /' "$tmp/D.out"
[[ -s $tmp/R.out ]] && sed 's/^/R: /' "$tmp/R.out"
[[ -n $k_sim ]] && echo "K: the script's own timed simulation of both strategies: $k_sim s"
if [[ -s $tmp/B.err ]]; then  # the PSA's warnings: increments whose inner (first-order) share is over 10%
  echo "B: the PSA's warnings on first-order noise (docs/uncertainty.md: keep the inner share below 5-10%):"
  sed 's/^/   /' "$tmp/B.err"
fi
if [[ -s $tmp/B1.err ]]; then  # the PSA's warnings: increments whose inner (first-order) share is over 10%
  echo "B1: the PSA's warnings on first-order noise (docs/uncertainty.md: keep the inner share below 5-10%):"
  sed 's/^/   /' "$tmp/B1.err"
fi

# ---- Targets ------------------------------------------------------------------------------------
verdict() { awk -v x="$1" -v op="$2" -v t="$3" -v smoke="$smoke" 'BEGIN{ if (x == "") { print "not measured"; exit }
  if (smoke) { print "(smoke)"; exit }
  ok = (op == "<=") ? x <= t : x >= t; print (ok ? "met" : "NOT MET") }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b <= 0) print ""; else printf "%.2f", a / b }'; }
a_d=$(ratio "${cpu[D]:-}" "${cpu[A]:-}")        # A's throughput over D's: the same work, CPU time
speedup=$(ratio "${wall[E1]:-}" "${wall[A]:-}")
growth=$(ratio "${rss[A20]:-}" "${rss[A]:-}")
r_c=$(ratio "$r_sim" "${wall[C]:-}")            # R's simulation alone over C's whole process
k_cx=$(ratio "$k_sim" "${wall[CX]:-}")          # the tutorial's simulation alone over CX's whole process
echo
echo "targets$( ((smoke)) && echo ' (smoke sizes: reported, not assessed)'):"
printf '  %-52s %10s  %s\n' "A wall <= 5 s" "${wall[A]:--}" "$(verdict "${wall[A]:-}" '<=' 5)"
printf '  %-52s %10s  %s\n' "A peak RSS <= 256 MB" "${rss[A]:--}" "$(verdict "${rss[A]:-}" '<=' 256)"
printf '  %-52s %10s  %s\n' "B wall <= 120 s (scale 0.1; see the inner shares)" "${wall[B]:--}" "$(verdict "${wall[B]:-}" '<=' 120)"
((with_b1)) && printf '  %-52s %10s  %s\n' "B1 wall <= 600 s (B at scale 1)" "${wall[B1]:--}" "$(verdict "${wall[B1]:-}" '<=' 600)"
printf '  %-52s %10s  %s\n' "C wall <= 0.05 s (whole process)" "${wall[C]:--}" "$(verdict "${wall[C]:-}" '<=' 0.05)"
printf '  %-52s %10s  %s\n' "C against vectorised R (R simulation / C wall) >= 110" "${r_c:--}" "$(verdict "$r_c" '>=' 110)"
[[ -n $tutorial_r ]] &&
  printf '  %-52s %10s  %s\n' "CX against the tutorial's R (K simulation / CX wall) >= 110" "${k_cx:--}" "$(verdict "$k_cx" '>=' 110)"
printf '  %-52s %10s  %s\n' "A throughput / D throughput >= 0.33 (CPU_D / CPU_A)" "${a_d:--}" "$(verdict "$a_d" '>=' 0.3333)"
printf '  %-52s %10s  %s\n' "E speed-up, 2 threads over 1 (wall) >= 1.8" "${speedup:--}" "$(verdict "$speedup" '>=' 1.8)"
printf '  %-52s %10s  %s\n' "A20 peak RSS / A peak RSS <= 1.10 (no growth)" "${growth:--}" "$(verdict "$growth" '<=' 1.10)"

# ---- Microbenchmarks ----------------------------------------------------------------------------
echo
echo "end_to_end: microbenchmarks: $micro ${micro_args[*]}"
if ! "$micro" "${micro_args[@]}"; then
  echo "end_to_end: the microbenchmarks failed" >&2
  failed=1
fi

((failed == 0)) || die "some cases failed to run"
echo "end_to_end: done"
