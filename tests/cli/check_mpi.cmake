# End-to-end checks of a distributed `pimhsim psa`, `pimhsim dsa` or `pimhsim calibrate` under
# Open MPI's mpirun (docs/distributed.md, docs/calibration.md).
#
#   cmake -DPIMHSIM_EXE=... -DMPIRUN=... -DSCENARIO=... -DARGS="..." -DWORK_DIR=...
#         [-DRUN_COMMAND=psa|dsa|calibrate] [-DUNIT=...] [-DTERM_ARGS="..."]
#         [-DSTOPS="SIGNAL|RANK|RANKS|AGAIN,..."] -P check_mpi.cmake
#
# `mpirun --oversubscribe -n 1, 2 and 3 pimhsim COMMAND SCENARIO ARGS` (with 2, 1 and 2 threads a
# rank) write byte-identical files to a plain `pimhsim COMMAND SCENARIO ARGS --threads 2` (for dsa
# and calibrate, and to one with `--threads 1`), manifest aside; a distributed run on 2 ranks interrupted mid-run
# (Ctrl-C, SIGINT to rank 0: exit 130) keeps its journal and, resumed on 3 ranks, ends
# byte-identical too; a run of 3 ranks whose rank 1 is killed (SIGKILL) ends, rank 0 naming (when
# its message reaches mpirun before mpirun ends) the
# units (iterations, evaluations) under way and their ranks, the journal kept, and resumes on 1
# rank to the same bytes; with -DTERM_ARGS="...", a SIGTERM to mpirun (which passes it on to every
# rank) on 3 ranks ends a run of TERM_ARGS, which resumes on 2 to the bytes of a plain run (what
# rank 0 then says is not required: mpirun, which carries its stderr, may be gone first). (mpirun
# itself turns a SIGINT or SIGTERM into SIGTERM to every rank after about a second:
# docs/distributed.md.) -DSTOPS lists the interruptions to check (default
# "INT|0|2|3,KILL|1|3|1": SIGINT to rank 0 of 2 ranks resumed on 3, SIGKILL to rank 1 of 3
# resumed on 1).
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE MPIRUN SCENARIO WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_mpi.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED RUN_COMMAND OR RUN_COMMAND STREQUAL "")
  set(RUN_COMMAND psa)
endif()
if(DEFINED UNIT AND NOT UNIT STREQUAL "")  # what rank 0 calls a unit under way
  set(unit "${UNIT}")
elseif(RUN_COMMAND STREQUAL "psa")
  set(unit iteration)
else()
  set(unit evaluation)
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
separate_arguments(args UNIX_COMMAND "${ARGS}")
include("${CMAKE_CURRENT_LIST_DIR}/mpi_common.cmake")

set(plain "${WORK_DIR}/plain")
run_ok("plain ${RUN_COMMAND}" "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args} --quiet --threads 2
       --out "${plain}")
if(NOT RUN_COMMAND STREQUAL "psa")  # psa's threads are checked by cli.psa_threads
  run_ok("plain ${RUN_COMMAND} on 1 thread" "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args} --quiet
         --threads 1 --out "${WORK_DIR}/plain1")
  require_same("${plain}" "${WORK_DIR}/plain1")
endif()
require_ranks_like_plain(${RUN_COMMAND} "${plain}")

