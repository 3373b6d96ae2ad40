# End-to-end checks of the report of a run.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -DPYTHON3=... -P check_report.cmake
#
# `pimhsim run --report` writes report.html with the results, and `pimhsim report DIR --out FILE`
# makes it again from the directory alone. The page holds every section of the board summary and
# every chart (drawn inline, and as SVG and PNG files beside it, when gnuplot is on the PATH), its
# recommendation and payback years are those of summary.json and its other figures agree with it,
# and it names no http(s) address. Without gnuplot the page is still written, with the charts'
# tables and a note. The workbook beside the page (report.xlsx), read back by check_workbook.py
# with PYTHON3, holds the directory's summary tables cell for cell. A directory that is not a
# run's, a page not named .html, or one whose workbook's place is a directory, is refused with
# exit status 2 and nothing written.
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_report.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT PYTHON3)
  message(FATAL_ERROR "python3 is needed to read the report's workbook back (Debian: python3; "
                      "scripts/setup.sh installs it)")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(run "${WORK_DIR}/run")
set(charts payback_1 payback_2 payback_3 budget_impact staffing trained_share funnel)
find_program(GNUPLOT gnuplot)

execute_process(COMMAND "${PIMHSIM_EXE}" run "${SOURCE_DIR}/scenarios/example_area.yaml"
                        --set run.scale=0.2 --set run.horizon=3 --threads 2 --out "${run}" --report
                RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 300)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "run --report failed (${status}): ${stderr}")
endif()
string(FIND "${stdout}" "report in ${run}/report.html" at)
if(at LESS 0)
  message(FATAL_ERROR "run --report does not say where the report is:\n${stdout}")
endif()
string(FIND "${stdout}" "summary tables in ${run}/report.xlsx" at)
if(at LESS 0)
  message(FATAL_ERROR "run --report does not say where the workbook is:\n${stdout}")
endif()
# The workbook read back: every summary table, cell for cell.
execute_process(COMMAND "${PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/check_workbook.py" "${run}" About
                        Decision "Headline by option" "Economics by perspective"
                        Cost-effectiveness "Budget impact" Payback Staffing "By area" Funnel
                RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 120)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the workbook of ${run} does not hold its tables (${status}):\n${stdout}${stderr}")
endif()
message(STATUS "${stdout}")

# The page against the results directory's summary.json.
function(check_page page charts_dir drawn)
  if(NOT EXISTS "${page}")
    message(FATAL_ERROR "no report at ${page}")
  endif()
  file(READ "${page}" html)
  file(READ "${run}/summary.json" summary)
  foreach(id summary question options recommendation assumptions charts parameters)
    string(FIND "${html}" "id=\"${id}\"" at)
    if(at LESS 0)
      message(FATAL_ERROR "${page} has no section `${id}`")
    endif()
  endforeach()
  foreach(chart IN LISTS charts)
    string(FIND "${html}" "<figure id=\"fig-${chart}\"" at)
    if(at LESS 0)
      message(FATAL_ERROR "${page} has no figure `${chart}`")
    endif()
    if(drawn)
      foreach(ext svg png)
        if(NOT EXISTS "${charts_dir}/${chart}.${ext}")
          message(FATAL_ERROR "no ${charts_dir}/${chart}.${ext}")
        endif()
      endforeach()
    endif()
  endforeach()
  # (`;` separates CMake's list items: counted without it.)
  string(REGEX MATCHALL "<img src=\"data:image/svg\\+xml" images "${html}")
  list(LENGTH images n_images)
  list(LENGTH charts n_charts)
  if(drawn AND NOT n_images EQUAL n_charts)
    message(FATAL_ERROR "${page}: ${n_images} charts drawn inline, expected ${n_charts}")
  elseif(NOT drawn AND (NOT n_images EQUAL 0 OR NOT html MATCHES "need gnuplot"))
    message(FATAL_ERROR "${page}: without gnuplot, expected no chart and a note saying why")
  endif()
  if(html MATCHES "https?://")
    message(FATAL_ERROR "${page} names a network address: ${CMAKE_MATCH_0}")
  endif()
  # The recommendation is summary.json's, at the threshold the page names.
  if(NOT html MATCHES "data-json=\"/frontier/optimal_at_threshold/([0-9.]+)\">([^<]*)<")
    message(FATAL_ERROR "${page} has no recommendation")
  endif()
  set(shown "${CMAKE_MATCH_2}")
  string(JSON best GET "${summary}" frontier optimal_at_threshold "${CMAKE_MATCH_1}")
  if(NOT shown STREQUAL best)
    message(FATAL_ERROR "${page} recommends `${shown}`, summary.json `${best}`")
  endif()
  # Each figure tied to summary.json: payback years exactly; amounts to their first 8 characters
  # (CMake prints numbers to 17 digits, the page to the shortest that reads back exactly).
  string(REGEX MATCHALL "data-json=\"[^\"]+\" data-value=\"[^\"]+\"" tied "${html}")
  list(LENGTH tied n_tied)
  if(n_tied LESS 20)
    message(FATAL_ERROR "${page} ties only ${n_tied} figures to summary.json")
  endif()
  foreach(t IN LISTS tied)
    string(REGEX MATCH "data-json=\"/([^\"]+)\" data-value=\"([^\"]+)\"" _ "${t}")
    set(value "${CMAKE_MATCH_2}")
    string(REPLACE "/" ";" path "${CMAKE_MATCH_1}")
    string(JSON expected GET "${summary}" ${path})
    string(SUBSTRING "${value}" 0 8 a)
    string(SUBSTRING "${expected}" 0 8 b)
    if(NOT a STREQUAL b)
      message(FATAL_ERROR "${page}: ${CMAKE_MATCH_1} is ${value}, in summary.json ${expected}")
    endif()
  endforeach()
