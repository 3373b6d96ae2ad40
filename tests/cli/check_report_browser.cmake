# The report of a run opened in a real browser, headless Chromium (Debian's `chromium`).
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... [-DSCREENSHOT=FILE] -P check_report_browser.cmake
#
# The page loads with no console message of any level that reports an error (a refused request
# would be one: the page's Content-Security-Policy forbids every request but its own inline
# images and style, and only its own script, by its hash), the DOM after loading holds every
# section and chart with alt text and the recommendation, the by-area table whose columns the
# page's script has made sortable (data-sortable="ready") with a row per area, the ranked chart of
# the areas and the trained share of health visitors, and the screenshot is a real picture. Without chromium the test is skipped,
# saying so (it prints SKIPPED, which CTest reports as a skip). SCREENSHOT, if given, keeps the
# screenshot there (docs/images/).
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_report_browser.cmake: -D${var}=... is required")
  endif()
endforeach()
find_program(CHROMIUM NAMES chromium chromium-browser)
if(NOT CHROMIUM)
  message("SKIPPED: chromium is not installed (Debian: apt-get install chromium); the report was "
          "not opened in a browser")
  return()
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(run "${WORK_DIR}/run")
# Three areas, one of them two local authorities reported together, so that they can be ranked.
execute_process(COMMAND "${PIMHSIM_EXE}" run "${SOURCE_DIR}/scenarios/example_area.yaml"
                        --set run.scale=0.2 --set run.horizon=3
                        --set "areas.include=[E08000035, \"E06000052, E06000053\", E06000047]"
                        --threads 2 --out "${run}" --report --quiet
                RESULT_VARIABLE status ERROR_VARIABLE stderr TIMEOUT 300)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "run --report failed (${status}): ${stderr}")
endif()

# As a test machine runs it: no sandbox (root), no GPU, no background traffic, a fresh profile.
set(browser "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --disable-default-apps --hide-scrollbars "--user-data-dir=${WORK_DIR}/profile"
    --enable-logging=stderr --v=0)
set(url "file://${run}/report.html")
execute_process(COMMAND ${browser} --dump-dom "${url}"
                RESULT_VARIABLE status OUTPUT_VARIABLE dom ERROR_VARIABLE log TIMEOUT 120)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "chromium --dump-dom failed (${status}): ${log}")
endif()
file(WRITE "${WORK_DIR}/dom.html" "${dom}")
file(WRITE "${WORK_DIR}/console.log" "${log}")
# Console messages come as `CONSOLE(line)] "text"` lines; a CSP refusal or a load error is one.
string(REGEX MATCHALL "[^\n]*CONSOLE[^\n]*" console "${log}")
string(REGEX MATCHALL "[^\n]*(Refused to|Failed to load|net::ERR)[^\n]*" refused "${log}")
if(console OR refused)
  message(FATAL_ERROR "the report logged in the browser:\n${console}\n${refused}")
endif()
foreach(id summary question options recommendation recommended-option assumptions charts
           parameters fig-payback_1 fig-budget_impact fig-staffing fig-trained_share fig-funnel
           areas fig-areas areas-table)
  string(FIND "${dom}" "id=\"${id}\"" at)
  if(at LESS 0)
    message(FATAL_ERROR "the loaded page has no element `${id}` (${WORK_DIR}/dom.html)")
  endif()
endforeach()
# (`;` separates CMake's list items, and an inline image's address holds one.)
string(REPLACE ";" "," dom_items "${dom}")
string(REGEX MATCHALL "<img [^>]*alt=\"[^\"]+\"" images "${dom_items}")
list(LENGTH images n_images)
find_program(GNUPLOT gnuplot)
if(GNUPLOT AND NOT n_images EQUAL 8)
  message(FATAL_ERROR "the loaded page shows ${n_images} charts with alt text, expected 8")
endif()
# The page's script ran (the policy allowed it) and serves the by-area table, a row per area.
if(NOT dom MATCHES "<table id=\"areas-table\" class=\"sortable[^\"]*\" data-sortable=\"ready\">")
  message(FATAL_ERROR "the by-area table was not made sortable: did the page's script run? "
                      "(${WORK_DIR}/dom.html)")
endif()
string(FIND "${dom_items}" "<table id=\"areas-table\"" from)
string(SUBSTRING "${dom_items}" ${from} -1 areas_table)
string(FIND "${areas_table}" "</table>" to)
string(SUBSTRING "${areas_table}" 0 ${to} areas_table)
string(REGEX MATCHALL "<tr><td>E0" area_rows "${areas_table}")
list(LENGTH area_rows n_area_rows)
if(NOT n_area_rows EQUAL 3)
  message(FATAL_ERROR "the by-area table has ${n_area_rows} areas, expected 3")
endif()
foreach(name Leeds "Cornwall and Isles of Scilly" "County Durham")
  if(NOT areas_table MATCHES ">${name}</th>")
    message(FATAL_ERROR "the by-area table does not list ${name}")
  endif()
endforeach()
string(REGEX MATCHALL "<table>" tables "${dom}")
list(LENGTH tables n_tables)
if(n_tables LESS 8)
  message(FATAL_ERROR "the loaded page has ${n_tables} tables, expected the summary's and each chart's")
endif()

set(shot "${WORK_DIR}/summary.png")
execute_process(COMMAND ${browser} --window-size=1100,1500 "--screenshot=${shot}" "${url}"
                RESULT_VARIABLE status ERROR_VARIABLE log TIMEOUT 120)
if(NOT status EQUAL 0 OR NOT EXISTS "${shot}")
  message(FATAL_ERROR "chromium --screenshot failed (${status}): ${log}")
endif()
file(SIZE "${shot}" bytes)
if(bytes LESS 50000)
  message(FATAL_ERROR "the screenshot ${shot} is only ${bytes} bytes: is the page blank?")
endif()
if(DEFINED SCREENSHOT AND NOT SCREENSHOT STREQUAL "")
  file(COPY_FILE "${shot}" "${SCREENSHOT}")
endif()
message(STATUS "the report loads in ${CHROMIUM}; screenshot ${shot} (${bytes} bytes)")
