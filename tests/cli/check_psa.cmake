# End-to-end checks of `pimhsim psa` and `pimhsim dsa`.
#
#   cmake -DPIMHSIM_EXE=... -DSCENARIO=... -DWORK_DIR=... -DCHECK=kind -P check_psa.cmake
#
# CHECK=threads  psa with --threads 1 and 2 writes byte-identical files (manifest.json aside).
# CHECK=resume   a psa killed with SIGKILL mid-run, then resumed with --resume, and one stopped
#                with SIGINT (Ctrl-C: exit 130, the journal kept) and resumed, both end
#                byte-identical to an uninterrupted run; a resume with other settings is refused
#                (exit 2) and leaves the journal alone.
# CHECK=bad      bad command-line values exit 2 and write nothing.
# CHECK=dsa      dsa writes the tornado sorted by swing, the two-way grid and the threshold.
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE SCENARIO WORK_DIR CHECK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_psa.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(kFiles psa.csv psa_parameters.csv psa_summary.json ceac.csv ce_plane.csv convergence.csv scenario.resolved.yaml)

function(psa expect_status)
  execute_process(COMMAND "${PIMHSIM_EXE}" psa "${SCENARIO}" --quiet ${ARGN}
                  WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT status STREQUAL "${expect_status}")
    message(FATAL_ERROR "pimhsim psa ${ARGN}: exit status `${status}`, expected ${expect_status}\n${stdout}${stderr}")
  endif()
  set(psa_stderr "${stderr}" PARENT_SCOPE)
endfunction()

function(require_same_outputs a b)
  foreach(f IN LISTS kFiles)
    if(NOT EXISTS "${a}/${f}" OR NOT EXISTS "${b}/${f}")
      message(FATAL_ERROR "${f} missing in ${a} or ${b}")
    endif()
    file(SHA256 "${a}/${f}" ha)
    file(SHA256 "${b}/${f}" hb)
    if(NOT ha STREQUAL hb)
      message(FATAL_ERROR "${a}/${f}\nand\n${b}/${f}\ndiffer; they must be byte-identical")
    endif()
  endforeach()
endfunction()

if(CHECK STREQUAL "threads")
  psa(0 --iterations 24 --method lhs --evppi all --set run.population=2000 --threads 1 --out "${WORK_DIR}/t1")
  psa(0 --iterations 24 --method lhs --evppi all --set run.population=2000 --threads 2 --out "${WORK_DIR}/t2")
  require_same_outputs("${WORK_DIR}/t1" "${WORK_DIR}/t2")
  file(STRINGS "${WORK_DIR}/t1/psa.csv" rows)
  list(LENGTH rows n)
  if(NOT n EQUAL 49)  # header + 24 iterations x 2 options
    message(FATAL_ERROR "psa.csv has ${n} lines, expected 49")
  endif()