endfunction()

set(drawn FALSE)
if(GNUPLOT)
  set(drawn TRUE)
else()
  message(STATUS "gnuplot is not on the PATH: the report's charts are not drawn")
endif()
check_page("${run}/report.html" "${run}/report_charts" ${drawn})

# Made again from the directory alone, elsewhere.
execute_process(COMMAND "${PIMHSIM_EXE}" report "${run}" --out "${WORK_DIR}/again.html"
                RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 120)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "report DIR --out failed (${status}): ${stderr}")
endif()
check_page("${WORK_DIR}/again.html" "${WORK_DIR}/again_charts" ${drawn})
if(NOT EXISTS "${WORK_DIR}/again.xlsx")
  message(FATAL_ERROR "report DIR --out again.html wrote no again.xlsx beside it")
endif()

# Without gnuplot (no PATH at all): the page with tables and a note; no charts folder.
execute_process(COMMAND "${CMAKE_COMMAND}" -E env PATH=/nonexistent
                        "${PIMHSIM_EXE}" report "${run}" --out "${WORK_DIR}/plain.html"
                RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 120)
if(NOT status EQUAL 0 OR NOT stdout MATCHES "0 of 7 charts drawn" OR NOT stdout MATCHES "gnuplot")
  message(FATAL_ERROR "report without gnuplot (${status}): ${stdout}${stderr}")
endif()
check_page("${WORK_DIR}/plain.html" "${WORK_DIR}/plain_charts" FALSE)
if(EXISTS "${WORK_DIR}/plain_charts")
  message(FATAL_ERROR "report without gnuplot wrote a charts folder")
endif()

# Bad input: exit 2, a message naming what is wrong, nothing written.
file(MAKE_DIRECTORY "${WORK_DIR}/empty" "${WORK_DIR}/taken.xlsx")
foreach(case "${WORK_DIR}/nowhere|is not there"
             "${WORK_DIR}/empty|manifest.json"
             "${run} --out ${WORK_DIR}/page.txt|not a file name ending in .html"
             "${run} --out ${WORK_DIR}/taken.html|where its workbook goes, exists and is not a regular file")
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 args)
  list(GET case 1 expect)
  separate_arguments(args UNIX_COMMAND "${args}")
  execute_process(COMMAND "${PIMHSIM_EXE}" report ${args}
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 60)
  string(FIND "${stderr}" "${expect}" at)
  if(NOT status EQUAL 2 OR at LESS 0 OR NOT stdout STREQUAL "")
    message(FATAL_ERROR "report ${args}: expected exit 2 and `${expect}`, got ${status}: ${stderr}")
  endif()
endforeach()
foreach(absent "${WORK_DIR}/empty/report.html" "${WORK_DIR}/page.txt" "${WORK_DIR}/nowhere"
               "${WORK_DIR}/taken.html" "${WORK_DIR}/taken_charts")
  if(EXISTS "${absent}")
    message(FATAL_ERROR "a refused report wrote ${absent}")
  endif()
endforeach()
