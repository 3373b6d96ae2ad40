#!/usr/bin/env bash
# Distributed benchmark (docs/distributed.md): whole `pimhsim psa` and `pimhsim run` processes
# timed with GNU time, and the bytes the ranks send each other counted by Open MPI itself (its pml
# monitoring).
#
#   benchmarks/distributed.sh                  one-area PSA of 200 iterations, then England at run.scale 1: a few minutes on 2 cores; run it on a quiet machine
#   benchmarks/distributed.sh --smoke          tiny sizes, seconds: fails only if something fails to run
#   benchmarks/distributed.sh --rounds N       repeat the layouts N times, interleaved (default 3); medians
#   benchmarks/distributed.sh --build-dir DIR  use another build (default: build/)
#   benchmarks/distributed.sh --cases "dsa"    only these of the cases psa, england and dsa (default: all)
#   benchmarks/distributed.sh --two-nodes      a fourth layout, 2x1 with the ranks on two nodes of this machine
#
# Layouts (ranks x threads a rank), each the same command to the same bytes:
#   1x1  pimhsim CMD --threads 1 (no mpirun)
#   1x2  pimhsim CMD --threads 2 (no mpirun): units in parallel on threads
#   2x1  mpirun -n 2 pimhsim CMD --threads 1: units in parallel on ranks
#   2n   (--two-nodes) 2x1 with rank 1 on another node: Open MPI's rsh launcher given the stand-in
#        for ssh of the tests (tests/cli/mpi_nodes/node.sh: the node's ranks run here, in a UTS
#        namespace named after it), the ranks joined by TCP over the loopback interface, unbound
#        (each node's daemon would bind its rank to the same first core); needs unshare's privilege
# for CMD a one-area PSA (units: iterations), a run of England (units: areas, each with its
# unit of the status-quo pass first) and a threshold DSA of England at run.scale 0.05 (its scan's
# 3 evaluations whole, then its root's refinement, each evaluation's areas shared out as a run's).
# Parallel efficiency of a layout of P = ranks x threads workers: wall(1x1) / (P x wall).
# Then the bytes the engine's messages carry: `mpirun -n 3` with Open MPI's pml monitoring (its
# "external" messages: the engine's own), and per unit run on a rank other than 0: for the PSA,
# then for a `pimhsim run` of England at run.scale 0.02 (units: areas; results: whole tallies), and
# for a one-area `pimhsim plan` sweep (units: a candidate's replicates; its WTE travels with each).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '6,11p' "${BASH_SOURCE[0]}" | sed 's/^# *//'; }
die() { echo "distributed: $*" >&2; exit 1; }
smoke=0
layouts="1x1 1x2 2x1"
build=build
rounds=3
cases="psa england dsa"
while (($#)); do
  case $1 in
    --cases) (($# >= 2)) || { usage >&2; exit 2; }; cases=$2; shift ;;
    --smoke) smoke=1 ;;
    --two-nodes) layouts="1x1 1x2 2x1 2n" ;;
    --rounds) (($# >= 2)) || { usage >&2; exit 2; }; rounds=$2; shift ;;
    --build-dir) (($# >= 2)) || { usage >&2; exit 2; }; build=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
pimhsim=$(realpath "$build/cli/pimhsim")
[[ -x $pimhsim ]] || die "$pimhsim is missing: build first (scripts/setup.sh)"
command -v mpirun >/dev/null || die "needs Open MPI's mpirun (Debian: openmpi-bin; scripts/setup.sh installs it)"
[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time (Debian package \`time\`)"
# As root, Open MPI runs only when told that it is meant; as a user these change nothing.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

if [[ $layouts == *2n* ]] && ! unshare --uts true 2>/dev/null; then
  die "--two-nodes needs a UTS namespace (unshare --uts), which needs the privilege"
fi
if ((smoke)); then
  iterations=8 scale=0.02 rounds=1 england_scale=0.01 dsa_scale=0.005
else
  iterations=200 scale=0.3 england_scale=1 dsa_scale=0.05
fi
psa=(psa scenarios/example_area.yaml --iterations "$iterations" --set "run.scale=$scale" --quiet)
england=(run scenarios/england.yaml --set "run.scale=$england_scale" --quiet)
dsa=(dsa scenarios/england.yaml --set "run.scale=$dsa_scale" --no-tornado
  --threshold long_term.specialist_child_effect --intervals 2 --quiet)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "distributed: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, one-area PSA of $iterations iterations at run.scale $scale, England at run.scale $england_scale and a threshold DSA of England at run.scale $dsa_scale ($cases), $rounds round(s)"
echo "distributed: load average $(cut -d' ' -f1-3 /proc/loadavg) before"

# run CASE LAYOUT ROUND: one timed command (CASE psa or england); appends "layout wall cpu" to
# $tmp/CASE.times.
run() {
  local case=$1 layout=$2 out=$tmp/$1.$2.$3 t0 t1
  local -a cmd
  local -n args=$case
  case $layout in
    1x1) cmd=("$pimhsim" "${args[@]}" --threads 1) ;;
    1x2) cmd=("$pimhsim" "${args[@]}" --threads 2) ;;
    2x1) cmd=(mpirun --oversubscribe -n 2 "$pimhsim" "${args[@]}" --threads 1) ;;
    2n) cmd=(mpirun --oversubscribe --mca plm_rsh_agent "$PWD/tests/cli/mpi_nodes/node.sh"
      --mca btl tcp,self --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo --bind-to none
      --host localhost:1,pimhsim-node-b:1 -n 2 "$pimhsim" "${args[@]}" --threads 1) ;;
  esac
  t0=$EPOCHREALTIME
  /usr/bin/time -f '%U %S' -o "$tmp/time" "${cmd[@]}" --out "$out" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; die "$case, layout $layout failed"; }
  t1=$EPOCHREALTIME
  read -r u s < <(tail -1 "$tmp/time")
  awk -v l="$layout" -v a="$t0" -v b="$t1" -v u="$u" -v s="$s" \
    'BEGIN{printf "%s %.3f %.2f\n", l, b - a, u + s}' >>"$tmp/$case.times"
}
median() { sort -n | awk '{v[NR]=$1} END{print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
for case in $cases; do
  for ((r = 1; r <= rounds; r++)); do
    for layout in $layouts; do run $case $layout $r; done
  done
  # Every layout's files, manifest aside, the same bytes as 1x1's.
  for d in "$tmp/$case".[12][xn]*; do
    diff -rq -x manifest.json "$tmp/$case.1x1.1" "$d" >/dev/null ||
      die "$d differs from $tmp/$case.1x1.1"
  done
  echo "$case:"
  printf '%-7s %10s %10s %11s %11s\n' layout "wall s" "cpu s" "speed-up" efficiency
  base=$(awk '$1=="1x1"{print $2}' "$tmp/$case.times" | median)
  for layout in $layouts; do
    w=$(awk -v l=$layout '$1==l{print $2}' "$tmp/$case.times" | median)
    c=$(awk -v l=$layout '$1==l{print $3}' "$tmp/$case.times" | median)
    awk -v l=$layout -v w="$w" -v c="$c" -v b="$base" \
      'BEGIN{p = (l=="1x1") ? 1 : 2; printf "%-7s %10.3f %10.2f %10.2fx %11.2f\n", l, w, c, b / w, b / (p * w)}'
  done
done
echo "distributed: load average $(cut -d' ' -f1-3 /proc/loadavg) after (medians of $rounds)"

# Bytes sent, counted by Open MPI (external messages: the engine's; internal ones are MPI's own).
wanted() { [[ " $cases " == *" $1 "* ]]; }
if wanted psa || wanted england; then
mpirun --oversubscribe -n 3 --mca pml_monitoring_enable 2 --mca pml_monitoring_enable_output 3 \
  --mca pml_monitoring_filename "$tmp/prof" "$pimhsim" "${psa[@]}" --threads 1 --out "$tmp/bytes" \
  >/dev/null 2>&1 || die "the monitored run failed"
# A WORK message is at least 16 bytes (the unit's index and id, then its input, if any), DONE 0:
# rank 0's messages of 16 bytes or more (Open MPI's size histogram: bucket k holds sizes of
# 2^(k-1) to 2^k - 1 bytes, so buckets 5 and up) count the units run elsewhere.
count_units='{ split($NF, h, ","); for (k = 6; k in h; ++k) u += h[k] }'
awk -v n="$iterations" '
  $1 == "E" { b = $4; sub(/ bytes/, "", b); if ($2 == 0) to += b; else from += b }
  $1 == "E" && $2 == 0 '"$count_units"'
  END {
        printf "bytes sent: rank 0 to the others %d, the others to rank 0 %d, for %d of the %d iterations run on ranks 1 and 2\n", to, from, u, n
        printf "bytes per unit run elsewhere: %.0f out, %.0f back (the joining message included)\n", to / u, from / u }
' "$tmp"/prof.*.prof

# The same for a distributed `pimhsim run` (England, one replicate of each of its 151 areas, each
# area's unit of the status-quo pass then its unit of the run): a unit's RESULT is the area's
# status-quo sums (160 bytes) or its whole tally, a fixed size for the scenario's layout
# (docs/distributed.md); a unit of the run carries the sums of the whole pass out to its rank.
mpirun --oversubscribe -n 3 --mca pml_monitoring_enable 2 --mca pml_monitoring_enable_output 3 \
  --mca pml_monitoring_filename "$tmp/run" "$pimhsim" run scenarios/england.yaml --set run.scale=0.02 \
  --quiet --threads 1 --out "$tmp/run-bytes" >/dev/null 2>&1 || die "the monitored run failed"
awk '
  $1 == "E" { b = $4; sub(/ bytes/, "", b); if ($2 == 0) to += b; else from += b }
  $1 == "E" && $2 == 0 '"$count_units"'
  END {
        printf "run bytes sent: rank 0 to the others %d, the others to rank 0 %d, for %d of the 302 units run on ranks 1 and 2\n", to, from, u
        printf "run bytes per unit run elsewhere: %.0f out, %.0f back (the joining message included)\n", to / u, from / u }
' "$tmp"/run.*.prof

# And for a distributed `pimhsim plan` (one area, a sweep of 5 staffings x 3 replicates: 15
# units): a unit's WORK carries its candidate (the replicate and 8 bytes of WTE an area: 32 bytes
# for one area), its RESULT every area's tally of that replicate.
mpirun --oversubscribe -n 3 --mca pml_monitoring_enable 2 --mca pml_monitoring_enable_output 3 \
  --mca pml_monitoring_filename "$tmp/plan" "$pimhsim" plan scenarios/example_area.yaml \
  --set run.scale=0.05 --set run.replicates=3 --sweep 0:4:1 --quiet --threads 1 \
  --out "$tmp/plan-bytes" >/dev/null 2>&1 || die "the monitored plan failed"
awk '
  $1 == "E" { b = $4; sub(/ bytes/, "", b); if ($2 == 0) to += b; else from += b }
  END { u = to / 32
        printf "plan bytes sent: rank 0 to the others %d, the others to rank 0 %d, for %d of the 15 units run on ranks 1 and 2\n", to, from, u
        printf "plan bytes per unit run elsewhere: %.0f out, %.0f back (the joining message included)\n", to / u, from / u }
' "$tmp"/plan.*.prof

fi

# And for a distributed threshold DSA of England (the case above at run.scale 0.02): its scan's
# evaluations travel as a DSA's (16 bytes out, 8 bytes and a double an option back), each unit of
# its root's refinement as a run's, with the parameter set besides (docs/distributed.md). How
# many units run on ranks 1 and 2 varies from run to run (whichever slot is free takes the next).
wanted dsa || exit 0
mpirun --oversubscribe -n 3 --mca pml_monitoring_enable 2 --mca pml_monitoring_enable_output 3 \
  --mca pml_monitoring_filename "$tmp/dsa" "$pimhsim" "${dsa[@]}" --set run.scale=0.02 --threads 1 \
  --out "$tmp/dsa-bytes" >/dev/null 2>&1 || die "the monitored dsa failed"
awk '
  $1 == "E" { b = $4; sub(/ bytes/, "", b); m = $6
              if ($2 == 0) { to += b; out += m } else { from += b; back += m } }
  END { printf "dsa bytes sent: rank 0 to the others %d in %d messages, the others to rank 0 %d in %d messages\n", to, out, from, back }
' "$tmp"/dsa.*.prof