elseif(CHECK STREQUAL "resume")
  set(args --iterations 100 --set run.population=20000 --threads 1)
  psa(0 ${args} --out "${WORK_DIR}/whole")
  # SIGKILL once the journal holds a header and at least 5 iterations.
  set(out "${WORK_DIR}/killed")
  set(journal "${out}.partial/journal.csv")
  execute_process(
    COMMAND sh -c "\"$0\" psa \"$1\" --quiet --out \"$2\" $4 & pid=$!; n=0
                   while [ $n -lt 1500 ]; do
                     if [ -f \"$3\" ] && [ $(grep -c '' \"$3\") -ge 6 ]; then break; fi
                     sleep 0.01; n=$((n+1))
                   done
                   kill -9 $pid; wait $pid; echo status=$?"
            "${PIMHSIM_EXE}" "${SCENARIO}" "${out}" "${journal}" "--iterations 100 --set run.population=20000 --threads 1"
    WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120 OUTPUT_VARIABLE killed ERROR_VARIABLE killed_err)
  if(NOT killed MATCHES "status=137")
    message(FATAL_ERROR "the run was not killed mid-way (it finished before, or never started): ${killed}${killed_err}")
  endif()
  if(EXISTS "${out}/psa.csv")
    message(FATAL_ERROR "a killed run wrote results")
  endif()
  file(STRINGS "${journal}" lines)
  list(LENGTH lines done)
  message(STATUS "killed with ${done} journal lines")
  # Resuming with other settings is refused and keeps the journal.
  psa(2 --iterations 99 --set run.population=20000 --threads 1 --resume "${out}")
  if(NOT psa_stderr MATCHES "another scenario or settings")
    message(FATAL_ERROR "a mismatched resume did not say why: ${psa_stderr}")
  endif()
  # A fresh run into a directory with a journal is refused too.
  psa(2 ${args} --out "${out}")
  psa(0 ${args} --resume "${out}")
  require_same_outputs("${WORK_DIR}/whole" "${out}")
  if(EXISTS "${out}.partial")
    message(FATAL_ERROR "the journal directory was left after the resumed run finished")
  endif()
  # Ctrl-C: SIGINT stops after the iteration in hand, exits 130, keeps the journal.
  set(out "${WORK_DIR}/interrupted")
  set(journal "${out}.partial/journal.csv")
  execute_process(
    COMMAND sh -c "\"$0\" psa \"$1\" --quiet --out \"$2\" $4 & pid=$!; n=0
                   while [ $n -lt 1500 ]; do
                     if [ -f \"$3\" ] && [ $(grep -c '' \"$3\") -ge 4 ]; then break; fi
                     sleep 0.01; n=$((n+1))
                   done
                   kill -INT $pid; wait $pid; echo status=$?"
            "${PIMHSIM_EXE}" "${SCENARIO}" "${out}" "${journal}" "--iterations 100 --set run.population=20000 --threads 1"
    WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120 OUTPUT_VARIABLE stopped ERROR_VARIABLE stopped_err)
  if(NOT stopped MATCHES "status=130" OR NOT stopped_err MATCHES "--resume")
    message(FATAL_ERROR "Ctrl-C did not stop cleanly with status 130 and a resume hint: ${stopped}${stopped_err}")
  endif()
  psa(0 ${args} --resume "${out}")
  require_same_outputs("${WORK_DIR}/whole" "${out}")

elseif(CHECK STREQUAL "bad")
  set(out "${WORK_DIR}/out")
  foreach(case "--method;sobol" "--iterations;0" "--thresholds;5:1:1" "--evppi;c_tr" "--resume;${out}")
    psa(2 ${case} --out "${out}")
    if(EXISTS "${out}" OR EXISTS "${out}.partial")
      message(FATAL_ERROR "pimhsim psa ${case}: wrote ${out}")
    endif()
  endforeach()
  execute_process(COMMAND "${PIMHSIM_EXE}" dsa "${SCENARIO}" --outcome net_savings --out "${out}"
                  RESULT_VARIABLE status ERROR_VARIABLE err)
  if(NOT status STREQUAL "2" OR NOT err MATCHES "reports no net savings" OR EXISTS "${out}")
    message(FATAL_ERROR "dsa --outcome net_savings on sick_sicker: status ${status}: ${err}")
  endif()

elseif(CHECK STREQUAL "dsa")
  set(out "${WORK_DIR}/dsa")
  execute_process(COMMAND "${PIMHSIM_EXE}" dsa "${SCENARIO}" --quiet --wtp 100000 --two-way c_trt,u_trt --points 3
                          --threshold c_trt --set run.population=2000 --out "${out}"
                  RESULT_VARIABLE status ERROR_VARIABLE err TIMEOUT 120)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "pimhsim dsa: status ${status}: ${err}")
  endif()
  foreach(f tornado.csv two_way.csv threshold.csv threshold.json dsa_summary.json manifest.json scenario.resolved.yaml)
    if(NOT EXISTS "${out}/${f}")
      message(FATAL_ERROR "pimhsim dsa wrote no ${f}")
    endif()
  endforeach()
  file(STRINGS "${out}/tornado.csv" rows)
  list(POP_FRONT rows)
  set(previous "")
  foreach(row IN LISTS rows)
    string(REPLACE "," ";" cells "${row}")
    list(GET cells 9 swing)
    if(NOT previous STREQUAL "" AND swing GREATER previous)
      message(FATAL_ERROR "tornado.csv is not sorted by swing: ${swing} after ${previous}")
    endif()
    set(previous "${swing}")
  endforeach()
  file(READ "${out}/threshold.csv" thr)
  if(NOT thr MATCHES "\"Treatment\",c_trt,9000,15000,1[0-9][0-9][0-9][0-9]")
    message(FATAL_ERROR "threshold.csv: ${thr}")
  endif()

else()
  message(FATAL_ERROR "unknown CHECK `${CHECK}`")
endif()
