# Earlier results that a run ended while replacing had set aside (`.NAME.tmp-PID.old`, the target
# missing: a file system that cannot swap) are put back as soon as the next command into that
# directory starts its work, not only once it has finished: a long `psa`, `dsa`, `plan` or
# `compare` ended early (here after 2 s, by the test's timeout) leaves them back in place
# and says so on stderr.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_restore.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_restore.cmake: -D${var}=... is required")
  endif()
endforeach()

set(ss "${SOURCE_DIR}/scenarios/validation/sick_sicker.yaml")
set(ss_ext "${SOURCE_DIR}/scenarios/validation/sick_sicker_extended.yaml")
set(ss_psa "${SOURCE_DIR}/scenarios/validation/sick_sicker_psa.yaml")
set(england "${SOURCE_DIR}/scenarios/england.yaml")
# Each a command that takes far longer than the few seconds it is given.
set(cases psa dsa plan compare)
set(psa_args psa "${ss_psa}" --iterations 1000000)
set(dsa_args dsa "${ss_psa}" --set run.population=2000000)
set(plan_args plan "${england}" --target "max nmb@20000" --rule births --minimum-wte 1
              --maximum 1 --step 0.1 --set run.scale=1)
set(compare_args compare "${ss}" "${ss_ext}" --set run.population=100000000)

foreach(case IN LISTS cases)
  set(dir "${WORK_DIR}/${case}")
  file(REMOVE_RECURSE "${dir}")
  # PID 999999999 is above any Linux pid_max: an ended process's.
  set(aside "${dir}/.out.tmp-999999999.old")
  file(MAKE_DIRECTORY "${aside}")
  file(WRITE "${aside}/summary.json" "earlier results\n")
  execute_process(COMMAND "${PIMHSIM_EXE}" ${${case}_args} --threads 1 --quiet --out "${dir}/out"
                  WORKING_DIRECTORY "${dir}" TIMEOUT 2
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(status STREQUAL "0")
    message(FATAL_ERROR "${case}: finished within the timeout; the case must take longer")
  endif()
  if(NOT EXISTS "${dir}/out/summary.json" OR EXISTS "${aside}")
    message(FATAL_ERROR "${case}: the earlier results were not put back before the analysis (status ${status})\n${stderr}")
  endif()
  file(READ "${dir}/out/summary.json" content)
  if(NOT content STREQUAL "earlier results\n")
    message(FATAL_ERROR "${case}: out/summary.json is not the earlier results: ${content}")
  endif()
  if(NOT stderr MATCHES "pimhsim: restored [^\n]*out from [^\n]*\\.out\\.tmp-999999999\\.old")
    message(FATAL_ERROR "${case}: no notice of the restore on stderr:\n${stderr}")
  endif()
  message(STATUS "${case}: earlier results put back at the start (status ${status})")
endforeach()
