# The resource budget's memory estimate against the peak memory a run really takes: `validate`
# prints the estimate of a run, `/usr/bin/time -v` measures the run's maximum resident set size,
# and the two must agree within a factor of 2, for each size given.
#
#   cmake -DPIMHSIM_EXE=... -DSCENARIO=... -DWORK_DIR=... -DSIZES="ARGS|ARGS..." -P check_budget.cmake
#
# SIZES  one set of extra arguments per size (--set ...), separated by `|`. validate and run both
#        use the machine's cores (no --threads), so the estimate and the run count the same threads.
cmake_minimum_required(VERSION 3.25)
if(NOT EXISTS /usr/bin/time)
  message(STATUS "no /usr/bin/time here: nothing to measure with")
  return()
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
string(REPLACE "|" ";" sizes "${SIZES}")
set(n 0)
foreach(size IN LISTS sizes)
  math(EXPR n "${n} + 1")
  separate_arguments(args UNIX_COMMAND "${size}")
  execute_process(COMMAND "${PIMHSIM_EXE}" validate "${SCENARIO}" ${args}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "memory +about [0-9.]+ [KMGT]iB \\(([0-9,]+) bytes\\)")
    message(FATAL_ERROR "validate ${size}: exit ${rc}, no memory estimate:\n${out}\n${err}")
  endif()
  string(REPLACE "," "" estimate "${CMAKE_MATCH_1}")
  execute_process(COMMAND /usr/bin/time -v "${PIMHSIM_EXE}" run "${SCENARIO}" ${args} --quiet
                          --out "${WORK_DIR}/run${n}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT err MATCHES "Maximum resident set size \\(kbytes\\): ([0-9]+)")
    message(FATAL_ERROR "run ${size}: exit ${rc}:\n${err}")
  endif()
  math(EXPR measured "${CMAKE_MATCH_1} * 1024")
  message(STATUS "${size}: estimate ${estimate} bytes, measured peak ${measured} bytes")
  math(EXPR twice_estimate "2 * ${estimate}")
  math(EXPR twice_measured "2 * ${measured}")
  if(measured GREATER twice_estimate OR estimate GREATER twice_measured)
    message(FATAL_ERROR "${size}: the estimate ${estimate} bytes is not within a factor of 2 of "
                        "the measured peak ${measured} bytes")
  endif()
endforeach()
