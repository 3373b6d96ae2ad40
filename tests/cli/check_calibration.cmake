# End to end: calibrate, its report, and a PSA on its posterior.
#
#   cmake -DPIMHSIM_EXE=... -DSOURCE_DIR=... -DWORK_DIR=... -DPYTHON3=... -P check_calibration.cmake
#
# `pimhsim calibrate --method imis` (one area, small) writes calibration.json, its tables and the
# posterior; `pimhsim report` of it shows whether the targets are reached and the charts of observed
# versus fitted and of prior versus posterior (drawn when gnuplot is on the PATH), with the
# workbook's Targets and Parameters sheets cell for cell; `psa --parameter-sets posterior.csv
# --report` records in manifest.json the posterior's file, its SHA-256 (that of the file's bytes),
# its parameters and the targets it was fitted to, and its report says the PSA is calibrated and to
# what. Where chromium is installed, the calibration report loads with no console message.
cmake_minimum_required(VERSION 3.25)
foreach(var PIMHSIM_EXE SOURCE_DIR WORK_DIR PYTHON3)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_calibration.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
find_program(GNUPLOT gnuplot)
find_program(CHROMIUM NAMES chromium chromium-browser)

function(pimhsim)
  execute_process(COMMAND "${PIMHSIM_EXE}" ${ARGN}
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 600)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "pimhsim ${ARGN} failed (${status}): ${stderr}")
  endif()
  set(stdout "${stdout}" PARENT_SCOPE)
endfunction()

set(area "${SOURCE_DIR}/scenarios/calibration/example_area.yaml")
set(targets "${SOURCE_DIR}/scenarios/calibration/england_targets.yaml")
set(small --set run.scale=0.05 --set run.horizon=2)
pimhsim(calibrate "${area}" --targets "${targets}" --parameters
        detection.hidden_share,detection.sensitivity.untrained --method imis --initial 60
        --per-round 10 --rounds 2 --mc-replicates 2 ${small} --threads 2 --quiet
        --out "${WORK_DIR}/calibration")
set(cal "${WORK_DIR}/calibration")
foreach(f calibration.json calibration_targets.csv calibration_parameters.csv posterior.csv
          calibration_trace.csv calibration_densities.csv manifest.json columns.csv)
  if(NOT EXISTS "${cal}/${f}")
    message(FATAL_ERROR "calibrate wrote no ${f}")
  endif()
endforeach()

# The report of the calibration.
pimhsim(report "${cal}")
if(NOT stdout MATCHES "report in ${cal}/report.html")
  message(FATAL_ERROR "report does not say where the report is:\n${stdout}")
endif()
file(READ "${cal}/report.html" html)
foreach(id summary question recommendation charts)
  if(NOT html MATCHES "id=\"${id}\"")
    message(FATAL_ERROR "the calibration report has no element `${id}`")
  endif()
endforeach()
foreach(text "identified_share" "treated_share" "detection.hidden_share" "Prior versus posterior"
             "Observed versus fitted")
  string(FIND "${html}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the calibration report does not show `${text}`")
  endif()
endforeach()
foreach(chart calibration_targets calibration_densities)
  if(NOT html MATCHES "<figure id=\"fig-${chart}\"")
    message(FATAL_ERROR "the calibration report has no figure `${chart}`")
  endif()
  if(GNUPLOT AND NOT EXISTS "${cal}/report_charts/${chart}.png")
    message(FATAL_ERROR "the calibration report has no ${cal}/report_charts/${chart}.png")
  endif()
endforeach()
if(html MATCHES "https?://")
  message(FATAL_ERROR "the calibration report names a network address: ${CMAKE_MATCH_0}")
endif()
execute_process(COMMAND "${PYTHON3}" "${CMAKE_CURRENT_LIST_DIR}/check_workbook.py" "${cal}" About
                        Targets Parameters
                RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr TIMEOUT 120)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the calibration workbook does not hold its tables (${status}):\n${stdout}${stderr}")
endif()

# A PSA on the posterior says, in its manifest and its report, that it is calibrated and to what.
pimhsim(psa "${SOURCE_DIR}/scenarios/example_area.yaml" ${small} --iterations 6 --threads 2
        --parameter-sets "${cal}/posterior.csv" --out "${WORK_DIR}/psa" --report --quiet)
file(READ "${WORK_DIR}/psa/manifest.json" manifest)
file(SHA256 "${cal}/posterior.csv" sha)
string(JSON hash GET "${manifest}" calibrated content_hash)
string(JSON file GET "${manifest}" calibrated parameter_sets)
string(JSON fitted_to GET "${manifest}" calibrated targets_file)
string(JSON first GET "${manifest}" calibrated parameters 0)
if(NOT hash STREQUAL sha OR NOT file STREQUAL "${cal}/posterior.csv"
   OR NOT fitted_to STREQUAL targets OR NOT first STREQUAL "detection.hidden_share")
  message(FATAL_ERROR "the PSA's manifest does not say what it is calibrated to: ${manifest}")
endif()
file(READ "${WORK_DIR}/psa/report.html" psa_html)
if(NOT psa_html MATCHES "id=\"calibrated\"")
  message(FATAL_ERROR "the PSA's report does not say it is calibrated")
endif()
foreach(text "${cal}/posterior.csv" "${sha}" "detection.hidden_share")
  string(FIND "${psa_html}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the PSA's report does not name `${text}`")
  endif()
endforeach()

if(NOT CHROMIUM)
  message(STATUS "chromium is not installed: the calibration page was not opened in a browser")
  return()
endif()
execute_process(COMMAND "${CHROMIUM}" --headless --no-sandbox --disable-gpu --disable-quic
                        --no-first-run --disable-background-networking --disable-component-update
                        --disable-sync --disable-default-apps --hide-scrollbars
                        "--user-data-dir=${WORK_DIR}/profile" --enable-logging=stderr --v=0
                        --dump-dom "file://${cal}/report.html"
                RESULT_VARIABLE status OUTPUT_VARIABLE dom ERROR_VARIABLE log TIMEOUT 120)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "chromium --dump-dom of the calibration report failed (${status}): ${log}")
endif()
string(REGEX MATCHALL "[^\n]*CONSOLE[^\n]*" console "${log}")
string(REGEX MATCHALL "[^\n]*(Refused to|Failed to load|net::ERR)[^\n]*" refused "${log}")
if(console OR refused)
  message(FATAL_ERROR "the calibration report logged in the browser:\n${console}\n${refused}")
endif()
