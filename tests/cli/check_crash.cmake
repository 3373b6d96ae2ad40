# What a results directory holds after the process ends at any point: crashes and signals.
#
#   cmake -DPIMHSIM_EXE=... -DSCENARIO=... -DWORK_DIR=... -DCHECK=kind -P check_crash.cmake
#
# CHECK=commit_faults  `pimhsim run` into earlier results (seed 1), with seed 2, is ended at once
#                (PIMHSIM_FAULT_AFTER_STEP=N, status 99) after each step N of the commit in turn,
#                until a run finishes. After each, the target holds exactly the earlier results
#                (before the swap) or exactly the new ones (from the swap on): the same files, each
#                byte-identical to a reference run's (manifest.json only present). The next run
#                removes the hidden leftovers and says so on stderr, and leaves none. Then the
#                same with PIMHSIM_FAULT_NO_EXCHANGE=1 (a file system that cannot swap): there the
#                one step between the two renames leaves the earlier results aside, complete, and
#                the next run puts them back and says so.
# CHECK=signals  SIGINT, SIGTERM and SIGHUP sent to `pimhsim run` mid-run (SCENARIO, ARGS) end it
#                with status 128 + the signal's number, leave no hidden staging directory and
#                leave the earlier results as they were; a SIGHUP that was ignored when the run
#                started (as under nohup) stays ignored and the run finishes.
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE SCENARIO WORK_DIR CHECK)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_crash.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
separate_arguments(kArgs UNIX_COMMAND "${ARGS}")

# `pimhsim run SCENARIO --quiet --out OUT ARGS... ARGN` with ENV (a list of NAME=VALUE); the exit
# status in run_status, stderr in run_stderr.
function(run_with out env)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E env ${env} "${PIMHSIM_EXE}" run "${SCENARIO}"
                          --quiet --out "${out}" ${kArgs} ${ARGN}
                  WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  set(run_status "${status}" PARENT_SCOPE)
  set(run_stderr "${stderr}" PARENT_SCOPE)
endfunction()

# A digest of a results directory: every file's name and, but for manifest.json (which holds the
# wall time), its SHA-256. "none" if the directory does not exist.
function(digest dir out_var)
  if(NOT IS_DIRECTORY "${dir}")
    set(${out_var} "none" PARENT_SCOPE)
    return()
  endif()
  file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE "${dir}" "${dir}/*")
  list(SORT files)
  set(text "")
  foreach(f IN LISTS files)
    if(f STREQUAL "manifest.json")
      string(APPEND text "${f};")
    else()
      file(SHA256 "${dir}/${f}" h)
      string(APPEND text "${f}=${h};")
    endif()
  endforeach()
  set(${out_var} "${text}" PARENT_SCOPE)
endfunction()

# The hidden entries beside WORK_DIR/target.
function(leftovers out_var)
  file(GLOB found LIST_DIRECTORIES true "${WORK_DIR}/.target.tmp-*")
  set(${out_var} "${found}" PARENT_SCOPE)
endfunction()

