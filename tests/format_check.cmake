# Every C++ file of the project passes its .clang-format unchanged.
#   cmake -DCLANG_FORMAT=... -DSOURCE_DIR=... -P format_check.cmake
if(NOT CLANG_FORMAT)
  message(FATAL_ERROR "clang-format is not installed; scripts/setup.sh installs it")
endif()
file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}"
     "${SOURCE_DIR}/engine/*.h" "${SOURCE_DIR}/engine/*.cc" "${SOURCE_DIR}/cli/*.h"
     "${SOURCE_DIR}/cli/*.cc" "${SOURCE_DIR}/tests/*.h" "${SOURCE_DIR}/tests/*.cc"
     "${SOURCE_DIR}/benchmarks/*.h" "${SOURCE_DIR}/benchmarks/*.cc")
execute_process(COMMAND "${CLANG_FORMAT}" --dry-run -Werror ${files}
                WORKING_DIRECTORY "${SOURCE_DIR}"
                RESULT_VARIABLE status
                ERROR_VARIABLE err)
if(NOT status STREQUAL "0")
  string(REGEX MATCHALL "[^\n]+: error: code should be clang-formatted" lines "${err}")
  list(REMOVE_DUPLICATES lines)
  list(JOIN lines "\n  " text)
  message(FATAL_ERROR "files not in the project's format (fix: clang-format -i FILE):\n  ${text}")
endif()
list(LENGTH files count)
message(STATUS "${count} files formatted")
