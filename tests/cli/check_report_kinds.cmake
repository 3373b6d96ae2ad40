# End-to-end checks of the reports of psa, dsa, plan and compare directories.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -DPYTHON3=... [-DSCREENSHOTS=DIR]
#         -P check_report_kinds.cmake
#
# `psa --report`, `dsa --report` and `plan --report` write report.html with their results, and
# `pimhsim report DIR` makes the page of a comparison. Each page holds the board summary and its charts
# (drawn, and as SVG and PNG files beside it, when gnuplot is on the PATH) and names no network
# address, and its workbook (report.xlsx, read back by check_workbook.py with PYTHON3) holds the
# directory's summary tables cell for cell; the PSA page's recommendation is ceac.csv's frontier
# option at the first threshold. A
# PSA directory without ceac.csv, or with a ce_plane.csv that is not numbers, is refused with exit
# status 2, naming the file, and nothing written. Where chromium is installed, each page loads in
# it with no console message and its DOM holds every chart, and `report --pdf` prints a page to
# PDF; SCREENSHOTS, if given, keeps a
# screenshot of each (docs/images/).
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_report_kinds.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT PYTHON3)
  message(FATAL_ERROR "python3 is needed to read the reports' workbooks back (Debian: python3; "
                      "scripts/setup.sh installs it)")
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
find_program(GNUPLOT gnuplot)
find_program(CHROMIUM NAMES chromium chromium-browser)
set(ss "${SOURCE_DIR}/scenarios/validation/sick_sicker_psa.yaml")

function(pimhsim)
  execute_process(COMMAND "${PIMHSIM_EXE}" ${ARGN}
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 600)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "pimhsim ${ARGN} failed (${status}): ${stderr}")
  endif()
  set(stdout "${stdout}" PARENT_SCOPE)
endfunction()

pimhsim(psa "${ss}" --set run.population=400 --iterations 60 --evppi all
        --threads 2 --out "${WORK_DIR}/psa" --report)
if(NOT stdout MATCHES "report in ${WORK_DIR}/psa/report.html")
  message(FATAL_ERROR "psa --report does not say where the report is:\n${stdout}")
endif()
pimhsim(dsa "${ss}" --set run.population=400 --wtp 100000 --two-way c_trt,u_trt --threshold c_trt
        --threads 2 --out "${WORK_DIR}/dsa" --report)
if(NOT stdout MATCHES "report in ${WORK_DIR}/dsa/report.html")
  message(FATAL_ERROR "dsa --report does not say where the report is:\n${stdout}")
endif()
pimhsim(plan "${SOURCE_DIR}/scenarios/example_area.yaml" --set run.scale=0.2 --set run.horizon=3
        --target "timely_specialist >= 0.5" --sweep 0:4:2 --threads 2 --out "${WORK_DIR}/plan"
        --report)
if(NOT stdout MATCHES "report in ${WORK_DIR}/plan/report.html")
  message(FATAL_ERROR "plan --report does not say where the report is:\n${stdout}")
endif()
pimhsim(compare "${SOURCE_DIR}/scenarios/validation/ponder.yaml"
        "${SOURCE_DIR}/scenarios/validation/holden.yaml" --threads 2 --out "${WORK_DIR}/compare"
        --report)
if(NOT stdout MATCHES "report in ${WORK_DIR}/compare/report.html")
  message(FATAL_ERROR "compare --report does not say where the report is:\n${stdout}")
endif()

set(kinds psa dsa plan compare)
set(charts_psa ce_plane ceac evpi evppi convergence)
set(charts_dsa tornado two_way threshold)
set(charts_plan dose_response)
set(charts_compare frontier)
foreach(kind IN LISTS kinds)
  set(dir "${WORK_DIR}/${kind}")
  file(READ "${dir}/report.html" html)
  foreach(id summary question recommendation recommended-option charts)
    if(NOT html MATCHES "id=\"${id}\"")
      message(FATAL_ERROR "the ${kind} report has no element `${id}`")
    endif()
  endforeach()
  foreach(chart IN LISTS charts_${kind})
    if(NOT html MATCHES "<figure id=\"fig-${chart}\"")
      message(FATAL_ERROR "the ${kind} report has no figure `${chart}`")
    endif()
    if(GNUPLOT AND NOT EXISTS "${dir}/report_charts/${chart}.png")
      message(FATAL_ERROR "the ${kind} report has no ${dir}/report_charts/${chart}.png")
    endif()
  endforeach()
  if(html MATCHES "https?://")
    message(FATAL_ERROR "the ${kind} report names a network address: ${CMAKE_MATCH_0}")
  endif()
endforeach()

# Each workbook read back: its sheets, cell for cell the directory's files.
set(sheets_psa CEAC EVPPI Convergence)
set(sheets_dsa Tornado Two-way Threshold)
set(sheets_plan Plan Reconciliation Dose-response)
set(sheets_compare Decision Headline Frontier)
foreach(kind IN LISTS kinds)
  execute_process(COMMAND "${PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/check_workbook.py"
                          "${WORK_DIR}/${kind}" About ${sheets_${kind}}
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 120)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "the ${kind} workbook does not hold its tables (${status}):\n${stdout}${stderr}")
  endif()
  message(STATUS "${stdout}")
endforeach()