# Starts `mpirun -n RANKS pimhsim COMMAND ... --out OUT` and once OUT.partial/journal.csv has 4
# lines (the header and 3 units) sends SIGNAL to rank WHO (found among mpirun's children by its
# environment), or to mpirun itself when WHO is `mpirun`. The shell's `status=N` in stopped, its stderr in stopped_err.
function(stop_midway ranks signal who out)
  string(JOIN " " argv ${args})
  execute_process(
    COMMAND sh -c "$0 --oversubscribe -n $1 \"$2\" $8 \"$3\" $4 --quiet --threads 1 --out \"$5\" & pid=$!; n=0
                   while [ $n -lt 3000 ]; do
                     if [ -f \"$5.partial/journal.csv\" ] && [ $(grep -c '' \"$5.partial/journal.csv\") -ge 4 ]; then break; fi
                     sleep 0.01; n=$((n+1))
                   done
                   if [ \"$6\" = mpirun ]; then kill -$7 $pid; fi
                   for c in $(pgrep -P $pid); do
                     if grep -qaxz OMPI_COMM_WORLD_RANK=$6 /proc/$c/environ; then kill -$7 $c; fi
                   done
                   wait $pid; echo status=$?"
            "${MPIRUN}" "${ranks}" "${PIMHSIM_EXE}" "${SCENARIO}" "${argv}" "${out}" "${who}" "${signal}" ${RUN_COMMAND}
    WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120 OUTPUT_VARIABLE out_text ERROR_VARIABLE err_text)
  set(stopped "${out_text}" PARENT_SCOPE)
  set(stopped_err "${err_text}" PARENT_SCOPE)
endfunction()

# Interrupted, then resumed on another number of ranks; with TERM_ARGS, also a SIGTERM to mpirun
# itself, which passes it on to every rank about a second later, on a run of TERM_ARGS (long
# enough to be under way then), against a plain run of the same.
if(DEFINED STOPS AND NOT STOPS STREQUAL "")
  string(REPLACE "," ";" cases "${STOPS}")
else()
  set(cases "INT|0|2|3" "KILL|1|3|1")
endif()
if(DEFINED TERM_ARGS AND NOT TERM_ARGS STREQUAL "")
  list(APPEND cases "TERM|mpirun|3|2")
  separate_arguments(term_args UNIX_COMMAND "${TERM_ARGS}")
  run_ok("plain ${RUN_COMMAND} of TERM_ARGS" "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}"
         ${term_args} --quiet --threads 2 --out "${WORK_DIR}/plain_term")
endif()
foreach(case IN LISTS cases)
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 signal)
  list(GET case 1 who)
  list(GET case 2 ranks)
  list(GET case 3 again)
  if(signal STREQUAL "TERM")
    set(args ${term_args})
    set(plain "${WORK_DIR}/plain_term")
  endif()
  set(out "${WORK_DIR}/rank${who}_${signal}")
  stop_midway(${ranks} ${signal} ${who} "${out}")
  if(stopped MATCHES "status=0" OR NOT EXISTS "${out}.partial/journal.csv" OR EXISTS "${out}")
    message(FATAL_ERROR "the distributed ${RUN_COMMAND} was not stopped mid-way by SIG${signal} to rank ${who}: ${stopped}${stopped_err}")
  endif()
  if(signal STREQUAL "INT" AND NOT stopped MATCHES "status=130")
    message(FATAL_ERROR "Ctrl-C to rank 0 must end the run with status 130: ${stopped}${stopped_err}")
  endif()
  file(STRINGS "${out}.partial/journal.csv" lines)
  list(LENGTH lines kept)
  # Rank 0's message travels through mpirun, which may have ended first (seen in CI, where no
  # line of rank 0 arrived): on stderr it is required only when it arrived. Rank 0 writes it to
  # DIR.partial/ended.txt first, whole or not at all (mpirun ends with SIGKILL a rank that has not
  # ended a second after its SIGTERM: on a loaded CI machine that has cut rank 0 short, leaving
  # an empty file before it was written whole or not at all). When there, it must name the unit.
  set(said_pattern "ended by a signal with [^\n]*${unit} [0-9]+[^\n]* on rank 1")
  if(signal STREQUAL "KILL")
    if(stopped_err MATCHES "ended by a signal" AND NOT stopped_err MATCHES "${said_pattern}")
      message(FATAL_ERROR "rank 0 did not name the ${unit} under way on the rank that died:\n${stopped_err}")
    endif()
    if(EXISTS "${out}.partial/ended.txt")
      file(READ "${out}.partial/ended.txt" said)
      if(NOT said MATCHES "${said_pattern}")
        message(FATAL_ERROR "${out}.partial/ended.txt does not name the ${unit} under way on rank 1:\n${said}")
      endif()
    endif()
  endif()
  message(STATUS "SIG${signal} to rank ${who} of ${ranks}: ${kept} journal lines kept; resuming on ${again}")
  run_ok("resume on ${again} ranks" ${mpirun} -n ${again} "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args}
         --quiet --threads 1 --resume "${out}")
  require_same("${plain}" "${out}")
endforeach()
