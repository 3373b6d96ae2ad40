# End to end: a set of shares fitted, its posterior carried into a PSA, and its report.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... [-DMPIRUN=...] [-DPYTHON3=...]
#         -P check_calibrate_shares.cmake
#
# `pimhsim calibrate --parameters detection.hidden_share,routing.mild --method imis` (one area,
# small) writes the same bytes on 1 and 2 threads and, when MPIRUN is given, on 2 ranks
# (manifest.json apart); calibration_parameters.csv and posterior.csv name each share
# `routing.mild.COMPONENT`; `psa --parameter-sets posterior.csv` runs and its psa_parameters.csv
# holds shares that sum to 1 (checked with python3 when given); `pimhsim report` of the
# calibration shows each share.
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_calibrate_shares.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(RUN_OK_TIMEOUT 300)
include("${CMAKE_CURRENT_LIST_DIR}/mpi_common.cmake")  # run_ok, require_same

set(area "${SOURCE_DIR}/scenarios/calibration/example_area.yaml")
set(targets "${SOURCE_DIR}/scenarios/calibration/england_targets.yaml")
set(fit calibrate "${area}" --targets "${targets}" --parameters detection.hidden_share,routing.mild
    --method imis --initial 60 --per-round 10 --rounds 2 --mc-replicates 2 --set run.scale=0.05
    --set run.horizon=2 --quiet)
run_ok("calibrate on 1 thread" "${PIMHSIM_EXE}" ${fit} --threads 1 --out "${WORK_DIR}/t1")
run_ok("calibrate on 2 threads" "${PIMHSIM_EXE}" ${fit} --threads 2 --out "${WORK_DIR}/t2")
require_same("${WORK_DIR}/t1" "${WORK_DIR}/t2")
if(DEFINED MPIRUN AND NOT MPIRUN STREQUAL "")
  run_ok("calibrate on 2 ranks" "${MPIRUN}" --oversubscribe -n 2 "${PIMHSIM_EXE}" ${fit}
         --threads 1 --out "${WORK_DIR}/r2")
  require_same("${WORK_DIR}/t1" "${WORK_DIR}/r2")
  message(STATUS "2 ranks: the same bytes as 1 and 2 threads")
endif()

set(cal "${WORK_DIR}/t1")
file(READ "${cal}/posterior.csv" posterior)
file(READ "${cal}/calibration_parameters.csv" parameters)
foreach(component none listening_visits talking_therapies specialist_pmh)
  foreach(table posterior parameters)
    string(FIND "${${table}}" "routing.mild.${component}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${table} has no column or row `routing.mild.${component}`")
    endif()
  endforeach()
endforeach()
file(READ "${cal}/calibration.json" json)
string(JSON shares GET "${json}" parameters 1 shares)
string(JSON component GET "${json}" parameters 1 component)
if(NOT shares STREQUAL "routing.mild" OR NOT component STREQUAL "none")
  message(FATAL_ERROR "calibration.json's second parameter is not routing.mild's share `none`")
endif()

# The PSA on the posterior draws the shares from its points.
run_ok("psa on the posterior" "${PIMHSIM_EXE}" psa "${SOURCE_DIR}/scenarios/example_area.yaml"
       --iterations 6 --set run.scale=0.02 --set run.horizon=2 --parameter-sets
       "${cal}/posterior.csv" --quiet --out "${WORK_DIR}/psa")
file(READ "${WORK_DIR}/psa/manifest.json" manifest)
string(JSON calibrated GET "${manifest}" calibrated parameters)
string(FIND "${calibrated}" "routing.mild.talking_therapies" at)
if(at EQUAL -1)
  message(FATAL_ERROR "the PSA's manifest does not name the calibrated shares: ${calibrated}")
endif()
if(DEFINED PYTHON3 AND NOT PYTHON3 STREQUAL "")
  # Every iteration's shares are those of a point of the posterior and sum to 1 (exactly, in
  # component order, as the model adds them).
  run_ok("the PSA's shares" "${PYTHON3}" -c "
import csv, sys
post = {tuple(float(r[c]) for c in r if c.startswith('routing.mild.'))
        for r in csv.DictReader(open(sys.argv[1]))}
n = 0
for r in csv.DictReader(open(sys.argv[2])):
    x = tuple(float(r[c]) for c in r if c.startswith('routing.mild.'))
    assert len(x) == 4 and x in post, x
    s = 0.0
    for v in x: s += v
    assert s == 1.0, (x, s)
    n += 1
assert n == 6, n
" "${cal}/posterior.csv" "${WORK_DIR}/psa/psa_parameters.csv")
endif()

# The report of the calibration lists every share.
run_ok("report" "${PIMHSIM_EXE}" report "${cal}")
file(READ "${cal}/report.html" html)
foreach(text "routing.mild.listening_visits" "routing.mild.specialist_pmh" "Prior versus posterior")
  string(FIND "${html}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the calibration report does not show `${text}`")
  endif()
endforeach()