if(CHECK STREQUAL "commit_faults")
  run_with("${WORK_DIR}/reference_old" "" --seed 1)
  run_with("${WORK_DIR}/reference_new" "" --seed 2)
  digest("${WORK_DIR}/reference_old" old)
  digest("${WORK_DIR}/reference_new" new)
  if(old STREQUAL new OR old STREQUAL "none" OR NOT old MATCHES "results.csv=")
    message(FATAL_ERROR "the reference runs did not write two different results: ${old}")
  endif()
  set(target "${WORK_DIR}/target")
  # MODE swap: new results visible from step 2 (the swap). MODE two_renames: step 2 moves the
  # earlier results aside, step 3 puts the new ones in place.
  foreach(mode swap two_renames)
    set(env "")
    set(steps 6)  # 0 start, 1 synced, 2 swapped, 3 parent synced, 4 first removed, 5 all removed
    if(mode STREQUAL "two_renames")
      set(env "PIMHSIM_FAULT_NO_EXCHANGE=1")
      set(steps 7)
    endif()
    run_with("${target}" "${env}" --seed 1)
    foreach(step RANGE 0 9)
      run_with("${target}" "${env};PIMHSIM_FAULT_AFTER_STEP=${step}" --seed 2)
      digest("${target}" now)
      leftovers(left)
      if(run_status STREQUAL "0")
        if(NOT step EQUAL steps)
          message(FATAL_ERROR "${mode}: the run finished at step ${step}; the commit should have ${steps} steps (0 to ${steps} - 1) at which it can be ended")
        endif()
        if(NOT now STREQUAL new OR left)
          message(FATAL_ERROR "${mode}: a finished run left ${now}\n(expected ${new}) and beside it: ${left}")
        endif()
        break()
      endif()
      if(NOT run_status STREQUAL "99")
        message(FATAL_ERROR "${mode}: ended after step ${step}: status `${run_status}`, expected 99 (PIMHSIM_FAULT_AFTER_STEP)\n${run_stderr}")
      endif()
      set(expect "${new}")
      if(step LESS 2)
        set(expect "${old}")
      elseif(mode STREQUAL "two_renames" AND step EQUAL 2)
        set(expect "none")  # the earlier results are aside, complete
        file(GLOB aside LIST_DIRECTORIES true "${WORK_DIR}/.target.tmp-*.old")
        digest("${aside}" aside_digest)
        if(NOT aside_digest STREQUAL old)
          message(FATAL_ERROR "${mode}, step 2: the earlier results aside (${aside}) are not complete: ${aside_digest}")
        endif()
      endif()
      if(NOT now STREQUAL expect)
        message(FATAL_ERROR "${mode}: ended after step ${step}, the target holds\n${now}\nexpected\n${expect}\n(old: ${old}\nnew: ${new})")
      endif()
      if(mode STREQUAL "two_renames" AND step GREATER 1 AND NOT run_stderr MATCHES "cannot swap two directories in one step")
        message(FATAL_ERROR "${mode}: no notice of the replacement in two renames: `${run_stderr}`")
      endif()
      set(held "the new results")
      if(expect STREQUAL old)
        set(held "the earlier results")
      elseif(expect STREQUAL "none")
        set(held "nothing, the earlier results complete aside")
      endif()
      message(STATUS "${mode}: ended after step ${step}: the target holds ${held}; left beside it: ${left}")
      # The next run (seed 1 again, for the next step) removes the leftovers and says so.
      run_with("${target}" "" --seed 1)
      if(NOT run_status STREQUAL "0")
        message(FATAL_ERROR "the run after step ${step}: status ${run_status}\n${run_stderr}")
      endif()
      if(left AND NOT run_stderr MATCHES "pimhsim: removed [^\n]*/\\.target\\.tmp-[0-9]+")
        message(FATAL_ERROR "${mode}: the run after step ${step} did not say what it removed: `${run_stderr}`")
      endif()
      if(expect STREQUAL "none" AND NOT run_stderr MATCHES "pimhsim: restored [^\n]*/target from [^\n]*/\\.target\\.tmp-[0-9]+\\.old")
        message(FATAL_ERROR "${mode}: the run after step ${step} did not say it put back the earlier results: `${run_stderr}`")
      endif()
      leftovers(left)
      digest("${target}" now)
      if(left OR NOT now STREQUAL old)
        message(FATAL_ERROR "${mode}: after the run that followed step ${step}: ${now}; left: ${left}")
      endif()
    endforeach()
  endforeach()

elseif(CHECK STREQUAL "signals")
  set(target "${WORK_DIR}/target")
  run_with("${target}" "" --set run.horizon=1)
  digest("${target}" old)
  foreach(signal INT:130 TERM:143 HUP:129 IGNORED_HUP:0)
    string(REPLACE ":" ";" signal "${signal}")
    list(GET signal 0 name)
    list(GET signal 1 expect_status)
    set(trap "")
    if(name STREQUAL "IGNORED_HUP")
      set(name HUP)
      set(trap "trap '' HUP;")
    endif()
    # Job control (set -m) so that the background run does not start with SIGINT ignored. The
    # signal goes once the run's staging directory exists, and the run is simulating.
    execute_process(
      COMMAND bash -c "set -m; ${trap} \"$0\" run \"$1\" --quiet --out \"$2\" $3 & pid=$!; n=0
                       while [ ! -d \"$4$pid\" ] && [ $n -lt 2000 ]; do sleep 0.01; n=$((n+1)); done
                       sleep 0.3; kill -${name} $pid; wait $pid; echo status=$?"
              "${PIMHSIM_EXE}" "${SCENARIO}" "${target}" "${ARGS}" "${WORK_DIR}/.target.tmp-"
      WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 300 OUTPUT_VARIABLE out ERROR_VARIABLE err)
    leftovers(left)
    digest("${target}" now)
    message(STATUS "SIG${name} ${trap}: ${out}")
    if(NOT out MATCHES "status=${expect_status}\n")
      message(FATAL_ERROR "SIG${name} ${trap}: `${out}`, expected status=${expect_status}\n${err}")
    endif()
    if(left)
      message(FATAL_ERROR "SIG${name} left ${left}")
    endif()
    if(expect_status STREQUAL "0")
      if(now STREQUAL old OR now STREQUAL "none")
        message(FATAL_ERROR "the run that ignored SIGHUP wrote no new results")
      endif()
    elseif(NOT now STREQUAL old)
      message(FATAL_ERROR "SIG${name} changed the earlier results: ${now}")
    endif()
  endforeach()

else()
  message(FATAL_ERROR "unknown CHECK `${CHECK}`")
endif()
