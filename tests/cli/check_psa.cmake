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
# CHECK=dsa_resume  the same as CHECK=resume for dsa (tornado, two-way grid and threshold).
# CHECK=dsa_threads  dsa with --threads 1, 2 and 3 writes byte-identical files (manifest aside).
# CHECK=calibrate_resume  the same as CHECK=resume for `pimhsim calibrate` (IMIS, Sick-Sicker): killed or stopped
#                mid-run and resumed, it ends byte-identical to an uninterrupted calibration.
# CHECK=signals  a psa ended by SIGTERM or SIGHUP mid-run exits with 143 or 129, leaves no hidden
#                staging directory and keeps its journal, and --resume then ends byte-identical
#                to an uninterrupted run.
# CHECK=lock   two `psa --resume DIR` at once: the second exits 2 before doing any work, naming
#                the first's process id, and the first ends byte-identical to an uninterrupted run.
# CHECK=resume_data  a psa of a pathway scenario stopped with Ctrl-C cannot resume once a row of
#                its areas table has changed (the YAML unchanged), and resumes once it is restored.
#                SCENARIO is the scenario the generated one extends (england.yaml).
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE SCENARIO WORK_DIR CHECK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_psa.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(kFiles psa.csv psa_parameters.csv psa_summary.json ceac.csv ce_plane.csv convergence.csv scenario.resolved.yaml)

# Runs `pimhsim COMMAND SCENARIO --quiet ARGN`, requires its exit status; stderr in run_stderr.
function(analysis command expect_status)
  execute_process(COMMAND "${PIMHSIM_EXE}" ${command} "${SCENARIO}" --quiet ${ARGN}
                  WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT status STREQUAL "${expect_status}")
    message(FATAL_ERROR "pimhsim ${command} ${ARGN}: exit status `${status}`, expected ${expect_status}\n${stdout}${stderr}")
  endif()
  set(run_stderr "${stderr}" PARENT_SCOPE)
endfunction()
macro(psa expect_status)
  analysis(psa ${expect_status} ${ARGN})
endmacro()

