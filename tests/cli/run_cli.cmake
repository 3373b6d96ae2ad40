# Runs `pimhsim` once and checks its exit status and output.
#
#   cmake -DPIMHSIM_EXE=... -DARGS="run --help" -DEXIT=0 [-DSTDOUT=text] [-DSTDOUT2=text]
#         [-DSTDERR=text] [-DABSENT=path] [-DTIMEOUT=seconds] -P run_cli.cmake
#
# ARGS     the arguments, split like a shell command line.
# EXIT     the exit status expected.
# STDOUT, STDOUT2, STDERR  texts the output must contain.
# ABSENT   a path that must not exist afterwards (it is removed first, with the journal of an
#          earlier run into it, ABSENT.partial, which a run stopped by an error keeps).
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE EXIT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run_cli.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED TIMEOUT OR TIMEOUT STREQUAL "")
  set(TIMEOUT 60)
endif()
if(DEFINED ABSENT AND NOT ABSENT STREQUAL "")
  file(REMOVE_RECURSE "${ABSENT}" "${ABSENT}.partial")
endif()

separate_arguments(args UNIX_COMMAND "${ARGS}")
execute_process(COMMAND "${PIMHSIM_EXE}" ${args}
                TIMEOUT ${TIMEOUT}
                RESULT_VARIABLE status
                OUTPUT_VARIABLE out
                ERROR_VARIABLE err)

set(problems "")
if(NOT status STREQUAL "${EXIT}")
  list(APPEND problems "exit status `${status}`, expected ${EXIT}")
endif()
foreach(pair IN ITEMS "STDOUT|out" "STDOUT2|out" "STDERR|err")
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 want)
  list(GET pair 1 stream)
  if(DEFINED ${want} AND NOT "${${want}}" STREQUAL "")
    string(FIND "${${stream}}" "${${want}}" at)
    if(at EQUAL -1)
      list(APPEND problems "std${stream} lacks: ${${want}}")
    endif()
  endif()
endforeach()
if(DEFINED ABSENT AND NOT ABSENT STREQUAL "" AND EXISTS "${ABSENT}")
  list(APPEND problems "${ABSENT} was created")
endif()
if(problems)
  list(JOIN problems "\n  " problem_text)
  message(FATAL_ERROR "pimhsim ${ARGS}\n  ${problem_text}\n--- stdout ---\n${out}\n--- stderr ---\n${err}")
endif()
