#!/usr/bin/env bash
# Runs every example that `pimhsim COMMAND --help` prints, from the source directory, as a user
# would copy it, made quick: a 2% sample over two years for the area scenarios, 3 PSA iterations,
# and results in a scratch directory. An example that resumes an interrupted run is skipped (its
# first half is the example before it). Fails on any exit status other than 0 (or plan's 3, a
# target out of reach at so small a sample).
#
#   check_examples.sh PIMHSIM_EXE SOURCE_DIR WORK_DIR COMMAND
set -euo pipefail
exe=$1 src=$2 work=$3 command=$4
cd "$src"
mapfile -t examples < <("$exe" "$command" --help | awk '/^examples:/{e=1; next} e && !/^  pimhsim /{exit} e' | sed 's/^  //')
((${#examples[@]} > 0)) || { echo "pimhsim $command --help shows no examples" >&2; exit 1; }
# evppi's examples read a finished PSA, which they name as results/NAME-psa: make it first.
if [[ $command == evppi ]]; then
  "$exe" psa scenarios/validation/sick_sicker_psa.yaml --iterations 40 --quiet \
    --out "$work/sick_sicker_psa-psa"
fi
# report's examples read finished runs, which they name as results/england and results/leeds.
if [[ $command == report ]]; then
  "$exe" run scenarios/england.yaml --set run.scale=0.02 --set run.horizon=2 --quiet \
    --out "$work/england"
  "$exe" run scenarios/example_area.yaml --set run.scale=0.02 --set run.horizon=2 --quiet \
    --out "$work/leeds"
fi
i=0
for example in "${examples[@]}"; do
  i=$((i + 1))
  example=${example%%#*}
  if [[ $example == *--resume* ]]; then
    echo "skipped (resumes an interrupted run): $example"
    continue
  fi
  [[ $command == evppi || $command == report ]] && example=${example//results\//$work\/}
  args=$(sed -E 's/^pimhsim //; s/--out [^ ]+//; s/--set run\.scale=[^ ]+//; s/--iterations [0-9]+/--iterations 3/' <<<"$example")
  quick=""
  if [[ $command != validate && $command != areas && $args =~ (england|example_area|ponder|holden)\.yaml ]]; then
    quick="--set run.scale=0.02 --set run.horizon=2"
  fi
  out="$work/$command-example-$i"
  rm -rf "$out"
  echo "\$ pimhsim $args $quick"
  status=0
  case $command in
    validate) tail="--quiet" ;;
    areas) tail="" ;;
    evppi) tail="--quiet" ;;
    report) tail="--out \"\$out.html\" --quiet"; rm -f "$out.html" ;;
    new-area) tail="--out \"\$out.yaml\""; rm -f "$out.yaml" "${out}_births.csv" ;;
    *) tail="--out \"\$out\" --quiet" ;;
  esac
  eval "\"\$exe\" $args $quick $tail" || status=$?
  if ((status != 0)) && ! [[ $command == plan && $status == 3 ]]; then
    echo "example failed with exit status $status: $example" >&2
    exit 1
  fi
done
