# End-to-end check of a distributed run whose ranks are on two nodes, on one machine: Open MPI's
# rsh launcher is given a stand-in for ssh (mpi_nodes/node.sh) that starts the second node's
# daemon here, in a UTS namespace whose host name is the node's. Open MPI then places ranks on two
# nodes and connects them as it does across machines: over its TCP transport (the only one allowed
# here besides a rank's messages to itself: no shared memory between the ranks), on the loopback
# interface, with no transport chosen for one machine (PIMHsim asks for `ob1` only when every
# rank is on one node).
#
#   cmake -DPIMHSIM_EXE=... -DMPIRUN=... -DSCENARIO=... -DARGS="..." -DWORK_DIR=...
#         [-DRUN_COMMAND=psa|run] [-DSTOPS=ON] -P check_mpi_nodes.cmake
#
# Rank 0 on this machine's node, the others on node `pimhsim-node-b`: 2 ranks (1 thread each) and
# 3 (2 threads each) write the bytes of a plain `pimhsim COMMAND SCENARIO ARGS --threads 2`,
# manifest aside. With -DSTOPS=ON (a psa): rank 1, on the other node, killed (SIGKILL) once 3
# iterations are journaled, the run resumed on one node with 2 ranks; and a Ctrl-C to rank 0 (exit
# status 130: rank 0 stops the ranks on the other node through its messages), resumed across the
# two nodes on 3 ranks: both to the plain run's bytes. The test is skipped (exit 77, before this script) where
# a UTS namespace cannot be made (unshare needs the privilege).
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE MPIRUN SCENARIO WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "check_mpi_nodes.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED RUN_COMMAND OR RUN_COMMAND STREQUAL "")
  set(RUN_COMMAND psa)
endif()
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
separate_arguments(args UNIX_COMMAND "${ARGS}")
include("${CMAKE_CURRENT_LIST_DIR}/mpi_common.cmake")

set(node_b pimhsim-node-b)
# Unbound: each node's daemon would bind its first rank to the first core, both nodes' the same one.
set(across ${mpirun} --mca plm_rsh_agent "${CMAKE_CURRENT_LIST_DIR}/mpi_nodes/node.sh" --mca btl
           tcp,self --mca btl_tcp_if_include lo --mca oob_tcp_if_include lo --bind-to none)
# Tells the ranks of this test apart from every other process (-x sets it for the ranks alone).
string(RANDOM LENGTH 12 tag)

# The launcher places the ranks on both nodes.
run_ok("the ranks' host names" ${across} --host "localhost:1,${node_b}:1" -n 2 sh -c
       "echo rank \$OMPI_COMM_WORLD_RANK on \$(hostname), \$OMPI_COMM_WORLD_LOCAL_SIZE of \$OMPI_COMM_WORLD_SIZE on its node")
if(NOT stdout MATCHES "rank 1 on ${node_b}, 1 of 2" OR stdout MATCHES "rank 0 on ${node_b}")
  message(FATAL_ERROR "mpirun did not put rank 1 alone on node ${node_b}:\n${stdout}")
endif()

set(plain "${WORK_DIR}/plain")
run_ok("plain ${RUN_COMMAND}" "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args} --quiet
       --threads 2 --out "${plain}")
foreach(layout "2|1" "3|2")
  string(REPLACE "|" ";" layout "${layout}")
  list(GET layout 0 ranks)
  list(GET layout 1 threads)
  math(EXPR on_b "${ranks} - 1")
  set(out "${WORK_DIR}/nodes2_ranks${ranks}")
  run_ok("${ranks} ranks on two nodes" ${across} --host "localhost:1,${node_b}:${on_b}" -n ${ranks}
         "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args} --quiet --threads ${threads} --out
         "${out}")
  require_same("${plain}" "${out}")
  file(READ "${out}/manifest.json" manifest)
  if(NOT manifest MATCHES "\"ranks\": ${ranks}")
    message(FATAL_ERROR "${out}/manifest.json does not say ranks ${ranks}")
  endif()
endforeach()
if(NOT STOPS)
  return()
endif()

# Starts the psa on 2 nodes (rank 0 here, RANKS - 1 ranks on node b) into OUT and, once
# OUT.partial/journal.csv holds the header and 3 iterations, sends SIGNAL to rank WHO wherever
# it runs (found by its environment). A FATAL_ERROR unless it stopped the run mid-way.
function(stop_across ranks signal who out)
  math(EXPR on_b "${ranks} - 1")
  string(JOIN " " argv ${across} --host "localhost:1,${node_b}:${on_b}" -n ${ranks} -x
         "PIMHSIM_NODE_TEST=${tag}_${signal}" "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args} --quiet
         --threads 1 --out "${out}")
  execute_process(
    COMMAND sh -c "$0 & pid=$!; n=0
                   while [ $n -lt 3000 ]; do
                     if [ -f \"$1.partial/journal.csv\" ] && [ $(grep -c '' \"$1.partial/journal.csv\") -ge 4 ]; then break; fi
                     sleep 0.01; n=$((n+1))
                   done
                   for e in $(grep -laxz PIMHSIM_NODE_TEST=$4 /proc/[0-9]*/environ 2>/dev/null); do
                     if grep -qaxz OMPI_COMM_WORLD_RANK=$2 $e 2>/dev/null; then
                       p=\${e#/proc/}; kill -$3 \${p%/environ}
                     fi
                   done
                   wait $pid; echo status=$?"
            "${argv}" "${out}" "${who}" "${signal}" "${tag}_${signal}"
    WORKING_DIRECTORY "${WORK_DIR}" TIMEOUT 120 OUTPUT_VARIABLE out_text ERROR_VARIABLE err_text)
  if(out_text MATCHES "status=0" OR NOT EXISTS "${out}.partial/journal.csv" OR EXISTS "${out}")
    message(FATAL_ERROR "the psa on two nodes was not stopped mid-way by SIG${signal} to rank ${who}: ${out_text}${err_text}")
  endif()
  if(signal STREQUAL "INT" AND NOT out_text MATCHES "status=130")
    message(FATAL_ERROR "Ctrl-C to rank 0 must end the run with status 130: ${out_text}${err_text}")
  endif()
  file(STRINGS "${out}.partial/journal.csv" lines)
  list(LENGTH lines kept)
  message(STATUS "SIG${signal} to rank ${who} of ${ranks} on two nodes: ${kept} journal lines kept")
endfunction()

set(out "${WORK_DIR}/rank1_killed")
stop_across(3 KILL 1 "${out}")
run_ok("resumed on one node" ${mpirun} -n 2 "${PIMHSIM_EXE}" ${RUN_COMMAND} "${SCENARIO}" ${args}
       --quiet --threads 1 --resume "${out}")
require_same("${plain}" "${out}")

set(out "${WORK_DIR}/rank0_interrupted")
stop_across(2 INT 0 "${out}")
run_ok("resumed on two nodes" ${across} --host "localhost:1,${node_b}:2" -n 3 "${PIMHSIM_EXE}"
       ${RUN_COMMAND} "${SCENARIO}" ${args} --quiet --threads 1 --resume "${out}")
require_same("${plain}" "${out}")
