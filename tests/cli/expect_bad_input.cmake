# Runs `pimhsim` on one bad input and checks that it is refused properly: exit status 2 (not a
# crash, not a hang), every expected message on stderr, nothing on stdout, and no results
# directory (nor a journal to resume, DIR.partial). Both `run` and `validate` are tried, unless
# the GENERATE kind names other commands.
#
#   cmake -DPIMHSIM_EXE=... -DSCENARIO=... -DWORK_DIR=... [-DEXPECT=...] [-DARGS=...]
#         [-DGENERATE=kind] [-DTIMEOUT=seconds] -P expect_bad_input.cmake
#
# SCENARIO  the input given to `pimhsim run`. Unless EXPECT is given, its leading comment lines
#           `# expect: TEXT` (one or more) say what stderr must contain, and an optional
#           `# args: ...` line gives extra command-line arguments, `# env: NAME=VALUE` lines
#           set environment variables (the machine's memory and free disk, say) and a
#           `# commands: ...` line the commands tried (run, validate, psa, dsa). A refusal of
#           the whole command rather than of a place in a file (the resource budget's) is one
#           line `pimhsim COMMAND: ...`, which `# form: command` allows instead of located errors.
# WORK_DIR  a directory of this case's own in the build tree; it is emptied first, and the
#           results directory `WORK_DIR/out` must not exist afterwards.
# EXPECT    for inputs that cannot carry a comment: the text stderr must contain (EXPECT2, a
#           second text, is optional).
# ARGS      extra arguments, split like a shell command line (when not read from SCENARIO).
# GENERATE  writes SCENARIO first: `empty`, `deep_sequence`, `deep_mapping`, `deep_closed`,
#           `deep_block` (100,000 levels of nesting), `large` (over the 64 MiB limit),
#           `many_errors`, `fifo` (a scenario whose areas table is a named pipe), `extends_chain`
#           (a scenario and 10,000 files, each extending the next) or `symlink_loop` (two
#           symbolic links to each other). Bytes that are not UTF-8, which no text file here can
#           hold: `overlong_yaml`, `surrogate_yaml` and `above_max_yaml` (in a scenario's value),
#           `non_utf8_csv` (in a cell of its areas table), `non_utf8_set` (in a --set value),
#           `non_utf8_scenario_path` (in the scenario's file name), `non_utf8_out` (in the
#           results directory's name, tried with `run` and `dsa`) and `non_utf8_psa_out` (the
#           same with `psa --out`, then `psa --resume`).
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
set(commands run validate)
# Byte sequences that are not UTF-8 (string(ASCII) writes any byte), by the Unicode Standard's
# Table 3-7: an overlong "/" (C0 AF), a UTF-16 surrogate (U+D800), U+110000 (above U+10FFFF),
# Latin-1 o-circumflex (F4 before a letter) and a byte that never appears in UTF-8 (FF).
string(ASCII 192 175 kOverlong)
string(ASCII 237 160 128 kSurrogate)
string(ASCII 244 144 128 128 kAboveMax)
string(ASCII 244 kLatin1OCircumflex)
string(ASCII 255 kNeverUsed)
cmake_path(SET sick_sicker NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../../scenarios/validation/sick_sicker.yaml")
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
elseif(GENERATE STREQUAL "overlong_yaml")
  file(WRITE "${SCENARIO}" "extends: ${sick_sicker}\nname: A${kOverlong}B\n")
elseif(GENERATE STREQUAL "surrogate_yaml")
  file(WRITE "${SCENARIO}" "extends: ${sick_sicker}\nname: A${kSurrogate}B\n")
elseif(GENERATE STREQUAL "above_max_yaml")
  file(WRITE "${SCENARIO}" "extends: ${sick_sicker}\nname: A${kAboveMax}B\n")
elseif(GENERATE STREQUAL "non_utf8_csv")
  # An areas table saved as Latin-1: the third line's area name holds F4 for o-circumflex.
  cmake_path(SET england NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../../scenarios/england.yaml")
  file(WRITE "${WORK_DIR}/areas.csv"
       "area_code,area_name,region,births\nE06000047,County Durham,North East,4498\n"
       "W06000001,Ynys M${kLatin1OCircumflex}n,Wales,1200\n")
  file(WRITE "${SCENARIO}" "extends: ${england}\nareas:\n  table: areas.csv\n")
elseif(GENERATE STREQUAL "non_utf8_set")
  file(WRITE "${SCENARIO}" "extends: ${sick_sicker}\n")
  set(generated_args --set "name=A${kOverlong}")
elseif(GENERATE STREQUAL "non_utf8_scenario_path")
  set(SCENARIO "${WORK_DIR}/scenario${kNeverUsed}.yaml")
  file(WRITE "${SCENARIO}" "extends: ${sick_sicker}\n")
elseif(GENERATE STREQUAL "non_utf8_out")
  file(WRITE "${SCENARIO}" "extends: ${sick_sicker}\n")
  set(out_dir "${WORK_DIR}/out${kOverlong}")
  set(commands run dsa)
elseif(GENERATE STREQUAL "non_utf8_psa_out")
  cmake_path(SET base NORMALIZE "${CMAKE_CURRENT_LIST_DIR}/../../scenarios/validation/sick_sicker_psa.yaml")
  file(WRITE "${SCENARIO}" "extends: ${base}\n")
  set(out_dir "${WORK_DIR}/out${kOverlong}")
  set(commands psa psa_resume)
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
    elseif(line MATCHES "^# env: ([A-Z_0-9]+)=(.*)$")
      set(ENV{${CMAKE_MATCH_1}} "${CMAKE_MATCH_2}")
    elseif(line MATCHES "^# commands: (.+)$")
      separate_arguments(commands UNIX_COMMAND "${CMAKE_MATCH_1}")
    elseif(line MATCHES "^# form: command$")
      set(command_form TRUE)
    elseif(NOT line MATCHES "^#")
      break()
    endif()
  endforeach()
endif()
if(expectations STREQUAL "")
  message(FATAL_ERROR "${SCENARIO}: no `# expect:` line and no -DEXPECT")
endif()
separate_arguments(extra_args UNIX_COMMAND "${ARGS}")
list(APPEND extra_args ${generated_args})

# --- Run --------------------------------------------------------------------------------------
set(failures "")
function(check_command command)
  if(command STREQUAL "run" OR command STREQUAL "dsa")
    set(cmd "${PIMHSIM_EXE}" ${command} "${SCENARIO}" --out "${out_dir}" --threads 2 ${extra_args})
  elseif(command STREQUAL "psa")
    set(cmd "${PIMHSIM_EXE}" psa "${SCENARIO}" --out "${out_dir}" --iterations 2 --threads 2
        ${extra_args})
  elseif(command STREQUAL "psa_resume")
    set(cmd "${PIMHSIM_EXE}" psa "${SCENARIO}" --resume "${out_dir}" --threads 2 ${extra_args})
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
  # Every line is a located error `FILE:LINE:COLUMN: error: ...`, or the closing count (or, where
  # allowed, the whole stderr is one refusal of the command).
  set(located "${err}")
  set(whole FALSE)
  if(command_form AND err MATCHES "^pimhsim [a-z]+: [^\n]+\n$")
    set(located "")
    set(whole TRUE)
  endif()
  string(REPLACE "\n" ";" lines "${located}")
  foreach(line IN LISTS lines)
    if(line STREQUAL "" OR line MATCHES "^.+:[0-9]+:[0-9]+: error: ."
       OR line MATCHES "^[0-9]+ errors?${kSemicolon} nothing was run$" OR line MATCHES "^\\.\\.\\. and [0-9]+ more errors$")
      continue()
    endif()
    decode(line)
    list(APPEND problems "stderr line not in the form FILE:LINE:COLUMN: error: ...: ${line}")
  endforeach()
  if(NOT whole AND NOT err MATCHES "[0-9]+ errors?${kSemicolon} nothing was run\n$")
    list(APPEND problems "stderr does not end with the error count")
  endif()
  if(NOT out STREQUAL "")
    list(APPEND problems "stdout is not empty")
  endif()
  if(EXISTS "${out_dir}")
    list(APPEND problems "the results directory was created: ${out_dir}")
  endif()
  if(EXISTS "${out_dir}.partial")
    list(APPEND problems "a journal directory was left to resume: ${out_dir}.partial")
  endif()
  file(GLOB staging LIST_DIRECTORIES true "${WORK_DIR}/.out*")
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

foreach(command IN LISTS commands)
  check_command(${command})
endforeach()
if(NOT failures STREQUAL "")
  message(FATAL_ERROR "bad input not refused properly:${failures}")
endif()
