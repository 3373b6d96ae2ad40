# The golden-output harness: runs one case of cases.txt and checks (or rewrites) its digests.
#
#   cmake -DPIMHSIM_EXE=... -DNORMALISE=... -DSOURCE_DIR=... -DWORK_DIR=... -DCASE=name
#         -DARGS="run scenarios/x.yaml ..." -DDIGESTS=tests/golden/digests/name.txt
#         -DMODE=check|update -P golden.cmake
#
# The case runs from SOURCE_DIR (so scenario paths in its outputs are the relative ones written in
# cases.txt) as `pimhsim ARGS --out WORK_DIR/out`. Every file it writes, and its standard output
# as `<stdout>`, is normalised by NORMALISE (volatile manifest lines dropped, the results path
# replaced, numbers rounded to nine significant digits) and digested with SHA-256.
#
# MODE=check   fails on any difference from DIGESTS: a file digested differently, a file written
#              that DIGESTS does not list, or one it lists that was not written. The normalised
#              files stay in WORK_DIR/normalised for a diff against another build's.
# MODE=update  writes DIGESTS, and says whether it changed.
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE NORMALISE SOURCE_DIR WORK_DIR CASE ARGS DIGESTS MODE)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "golden.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/normalised")
set(out "${WORK_DIR}/out")
separate_arguments(args UNIX_COMMAND "${ARGS}")
string(REPLACE "<semicolon>" "\\;" args "${args}")
string(REPLACE "<semicolon>" ";" ARGS "${ARGS}")
execute_process(COMMAND "${PIMHSIM_EXE}" ${args} --out "${out}"
                WORKING_DIRECTORY "${SOURCE_DIR}"
                TIMEOUT 600
                RESULT_VARIABLE status
                OUTPUT_VARIABLE stdout
                ERROR_VARIABLE stderr)
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "golden ${CASE}: pimhsim ${ARGS}: exit status `${status}`\n${stdout}${stderr}")
endif()
file(WRITE "${WORK_DIR}/stdout.txt" "${stdout}")

# Normalises FILE (shown as NAME) and appends "SHA256  NAME" to the variable `lines`.
function(digest file name)
  string(REPLACE "/" "__" flat "${name}")
  set(normalised "${WORK_DIR}/normalised/${flat}")
  execute_process(COMMAND "${NORMALISE}" "${file}" "${normalised}" "${out}"
                  RESULT_VARIABLE status ERROR_VARIABLE err)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "golden ${CASE}: cannot normalise ${file}: ${err}")
  endif()
  file(SHA256 "${normalised}" sha)
  set(lines "${lines}${sha}  ${name}\n" PARENT_SCOPE)
endfunction()

set(lines "")
file(GLOB_RECURSE written RELATIVE "${out}" LIST_DIRECTORIES false "${out}/*")
list(SORT written)
foreach(name IN LISTS written)
  digest("${out}/${name}" "${name}")
endforeach()
digest("${WORK_DIR}/stdout.txt" "<stdout>")

set(header "# pimhsim ${ARGS}\n# SHA-256 of each output after tests/golden/normalise.cc; regenerate with\n# `cmake --build build --target golden_update` and say in the commit which changed and why.\n")
set(actual "${header}${lines}")

if(MODE STREQUAL "update")
  set(before "")
  if(EXISTS "${DIGESTS}")
    file(READ "${DIGESTS}" before)
  endif()
  if(before STREQUAL actual)
    message(STATUS "golden ${CASE}: unchanged")
  else()
    file(WRITE "${DIGESTS}" "${actual}")
    message(STATUS "golden ${CASE}: digests rewritten (${DIGESTS})")
  endif()
  return()
endif()

if(NOT EXISTS "${DIGESTS}")
  message(FATAL_ERROR "golden ${CASE}: no digests at ${DIGESTS}; run `cmake --build build --target golden_update`")
endif()
# Both sides as name lists and name -> digest variables.
file(STRINGS "${DIGESTS}" expected_lines REGEX "^[0-9a-f]+  ")
string(REGEX MATCHALL "[0-9a-f]+  [^\n]+" actual_lines "${lines}")
foreach(side expected actual)
  set(${side}_names "")
  foreach(line IN LISTS ${side}_lines)
    string(REGEX MATCH "^([0-9a-f]+)  (.+)$" matched "${line}")
    list(APPEND ${side}_names "${CMAKE_MATCH_2}")
    set("${side}:${CMAKE_MATCH_2}" "${CMAKE_MATCH_1}")
  endforeach()
endforeach()
set(problems "")
foreach(name IN LISTS expected_names)
  if(NOT name IN_LIST actual_names)
    list(APPEND problems "${name}: no longer written")
    continue()
  endif()
  set(want "expected:${name}")
  set(got "actual:${name}")
  if(NOT "${${want}}" STREQUAL "${${got}}")
    string(REPLACE "/" "__" flat "${name}")
    list(APPEND problems "${name}: changed (normalised: ${WORK_DIR}/normalised/${flat})")
  endif()
endforeach()
foreach(name IN LISTS actual_names)
  if(NOT name IN_LIST expected_names)
    list(APPEND problems "${name}: a new output, not in the digests")
  endif()
endforeach()
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "golden ${CASE}: outputs differ from ${DIGESTS}\n  ${text}\n"
                      "If the change is intended, run `cmake --build build --target golden_update` "
                      "and say in the commit which outputs changed and why.")
endif()
list(LENGTH actual_names count)
message(STATUS "golden ${CASE}: all ${count} outputs match")