# The PSA's recommendation is ceac.csv's option on the frontier at the first threshold (20,000 for
# the scenario's first, then the CEAC grid).
file(READ "${WORK_DIR}/psa/report.html" html)
string(REGEX MATCH "id=\"recommended-option\">([^<]*)<" _ "${html}")
set(shown "${CMAKE_MATCH_1}")
file(READ "${WORK_DIR}/psa/psa_summary.json" summary)
string(JSON first ERROR_VARIABLE no_threshold GET "${summary}" decision thresholds 0 threshold)
if(no_threshold)
  string(JSON first GET "${summary}" decision thresholds 0 wtp)
endif()
string(REGEX REPLACE "\\.0+$" "" first "${first}")
file(STRINGS "${WORK_DIR}/psa/ceac.csv" lines)
set(expected "")
foreach(line IN LISTS lines)
  # (wtp, option, probability_cost_effective, probability_most_cost_effective, on_frontier, after
  # the scenario and variant columns where the table leads with them)
  if(line MATCHES "(^|,)${first},([^,]*),[^,]*,[^,]*,true,")
    set(expected "${CMAKE_MATCH_2}")
  endif()
endforeach()
if(expected STREQUAL "" OR NOT shown STREQUAL expected)
  message(FATAL_ERROR "the PSA report recommends `${shown}`; ceac.csv's frontier at ${first} is "
                      "`${expected}`")
endif()

# Bad input: exit 2, the file named, nothing written.
foreach(case "no_ceac|ceac.csv: missing" "bad_plane|ce_plane.csv: line 2")
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 name)
  list(GET case 1 expect)
  set(dir "${WORK_DIR}/${name}")
  file(COPY "${WORK_DIR}/psa/" DESTINATION "${dir}")
  file(REMOVE_RECURSE "${dir}/report.html" "${dir}/report_charts" "${dir}/report.xlsx")
  if(name STREQUAL "no_ceac")
    file(REMOVE "${dir}/ceac.csv")
  else()
    file(WRITE "${dir}/ce_plane.csv" "iteration,option,comparator,delta_cost,delta_effect\n1,a,b,x,1\n")
  endif()
  execute_process(COMMAND "${PIMHSIM_EXE}" report "${dir}"
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 60)
  if(NOT status EQUAL 2 OR NOT stderr MATCHES "${expect}" OR EXISTS "${dir}/report.html"
     OR EXISTS "${dir}/report.xlsx")
    message(FATAL_ERROR "report of ${name}: expected exit 2 naming `${expect}` and nothing "
                        "written; got ${status}: ${stderr}")
  endif()
endforeach()

# In headless Chromium: no console message, every chart in the DOM with alt text.
if(NOT CHROMIUM)
  message(STATUS "chromium is not installed: the pages were not opened in a browser")
  return()
endif()
set(browser "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --disable-default-apps --hide-scrollbars "--user-data-dir=${WORK_DIR}/profile"
    --enable-logging=stderr --v=0)
foreach(kind IN LISTS kinds)
  set(url "file://${WORK_DIR}/${kind}/report.html")
  execute_process(COMMAND ${browser} --dump-dom "${url}"
                  RESULT_VARIABLE status OUTPUT_VARIABLE dom ERROR_VARIABLE log TIMEOUT 120)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "chromium --dump-dom of the ${kind} report failed (${status}): ${log}")
  endif()
  string(REGEX MATCHALL "[^\n]*CONSOLE[^\n]*" console "${log}")
  string(REGEX MATCHALL "[^\n]*(Refused to|Failed to load|net::ERR)[^\n]*" refused "${log}")
  if(console OR refused)
    message(FATAL_ERROR "the ${kind} report logged in the browser:\n${console}\n${refused}")
  endif()
  string(REPLACE ";" "," dom_items "${dom}")
  string(REGEX MATCHALL "<img [^>]*alt=\"[^\"]+\"" images "${dom_items}")
  list(LENGTH images n_images)
  list(LENGTH charts_${kind} n_charts)
  if(GNUPLOT AND NOT n_images EQUAL n_charts)
    message(FATAL_ERROR "the loaded ${kind} report shows ${n_images} charts, expected ${n_charts}")
  endif()
  if(kind STREQUAL "compare")
    # Printed to PDF beside a page made elsewhere.
    execute_process(COMMAND "${PIMHSIM_EXE}" report "${WORK_DIR}/compare" --out
                            "${WORK_DIR}/compare.html" --pdf
                    RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 180)
    if(NOT status EQUAL 0 OR NOT stdout MATCHES "PDF in ${WORK_DIR}/compare.pdf"
       OR NOT EXISTS "${WORK_DIR}/compare.pdf")
      message(FATAL_ERROR "report --pdf (${status}): ${stdout}${stderr}")
    endif()
    file(READ "${WORK_DIR}/compare.pdf" head LIMIT 8)
    string(FIND "${head}" "%PDF-" at)
    if(NOT at EQUAL 0)
      message(FATAL_ERROR "report --pdf wrote ${WORK_DIR}/compare.pdf, which is not a PDF")
    endif()
  endif()
  if(DEFINED SCREENSHOTS)
    execute_process(COMMAND ${browser} --window-size=1100,1500
                            "--screenshot=${SCREENSHOTS}/report_${kind}.png" "${url}"
                    RESULT_VARIABLE status ERROR_VARIABLE log TIMEOUT 120)
  endif()
endforeach()
