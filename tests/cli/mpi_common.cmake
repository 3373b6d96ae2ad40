# What the end-to-end checks of distributed commands share (check_mpi.cmake, check_mpi_run.cmake,
# check_calibrate_shares.cmake):
# Open MPI's mpirun allowed as root, and the checks of a results directory against a plain run's.
# Include after WORK_DIR and `args` (the command's arguments) are set; RUN_OK_TIMEOUT, if set, is
# how long run_ok waits (seconds; default 120).

# As root, Open MPI runs only when told that it is meant; as a user these change nothing.
set(ENV{OMPI_ALLOW_RUN_AS_ROOT} 1)
set(ENV{OMPI_ALLOW_RUN_AS_ROOT_CONFIRM} 1)
set(mpirun "${MPIRUN}" --oversubscribe)
if(NOT DEFINED RUN_OK_TIMEOUT)
  set(RUN_OK_TIMEOUT 120)
endif()

# Runs COMMAND... and requires exit status 0; its standard output in `stdout`.
function(run_ok label)
  execute_process(COMMAND ${ARGN} WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT ${RUN_OK_TIMEOUT}
                  RESULT_VARIABLE status OUTPUT_VARIABLE stdout ERROR_VARIABLE stderr)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "${label}: exit status `${status}`\n${stdout}${stderr}")
  endif()
  set(stdout "${stdout}" PARENT_SCOPE)
endfunction()

# Every file of directory A and B but manifest.json, byte for byte, and the same list of files.
function(require_same a b)
  file(GLOB_RECURSE fa RELATIVE "${a}" "${a}/*")
  file(GLOB_RECURSE fb RELATIVE "${b}" "${b}/*")
  list(SORT fa)
  list(SORT fb)
  if(NOT fa STREQUAL fb OR fa STREQUAL "")
    message(FATAL_ERROR "${a} and ${b} hold different files:\n${fa}\n${fb}")
  endif()
  foreach(f IN LISTS fa)
    if(f STREQUAL "manifest.json")
      continue()
    endif()
    file(SHA256 "${a}/${f}" ha)
    file(SHA256 "${b}/${f}" hb)
    if(NOT ha STREQUAL hb)
      message(FATAL_ERROR "${a}/${f}\nand\n${b}/${f}\ndiffer; they must be byte-identical")
    endif()
  endforeach()
endfunction()

# `mpirun -n 1, 2 and 3 pimhsim COMMAND SCENARIO ARGS` (with 2, 1 and 2 threads a rank) into
# WORK_DIR/ranksN: the bytes of directory PLAIN, manifest aside, whose "ranks" must be N (N > 1).
function(require_ranks_like_plain command plain)
  foreach(pair "1|2" "2|1" "3|2")
    string(REPLACE "|" ";" pair "${pair}")
    list(GET pair 0 ranks)
    list(GET pair 1 threads)
    set(out "${WORK_DIR}/ranks${ranks}")
    run_ok("mpirun -n ${ranks} ${command}" ${mpirun} -n ${ranks} "${PIMHSIM_EXE}" ${command}
           "${SCENARIO}" ${args} --quiet --threads ${threads} --out "${out}")
    require_same("${plain}" "${out}")
    if(ranks GREATER 1)
      file(READ "${out}/manifest.json" manifest)
      if(NOT manifest MATCHES "\"ranks\": ${ranks}")
        message(FATAL_ERROR "${out}/manifest.json does not say ranks ${ranks}")
      endif()
    endif()
  endforeach()
endfunction()