# Starts `pimhsim COMMAND SCENARIO --quiet --out OUT ARGS` (ARGS one string, split by the shell)
# and sends it SIGNAL (KILL, INT) once OUT.partial/journal.csv has LINES lines; the shell's
# `status=N` in stopped, its stderr in stopped_err.
function(stop_midway command signal lines out args)
  execute_process(
    COMMAND sh -c "\"$0\" $5 \"$1\" --quiet --out \"$2\" $4 & pid=$!; n=0
                   while [ $n -lt 1500 ]; do
                     if [ -f \"$3\" ] && [ $(grep -c '' \"$3\") -ge $6 ]; then break; fi
                     sleep 0.01; n=$((n+1))
                   done
                   kill -${signal} $pid; wait $pid; echo status=$?"
            "${PIMHSIM_EXE}" "${SCENARIO}" "${out}" "${out}.partial/journal.csv" "${args}" "${command}" "${lines}"
    WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120 OUTPUT_VARIABLE out_text ERROR_VARIABLE err_text)
  set(stopped "${out_text}" PARENT_SCOPE)
  set(stopped_err "${err_text}" PARENT_SCOPE)
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

# `pimhsim COMMAND` with ARGS (one string) into WORK_DIR/whole uninterrupted; killed with SIGKILL
# mid-run then resumed, and stopped with SIGINT then resumed, must end with the same kFiles. A
# resume with OTHER (settings) and a fresh run into a directory with a journal are refused;
# FIRST_FILE is an output a killed run must not have written.
function(check_resume command args_text other_text first_file)
  separate_arguments(args UNIX_COMMAND "${args_text}")
  separate_arguments(other UNIX_COMMAND "${other_text}")
  analysis(${command} 0 ${args} --out "${WORK_DIR}/whole")
  # SIGKILL once the journal holds a header and at least 5 lines.
  set(out "${WORK_DIR}/killed")
  stop_midway(${command} KILL 6 "${out}" "${args_text}")
  if(NOT stopped MATCHES "status=137")
    message(FATAL_ERROR "the run was not killed mid-way (it finished before, or never started): ${stopped}${stopped_err}")
  endif()
  if(EXISTS "${out}/${first_file}")
    message(FATAL_ERROR "a killed run wrote results")
  endif()
  file(STRINGS "${out}.partial/journal.csv" lines)
  list(LENGTH lines done)
  message(STATUS "killed with ${done} journal lines")
  # Resuming with other settings is refused and keeps the journal.
  analysis(${command} 2 ${other} --resume "${out}")
  if(NOT run_stderr MATCHES "another scenario or settings")
    message(FATAL_ERROR "a mismatched resume did not say why: ${run_stderr}")
  endif()
  # A fresh run into a directory with a journal is refused too.
  analysis(${command} 2 ${args} --out "${out}")
  analysis(${command} 0 ${args} --resume "${out}")
  require_same_outputs("${WORK_DIR}/whole" "${out}")
  if(EXISTS "${out}.partial")
    message(FATAL_ERROR "the journal directory was left after the resumed run finished")
  endif()
  # Ctrl-C: SIGINT stops after the unit of work in hand, exits 130, keeps the journal.
  set(out "${WORK_DIR}/interrupted")
  stop_midway(${command} INT 4 "${out}" "${args_text}")
  if(NOT stopped MATCHES "status=130" OR NOT stopped_err MATCHES "--resume")
    message(FATAL_ERROR "Ctrl-C did not stop cleanly with status 130 and a resume hint: ${stopped}${stopped_err}")
  endif()
  analysis(${command} 0 ${args} --resume "${out}")
  require_same_outputs("${WORK_DIR}/whole" "${out}")
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
  check_resume(psa "--iterations 100 --set run.population=20000 --threads 1"
               "--iterations 99 --set run.population=20000 --threads 1" psa.csv)

elseif(CHECK STREQUAL "calibrate_resume")
  # About 300 IMIS points of 10-20 ms each (p_HS1 fitted to the share of time in Sick).
  set(kFiles calibration.json calibration_targets.csv calibration_parameters.csv posterior.csv
             calibration_trace.csv calibration_densities.csv scenario.resolved.yaml)
  file(WRITE "${WORK_DIR}/targets.yaml"
       "targets:\n  - name: sick_share\n    measure: occupancy_S1\n"
       "    observed: {mean: 0.2, se: 0.01}\n    source: synthetic\n")
  set(fit "--targets ${WORK_DIR}/targets.yaml --parameters p_HS1 --method imis --per-round 20")
  check_resume(calibrate "${fit} --initial 200 --rounds 5 --set run.population=5000 --threads 1"
               "${fit} --initial 199 --rounds 5 --set run.population=5000 --threads 1"
               calibration.json)

elseif(CHECK STREQUAL "bad")
  set(out "${WORK_DIR}/out")
  foreach(case "--method;sobol" "--iterations;0" "--iterations;1" "--wtp;5:1:1" "--evppi;c_tr" "--resume;${out}")
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
    list(GET cells 11 swing)  # after scenario and variant
    if(NOT previous STREQUAL "" AND swing GREATER previous)
      message(FATAL_ERROR "tornado.csv is not sorted by swing: ${swing} after ${previous}")
    endif()
    set(previous "${swing}")
  endforeach()
  file(READ "${out}/threshold.csv" thr)
  if(NOT thr MATCHES "Treatment,c_trt,9000,15000,1[0-9][0-9][0-9][0-9][.0-9]*,true")
    message(FATAL_ERROR "threshold.csv: ${thr}")
  endif()

elseif(CHECK STREQUAL "dsa_threads")
  # One partition of 2,000 individuals: on 2 and 3 threads whole evaluations run at once.
  set(kFiles tornado.csv two_way.csv threshold.csv threshold.json dsa_summary.json scenario.resolved.yaml)
  foreach(threads 1 2 3)
    execute_process(COMMAND "${PIMHSIM_EXE}" dsa "${SCENARIO}" --quiet --wtp 100000 --two-way c_trt,u_trt
                            --points 4 --threshold c_trt --set run.population=2000 --threads ${threads}
                            --out "${WORK_DIR}/t${threads}"
                    RESULT_VARIABLE status ERROR_VARIABLE err)
    if(NOT status STREQUAL "0")
      message(FATAL_ERROR "pimhsim dsa --threads ${threads}: status ${status}: ${err}")
    endif()
  endforeach()
  require_same_outputs("${WORK_DIR}/t1" "${WORK_DIR}/t2")
  require_same_outputs("${WORK_DIR}/t1" "${WORK_DIR}/t3")

elseif(CHECK STREQUAL "dsa_resume")
  # About 50 evaluations of 50-100 ms each: tornado, a 4 x 4 grid and a threshold search.
  set(kFiles tornado.csv two_way.csv threshold.csv threshold.json dsa_summary.json scenario.resolved.yaml)
  check_resume(dsa "--wtp 100000 --two-way c_trt,u_trt --points 4 --threshold c_trt --set run.population=50000 --threads 1"
               "--wtp 100000 --two-way c_trt,u_trt --points 3 --threshold c_trt --set run.population=50000 --threads 1"
               tornado.csv)

elseif(CHECK STREQUAL "signals")
  set(args "--iterations 100 --set run.population=20000 --threads 1")
  separate_arguments(arg_list UNIX_COMMAND "${args}")
  psa(0 ${arg_list} --out "${WORK_DIR}/whole")
  foreach(signal TERM:143 HUP:129)
    string(REPLACE ":" ";" signal "${signal}")
    list(GET signal 0 name)
    list(GET signal 1 expect_status)
    set(out "${WORK_DIR}/${name}")
    stop_midway(psa ${name} 4 "${out}" "${args}")
    file(GLOB left LIST_DIRECTORIES true "${WORK_DIR}/.${name}.tmp-*")
    if(NOT stopped MATCHES "status=${expect_status}" OR left OR EXISTS "${out}")
      message(FATAL_ERROR "SIG${name}: `${stopped}` (expected status=${expect_status}), left `${left}`\n${stopped_err}")
    endif()
    file(STRINGS "${out}.partial/journal.csv" lines)
    list(LENGTH lines done)
    message(STATUS "SIG${name}: status ${expect_status}, ${done} journal lines kept")
    psa(0 ${arg_list} --resume "${out}")
    require_same_outputs("${WORK_DIR}/whole" "${out}")
  endforeach()

elseif(CHECK STREQUAL "lock")
  set(args "--iterations 200 --set run.population=20000 --threads 1")
  separate_arguments(arg_list UNIX_COMMAND "${args}")
  psa(0 ${arg_list} --out "${WORK_DIR}/whole")
  set(out "${WORK_DIR}/twice")
  stop_midway(psa INT 4 "${out}" "${args}")
  if(NOT stopped MATCHES "status=130")
    message(FATAL_ERROR "the psa was not stopped mid-way: ${stopped}${stopped_err}")
  endif()
  # The second starts once the first holds the lock (its process id in the lock file).
  execute_process(
    COMMAND sh -c "\"$0\" psa \"$1\" --quiet --resume \"$2\" $3 & first=$!; n=0
                   while [ \"$(cat \"$2.partial/lock\" 2>/dev/null)\" != $first ] && [ $n -lt 1500 ]; do
                     sleep 0.01; n=$((n+1))
                   done
                   \"$0\" psa \"$1\" --quiet --resume \"$2\" $3; echo second=$?
                   wait $first; echo first=$? pid=$first"
            "${PIMHSIM_EXE}" "${SCENARIO}" "${out}" "${args}"
    WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 200 OUTPUT_VARIABLE both ERROR_VARIABLE both_err)
  message(STATUS "${both}${both_err}")
  if(NOT both MATCHES "second=2\nfirst=0 pid=([0-9]+)")
    message(FATAL_ERROR "two psa --resume at once: `${both}`, expected second=2 and first=0\n${both_err}")
  endif()
  set(expect "pimhsim psa: another pimhsim process (PID ${CMAKE_MATCH_1}) is writing ${out}; wait for it or choose another --out\n")
  if(NOT both_err STREQUAL expect)
    message(FATAL_ERROR "the second psa --resume said\n`${both_err}`\nexpected\n`${expect}`")
  endif()
  require_same_outputs("${WORK_DIR}/whole" "${out}")
  if(EXISTS "${out}.partial")
    message(FATAL_ERROR "the journal directory was left after the resumed run finished")
  endif()

elseif(CHECK STREQUAL "resume_data")
  # Two areas at a fifth of their births over two years: about 20 ms an iteration.
  set(table "${WORK_DIR}/areas.csv")
  set(rows "area_code,area_name,region,births\nE06000047,County Durham,North East,4498\n")
  file(WRITE "${table}" "${rows}E06000005,Darlington,North East,1040\n")
  set(base "${SCENARIO}")
  set(SCENARIO "${WORK_DIR}/two_areas.yaml")
  file(WRITE "${SCENARIO}" "extends: ${base}\nname: two areas\nrun: {scale: 0.2, horizon: 2}\n"
                           "areas:\n  table: areas.csv\n  merge: []\n")
  set(out "${WORK_DIR}/interrupted")
  stop_midway(psa INT 4 "${out}" "--iterations 150 --threads 1")
  if(NOT stopped MATCHES "status=130")
    message(FATAL_ERROR "the psa was not stopped mid-way: ${stopped}${stopped_err}")
  endif()
  # One row's births changed, the scenario file not: the data is not the same, so no resume.
  file(WRITE "${table}" "${rows}E06000005,Darlington,North East,1041\n")
  psa(2 --iterations 150 --threads 1 --resume "${out}")
  if(NOT run_stderr MATCHES "another scenario or settings")
    message(FATAL_ERROR "a resume with a changed areas table did not say why: ${run_stderr}")
  endif()
  file(WRITE "${table}" "${rows}E06000005,Darlington,North East,1040\n")
  psa(0 --iterations 150 --threads 1 --resume "${out}")
  if(NOT EXISTS "${out}/psa.csv")
    message(FATAL_ERROR "the resumed psa wrote no psa.csv")
  endif()

else()
  message(FATAL_ERROR "unknown CHECK `${CHECK}`")
endif()
