#!/bin/sh
# A stand-in for ssh, for Open MPI's rsh launcher (`--mca plm_rsh_agent`): runs the command it is
# given on this machine, in a UTS namespace of its own whose host name is the node's, so that the
# ranks started there are on another node as far as Open MPI can tell (check_mpi_nodes.cmake).
#   node.sh [ssh options] HOST COMMAND...
while [ "${1#-}" != "$1" ]; do shift; done
host=$1
shift
# The command's words are joined and read by a shell, as ssh's remote shell reads them (Open MPI
# gives a command line such as `PATH=...; export PATH; ... orted ...`).
exec unshare --uts sh -c 'hostname "$0" || exit 1; eval "$*"' "$host" "$@"
