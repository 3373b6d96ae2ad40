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

# The tables of compare directory `first` and of `again` (its resolved scenarios compared again)
# are byte-identical.
function(require_same_tables first again)
  foreach(f comparison.csv frontier.csv headline.csv)
    file(SHA256 "${WORK_DIR}/${first}/${f}" a)
    file(SHA256 "${WORK_DIR}/${again}/${f}" b)
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${f} of ${first} differs when its written scenarios are compared again")
    endif()
  endforeach()
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
# The directory holds every scenario as run, and comparing them again gives the same tables.
file(GLOB again LIST_DIRECTORIES false "${WORK_DIR}/paired/scenarios/*/scenario.resolved.yaml")
list(LENGTH again n_again)
if(NOT n_again EQUAL 2)
  message(FATAL_ERROR "compare wrote ${n_again} resolved scenarios, not 2: ${again}")
endif()
compare(again ${again} --quiet)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "compare of the written scenarios failed (${status}): ${stderr}")
endif()
require_same_tables(paired again)
file(READ "${WORK_DIR}/paired/headline.csv" headline)
foreach(figure cost_nhs_pss net_savings_nhs_pss roi_nhs_pss payback_year_nhs_pss funded_wte qalys)
  if(NOT headline MATCHES "\n[^\n]*,${figure},")
    message(FATAL_ERROR "headline.csv has no ${figure}:\n${headline}")
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
# No shared frontier, so no report: `report` refuses it saying why (exit 2, nothing written), and
# `compare --report` says so naming the results' own directory, not the one they were written in.
execute_process(COMMAND "${PIMHSIM_EXE}" report "${WORK_DIR}/other_workforce"
                RESULT_VARIABLE status ERROR_VARIABLE stderr TIMEOUT 60)
if(NOT status EQUAL 2 OR EXISTS "${WORK_DIR}/other_workforce/report.html"
   OR NOT stderr MATCHES "comparison.json: a comparison of different populations .*no report"
   OR stderr MATCHES "exception")
  message(FATAL_ERROR "report of two populations: exit ${status} (expected 2, a reason): ${stderr}")
endif()
set(loud ${small})
list(REMOVE_ITEM loud --quiet)
execute_process(COMMAND "${PIMHSIM_EXE}" compare "${england}" "${variants}/other_health_visitors.yaml"
                        ${loud} --unpaired-populations --report --out "${WORK_DIR}/two_reported"
                RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 300)
if(NOT status EQUAL 0 OR EXISTS "${WORK_DIR}/two_reported/report.html"
   OR NOT stdout MATCHES "report not written: [^\n]*/two_reported/comparison.json: a comparison of"
   OR stdout MATCHES "\\.tmp-")
  message(FATAL_ERROR "compare --report of two populations: exit ${status}: ${stdout}${stderr}")
endif()

compare(one_file "${england}" ${small})
if(NOT status EQUAL 2 OR EXISTS "${WORK_DIR}/one_file")
  message(FATAL_ERROR "compare with one file: exit ${status} (expected 2, nothing written): ${stderr}")
endif()

# Variants of one file: each row names its scenario and its variant apart, and the directory's
# resolved scenarios (which record `variant:`) compare again to the same bytes.
compare(variants "${england}" --variant "two posts:options.1.set.parameters.staffing.wte_per_area=2"
        --variant "band 6, \"costly\":switches.specialist_band=band_6" ${small})
if(NOT status EQUAL 0)
  message(FATAL_ERROR "compare --variant failed (${status}): ${stderr}")
endif()
file(READ "${WORK_DIR}/variants/comparison.csv" variant_rows)
foreach(expected "\n\"England, all local authorities\",,No specialist,\"England, all local authorities: No specialist\","
                 "\n\"England, all local authorities\",two posts,No specialist,\"England, all local authorities, two posts: No specialist\","
                 "\n\"England, all local authorities\",\"band 6, \"\"costly\"\"\",")
  string(FIND "${variant_rows}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "comparison.csv has no row starting `${expected}`:\n${variant_rows}")
  endif()
endforeach()
file(GLOB variant_files LIST_DIRECTORIES false "${WORK_DIR}/variants/scenarios/*/scenario.resolved.yaml")
list(SORT variant_files)
compare(variants_again ${variant_files} --quiet)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "compare of the variants' written scenarios failed (${status}): ${stderr}")
endif()
require_same_tables(variants variants_again)
