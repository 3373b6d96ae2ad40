# Normalises self_test/input.txt and requires self_test/expected.txt exactly.
#   cmake -DNORMALISE=... -DWORK_DIR=... -P check.cmake
set(here "${CMAKE_CURRENT_LIST_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${NORMALISE}" "${here}/input.txt" "${WORK_DIR}/normalised.txt" /r/out
                RESULT_VARIABLE status)
file(READ "${WORK_DIR}/normalised.txt" got)
file(READ "${here}/expected.txt" want)
if(NOT status STREQUAL "0" OR NOT got STREQUAL want)
  message(FATAL_ERROR "normalise: status ${status}\n--- got ---\n${got}--- expected ---\n${want}")
endif()
