# Runs `pimhsim` on one bad input and checks that it is refused properly: exit status 2 (not a
# crash, not a hang), every expected message on stderr, nothing on stdout, and no results
# directory. Both `run` and `validate` are tried.
#
#   cmake -DPIMHSIM_EXE=... -DSCENARIO=... -DWORK_DIR=... [-DEXPECT=...] [-DARGS=...]
#         [-DGENERATE=kind] [-DTIMEOUT=seconds] -P expect_bad_input.cmake
#
# SCENARIO  the input given to `pimhsim run`. Unless EXPECT is given, its leading comment lines
#           `# expect: TEXT` (one or more) say what stderr must contain, and an optional
#           `# args: ...` line gives extra command-line arguments.
# WORK_DIR  a directory of this case's own in the build tree; it is emptied first, and the
#           results directory `WORK_DIR/out` must not exist afterwards.
# EXPECT    for inputs that cannot carry a comment: the text stderr must contain (EXPECT2, a
#           second text, is optional).
# ARGS      extra arguments, split like a shell command line (when not read from SCENARIO).
# GENERATE  writes SCENARIO first: `empty`, `deep_sequence`, `deep_mapping`, `deep_closed`,
#           `deep_block` (100,000 levels of nesting), `large` (over the 64 MiB limit),
#           `many_errors`, `fifo` (a scenario whose areas table is a named pipe), `extends_chain`
#           (a scenario and 10,000 files, each extending the next) or `symlink_loop` (two
#           symbolic links to each other).
cmake_minimum_required(VERSION 3.25)

