#!/usr/bin/env bash
# The report's speed: `pimhsim report DIR` (the page, every chart drawn by gnuplot as SVG and PNG,
# and the workbook) timed as a whole process with GNU time, on results made first. Prints each
# case's median wall and CPU time over the rounds, and whether the report's targets are met:
# the England run's report in under 5 s, a 1,000-iteration PSA's in under 10 s.
#
#   benchmarks/report.sh                  full run, about 2 minutes on 2 cores (most of it making the results)
#   benchmarks/report.sh --smoke          tiny results, a few seconds (CI): fails only if something fails to run
#   benchmarks/report.sh --build-dir DIR  use another build (default: build/, as scripts/setup.sh makes it)
#   benchmarks/report.sh --rounds N       reports timed per case (default 5; the median is shown)
#
# Cases:
#   R1  the run of scenarios/england.yaml as shipped (151 areas, 10 years, 3 options): 7 charts
#       and the by-area table and workbook
#   R2  a PSA of the Sick-Sicker validation model, 1,000 iterations, EVPPI of every parameter
#       (the user guide's example): 5 charts, the plane and convergence drawing every iteration
#   R3  a PSA of one England area (Leeds, one cohort-year, run.scale 0.02), 1,000 iterations:
#       3 options, so two compared options' draws on the plane
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() { sed -n '7,10p' "${BASH_SOURCE[0]}" | sed 's/^# *//'; }
die() { echo "report: $*" >&2; exit 1; }

smoke=0
build=build
rounds=5
while (($#)); do
  case $1 in
    --smoke) smoke=1 ;;
    --build-dir) (($# >= 2)) || { usage >&2; exit 2; }; build=$2; shift ;;
    --rounds) (($# >= 2)) || { usage >&2; exit 2; }; rounds=$2; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds takes a whole number from 1"
pimhsim=$build/cli/pimhsim
[[ -x $pimhsim ]] || die "$pimhsim is missing: build first (scripts/setup.sh, or cmake --build $build)"
[[ -x /usr/bin/time ]] || die "needs GNU time at /usr/bin/time (Debian package \`time\`)"
command -v gnuplot >/dev/null || die "needs gnuplot (Debian gnuplot-nox): without it the report draws no chart"

work=$(mktemp -d "${TMPDIR:-/tmp}/pimhsim-report-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

iterations=1000
england=(scenarios/england.yaml)
if ((smoke)); then
  iterations=20
  rounds=1
  england=(scenarios/england.yaml --set run.scale=0.01 --set "areas.include=[E08000035,E06000047]")
fi
echo "report: making the results (not timed)"
"$pimhsim" run "${england[@]}" --out "$work/R1" --quiet
"$pimhsim" psa scenarios/validation/sick_sicker_psa.yaml --iterations "$iterations" --evppi all \
  --out "$work/R2" --quiet
"$pimhsim" psa scenarios/england.yaml --iterations "$iterations" --set run.horizon=1 \
  --set run.scale=0.02 --set "areas.include=[E08000035]" --out "$work/R3" --quiet

median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

printf '%-4s %-52s %9s %9s %8s  %s\n' case what "wall s" "cpu s" target met
status=0
for case in R1 R2 R3; do
  walls=() cpus=()
  for ((r = 0; r < rounds; ++r)); do
    /usr/bin/time -f '%e %U %S' -o "$work/time" "$pimhsim" report "$work/$case" --quiet ||
      die "pimhsim report $work/$case failed"
    read -r wall user sys <"$work/time"
    walls+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.2f", u + s}')")
  done
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  charts=$(find "$work/$case/report_charts" -name '*.svg' | wc -l)
  case $case in
    R1) what="England run ($charts charts)"; target=5 ;;
    R2) what="Sick-Sicker PSA, $iterations iterations, EVPPI ($charts charts)"; target=10 ;;
    R3) what="one-area England PSA, $iterations iterations ($charts charts)"; target=10 ;;
  esac
  met=$(awk -v w="$wall" -v t="$target" 'BEGIN {print (w < t) ? "yes" : "no"}')
  ((smoke)) && met="(smoke)"
  printf '%-4s %-52s %9.2f %9.2f %6s s  %s\n' "$case" "$what" "$wall" "$cpu" "< $target" "$met"
  [[ $met == no ]] && status=1
done
echo "report: $rounds round(s) a case; machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
