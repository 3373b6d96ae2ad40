# End-to-end checks of `pimhsim compare`.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -P check_compare.cmake
#
# Files of one population are simulated together (paired), with identical options recognised on
# the frontier; files of one population with other random numbers (another seed) are compared
# unpaired, saying why; files of different populations (another health-visitor workforce) are
# refused unless --unpaired-populations, and then never share a frontier;
# fewer than two files is bad usage (exit 2, nothing written).
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_compare.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(england "${SOURCE_DIR}/scenarios/england.yaml")
set(variants "${SOURCE_DIR}/tests/cli/compare")
set(small --set run.scale=0.05 --set "areas.include=[E08000035, E06000047]" --quiet)

function(compare out)
  execute_process(COMMAND "${PIMHSIM_EXE}" compare ${ARGN} --out "${WORK_DIR}/${out}"
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 300)
  set(status "${status}" PARENT_SCOPE)
  set(stderr "${stderr}" PARENT_SCOPE)
endfunction()

compare(paired "${england}" "${variants}/two_posts.yaml" ${small})
if(NOT status EQUAL 0)
  message(FATAL_ERROR "compare of one population failed (${status}): ${stderr}")
endif()
foreach(f comparison.json comparison.csv frontier.csv manifest.json)
  if(NOT EXISTS "${WORK_DIR}/paired/${f}")
    message(FATAL_ERROR "compare wrote no ${f}")
  endif()
endforeach()
file(READ "${WORK_DIR}/paired/comparison.json" json)
string(JSON paired GET "${json}" paired)
string(JSON n LENGTH "${json}" options)
if(NOT paired STREQUAL "ON" AND NOT paired STREQUAL "true")
  message(FATAL_ERROR "files of one population were not paired: ${paired}")
endif()
if(NOT n EQUAL 5)
  message(FATAL_ERROR "expected 5 options (3 + 2), found ${n}")
endif()
file(READ "${WORK_DIR}/paired/frontier.csv" frontier)
# The second file's copy of the comparator has the comparator's cost and effect, bit for bit, and
# is either marked identical or shares the comparator's status (both dominated, say).
string(REGEX MATCH "\"England, all local authorities: No specialist\",([^,]*,[^,]*,[^,]*,[^,]*,[^,]*)," first "${frontier}")
set(first "${CMAKE_MATCH_1}")
string(REGEX MATCH "\"England, two posts per area: No specialist\",([^,]*,[^,]*,[^,]*,[^,]*,[^,]*)," copy "${frontier}")
set(copy "${CMAKE_MATCH_1}")
if(first STREQUAL "" OR NOT (copy STREQUAL first OR frontier MATCHES "\"England, two posts per area: No specialist\",[^\n]*,identical,"))
  message(FATAL_ERROR "the second file's copy of the comparator is not the comparator:\n${frontier}")
endif()

# Files of two populations are compared unpaired, and comparison.json says why (WHY, a regex).
function(expect_unpaired name variant why_regex)
  compare(${name} "${england}" "${variants}/${variant}" ${small} ${ARGN})
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "compare with ${variant} failed (${status}): ${stderr}")
  endif()
  file(READ "${WORK_DIR}/${name}/comparison.json" json)
  string(JSON paired GET "${json}" paired)
  string(JSON why GET "${json}" common_random_numbers)
  if(NOT paired STREQUAL "OFF" AND NOT paired STREQUAL "false")
    message(FATAL_ERROR "England and ${variant} were paired")
  endif()
  if(NOT why MATCHES "${why_regex}")
    message(FATAL_ERROR "the reason England and ${variant} are unpaired does not match `${why_regex}`: ${why}")
  endif()
endfunction()
expect_unpaired(unpaired other_seed.yaml "seeds differ")
# The same births but another health-visitor workforce: not the same population either, so it is
# refused (exit 2, nothing written) unless asked for, and then each file has its own frontier.
compare(other_workforce_refused "${england}" "${variants}/other_health_visitors.yaml" ${small})
if(NOT status EQUAL 2 OR EXISTS "${WORK_DIR}/other_workforce_refused"
   OR NOT stderr MATCHES "its population is not .*: the areas differ.*--unpaired-populations")
  message(FATAL_ERROR "compare of two populations: exit ${status} (expected 2, nothing written): ${stderr}")
endif()
expect_unpaired(other_workforce other_health_visitors.yaml "areas differ" --unpaired-populations)
file(READ "${WORK_DIR}/other_workforce/comparison.json" json)
string(JSON n_frontiers LENGTH "${json}" frontiers)
if(NOT n_frontiers EQUAL 2 OR EXISTS "${WORK_DIR}/other_workforce/frontier.csv")
  message(FATAL_ERROR "two populations should have two frontiers and no shared frontier.csv")
endif()
string(JSON shared ERROR_VARIABLE no_shared GET "${json}" frontier)
if(no_shared STREQUAL "NOTFOUND")
  message(FATAL_ERROR "two populations share a frontier")
endif()

compare(one_file "${england}" ${small})
if(NOT status EQUAL 2 OR EXISTS "${WORK_DIR}/one_file")
  message(FATAL_ERROR "compare with one file: exit ${status} (expected 2, nothing written): ${stderr}")
endif()