foreach(var PIMHSIM_EXE SCENARIO WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "expect_bad_input.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED TIMEOUT)
  set(TIMEOUT 20)
endif()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(out_dir "${WORK_DIR}/out")

# --- Generated inputs -------------------------------------------------------------------------
set(kDepth 100000)
if(GENERATE STREQUAL "empty")
  file(WRITE "${SCENARIO}" "")
elseif(GENERATE STREQUAL "deep_sequence")
  string(REPEAT "[" ${kDepth} text)
  file(WRITE "${SCENARIO}" "${text}\n")
elseif(GENERATE STREQUAL "deep_mapping")
  string(REPEAT "{a: " ${kDepth} text)
  file(WRITE "${SCENARIO}" "${text}\n")
elseif(GENERATE STREQUAL "deep_closed")
  string(REPEAT "[" ${kDepth} open)
  string(REPEAT "]" ${kDepth} close)
  file(WRITE "${SCENARIO}" "model: ${open}${close}\n")
elseif(GENERATE STREQUAL "deep_block")
  string(REPEAT "- " ${kDepth} text)
  file(WRITE "${SCENARIO}" "${text}x\n")
elseif(GENERATE STREQUAL "large")
  # 65 MiB of comment lines: over the 64 MiB a scenario may have.
  string(REPEAT "#" 1023 line)
  string(REPEAT "${line}\n" 1024 block)  # 1 MiB
  file(WRITE "${SCENARIO}" "")
  foreach(i RANGE 1 65)
    file(APPEND "${SCENARIO}" "${block}")
  endforeach()
elseif(GENERATE STREQUAL "many_errors")
  # 100,000 unknown parameters: every one is reported (the first 200 shown), quickly.
  cmake_path(SET base NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../../scenarios/validation/sick_sicker.yaml")
  set(text "extends: ${base}\nparameters:\n")
  set(group "")
  foreach(i RANGE 0 999)
    string(APPEND group "    q${i}: {value: 1, unit: u, source: s}\n")
  endforeach()
  file(WRITE "${SCENARIO}" "${text}")
  foreach(g RANGE 0 99)
    file(APPEND "${SCENARIO}" "  group${g}:\n${group}")
  endforeach()
elseif(GENERATE STREQUAL "fifo")
  # A scenario whose table is a FIFO (named pipe): opening it would block until a writer came.
  cmake_path(SET base NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../../scenarios/england.yaml")
  execute_process(COMMAND mkfifo "${WORK_DIR}/table.fifo" RESULT_VARIABLE status)
  if(NOT status STREQUAL "0")
    message(FATAL_ERROR "mkfifo ${WORK_DIR}/table.fifo: ${status}")
  endif()
  file(WRITE "${SCENARIO}" "extends: ${base}\nareas:\n  table: table.fifo\n")
elseif(GENERATE STREQUAL "extends_chain")
  # SCENARIO extends chain_1.yaml, which extends chain_2.yaml, ... chain_10000.yaml: far over the
  # 64 files a chain may hold (such a chain used to overflow the stack).
  file(WRITE "${SCENARIO}" "extends: chain_1.yaml\n")
  foreach(i RANGE 1 9999)
    math(EXPR next "${i} + 1")
    file(WRITE "${WORK_DIR}/chain_${i}.yaml" "extends: chain_${next}.yaml\n")
  endforeach()
  cmake_path(SET base NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../../scenarios/validation/sick_sicker.yaml")
  file(WRITE "${WORK_DIR}/chain_10000.yaml" "extends: ${base}\n")
elseif(GENERATE STREQUAL "symlink_loop")
  # SCENARIO -> loop_b.yaml -> SCENARIO.
  file(CREATE_LINK "${WORK_DIR}/loop_b.yaml" "${SCENARIO}" SYMBOLIC)
  file(CREATE_LINK "${SCENARIO}" "${WORK_DIR}/loop_b.yaml" SYMBOLIC)
elseif(DEFINED GENERATE AND NOT GENERATE STREQUAL "")
  message(FATAL_ERROR "unknown GENERATE kind `${GENERATE}`")
endif()

# --- Expectations -----------------------------------------------------------------------------
# Text is compared with `;`, `[` and `]` replaced by control characters, so that CMake's lists
# neither split nor join messages that contain them.
string(ASCII 1 kSemicolon)
string(ASCII 2 kOpenBracket)
string(ASCII 3 kCloseBracket)
macro(encode var)
  string(REPLACE ";" "${kSemicolon}" ${var} "${${var}}")
  string(REPLACE "[" "${kOpenBracket}" ${var} "${${var}}")
  string(REPLACE "]" "${kCloseBracket}" ${var} "${${var}}")
endmacro()
macro(decode var)
  string(REPLACE "${kSemicolon}" ";" ${var} "${${var}}")
  string(REPLACE "${kOpenBracket}" "[" ${var} "${${var}}")
  string(REPLACE "${kCloseBracket}" "]" ${var} "${${var}}")
endmacro()

set(expectations "")
foreach(e IN ITEMS "${EXPECT}" "${EXPECT2}")
  if(NOT e STREQUAL "")
    encode(e)
    list(APPEND expectations "${e}")
  endif()
endforeach()
if(expectations STREQUAL "")
  file(READ "${SCENARIO}" header LIMIT 4000)
  encode(header)
  string(REPLACE "\n" ";" header "${header}")
  foreach(line IN LISTS header)
    if(line MATCHES "^# expect: (.+)$")
      list(APPEND expectations "${CMAKE_MATCH_1}")
    elseif(line MATCHES "^# args: (.+)$")
      set(ARGS "${CMAKE_MATCH_1}")
      decode(ARGS)
    elseif(NOT line MATCHES "^#")
      break()
    endif()
  endforeach()
endif()
if(expectations STREQUAL "")
  message(FATAL_ERROR "${SCENARIO}: no `# expect:` line and no -DEXPECT")
endif()
separate_arguments(extra_args UNIX_COMMAND "${ARGS}")

# --- Run --------------------------------------------------------------------------------------
set(failures "")
function(check_command command)
  if(command STREQUAL "run")
    set(cmd "${PIMHSIM_EXE}" run "${SCENARIO}" --out "${out_dir}" --threads 2 ${extra_args})
  else()
    set(cmd "${PIMHSIM_EXE}" validate "${SCENARIO}" ${extra_args})
  endif()
  execute_process(COMMAND ${cmd}
                  WORKING_DIRECTORY "${WORK_DIR}"
                  TIMEOUT ${TIMEOUT}
                  RESULT_VARIABLE status
                  OUTPUT_VARIABLE out
                  ERROR_VARIABLE err)
  list(JOIN cmd " " shown)
  set(problems "")
  encode(err)
  if(NOT status STREQUAL "2")
    # A number is an exit status; text is a crash ("Segmentation fault") or the timeout.
    list(APPEND problems "exit status `${status}`, expected 2 (bad input)")
  endif()
  foreach(expected IN LISTS expectations)
    string(FIND "${err}" "${expected}" at)
    if(at EQUAL -1)
      decode(expected)
      list(APPEND problems "stderr lacks: ${expected}")
    endif()
  endforeach()
  # Every line is a located error `FILE:LINE:COLUMN: error: ...`, or the closing count.
  string(REPLACE "\n" ";" lines "${err}")
  foreach(line IN LISTS lines)
    if(line STREQUAL "" OR line MATCHES "^.+:[0-9]+:[0-9]+: error: ."
       OR line MATCHES "^[0-9]+ errors?${kSemicolon} nothing was run$" OR line MATCHES "^\\.\\.\\. and [0-9]+ more errors$")
      continue()
    endif()
    decode(line)
    list(APPEND problems "stderr line not in the form FILE:LINE:COLUMN: error: ...: ${line}")
  endforeach()
  if(NOT err MATCHES "[0-9]+ errors?${kSemicolon} nothing was run\n$")
    list(APPEND problems "stderr does not end with the error count")
  endif()
  if(NOT out STREQUAL "")
    list(APPEND problems "stdout is not empty")
  endif()
  if(EXISTS "${out_dir}")
    list(APPEND problems "the results directory was created: ${out_dir}")
  endif()
  file(GLOB staging LIST_DIRECTORIES true "${WORK_DIR}/.out.*")
  if(staging)
    list(APPEND problems "a staging directory was left behind: ${staging}")
  endif()
  if(problems)
    decode(err)
    string(SUBSTRING "${err}" 0 4000 err_head)
    list(JOIN problems "\n  " problem_text)
    set(failures "${failures}\n${shown}\n  ${problem_text}\n  --- stderr (start) ---\n${err_head}" PARENT_SCOPE)
  endif()
endfunction()

check_command(run)
check_command(validate)
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "bad input not refused properly:${failures}")
endif()
